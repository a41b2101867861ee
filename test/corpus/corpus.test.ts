/**
 * The corpus (test/corpus/fixtures.ts), on a real SQLite file, a real PostgreSQL database and a
 * real MariaDB (or MySQL) database.
 * For each fixture, one mig project and one TypeORM-synchronized database hold every check:
 *
 * (a) `revision --autogenerate` -> `upgrade head` -> `mig check` is clean;
 * (b) a second `revision --autogenerate` has no operation;
 * (c) TypeORM's schema builder has nothing to do on the database mig built;
 * (d) `downgrade base` leaves no table, view, sequence or enum type (MySQL: no table, view or
 *     sequence in the database);
 * (e) after TypeORM's own synchronize (then idempotent), `mig stamp head` + `mig check` is clean;
 * (f) the catalogs of the mig-upgraded and the TypeORM-synchronized databases are the same
 *     (test/helpers/catalog.ts);
 * (g) `revision --autogenerate --offline` (the history replayed, no database) is empty, as (b).
 *
 * Every check runs even when an earlier one failed, and the failure lists all that failed.
 */
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { catalog, catalogDiff } from '../helpers/catalog';
import { expectClean, ok, removeRevision, revisionText } from '../helpers/autogenerate';
import { eachDatabase, type MigProject } from '../helpers/databases';
import { typeormPending } from '../helpers/typeorm-oracle';
import { corpus, CORPUS_TYPEORM_MYSQL_NOT_IDEMPOTENT, type CorpusFixture } from './fixtures';

/** src/entities.ts and an env.ts whose model is its `entities`, with its `typeormOptions` on the DataSource. */
function useFixture(p: MigProject, fixture: CorpusFixture): void {
  fs.mkdirSync(path.join(p.dir, 'src'), { recursive: true });
  fs.writeFileSync(path.join(p.dir, 'src', 'entities.ts'), fixture.source);
  const database =
    p.db.dialect === 'postgres'
      ? { type: 'postgres', url: p.db.url }
      : p.db.dialect === 'mysql'
        ? // A MariaDB server's test URL is mariadb://: TypeORM reads its catalog right only as type 'mariadb'.
          { type: p.db.url.startsWith('mariadb:') ? 'mariadb' : 'mysql', url: p.db.url }
        : { type: 'better-sqlite3', database: p.db.url.slice('sqlite:'.length) };
  fs.writeFileSync(
    path.join(p.dir, 'migrations', 'env.ts'),
    `import { entities, typeormOptions } from '../src/entities';\nexport const targetMetadata = entities;\nexport const dataSource = { ...${JSON.stringify(database)}, ...typeormOptions } as const;\n`,
  );
}

/** What TypeORM's schema builder would still run, but for what it re-emits on every run (see CORPUS_TYPEORM_MYSQL_NOT_IDEMPOTENT). */
function pending(p: MigProject, synchronize = false): string[] {
  const queries = typeormPending(p, synchronize);
  if (p.db.dialect !== 'mysql') return queries;
  return queries.filter((q) => !CORPUS_TYPEORM_MYSQL_NOT_IDEMPOTENT.some((b) => b.pattern.test(q)));
}

/**
 * What the user has created before: the fixture's schemas, and (PostgreSQL) pgcrypto for
 * TypeORM's uuidExtension. (SQLite and MySQL: nothing; each test's MySQL database is new and empty.)
 */
async function prepare(p: MigProject, fixture: CorpusFixture): Promise<void> {
  if (p.db.dialect !== 'postgres') return;
  for (const s of fixture.schemas ?? []) await p.db.query(`CREATE SCHEMA "${s}"`);
  await p.db.query('CREATE EXTENSION IF NOT EXISTS pgcrypto');
}

/** The tables, views, sequences and enum types left in a database, bookkeeping aside. */
async function leftovers(p: MigProject): Promise<string[]> {
  if (p.db.dialect === 'sqlite') {
    const rows = await p.db.query<{ type: string; name: string }>(`SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND name NOT IN ('mig_version', 'mig_log')`);
    return rows.map((r) => `${r.type} ${r.name}`).sort();
  }
  if (p.db.dialect === 'mysql') {
    // MySQL has no enum types (an ENUM is a column's type); MariaDB's sequences are tables of type SEQUENCE.
    const rows = await p.db.query<{ type: string; name: string }>(
      `SELECT TABLE_TYPE AS type, TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME NOT IN ('mig_version', 'mig_log')`,
    );
    return rows.map((r) => `${r.type === 'BASE TABLE' ? 'table' : r.type.toLowerCase()} ${r.name}`).sort();
  }
  const rows = await p.db.query<{ what: string }>(`
    SELECT CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'S' THEN 'sequence' END || ' ' || n.nspname || '.' || c.relname AS what
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'v', 'm', 'S') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%' AND c.relname NOT IN ('mig_version', 'mig_log', 'mig_log_id_seq')
    UNION ALL
    SELECT 'enum type ' || n.nspname || '.' || t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.typtype = 'e'`);
  return rows.map((r) => r.what).sort();
}

eachDatabase('corpus', (setup, dialect) => {
  for (const fixture of corpus(dialect)) {
    it(`${fixture.name}: (a) check clean after upgrade, (b) second autogenerate empty, (c) TypeORM has nothing to do, (g) offline autogenerate empty, (e) stamp + check clean after TypeORM's synchronize, (f) same catalog as TypeORM's, (d) downgrade base leaves nothing`, async function () {
      this.timeout(300_000);
      const failures: string[] = [];
      const hold = async (label: string, check: () => unknown) => {
        try {
          await check();
        } catch (err) {
          failures.push(`(${label}) ${(err as Error).message}`);
        }
      };

      const p = await setup();
      await prepare(p, fixture);
      useFixture(p, fixture);
      ok(p, ['revision', '--autogenerate', '-m', 'init', '--rev-id', 'a00000000001']);
      ok(p, ['upgrade', 'head']);
      await hold('a', () => expectClean(p, 'after upgrade head'));
      await hold('b', () => {
        ok(p, ['revision', '--autogenerate', '-m', 'again', '--rev-id', 'b00000000002']);
        const text = revisionText(p, 'b00000000002');
        removeRevision(p, 'b00000000002');
        expect(text, 'a second autogenerate').to.not.match(/\bop\.\w+\(/);
      });
      await hold('c', () => expect(pending(p), 'TypeORM would still change the schema mig built').to.deep.equal([]));
      await hold('g', () => {
        // Offline (the revision's ops replayed, no database) finds what online (b) finds: nothing.
        ok(p, ['revision', '--autogenerate', '--offline', '-m', 'offline', '--rev-id', 'c00000000003']);
        const text = revisionText(p, 'c00000000003');
        removeRevision(p, 'c00000000003');
        expect(text, 'an offline autogenerate at the head').to.not.match(/\bop\.\w+\(/);
      });

      const q = await setup();
      await prepare(q, fixture);
      useFixture(q, fixture);
      fs.copyFileSync(
        path.join(p.dir, 'migrations', 'versions', fs.readdirSync(path.join(p.dir, 'migrations', 'versions')).find((f) => f.startsWith('a00000000001'))!),
        path.join(q.dir, 'migrations', 'versions', 'a00000000001_init.ts'),
      );
      await hold('e', () => {
        expect(pending(q, true), 'TypeORM after its own synchronize').to.deep.equal([]);
        ok(q, ['stamp', 'head']);
        expectClean(q, 'after TypeORM synchronize + stamp head');
      });
      await hold('f', async () => {
        const diff = catalogDiff(await catalog(p.db), await catalog(q.db));
        expect(diff, `catalog of mig's database (-) and TypeORM's (+) differ:\n${diff.join('\n')}\n`).to.deep.equal([]);
      });

      ok(p, ['downgrade', 'base']);
      await hold('d', async () => expect(await leftovers(p), 'left after downgrade base').to.deep.equal([]));
      expect(failures, `${fixture.name} (${dialect}):\n${failures.join('\n\n')}`).to.deep.equal([]);
    });
  }
}, { dialects: ['sqlite', 'postgres', 'mysql'] });
