/**
 * upgrade, downgrade, current, stamp, history -i and show current as a user runs them: real
 * processes in temporary projects, on SQLite (better-sqlite3, and sqlite3 under TypeORM 0.3) and
 * PostgreSQL; plus the programmatic API from the project's own process (on SQLite, PostgreSQL and
 * MariaDB; the MySQL dialect's CLI runs, its one-line errors and masked password included, are in
 * test/runtime/mysql.test.ts).
 */
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { eachDatabase, migProject, openTestDb, PROJECT_PACKAGES } from '../helpers/databases';
import { freshDatabase } from '../helpers/postgres';
import { makeProject, mig, node } from '../helpers/project';

const CREATE_USERS = `  await op.createTable('users', [
    { name: 'id', type: 'int', primary: true, generated: 'increment' },
    { name: 'email', type: 'varchar', length: 200, unique: true },
    { name: 'created_at', type: 'timestamp', default: sql('CURRENT_TIMESTAMP') },
  ]);`;

function writeByHand(dir: string, file: string): string {
  const target = path.join(dir, 'migrations', 'versions', file);
  const text = fs
    .readFileSync(target, 'utf8')
    .replace("import type { Operations } from 'typeorm-mig';", "import { sql, type Operations } from 'typeorm-mig';")
    .replace(/(export async function upgrade\(op: Operations\): Promise<void> \{\n)[^}]*\}/, `$1${CREATE_USERS}\n}`)
    .replace(/(export async function downgrade\(op: Operations\): Promise<void> \{\n)[^}]*\}/, `$1  await op.dropTable('users');\n}`);
  fs.writeFileSync(target, text);
  return text;
}

describe('mig upgrade / downgrade / current as a new user runs them', function () {
  this.timeout(120_000);

  it('init, url = sqlite:app.db, a hand-written createTable, upgrade, current, downgrade -1, upgrade --sql', () => {
    const dir = makeProject({ packages: PROJECT_PACKAGES });
    expect(mig(dir, ['init', 'migrations']).status).to.equal(0);
    const ini = path.join(dir, 'mig.ini');
    fs.writeFileSync(ini, fs.readFileSync(ini, 'utf8').replace(/^url =.*$/m, 'url = sqlite:app.db'));
    let r = mig(dir, ['revision', '-m', 'create users', '--rev-id', '1a2b3c4d5e6f']);
    expect(r.status, r.stderr).to.equal(0);
    const text = writeByHand(dir, '1a2b3c4d5e6f_create_users.ts');
    expect(text).to.contain("await op.createTable('users'");

    r = mig(dir, ['current']);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.equal('');
    expect(fs.existsSync(path.join(dir, 'app.db'))).to.equal(false);

    r = mig(dir, ['upgrade', 'head']);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.match(/^Running upgrade <base> -> 1a2b3c4d5e6f, create users \.\.\. done in \d+ ms\n$/);

    r = mig(dir, ['current']);
    expect(r.stdout).to.equal('1a2b3c4d5e6f (head)\n');
    r = mig(dir, ['current', '-v']);
    expect(r.stdout).to.match(/^Current revision\(s\) for SQLite .*app\.db:\nRev: 1a2b3c4d5e6f \(head\)/);
    r = mig(dir, ['history', '-i']);
    expect(r.stdout).to.equal('<base> -> 1a2b3c4d5e6f (head) (current), create users\n');
    r = mig(dir, ['show', 'current']);
    expect(r.stdout).to.match(/^Rev: 1a2b3c4d5e6f \(head\) \(current\)\n/);
    expect(mig(dir, ['current', '--check-heads']).status).to.equal(0);

    r = mig(dir, ['downgrade', '-1']);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.match(/^Running downgrade 1a2b3c4d5e6f -> <base>, create users \.\.\. done in \d+ ms\n$/);
    r = mig(dir, ['current', '--check-heads']);
    expect(r.status).to.equal(1);
    expect(r.stderr).to.match(/^Error: Database is not on all head revisions: it is at base, the heads are 1a2b3c4d5e6f; run `mig upgrade heads`/);
    r = mig(dir, ['show', 'current']);
    expect(r.stderr).to.match(/^Error: The database has no revision applied/);

    r = mig(dir, ['upgrade', 'head', '--sql']);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.contain('BEGIN IMMEDIATE;');
    expect(r.stdout).to.contain('CREATE TABLE IF NOT EXISTS "mig_version"');
    expect(r.stdout).to.contain('-- Running upgrade <base> -> 1a2b3c4d5e6f, create users');
    expect(r.stdout).to.match(/CREATE TABLE "users" \(\n?\s*"id" integer PRIMARY KEY AUTOINCREMENT/i);
    expect(r.stdout).to.contain(`INSERT INTO "mig_version" (version_num) VALUES ('1a2b3c4d5e6f');`);
    expect(r.stdout).to.match(/COMMIT;\n/);
    // Offline mode connected to nothing: the database is still at base.
    expect(mig(dir, ['current']).stdout).to.equal('');

    r = mig(dir, ['upgrade', 'head', '--json']);
    const json = JSON.parse(r.stdout);
    expect(json.heads).to.deep.equal(['1a2b3c4d5e6f']);
    expect(json.steps[0]).to.include({ kind: 'upgrade', revision: '1a2b3c4d5e6f', message: 'create users' });
    r = mig(dir, ['downgrade', 'base', '-q']);
    expect(r.status).to.equal(0);
    expect(r.stdout).to.equal('');
  });

  it('refuses a sqlite: url whose folder does not exist instead of creating it', () => {
    const dir = makeProject({ packages: PROJECT_PACKAGES });
    mig(dir, ['init', 'migrations']);
    const ini = path.join(dir, 'mig.ini');
    fs.writeFileSync(ini, fs.readFileSync(ini, 'utf8').replace(/^url =.*$/m, 'url = sqlite:no-such-folder/app.db'));
    const r = mig(dir, ['upgrade', 'head']);
    expect(r.status).to.equal(1);
    expect(r.stderr).to.match(/^Error: Cannot open SQLite .*: the folder no-such-folder does not exist; check the sqlite: url/);
    expect(fs.existsSync(path.join(dir, 'no-such-folder'))).to.equal(false);
  });

  it('writes nothing on a bad target: every command taking a revision refuses before it creates the SQLite file', () => {
    const dir = makeProject({ packages: PROJECT_PACKAGES });
    mig(dir, ['init', 'migrations']);
    const ini = path.join(dir, 'mig.ini');
    fs.writeFileSync(ini, fs.readFileSync(ini, 'utf8').replace(/^url =.*$/m, 'url = sqlite:app.db'));
    expect(mig(dir, ['revision', '-m', 'first', '--rev-id', '1a2b3c4d5e6f']).status).to.equal(0);
    const versions = fs.readdirSync(path.join(dir, 'migrations', 'versions'));
    const notFound = /^Error: Can't locate revision identified by 'deadbeefcafe'; `mig history` lists the revisions\n$/;
    const cases: Array<[string[], RegExp]> = [
      [['upgrade', 'deadbeefcafe'], notFound],
      [['upgrade', 'deadbeefcafe+1'], notFound],
      [['upgrade', 'nolabel@head'], /^Error: Can't locate revision identified by 'nolabel'/],
      [['downgrade', 'deadbeefcafe'], notFound],
      [['downgrade', '-1'], /^Error: Relative revision -1 didn't produce 1 migrations/],
      [['stamp', 'deadbeefcafe'], notFound],
      [['upgrade', 'deadbeefcafe', '--sql'], notFound],
      [['revision', '--autogenerate', '-m', 'x', '--head', 'deadbeefcafe'], notFound],
      [['history', '-r', 'deadbeefcafe:'], notFound],
    ];
    for (const [args, line] of cases) {
      const r = mig(dir, args);
      expect(r.status, `mig ${args.join(' ')}: ${r.stderr}`).to.equal(1);
      expect(r.stderr, `mig ${args.join(' ')}`).to.match(line);
      expect(r.stderr.trimEnd().split('\n'), `mig ${args.join(' ')}`).to.have.length(1);
      expect(fs.existsSync(path.join(dir, 'app.db')), `mig ${args.join(' ')} created the database file`).to.equal(false);
    }
    expect(fs.readdirSync(path.join(dir, 'migrations', 'versions'))).to.deep.equal(versions);
    // A downgrade to base from a database that is not there yet has nothing to do, and creates nothing.
    let r = mig(dir, ['downgrade', 'base']);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.equal('Already at base\n');
    expect(fs.existsSync(path.join(dir, 'app.db'))).to.equal(false);
    // Each run that has nothing to do says where the database is.
    expect(mig(dir, ['upgrade', 'head']).status).to.equal(0);
    r = mig(dir, ['upgrade', 'head']);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.equal('Already at head (1a2b3c4d5e6f)\n');
    expect(mig(dir, ['upgrade', 'head', '-q']).stdout).to.equal('');
    expect(mig(dir, ['revision', '-m', 'second', '--rev-id', '2b3c4d5e6f70']).status).to.equal(0);
    expect(mig(dir, ['upgrade', '1a2b3c4d5e6f']).stdout).to.equal('Nothing to upgrade: the database (at 1a2b3c4d5e6f) is already at or past 1a2b3c4d5e6f\n');
    expect(mig(dir, ['downgrade', '1a2b3c4d5e6f']).stdout).to.equal('Nothing to downgrade: the database (at 1a2b3c4d5e6f) is already at or below 1a2b3c4d5e6f\n');
  });

  it('says a missing argument in one plain line', () => {
    const dir = makeProject({ packages: [] });
    const r = mig(dir, ['upgrade']);
    expect(r.status).to.equal(2);
    expect(r.stderr).to.equal('Error: Missing 1 required arg: target Revision to upgrade to.\n');
  });

  it('stamps from the command line, with --purge and --sql', () => {
    const dir = makeProject({ packages: PROJECT_PACKAGES });
    mig(dir, ['init', 'migrations']);
    const ini = path.join(dir, 'mig.ini');
    fs.writeFileSync(ini, fs.readFileSync(ini, 'utf8').replace(/^url =.*$/m, 'url = sqlite:app.db'));
    mig(dir, ['revision', '-m', 'one', '--rev-id', 'aaaa00000001']);
    mig(dir, ['revision', '-m', 'two', '--rev-id', 'aaaa00000002']);
    let r = mig(dir, ['stamp', 'head']);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.match(/^Running stamp <base> -> aaaa00000002 \.\.\. done in \d+ ms\n$/);
    expect(mig(dir, ['current']).stdout).to.equal('aaaa00000002 (head)\n');
    r = mig(dir, ['stamp', 'aaaa00000001', '--purge']);
    expect(r.status, r.stderr).to.equal(0);
    expect(mig(dir, ['current']).stdout).to.equal('aaaa00000001\n');
    r = mig(dir, ['stamp', 'head', '--sql']);
    expect(r.stdout).to.contain(`INSERT INTO "mig_version" (version_num) VALUES ('aaaa00000002');`);
    r = mig(dir, ['stamp', 'head', '--sql', '--purge']);
    expect(r.status).to.equal(2);
    expect(r.stderr).to.match(/^Error: Can't use --purge with --sql mode/);
  });

  it('says what failed in one line: revision, statement and the database message, exit 1', () => {
    const dir = makeProject({ packages: PROJECT_PACKAGES });
    mig(dir, ['init', 'migrations']);
    const ini = path.join(dir, 'mig.ini');
    fs.writeFileSync(ini, fs.readFileSync(ini, 'utf8').replace(/^url =.*$/m, 'url = sqlite:app.db'));
    mig(dir, ['revision', '-m', 'broken', '--rev-id', 'bad000000001']);
    const file = path.join(dir, 'migrations', 'versions', 'bad000000001_broken.ts');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/(export async function upgrade\(op: Operations\): Promise<void> \{\n)[^}]*\}/, "$1  await op.execute('SELEC 1');\n}"));
    const r = mig(dir, ['upgrade', 'head']);
    expect(r.status).to.equal(1);
    expect(r.stdout).to.equal('Running upgrade <base> -> bad000000001, broken ... failed\n');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines, r.stderr).to.have.length(1);
    expect(lines[0]).to.match(/^Error: Revision bad000000001 \(broken\) failed in upgrade: .*syntax error.*; statement: SELEC 1/);
    expect(mig(dir, ['current']).stdout).to.equal('');
  });

  it('never shows the PostgreSQL password, also when the connection fails', async () => {
    const pg = await freshDatabase();
    try {
      const url = new URL(pg.url);
      url.password = 'Wr0ng-S3cret';
      const dir = makeProject({ packages: PROJECT_PACKAGES });
      mig(dir, ['init', 'migrations']);
      const ini = path.join(dir, 'mig.ini');
      fs.writeFileSync(ini, fs.readFileSync(ini, 'utf8').replace(/^url =.*$/m, `url = ${url.href}`));
      for (const args of [['current'], ['upgrade', 'head'], ['current', '-v'], ['upgrade', 'head', '--verbose']]) {
        const r = mig(dir, args);
        expect(r.stdout + r.stderr).to.not.contain('Wr0ng-S3cret');
      }
      const r = mig(dir, ['current']);
      expect(r.status).to.equal(1);
      expect(r.stderr.trimEnd().split('\n')).to.have.length(1);
      expect(r.stderr).to.match(/password authentication failed|authentication/i);
    } finally {
      await pg.drop();
    }
  });

  it('runs on TypeORM 0.3 with the sqlite3 driver', async () => {
    const dir = makeProject({ typeorm: '0.3', packages: ['typeorm', 'typescript', 'reflect-metadata', 'typeorm-mig', 'sqlite3'] });
    const db = await openTestDb('sqlite', dir);
    const p = migProject(db, dir);
    p.write({ id: 'aaaa', down: null, message: 'users', upgrade: "  await op.createTable('users', [{ name: 'id', type: 'int', primary: true }, { name: 'name', type: 'varchar', nullable: true }]);\n  await op.bulkInsert('users', [{ id: 1, name: 'ann' }]);", downgrade: "  await op.dropTable('users');" });
    let r = mig(dir, ['upgrade', 'head']);
    expect(r.status, r.stderr).to.equal(0);
    expect(await db.query('SELECT id, name FROM users')).to.deep.equal([{ id: 1, name: 'ann' }]);
    expect(await db.versions()).to.deep.equal(['aaaa']);
    r = mig(dir, ['downgrade', 'base']);
    expect(r.status, r.stderr).to.equal(0);
    expect(await db.versions()).to.deep.equal([]);
  });
});

eachDatabase('the programmatic API', (setup) => {
  it('migrates from an application process at start-up: upgrade, current, downgrade, stamp', async () => {
    const p = await setup();
    p.write({ id: 'aaaa', down: null, message: 'first', upgrade: "  await op.createTable('t_app', [{ name: 'id', type: 'int', primary: true }]);", downgrade: "  await op.dropTable('t_app');" });
    const script = `
      const { Config, upgrade, downgrade, current, stamp } = require('typeorm-mig');
      (async () => {
        const config = Config.load('mig.ini');
        const steps = [];
        const up = await upgrade(config, 'head', { events: { stepDone: (s) => steps.push(s.revision) } });
        const now = await current(config);
        const down = await downgrade(config, 'base');
        const stamped = await stamp(config, ['head']);
        console.log(JSON.stringify({ up: up.heads, steps, now: now.heads, down: down.heads, stamped: stamped.heads }));
      })(); // a rejection ends the process with exit code 1 and its stack`;
    const r = node(p.dir, script);
    expect(r.status, r.stderr).to.equal(0);
    expect(JSON.parse(r.stdout)).to.deep.equal({ up: ['aaaa'], steps: ['aaaa'], now: ['aaaa'], down: [], stamped: ['aaaa'] });
    expect(await p.db.versions()).to.deep.equal(['aaaa']);
  });
}, { dialects: ['sqlite', 'postgres', 'mysql'] });
