/**
 * Start-up that does only what the command needs: `current`, `stamp`, `upgrade` and `downgrade`
 * of revisions that import no entity connect through the driver alone — no entity module, no
 * TypeORM, no metadata — while env.ts still runs (it may set the url or export a dataSource).
 */
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { eachDatabase, type MigProject } from '../helpers/databases';
import { makeProject, mig } from '../helpers/project';

/** Written at exit by a preloaded script: the TypeORM modules and project entity files the process loaded. */
const PROBE = `const fs = require('fs');
process.on('exit', () => {
  const keys = Object.keys(require.cache);
  fs.writeFileSync(process.env.PROBE_OUT, JSON.stringify({
    typeorm: keys.filter((k) => /[\\\\/]typeorm(-0\\.3)?[\\\\/]/.test(k)).length,
    entities: keys.filter((k) => k.includes('entity')).length,
  }));
});
`;

const ENTITY = `import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import * as fs from 'node:fs';
fs.writeFileSync(process.env.ENTITY_MARKER!, 'loaded');
@Entity()
export class Thing {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 20 }) name!: string;
}
`;

const LAZY_ENV = "export const targetMetadata = async () => [(await import('../src/entity')).Thing];\n";
const EAGER_ENV = "import { Thing } from '../src/entity';\nexport const targetMetadata = [Thing];\n";

function withProbe(p: MigProject) {
  fs.writeFileSync(path.join(p.dir, 'probe.js'), PROBE);
  fs.writeFileSync(path.join(p.dir, 'src', 'entity.ts'), ENTITY);
  const marker = path.join(p.dir, 'entity-loaded');
  const out = path.join(p.dir, 'probe.json');
  const env = { NODE_OPTIONS: `--require ${path.join(p.dir, 'probe.js')}`, ENTITY_MARKER: marker, PROBE_OUT: out };
  const run = (args: string[]) => {
    fs.rmSync(marker, { force: true });
    fs.rmSync(out, { force: true });
    const r = mig(p.dir, args, env);
    expect(r.status, `mig ${args.join(' ')}: ${r.stderr}`).to.equal(0);
    return { ...r, entityLoaded: fs.existsSync(marker), loaded: JSON.parse(fs.readFileSync(out, 'utf8')) as { typeorm: number; entities: number } };
  };
  return { run, env };
}

const writeEnv = (p: MigProject, source: string) => fs.writeFileSync(path.join(p.dir, 'migrations', 'env.ts'), source);

eachDatabase('start-up without the model', (setup, dialect) => {
  async function project() {
    const p = await setup();
    fs.mkdirSync(path.join(p.dir, 'src'), { recursive: true });
    p.write(
      { id: 'a1', message: 'create thing', upgrade: "  await op.createTable('thing', [{ name: 'id', type: 'integer', primary: true }, { name: 'name', type: 'varchar', length: 20 }]);", downgrade: "  await op.dropTable('thing');" },
      { id: 'b2', down: 'a1', message: 'add note', upgrade: "  await op.addColumn('thing', { name: 'note', type: 'text', nullable: true });", downgrade: "  await op.dropColumn('thing', 'note');" },
    );
    return p;
  }

  it('current, stamp, upgrade and downgrade load neither the entities nor TypeORM; check does', async () => {
    const p = await project();
    writeEnv(p, LAZY_ENV);
    const { run } = withProbe(p);
    for (const args of [['stamp', 'a1'], ['current'], ['stamp', 'base'], ['upgrade', 'head'], ['current'], ['downgrade', '-1'], ['upgrade', 'head']]) {
      const r = run(args);
      expect(r.entityLoaded, `mig ${args.join(' ')} loaded the entity`).to.equal(false);
      expect(r.loaded, `mig ${args.join(' ')}`).to.deep.equal({ typeorm: 0, entities: 0 });
    }
    expect(await p.db.versions()).to.deep.equal(['b2']);
    expect(run(['current']).stdout).to.match(/^b2 \(head\)/);
    // The model is still there for the commands that read it: check calls targetMetadata.
    const check = mig(p.dir, ['check'], withProbe(p).env);
    expect(check.stderr + check.stdout).to.match(/Thing|thing|upgrade operations/i);
    expect(fs.existsSync(path.join(p.dir, 'entity-loaded'))).to.equal(true);
    expect(JSON.parse(fs.readFileSync(path.join(p.dir, 'probe.json'), 'utf8')).typeorm).to.be.greaterThan(0);
  });

  it('an env.ts importing its entities at the top still loads them (the probe sees it)', async () => {
    const p = await project();
    writeEnv(p, EAGER_ENV);
    const r = withProbe(p).run(['current']);
    expect(r.entityLoaded).to.equal(true);
    expect(r.loaded.typeorm).to.be.greaterThan(0);
  });

  it("env.ts dataSource keeps precedence over mig.ini's url, as options, a function, or a DataSource", async () => {
    const p = await project();
    // mig.ini points at another database; the dataSource export at the test database.
    const other = path.join(p.dir, 'other', 'wrong.db');
    fs.writeFileSync(path.join(p.dir, 'mig.ini'), `[mig]\nscript_location = migrations\nurl = sqlite:${other}\n`);
    const options = dialect === 'postgres' ? `{ type: 'postgres' as const, url: ${JSON.stringify(p.db.url)} }` : `{ type: 'better-sqlite3' as const, database: ${JSON.stringify(p.db.url.replace(/^sqlite:/, ''))} }`;
    const { run } = withProbe(p);
    writeEnv(p, `${LAZY_ENV}export const dataSource = ${options};\n`);
    run(['upgrade', 'a1']);
    expect(await p.db.versions()).to.deep.equal(['a1']);
    writeEnv(p, `${LAZY_ENV}export const dataSource = async () => (${options});\n`);
    expect(run(['upgrade', 'head']).loaded.typeorm).to.equal(0);
    expect(await p.db.versions()).to.deep.equal(['b2']);
    // A DataSource: its options are used, it is never initialized (initialize would throw here).
    writeEnv(p, `import { DataSource } from 'typeorm';\n${LAZY_ENV}const ds = new DataSource(${options});\nds.initialize = () => { throw new Error('initialized'); };\nexport const dataSource = ds;\n`);
    const r = run(['current']);
    expect(r.stdout).to.match(/^b2 \(head\)/);
    expect(r.entityLoaded).to.equal(false);
    run(['downgrade', 'base']);
    expect(await p.db.versions()).to.deep.equal([]);
    expect(fs.existsSync(path.dirname(other))).to.equal(false);
  });
});

describe("start-up: TypeORM 0.3's type 'sqlite' (the sqlite3 driver)", function () {
  this.timeout(60_000);
  it('upgrades, reads current and downgrades through sqlite3', () => {
    const dir = makeProject({ typeorm: '0.3', packages: ['typeorm', 'typescript', 'reflect-metadata', 'typeorm-mig', 'sqlite3'] });
    const file = path.join(dir, 'app.db');
    fs.mkdirSync(path.join(dir, 'migrations', 'versions'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'mig.ini'), `[mig]\nscript_location = migrations\nurl = sqlite:${file}\n`);
    fs.writeFileSync(path.join(dir, 'migrations', 'env.ts'), 'export const targetMetadata = [];\n');
    const rev = (id: string, down: string | null, up: string, downBody: string) =>
      `export const revision = '${id}';\nexport const downRevision = ${down ? `'${down}'` : 'null'};\nexport const branchLabels = null;\nexport const dependsOn = null;\n` +
      `export async function upgrade(op: any) {\n${up}\n}\nexport async function downgrade(op: any) {\n${downBody}\n}\n`;
    fs.writeFileSync(
      path.join(dir, 'migrations', 'versions', 'a1.ts'),
      rev('a1', null, "  await op.createTable('parent', [{ name: 'id', type: 'integer', primary: true }]);\n  await op.execute(\"INSERT INTO parent (id) VALUES (1), (2)\");", "  await op.dropTable('parent');"),
    );
    fs.writeFileSync(
      path.join(dir, 'migrations', 'versions', 'b2.ts'),
      rev('b2', 'a1', "  await op.execute(\"UPDATE parent SET id = id + 10\");\n  await op.addColumn('parent', { name: 'note', type: 'text', nullable: true });", "  await op.dropColumn('parent', 'note');"),
    );
    let r = mig(dir, ['upgrade', 'head']);
    expect(r.status, r.stderr).to.equal(0);
    r = mig(dir, ['current']);
    expect(r.stdout).to.match(/^b2 \(head\)/);
    r = mig(dir, ['downgrade', 'a1']);
    expect(r.status, r.stderr).to.equal(0);
    // The sqlite3 package, not better-sqlite3 (which this project does not have), read the file.
    expect(fs.existsSync(path.join(dir, 'node_modules', 'better-sqlite3'))).to.equal(false);
    const Database = require('better-sqlite3');
    const db = new Database(file, { readonly: true });
    try {
      expect(db.prepare('SELECT id FROM parent ORDER BY id').all()).to.deep.equal([{ id: 11 }, { id: 12 }]);
      expect(db.prepare('SELECT version_num FROM mig_version').all()).to.deep.equal([{ version_num: 'a1' }]);
      expect(db.prepare("SELECT name FROM pragma_table_info('parent')").all()).to.deep.equal([{ name: 'id' }]);
    } finally {
      db.close();
    }
  });
});

describe('start-up: the cache of revision headers', () => {
  it('serves unchanged files from the cache and re-reads a changed, added or removed one', () => {
    const { ScriptDirectory } = require('../../src/script/script-directory') as typeof import('../../src/script/script-directory');
    const { Config } = require('../../src/config/config') as typeof import('../../src/config/config');
    const { revisionSource } = require('../helpers/databases') as typeof import('../helpers/databases');
    const dir = makeProject({ packages: [] });
    const versions = path.join(dir, 'migrations', 'versions');
    fs.mkdirSync(versions, { recursive: true });
    fs.writeFileSync(path.join(dir, 'mig.ini'), '[mig]\nscript_location = migrations\n');
    const before = process.env.MIG_CACHE_DIR;
    process.env.MIG_CACHE_DIR = path.join(dir, 'cache');
    try {
      const map = () => ScriptDirectory.fromConfig(Config.load(path.join(dir, 'mig.ini'))).revisionMap;
      fs.writeFileSync(path.join(versions, 'a1.ts'), revisionSource({ id: 'a1', message: 'first' }));
      fs.writeFileSync(path.join(versions, 'b2.ts'), revisionSource({ id: 'b2', down: 'a1', message: 'second' }));
      expect(map().get('b2').source.message).to.equal('second');
      expect(fs.readdirSync(path.join(dir, 'cache')).filter((f) => f.startsWith('headers-'))).to.have.length(1);
      // Same size, new content: the mtime tells.
      fs.writeFileSync(path.join(versions, 'b2.ts'), revisionSource({ id: 'b2', down: 'a1', message: 'SECOND' }));
      expect(map().get('b2').source.message).to.equal('SECOND');
      fs.writeFileSync(path.join(versions, 'c3.ts'), revisionSource({ id: 'c3', down: 'b2', message: 'third' }));
      expect(map().heads).to.deep.equal(['c3']);
      fs.rmSync(path.join(versions, 'c3.ts'));
      expect(map().heads).to.deep.equal(['b2']);
      expect(map().get('a1').source.file).to.equal(path.join(versions, 'a1.ts'));
    } finally {
      if (before === undefined) delete process.env.MIG_CACHE_DIR;
      else process.env.MIG_CACHE_DIR = before;
    }
  });
});
