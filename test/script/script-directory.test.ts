import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { heads, history, init, listTemplates, merge, revision, show, branches } from '../../src/api';
import { Config } from '../../src/config/config';
import { expandFileTemplate, slugify } from '../../src/script/naming';
import { readRevisionFile } from '../../src/script/revision-file';
import { expectError } from '../helpers/graph';

describe('migration environment on disk', () => {
  let dir: string;
  let cwd: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mig-script-'));
    cwd = process.cwd();
    process.chdir(dir);
  });
  afterEach(() => {
    process.chdir(cwd);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const setUp = (extra = '') => {
    init('migrations');
    if (extra) fs.appendFileSync('mig.ini', '');
    const text = fs.readFileSync('mig.ini', 'utf8').replace('[post_write_hooks]', `${extra}\n[post_write_hooks]`);
    fs.writeFileSync('mig.ini', text);
    return Config.load('mig.ini');
  };
  const versions = () => fs.readdirSync('migrations/versions').sort();
  const add = (config: Config, message: string, opts: Parameters<typeof revision>[1] = {}) => revision(config, { message, ...opts }).revision.id;

  describe('init', () => {
    it('writes mig.ini and the environment from the generic template', () => {
      const result = init('migrations');
      expect(result.created.map((c) => path.relative(dir, c.path))).to.deep.equal([
        'migrations',
        'migrations/versions',
        'migrations/README',
        'migrations/env.ts',
        'mig.ini',
        'migrations/script.ts.ejs',
      ]);
      const config = Config.load('mig.ini');
      expect(config.scriptLocation).to.equal(path.join(fs.realpathSync(dir), 'migrations'));
      expect(config.fileTemplate).to.equal('%(rev)s_%(slug)s');
      expect(fs.readFileSync('migrations/env.ts', 'utf8')).to.contain('export const targetMetadata');
    });

    it('writes script_location relative to the config file and honours another config name', () => {
      init('db/migrations', { configFile: 'config/other.ini', template: 'datasource' });
      expect(fs.readFileSync('config/other.ini', 'utf8')).to.match(/^script_location = \.\.\/db\/migrations$/m);
      expect(fs.readFileSync('db/migrations/env.ts', 'utf8')).to.contain('AppDataSource');
    });

    it('refuses, writing nothing, when mig.ini exists or the folder is not empty', () => {
      fs.writeFileSync('mig.ini', '# mine\n');
      expectError(() => init('migrations'), 'mig.ini already exists', 'init-exists');
      expect(fs.existsSync('migrations')).to.equal(false);
      expect(fs.readFileSync('mig.ini', 'utf8')).to.equal('# mine\n');
      fs.rmSync('mig.ini');
      fs.mkdirSync('migrations');
      fs.writeFileSync('migrations/keep.txt', 'x');
      expectError(() => init('migrations'), 'Directory migrations already exists and is not empty', 'init-exists');
      expect(fs.existsSync('mig.ini')).to.equal(false);
      expect(fs.readdirSync('migrations')).to.deep.equal(['keep.txt']);
    });

    it('accepts an existing empty folder', () => {
      fs.mkdirSync('migrations');
      init('migrations');
      expect(fs.existsSync('migrations/env.ts')).to.equal(true);
    });

    it('refuses an unknown template and lists the templates with their README line', () => {
      expectError(() => init('migrations', { template: 'nope' }), /No such template 'nope'; templates: generic, datasource/, 'init-template');
      const templates = listTemplates();
      expect(templates.map((t) => t.name)).to.deep.equal(['generic', 'datasource']);
      expect(templates[0].description).to.equal('Generic single-database configuration: the database URL is in mig.ini.');
    });
  });

  describe('revision', () => {
    it('writes a first revision on base and the next on the head', () => {
      const config = setUp();
      const first = add(config, 'Create the users table!');
      const second = add(config, 'add email');
      const files = versions();
      expect(files).to.deep.equal([`${first}_create_the_users_table.ts`, `${second}_add_email.ts`].sort());
      const h2 = readRevisionFile(path.join('migrations/versions', `${second}_add_email.ts`));
      expect(h2.down).to.deep.equal([first]);
      expect(h2.message).to.equal('add email');
      expect(h2.createDate).to.match(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/);
      expect(heads(config).map((r) => r.id)).to.deep.equal([second]);
      expect(history(config).map((r) => r.id)).to.deep.equal([second, first]);
    });

    it('uses --rev-id and refuses a bad or existing one before writing', () => {
      const config = setUp();
      expect(add(config, 'one', { revId: 'custom_1' })).to.equal('custom_1');
      expectError(() => add(config, 'two', { revId: 'custom_1' }), /Revision custom_1 already exists/, 'duplicate-revision');
      expectError(() => add(config, 'two', { revId: 'a-b' }), "Character(s) '-' not allowed in revision identifier 'a-b'");
      expectError(() => add(config, 'two', { revId: 'heads' }), /reserved symbol/);
      expect(versions()).to.deep.equal(['custom_1_one.ts']);
    });

    it('refuses several heads without --head, and says how to choose', () => {
      const config = setUp();
      const a = add(config, 'a');
      add(config, 'b');
      add(config, 'c', { head: a, splice: true });
      expectError(() => add(config, 'd'), /^Multiple heads are present \(\w+, \w+\); please specify the head revision.*--head REV.*mig merge heads -m MSG/, 'multiple-heads');
    });

    it('needs --splice to branch from a revision that is not a head', () => {
      const config = setUp();
      const a = add(config, 'a');
      add(config, 'b');
      expectError(() => add(config, 'c', { head: a }), `Revision ${a} is not a head revision`, 'not-a-head');
      const c = add(config, 'c', { head: a.slice(0, 6), splice: true });
      expect(readRevisionFile(revisionPath(c)).down).to.deep.equal([a]);
    });

    it('starts a labelled root with --head base and continues it with label@head', () => {
      const config = setUp();
      const main = add(config, 'main');
      const b1 = add(config, 'billing start', { head: 'base', branchLabels: ['billing'] });
      const b2 = add(config, 'billing more', { head: 'billing@head' });
      expect(readRevisionFile(revisionPath(b1)).down).to.deep.equal([]);
      expect(readRevisionFile(revisionPath(b2)).down).to.deep.equal([b1]);
      expect(heads(config).map((r) => r.id).sort()).to.deep.equal([main, b2].sort());
      expect(show(config, 'billing@head').map((r) => r.id)).to.deep.equal([b2]);
    });

    it('refuses a label already used, or equal to a revision id, before writing', () => {
      const config = setUp();
      const a = add(config, 'a', { branchLabels: ['core'] });
      const before = versions();
      expectError(() => add(config, 'b', { head: 'base', branchLabels: ['core'] }), new RegExp(`Branch name 'core' is already used by revision ${a}`), 'duplicate-branch-label');
      expectError(() => add(config, 'b', { head: 'base', branchLabels: [a] }), /Branch name '\w+' is already used by revision/);
      expect(versions()).to.deep.equal(before);
    });

    it('resolves --depends-on prefixes to ids and keeps branch labels', () => {
      const config = setUp();
      const a = add(config, 'a', { branchLabels: ['accounts'] });
      const n1 = add(config, 'net', { head: 'base', branchLabels: ['net'], dependsOn: [a.slice(0, 5)] });
      const n2 = add(config, 'net2', { head: 'net@head', dependsOn: ['accounts'] });
      expect(readRevisionFile(revisionPath(n1)).dependsOn).to.deep.equal([a]);
      expect(readRevisionFile(revisionPath(n2)).dependsOn).to.deep.equal(['accounts']);
    });

    it('names files by file_template, with date fields and subfolders', () => {
      const config = setUp('file_template = %%(year)d/%%(month).2d/%%(day).2d_%%(rev)s_%%(slug)s\ntimezone = UTC\nrecursive_version_locations = true\ntruncate_slug_length = 10');
      const now = new Date(Date.UTC(2026, 2, 4, 5, 6, 7, 8));
      const result = revision(config, { message: 'a very long message here', revId: 'r1', now });
      expect(path.relative('migrations/versions', result.path)).to.equal('2026/03/04_r1_a_very.ts');
      expect(readRevisionFile(result.path).createDate).to.equal('2026-03-04 05:06:07.008+00:00');
      expect(history(Config.load('mig.ini')).map((r) => r.id)).to.deep.equal(['r1']);
    });

    it('writes an empty message as "empty message" without a dangling underscore', () => {
      const config = setUp();
      const result = revision(config, { revId: 'r0' });
      expect(path.basename(result.path)).to.equal('r0.ts');
      expect(readRevisionFile(result.path).message).to.equal('empty message');
    });

    it('chooses the version location of the parent, and needs --version-path for a new root among several', () => {
      fs.mkdirSync('extra');
      const config = setUp('version_locations = migrations/versions extra');
      expectError(() => add(config, 'a'), /Multiple version locations present, please specify --version-path/, 'version-location');
      const a = add(config, 'a', { versionPath: 'migrations/versions' });
      const a2 = add(config, 'a2');
      const b = add(config, 'b', { head: 'base', versionPath: 'extra', branchLabels: ['x'] });
      const c = add(config, 'c', { head: 'x@head' });
      expect(fs.readdirSync('extra').sort()).to.deep.equal([`${b}_b.ts`, `${c}_c.ts`].sort());
      expect(versions()).to.deep.equal([`${a}_a.ts`, `${a2}_a2.ts`].sort());
      expectError(() => add(config, 'd', { head: 'base' }), /Multiple version locations present, please specify --version-path/);
      expectError(() => add(config, 'd', { head: 'base', versionPath: 'elsewhere' }), /Path elsewhere is not represented in current version locations/);
    });

    it('refuses a template that drops an export, writing nothing', () => {
      const config = setUp();
      add(config, 'a');
      const tpl = 'migrations/script.ts.ejs';
      fs.writeFileSync(tpl, fs.readFileSync(tpl, 'utf8').replace(/^export const branchLabels.*$/m, ''));
      const before = versions();
      expectError(() => add(config, 'b', { branchLabels: ['lbl'] }), /script\.ts\.ejs does not render `export const branchLabels` as given/, 'script-template');
      expect(versions()).to.deep.equal(before);
    });

    it('reports an ejs error in the template with its file', () => {
      const config = setUp();
      fs.writeFileSync('migrations/script.ts.ejs', 'export const revision = <%- nope %>;\n');
      expectError(() => add(config, 'a'), /script\.ts\.ejs: nope is not defined; fix the template/, 'script-template');
      expect(versions()).to.deep.equal([]);
    });

    it('runs post-write hooks on the new file, and reports a failing one', () => {
      fs.writeFileSync('hook.js', "require('fs').appendFileSync(process.argv[2], '// formatted\\n');");
      const config = setUp();
      fs.writeFileSync('mig.ini', fs.readFileSync('mig.ini', 'utf8') + `hooks = fmt\nfmt.type = exec\nfmt.executable = ${process.execPath}\nfmt.options = hook.js REVISION_SCRIPT_FILENAME\n`);
      const withHook = Config.load('mig.ini');
      const result = revision(withHook, { message: 'a' });
      expect(result.hooks.map((h) => h.name)).to.deep.equal(['fmt']);
      expect(fs.readFileSync(result.path, 'utf8')).to.match(/\/\/ formatted\n$/);
      fs.writeFileSync('hook.js', 'process.stderr.write("bad style\\n"); process.exitCode = 3;');
      expectError(() => revision(withHook, { message: 'b' }), /post-write hook 'fmt' failed \(exit 3\): bad style; the revision was written to/, 'write-hook');
      expect(config.url).to.equal('sqlite:db.sqlite');
    });
  });

  describe('merge, branches, history ranges', () => {
    it('merges heads into one revision', () => {
      const config = setUp();
      const a = add(config, 'a');
      const b = add(config, 'b');
      const c = add(config, 'c', { head: a, splice: true });
      const m = merge(config, ['heads'], { message: 'join' });
      expect(new Set(readRevisionFile(m.path).down)).to.deep.equal(new Set([b, c]));
      expect(heads(config).map((r) => r.id)).to.deep.equal([m.revision.id]);
      expect(branches(config).map((p) => [p.revision.id, p.children.map((x) => x.id).sort()])).to.deep.equal([[a, [b, c].sort()]]);
      expectError(() => merge(config, ['heads']), /^Nothing to merge: heads names only/, 'merge-single');
    });

    it('lists history within ranges', () => {
      const config = setUp();
      const ids = ['a', 'b', 'c', 'd'].map((m) => add(config, m, { revId: `r_${m}` }));
      expect(ids).to.deep.equal(['r_a', 'r_b', 'r_c', 'r_d']);
      expect(history(config, { range: 'r_b:r_c' }).map((r) => r.id)).to.deep.equal(['r_c', 'r_b']);
      expect(history(config, { range: ':r_b' }).map((r) => r.id)).to.deep.equal(['r_b', 'r_a']);
      expect(history(config, { range: 'r_c:' }).map((r) => r.id)).to.deep.equal(['r_d', 'r_c']);
      expect(history(config, { range: 'r_a:+2' }).map((r) => r.id)).to.deep.equal(['r_c', 'r_b', 'r_a']);
      expect(history(config, { range: '-2:r_c' }).map((r) => r.id)).to.deep.equal(['r_c', 'r_b', 'r_a']);
      expect(history(config, { range: '-9:r_c' }).map((r) => r.id)).to.deep.equal(['r_c', 'r_b', 'r_a']);
      expectError(() => history(config, { range: 'r_b' }), /^History range requires \[start\]:\[end\], \[start\]:, or :\[end\]/, 'history-range');
      expectError(() => history(config, { range: 'r_c:r_a' }), 'Requested range r_c:r_a does not refer to ancestor/descendant revisions along the same branch');
    });

    it('reports a broken versions folder with the file to fix', () => {
      const config = setUp();
      add(config, 'a', { revId: 'one' });
      fs.writeFileSync('migrations/versions/two.ts', "export const revision = 'two';\nexport const downRevision = 'gone';\n");
      expectError(() => history(config), "Revision two (migrations/versions/two.ts) revises 'gone', which is not present", 'missing-down-revision');
      fs.writeFileSync('migrations/versions/two.ts', "export const revision = 'one';\nexport const downRevision = null;\n");
      expectError(() => history(Config.load('mig.ini')), /Revision one is present more than once: migrations\/versions\/one_a\.ts and migrations\/versions\/two\.ts/);
    });
  });

  function revisionPath(id: string): string {
    const name = fs.readdirSync('migrations/versions').find((f) => f.startsWith(`${id}_`) || f === `${id}.ts`);
    return path.join('migrations/versions', name!);
  }
});

describe('file names', () => {
  it('slugifies words and cuts at a word boundary', () => {
    expect(slugify('Add users, posts & tags!', 40)).to.equal('add_users_posts_tags');
    expect(slugify('añadir índice único', 40)).to.equal('añadir_índice_único');
    expect(slugify('one two three four', 9)).to.equal('one_two_');
  });

  it('expands Python-style fields and reports unknown ones', () => {
    const fields = { rev: 'ab', slug: 's', year: 2026, month: 3, day: 9, hour: 1, minute: 2, second: 3, epoch: 1 };
    expect(expandFileTemplate('%(year)d%(month).2d%(day)02d_%(rev)s_%(slug)s%%', fields, 'x')).to.equal('20260309_ab_s%');
    expectError(() => expandFileTemplate('%(rev)s_%(nope)s', fields, 'mig.ini [mig] file_template'), /unknown field %\(nope\)s in file_template '%\(rev\)s_%\(nope\)s'; fields are rev, slug/);
  });
});
