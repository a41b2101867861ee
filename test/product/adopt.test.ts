/**
 * Adopting mig in an existing TypeORM project without touching its data, on SQLite: the project
 * (example-app's TypeORM 0.3 code, before it had mig) has a database made by TypeORM's
 * `synchronize`, or by TypeORM migrations (with TypeORM's `migrations` table). Then:
 * `mig init`; `mig revision --autogenerate --from-empty -m initial` writes the whole schema
 * without connecting; `mig stamp head` marks the database as at that revision; `mig check` is
 * clean; the rows and TypeORM's `migrations` table are as they were; and a new, empty database
 * built from the revision with `mig upgrade head` passes `mig check` (and TypeORM agrees).
 */
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { mig } from '../helpers/project';
import { copyExampleApp, expectOk, runTs, sqlite, sqliteTables, typeormPending } from './example-project';

const APP_TABLES = ['comments', 'post_tags', 'posts', 'tags', 'users'];

/** A database made by `synchronize`, with a user and a post in it. */
function synchronizeDatabase(dir: string): void {
  expectOk(
    runTs(
      dir,
      `const { AppDataSource } = require('./src/data-source.ts');
      (async () => {
        AppDataSource.setOptions({ synchronize: true });
        await AppDataSource.initialize();
        const user = await AppDataSource.getRepository('User').save({ email: 'old@example.com', name: 'Old', preferences: { theme: 'light' } });
        await AppDataSource.getRepository('Post').save({ title: 'From before', author: user });
        await AppDataSource.destroy();
      })(); // a rejection ends the process with exit code 1 and its stack`,
    ),
    'TypeORM synchronize',
  );
}

/**
 * A database made by TypeORM migrations: a migration class as `typeorm migration:generate`
 * writes it (the schema builder's queries), run with `dataSource.runMigrations()`.
 */
function migrateDatabaseWithTypeorm(dir: string): void {
  expectOk(
    runTs(
      dir,
      `const fs = require('node:fs');
      const { AppDataSource } = require('./src/data-source.ts');
      (async () => {
        await AppDataSource.initialize();
        const log = await AppDataSource.driver.createSchemaBuilder().log();
        await AppDataSource.destroy();
        const lines = (queries) => queries.map((q) => '    await queryRunner.query(' + JSON.stringify(q.query) + ');').join('\\n');
        fs.mkdirSync('src/migrations', { recursive: true });
        fs.writeFileSync('src/migrations/1700000000000-Initial.ts', [
          "import { MigrationInterface, QueryRunner } from 'typeorm';",
          'export class Initial1700000000000 implements MigrationInterface {',
          "  name = 'Initial1700000000000';",
          '  public async up(queryRunner: QueryRunner): Promise<void> {', lines(log.upQueries), '  }',
          '  public async down(queryRunner: QueryRunner): Promise<void> {', lines([...log.downQueries].reverse()), '  }',
          '}', ''].join('\\n'));
      })(); // a rejection ends the process with exit code 1 and its stack`,
    ),
    'write a TypeORM migration',
  );
  expectOk(
    runTs(
      dir,
      `const { AppDataSource } = require('./src/data-source.ts');
      const { Initial1700000000000 } = require('./src/migrations/1700000000000-Initial.ts');
      (async () => {
        AppDataSource.setOptions({ migrations: [Initial1700000000000] });
        await AppDataSource.initialize();
        const ran = await AppDataSource.runMigrations();
        if (ran.length !== 1) throw new Error('expected one migration to run');
        await AppDataSource.query("INSERT INTO users (email, name) VALUES ('old@example.com', 'Old')");
        await AppDataSource.destroy();
      })(); // a rejection ends the process with exit code 1 and its stack`,
    ),
    'TypeORM runMigrations',
  );
}

function adopt(dir: string): { revision: string; file: string } {
  const db = path.join(dir, 'blog.sqlite');
  const aside = `${db}.aside`;

  const init = expectOk(mig(dir, ['init', 'migrations', '--template', 'datasource']), 'mig init');
  expect(init).to.contain('Generating mig.ini');
  expect(fs.readFileSync(path.join(dir, 'migrations', 'env.ts'), 'utf8')).to.contain("(await import('../src/data-source')).AppDataSource");

  // No database needed: with the file moved away, nothing connects (SQLite would create it).
  fs.renameSync(db, aside);
  const out = expectOk(mig(dir, ['revision', '--autogenerate', '--from-empty', '-m', 'initial']), 'mig revision --autogenerate --from-empty');
  expect(fs.existsSync(db), 'revision --from-empty opened the database').to.equal(false);
  fs.renameSync(aside, db);
  for (const table of APP_TABLES) expect(out).to.contain(`Detected create table ${table}`);
  const written = /Generating (migrations\/versions\/([0-9a-f]{12})_initial\.ts) \.\.\./.exec(out);
  expect(written, out).to.not.equal(null);
  const source = fs.readFileSync(path.join(dir, written![1]), 'utf8');
  expect(source).to.match(/export const downRevision = null;/);
  for (const table of APP_TABLES) expect(source).to.contain(`await op.createTable(\n    '${table}'`);

  expect(expectOk(mig(dir, ['stamp', 'head']), 'mig stamp head')).to.match(new RegExp(`^Running stamp <base> -> ${written![2]} \\.\\.\\. done in \\d+ ms\\n$`));
  return { revision: written![2], file: written![1] };
}

/** A new environment: an empty database built from the history. */
function buildFreshDatabase(dir: string, revision: string): void {
  const db = path.join(dir, 'blog.sqlite');
  fs.renameSync(db, `${db}.adopted`);
  const up = expectOk(mig(dir, ['upgrade', 'head']), 'mig upgrade head on an empty database');
  expect(up).to.contain(`Running upgrade <base> -> ${revision}, initial`);
  expect(sqliteTables(db)).to.deep.equal([...APP_TABLES, 'mig_log', 'mig_version'].sort());
  expect(mig(dir, ['check'])).to.include({ status: 0, stdout: 'No new upgrade operations detected.\n' });
  expect(typeormPending(dir), 'TypeORM would still change the new database').to.deep.equal([]);
  fs.renameSync(`${db}.adopted`, db);
}

describe('adopting mig in an existing TypeORM project', function () {
  this.timeout(300_000);

  it('a database made by synchronize: init, revision --from-empty (no database), stamp head; check is clean, rows kept, and the revision builds a new database', () => {
    const dir = copyExampleApp({ withoutMig: true });
    synchronizeDatabase(dir);
    const db = path.join(dir, 'blog.sqlite');
    const rowsBefore = sqlite(db, 'SELECT * FROM users');

    const { revision } = adopt(dir);
    expect(sqlite(db, 'SELECT version_num FROM mig_version')).to.deep.equal([{ version_num: revision }]);
    expect(mig(dir, ['check'])).to.include({ status: 0, stdout: 'No new upgrade operations detected.\n' });
    expect(mig(dir, ['current']).stdout).to.equal(`${revision} (head)\n`);
    expect(sqlite(db, 'SELECT * FROM users')).to.deep.equal(rowsBefore);
    expect(sqlite(db, 'SELECT title FROM posts')).to.deep.equal([{ title: 'From before' }]);
    buildFreshDatabase(dir, revision);
  });

  it("a database made by TypeORM migrations: the same steps leave TypeORM's migrations table as it was, and check ignores it", () => {
    const dir = copyExampleApp({ withoutMig: true });
    migrateDatabaseWithTypeorm(dir);
    const db = path.join(dir, 'blog.sqlite');
    const migrationsBefore = sqlite(db, 'SELECT * FROM migrations');
    expect(migrationsBefore).to.have.length(1);
    const migrationsSql = sqlite(db, "SELECT sql FROM sqlite_master WHERE name = 'migrations'");

    const { revision, file } = adopt(dir);
    expect(fs.readFileSync(path.join(dir, file), 'utf8'), 'the revision knows nothing of TypeORM tables').to.not.match(/'migrations'/);
    expect(mig(dir, ['check'])).to.include({ status: 0, stdout: 'No new upgrade operations detected.\n' });
    expect(sqlite(db, 'SELECT * FROM migrations')).to.deep.equal(migrationsBefore);
    expect(sqlite(db, "SELECT sql FROM sqlite_master WHERE name = 'migrations'")).to.deep.equal(migrationsSql);
    expect(sqlite(db, 'SELECT email FROM users')).to.deep.equal([{ email: 'old@example.com' }]);
    expect(sqliteTables(db)).to.deep.equal([...APP_TABLES, 'mig_log', 'mig_version', 'migrations'].sort());
    buildFreshDatabase(dir, revision);
  });
});
