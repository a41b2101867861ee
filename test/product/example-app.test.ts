/**
 * example-app/ as a user gets it: a TypeORM 0.3 + sqlite3 application whose committed
 * migrations/versions/ holds a history with a branch and a merge. In a temporary copy, mig
 * builds the database from that history, finds nothing left to do, takes it down to base and up
 * again; the app migrates itself at start-up through the programmatic API and uses the tables;
 * the npm scripts run the mig commands; and with DATABASE_URL the same history builds a
 * PostgreSQL database.
 */
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { mig } from '../helpers/project';
import { freshDatabase } from '../helpers/postgres';
import { copyExampleApp, EXAMPLE_APP, expectOk, run, sqlite, sqliteTables, typeormPending } from './example-project';

const APP_TABLES = ['comments', 'mig_log', 'mig_version', 'post_tags', 'posts', 'tags', 'users'];

interface HistoryEntry {
  revision: string;
  downRevisions: string[];
  message: string;
  isBranchPoint: boolean;
  isMergePoint: boolean;
}

function committedHistory(dir: string): HistoryEntry[] {
  return JSON.parse(expectOk(mig(dir, ['history', '--json']), 'mig history --json')) as HistoryEntry[];
}

/** `Running upgrade A -> B, message` lines, as the revisions were applied. */
function applied(out: string): string[] {
  return [...out.matchAll(/^Running upgrade .* -> ([0-9a-f]+), /gm)].map((m) => m[1]);
}

function buildApp(dir: string): void {
  expectOk(run(dir, process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json']), 'tsc -p tsconfig.build.json');
}

describe('example-app', function () {
  this.timeout(300_000);

  it('declares typeorm 0.3, sqlite3, pg and typeorm-mig, and npm scripts for each mig step', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(EXAMPLE_APP, 'package.json'), 'utf8'));
    expect(pkg.dependencies.typeorm).to.match(/^\^0\.3\./);
    expect(pkg.dependencies).to.include.keys('sqlite3', 'pg', 'reflect-metadata');
    expect(pkg.dependencies['typeorm-mig'], 'src/index.ts imports it at run time').to.equal('file:..');
    expect(pkg.scripts).to.include({
      'db:revision': 'mig revision --autogenerate -m',
      'db:upgrade': 'mig upgrade head',
      'db:downgrade': 'mig downgrade -1',
      'db:check': 'mig check',
      'db:current': 'mig current',
    });
    expect(pkg.scripts['db:history']).to.match(/^mig history/);
    // The connection is the app's: mig.ini has no url, env.ts reuses src/data-source.ts.
    expect(fs.readFileSync(path.join(EXAMPLE_APP, 'mig.ini'), 'utf8')).to.not.match(/^url\s*=/m);
    const env = fs.readFileSync(path.join(EXAMPLE_APP, 'migrations', 'env.ts'), 'utf8');
    expect(env).to.contain("from '../src/data-source'");
    expect(env).to.match(/export const dataSource = AppDataSource;/);
    expect(env).to.match(/export const targetMetadata = AppDataSource;/);
  });

  it('has a committed history with one branch point, two revisions on it, a merge, and a single head', () => {
    const dir = copyExampleApp();
    const history = committedHistory(dir);
    expect(history.length).to.be.greaterThanOrEqual(5);
    const branchPoints = history.filter((h) => h.isBranchPoint);
    const merges = history.filter((h) => h.isMergePoint);
    expect(branchPoints, 'branch points').to.have.length(1);
    expect(merges, 'merge revisions').to.have.length(1);
    const children = history.filter((h) => h.downRevisions.includes(branchPoints[0].revision));
    expect(children).to.have.length(2);
    expect([...merges[0].downRevisions].sort()).to.deep.equal(children.map((c) => c.revision).sort());
    const heads = expectOk(mig(dir, ['heads']), 'mig heads').trim().split('\n');
    expect(heads).to.have.length(1);
  });

  it('mig upgrade head applies the whole history on SQLite (both branches before the merge) and mig check finds nothing', () => {
    const dir = copyExampleApp();
    const history = committedHistory(dir);
    const out = expectOk(mig(dir, ['upgrade', 'head']), 'mig upgrade head');
    const order = applied(out);
    expect([...order].sort()).to.deep.equal(history.map((h) => h.revision).sort());
    const merge = history.find((h) => h.isMergePoint)!;
    for (const parent of merge.downRevisions) expect(order.indexOf(parent)).to.be.lessThan(order.indexOf(merge.revision));
    const db = path.join(dir, 'blog.sqlite');
    expect(sqliteTables(db)).to.deep.equal(APP_TABLES);
    expect(sqlite(db, 'SELECT version_num FROM mig_version')).to.deep.equal([{ version_num: history[0].revision }]);
    expect(mig(dir, ['check'])).to.include({ status: 0, stdout: 'No new upgrade operations detected.\n' });
    // TypeORM's own schema builder agrees that the schema is what the entities declare.
    expect(typeormPending(dir)).to.deep.equal([]);
    // The status enum is enforced (a CHECK on SQLite), and a comment goes with its post.
    sqlite(db, "INSERT INTO users (email, name) VALUES ('a@example.com', 'A')");
    expect(() => sqlite(db, "INSERT INTO posts (title, \"authorId\", status) VALUES ('t', 1, 'deleted')")).to.throw(/CHECK constraint failed/);
  });

  it('mig downgrade base removes every table, and mig upgrade head builds them again', () => {
    const dir = copyExampleApp();
    expectOk(mig(dir, ['upgrade', 'head']), 'mig upgrade head');
    const down = expectOk(mig(dir, ['downgrade', 'base']), 'mig downgrade base');
    expect(down).to.match(/^Running downgrade [0-9a-f]+ -> <base>, create users and posts/m);
    const db = path.join(dir, 'blog.sqlite');
    expect(sqliteTables(db)).to.deep.equal(['mig_log', 'mig_version']);
    expect(sqlite(db, 'SELECT * FROM mig_version')).to.deep.equal([]);
    // The applied-revision log keeps the history: every upgrade, then every downgrade.
    const directions = sqlite(db, 'SELECT direction FROM mig_log ORDER BY id').map((r) => (r as { direction: string }).direction);
    expect(directions.length).to.be.above(1);
    expect(directions).to.deep.equal([...Array(directions.length / 2).fill('upgrade'), ...Array(directions.length / 2).fill('downgrade')]);
    expect(mig(dir, ['current']).stdout).to.equal('');
    expectOk(mig(dir, ['upgrade', 'head']), 'mig upgrade head, again');
    expect(sqliteTables(db)).to.deep.equal(APP_TABLES);
    expect(mig(dir, ['check'])).to.include({ status: 0, stdout: 'No new upgrade operations detected.\n' });
  });

  it('the app and its revisions type-check against TypeORM 0.3 and typeorm-mig', () => {
    const dir = copyExampleApp();
    expectOk(run(dir, process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--noEmit']), 'tsc --noEmit');
  });

  it('src/index.ts migrates at start-up with upgrade(Config.load(...), "head"), then writes and reads rows through TypeORM', () => {
    const dir = copyExampleApp();
    buildApp(dir);
    const first = expectOk(run(dir, process.execPath, ['dist/index.js']), 'node dist/index.js');
    const head = committedHistory(dir)[0].revision;
    expect(first).to.contain(`Applied 6 revision(s); the database is at ${head}.`);
    expect(first).to.match(/Post #1 "Hello, mig" \[published\] by Ada <ada\+\d+@example\.com> \(theme dark\), tags: intro-1, comments: 1/);
    expect(first).to.contain('Deleted post #1; comments left: 0');
    const second = expectOk(run(dir, process.execPath, ['dist/index.js']), 'node dist/index.js, again');
    expect(second).to.contain(`No revision to apply; the database is at ${head}.`);
    expect(second).to.contain('Post #2 "Hello, mig"');
    expect(sqlite(path.join(dir, 'blog.sqlite'), 'SELECT count(*) AS n FROM users')).to.deep.equal([{ n: 2 }]);
    expect(mig(dir, ['check']).status).to.equal(0);
  });

  it('the npm scripts run the workflow: db:upgrade, db:check, db:current, db:history, db:revision after an entity change, db:downgrade', () => {
    const dir = copyExampleApp();
    const npm = (...args: string[]) => run(dir, 'npm', ['run', '--silent', ...args]);
    expect(expectOk(npm('db:upgrade'), 'npm run db:upgrade')).to.match(/Running upgrade .*merge tags and comments/);
    expect(expectOk(npm('db:check'), 'npm run db:check')).to.equal('No new upgrade operations detected.\n');
    const head = committedHistory(dir)[0].revision;
    expect(expectOk(npm('db:current'), 'npm run db:current')).to.equal(`${head} (head)\n`);
    expect(expectOk(npm('db:history'), 'npm run db:history')).to.contain(`${head} (head) (current)`);

    const userFile = path.join(dir, 'src', 'entities', 'User.ts');
    const user = fs.readFileSync(userFile, 'utf8');
    fs.writeFileSync(userFile, user.replace('  @CreateDateColumn()', "  @Column({ type: 'varchar', length: 300, nullable: true })\n  website: string | null;\n\n  @CreateDateColumn()"));
    const check = npm('db:check');
    expect(check.status).to.not.equal(0);
    expect(check.stdout).to.contain('Detected add column users.website');
    const rev = expectOk(npm('db:revision', '--', 'add user website'), 'npm run db:revision -- "add user website"');
    expect(rev).to.match(/^Detected add column users\.website\nGenerating migrations\/versions\/[0-9a-f]{12}_add_user_website\.ts \.\.\.  done\n$/);
    expectOk(npm('db:upgrade'), 'npm run db:upgrade');
    expect(expectOk(npm('db:check'), 'npm run db:check')).to.equal('No new upgrade operations detected.\n');
    expect(expectOk(npm('db:downgrade'), 'npm run db:downgrade')).to.match(/^Running downgrade [0-9a-f]+ -> [0-9a-f]+, add user website/);
    expect(expectOk(npm('db:current'), 'npm run db:current')).to.equal(`${head}\n`);
  });

  it('with DATABASE_URL the same history builds a PostgreSQL database that mig check accepts, and the app runs on it', async () => {
    const pg = await freshDatabase();
    try {
      const dir = copyExampleApp();
      const env = { DATABASE_URL: pg.url };
      const out = expectOk(mig(dir, ['upgrade', 'head'], env), 'mig upgrade head (PostgreSQL)');
      expect(applied(out)).to.have.length(6);
      expect(fs.existsSync(path.join(dir, 'blog.sqlite')), 'no SQLite file when DATABASE_URL is set').to.equal(false);
      expect(mig(dir, ['check'], env)).to.include({ status: 0, stdout: 'No new upgrade operations detected.\n' });
      const enums = await pg.query<{ typname: string }>("SELECT typname FROM pg_type WHERE typtype = 'e'");
      expect(enums.map((e) => e.typname)).to.deep.equal(['posts_status_enum']);
      expectOk(mig(dir, ['downgrade', 'base'], env), 'mig downgrade base (PostgreSQL)');
      expectOk(mig(dir, ['upgrade', 'head'], env), 'mig upgrade head (PostgreSQL), again');
      expect(mig(dir, ['check'], env).status).to.equal(0);
      buildApp(dir);
      const app = expectOk(run(dir, process.execPath, ['dist/index.js'], env), 'node dist/index.js (PostgreSQL)');
      expect(app).to.contain('No revision to apply');
      expect(app).to.contain('comments left: 0');
    } finally {
      await pg.drop();
    }
  });
});
