/**
 * The `mig` binary as a user runs it: real processes in temporary projects, checking output,
 * exit codes, one-line errors and --json.
 */
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeProject, mig, REPO } from '../helpers/project';

const COMMANDS = ['init', 'list-templates', 'revision', 'merge', 'squash', 'history', 'heads', 'branches', 'show', 'upgrade', 'downgrade', 'stamp', 'current', 'check', 'lint'];

function ids(dir: string): string[] {
  return fs.readdirSync(path.join(dir, 'migrations', 'versions')).map((f) => f.split('_')[0]).sort();
}

function expectOneLineError(result: { status: number; stdout: string; stderr: string }, pattern: RegExp, status = 1): void {
  expect(result.status, result.stderr).to.equal(status);
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines, result.stderr).to.have.length(1);
  expect(lines[0]).to.match(/^Error: /);
  expect(lines[0]).to.match(pattern);
  expect(result.stderr).to.not.match(/\n\s+at /);
}

describe('mig command line', function () {
  this.timeout(60_000);

  it('walks the new-user path: init, two revisions, history, heads --json', () => {
    const dir = makeProject({ packages: [] });
    let r = mig(dir, ['init', 'migrations']);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.contain('Generating mig.ini ...  done');
    expect(fs.existsSync(path.join(dir, 'migrations', 'versions'))).to.equal(true);
    r = mig(dir, ['revision', '-m', 'first']);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.match(/^Generating migrations\/versions\/[0-9a-f]{12}_first\.ts \.\.\.  done\n$/);
    r = mig(dir, ['revision', '-m', 'second']);
    expect(r.status, r.stderr).to.equal(0);
    r = mig(dir, ['history']);
    const lines = r.stdout.trim().split('\n');
    expect(lines).to.have.length(2);
    expect(lines[0]).to.match(/^[0-9a-f]{12} -> [0-9a-f]{12} \(head\), second$/);
    expect(lines[1]).to.match(/^<base> -> [0-9a-f]{12}, first$/);
    r = mig(dir, ['heads', '--json']);
    const heads = JSON.parse(r.stdout);
    expect(heads).to.have.length(1);
    expect(heads[0]).to.include({ message: 'second', isHead: true });
  });

  it('init --json lists what it created', () => {
    const dir = makeProject({ packages: [] });
    const r = mig(dir, ['init', 'migrations', '--json']);
    expect(r.status, r.stderr).to.equal(0);
    const json = JSON.parse(r.stdout);
    expect(json).to.include({ configFile: 'mig.ini', directory: 'migrations' });
    expect(json.created.map((c: { path: string }) => c.path)).to.include.members(['migrations/versions', 'migrations/env.ts', 'mig.ini']);
  });

  it('refuses a third revision on two heads and merge heads fixes it', () => {
    const dir = makeProject({ packages: [] });
    mig(dir, ['init', 'migrations']);
    mig(dir, ['revision', '-m', 'first', '--rev-id', 'aaaa0001']);
    mig(dir, ['revision', '-m', 'second', '--rev-id', 'aaaa0002']);
    // A second revision on top of "first", written by hand.
    fs.writeFileSync(
      path.join(dir, 'migrations', 'versions', 'bbbb0001_by_hand.ts'),
      "/** by hand */\nexport const revision = 'bbbb0001';\nexport const downRevision = 'aaaa0001';\nexport const branchLabels = null;\nexport const dependsOn = null;\nexport async function upgrade() {}\nexport async function downgrade() {}\n",
    );
    const refused = mig(dir, ['revision', '-m', 'third']);
    expectOneLineError(refused, /^Error: Multiple heads are present \(aaaa0002, bbbb0001\); please specify the head revision on which the new revision should be based, or perform a merge; pass --head REV or --head LABEL@head, or run `mig merge heads -m MSG`$/);
    expect(ids(dir)).to.deep.equal(['aaaa0001', 'aaaa0002', 'bbbb0001']);
    const merged = mig(dir, ['merge', 'heads', '-m', 'join']);
    expect(merged.status, merged.stderr).to.equal(0);
    const third = mig(dir, ['revision', '-m', 'third']);
    expect(third.status, third.stderr).to.equal(0);
    const history = mig(dir, ['history']).stdout.trim().split('\n');
    expect(history[1]).to.match(/^aaaa0002, bbbb0001 -> [0-9a-f]{12} \(mergepoint\), join$/);
    expect(history.at(-1)).to.equal('<base> -> aaaa0001 (branchpoint), first');
    const branches = mig(dir, ['branches']).stdout;
    expect(branches).to.equal('aaaa0001 (branchpoint)\n         -> aaaa0002\n         -> bbbb0001\n');
  });

  it('prints full entries with -v and show, and JSON for every read command', () => {
    const dir = makeProject({ packages: [] });
    mig(dir, ['init', 'migrations']);
    mig(dir, ['revision', '-m', 'create accounts', '--rev-id', 'acc1', '--head', 'base', '--branch-label', 'accounts']);
    mig(dir, ['revision', '-m', 'networking', '--rev-id', 'net1', '--head', 'base', '--branch-label', 'net', '--depends-on', 'acc1']);
    const show = mig(dir, ['show', 'net@head']);
    expect(show.status, show.stderr).to.equal(0);
    expect(show.stdout).to.match(/^Rev: net1 \(head\)\nParent: <base>\nAlso depends on: acc1\nBranch names: net\nPath: migrations\/versions\/net1_networking\.ts\n\n    networking\n\n    Revision ID: net1\n/);
    const heads = mig(dir, ['heads']);
    expect(heads.stdout).to.equal('acc1 (accounts) (effective head)\nnet1 (net) (head)\n');
    expect(mig(dir, ['heads', '--resolve-dependencies']).stdout).to.equal('net1 (net) (head)\n');
    expect(mig(dir, ['history', '-v']).stdout).to.contain('Rev: acc1 (head)\nParent: <base>\nBranch names: accounts\n');
    for (const args of [['history'], ['heads'], ['branches'], ['show', 'heads'], ['list-templates']]) {
      const r = mig(dir, [...args, '--json']);
      expect(r.status, `${args} ${r.stderr}`).to.equal(0);
      expect(() => JSON.parse(r.stdout), `${args}: ${r.stdout}`).to.not.throw();
    }
    const created = JSON.parse(mig(dir, ['revision', '-m', 'x', '--head', 'net@head', '--json']).stdout);
    expect(created.path).to.match(/^migrations\/versions\/[0-9a-f]{12}_x\.ts$/);
    expect(created.revision.downRevisions).to.deep.equal(['net1']);
  });

  it('gives one clear line and exit code 1 for errors, 2 for usage, a stack trace only with --trace or DEBUG', () => {
    const dir = makeProject({ packages: [] });
    expectOneLineError(mig(dir, ['history']), /^Error: No config file 'mig\.ini' found; run `mig init migrations` to create one, or pass -c FILE$/);
    mig(dir, ['init', 'migrations']);
    mig(dir, ['revision', '-m', 'a', '--rev-id', 'abcd1111']);
    mig(dir, ['revision', '-m', 'b', '--rev-id', 'abcd2222']);
    expectOneLineError(mig(dir, ['show', 'zzzz']), /^Error: Can't locate revision identified by 'zzzz'; `mig history` lists the revisions$/);
    expectOneLineError(mig(dir, ['show', 'abcd']), /^Error: Ambiguous revision 'abcd': 2 revisions start with it \(abcd1111, abcd2222\); give more characters of the id$/);
    expectOneLineError(mig(dir, ['history', '-r', 'abcd2222']), /^Error: History range requires/);
    expectOneLineError(mig(dir, ['revision', '--nope']), /^Error: Nonexistent flag: --nope/, 2);
    expectOneLineError(mig(dir, ['heads', '-x', 'novalue']), /^Error: -x expects KEY=VALUE, got 'novalue'$/, 2);
    expectOneLineError(mig(dir, ['init', 'migrations']), /^Error: mig\.ini already exists; remove it first, or write another config with -c FILE$/);
    const traced = mig(dir, ['show', 'zzzz', '--trace']);
    expect(traced.status).to.equal(1);
    expect(traced.stderr).to.match(/^Error: Can't locate revision identified by 'zzzz'.*\nMigError: Can't locate revision[^\n]*\n\s+at /s);
    expect(mig(dir, ['show', 'zzzz'], { DEBUG: '1' }).stderr).to.match(/\nMigError: Can't locate revision[^\n]*\n\s+at /);
    // -v/--verbose is more detail in the output, on every command: never a stack trace.
    for (const args of [['show', 'zzzz'], ['history', '-r', 'zzzz:'], ['heads', '-x', 'novalue'], ['revision', '--head', 'zzzz'], ['merge', 'zzzz'], ['check', '-c', 'none.ini']]) {
      for (const flag of ['-v', '--verbose']) {
        const r = mig(dir, [...args, flag], { DEBUG: undefined });
        expect(r.status, `mig ${args.join(' ')} ${flag}: ${r.stderr}`).to.be.greaterThan(0);
        expectOneLineError(r, /^Error: /, r.status);
      }
    }
    const json = mig(dir, ['show', 'zzzz', '--json']);
    expect(json.status).to.equal(1);
    expect(JSON.parse(json.stdout)).to.deep.equal({ error: { code: 'revision-not-found', message: "Can't locate revision identified by 'zzzz'; `mig history` lists the revisions" } });
  });

  it('reads another config with -c or MIG_CONFIG, another section with -n, and stays quiet with -q', () => {
    const dir = makeProject({ packages: [] });
    expect(mig(dir, ['init', 'db/migrations', '-c', 'conf/db.ini']).status).to.equal(0);
    fs.appendFileSync(path.join(dir, 'conf/db.ini'), '\n[tenant]\nscript_location = ../db/migrations\nfile_template = tenant_%%(rev)s\n');
    expect(mig(dir, ['revision', '-m', 'a', '-c', 'conf/db.ini', '--rev-id', 'r1']).status).to.equal(0);
    expect(mig(dir, ['history'], { MIG_CONFIG: 'conf/db.ini' }).stdout).to.equal('<base> -> r1 (head), a\n');
    const quiet = mig(dir, ['revision', '-m', 'b', '-c', 'conf/db.ini', '-n', 'tenant', '--rev-id', 'r2', '-q']);
    expect(quiet.status, quiet.stderr).to.equal(0);
    expect(quiet.stdout).to.equal('');
    expect(fs.existsSync(path.join(dir, 'db/migrations/versions/tenant_r2.ts'))).to.equal(true);
  });

  it('parses relative targets such as -1 as arguments, not flags', () => {
    const dir = makeProject({ packages: [] });
    mig(dir, ['init', 'migrations']);
    for (const id of ['r1', 'r2', 'r3']) mig(dir, ['revision', '-m', id, '--rev-id', id]);
    const r = mig(dir, ['show', 'head']);
    expect(r.stdout).to.match(/^Rev: r3 \(head\)/);
    const range = mig(dir, ['history', '-r', '-1:']);
    expect(range.status, range.stderr).to.equal(0);
    expect(range.stdout).to.equal('r2 -> r3 (head), r3\nr1 -> r2, r2\n');
  });

  it('ships a manifest listing exactly the commands in src/commands', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'oclif.manifest.json'), 'utf8'));
    const sources = fs.readdirSync(path.join(REPO, 'src', 'commands')).map((f) => f.replace(/\.ts$/, ''));
    expect(Object.keys(manifest.commands).sort()).to.deep.equal(sources.sort());
    expect(COMMANDS.sort()).to.deep.equal(sources.sort());
  });

  it('documents every command with a description and examples in --help', () => {
    const dir = makeProject({ packages: [] });
    for (const command of COMMANDS) {
      const help = mig(dir, [command, '--help']);
      expect(help.status, command).to.equal(0);
      expect(help.stdout, command).to.match(/DESCRIPTION|^[A-Z].+\n/m);
      expect(help.stdout, command).to.contain('EXAMPLES');
      expect(help.stdout, command).to.contain('GLOBAL FLAGS');
    }
  });
});
