/**
 * Autogenerate fidelity, on a real SQLite file and a real PostgreSQL database:
 *
 * 1. No spurious diffs: for every fixture model (every column type, default, relation kind,
 *    inheritance, trees, embedded columns, indexes and constraints, PostgreSQL schemas),
 *    `revision --autogenerate` -> `upgrade head` -> `check` finds nothing.
 * 2. TypeORM as an independent oracle, both ways: after mig's upgrade TypeORM's schema builder
 *    has nothing to do, and after TypeORM's synchronize `mig check` finds nothing.
 * 3. Round trip: between two versions of a model, upgrade then downgrade gives back the schema
 *    it started from (introspected, deep-equal), and rows survive every change that keeps their
 *    column.
 */
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { introspect as introspectMysql } from '../../src/dialects/mysql/introspect';
import { introspect as introspectPostgres } from '../../src/dialects/postgres/introspect';
import { introspect as introspectSqlite } from '../../src/dialects/sqlite/introspect';
import type { SchemaModel } from '../../src/schema/model';
import { typeormPending } from '../helpers/typeorm-oracle';
import { expectClean, ok, revisionText, useSource } from '../helpers/autogenerate';
import { eachDatabase, type MigProject } from '../helpers/databases';
import { fidelityModels, roundTripModel, TYPEORM_MYSQL_NOT_IDEMPOTENT, type Dialect } from './fidelity-fixtures';

/**
 * TypeORM 1.x is not idempotent for some PostgreSQL defaults: its schema builder re-emits these
 * statements on every run, right after its own synchronize too (checked in the test below). They
 * are TypeORM's bugs, not differences mig left: each pattern names its TypeORM issue and matches
 * only the statement for the fixture column that triggers it.
 */
const TYPEORM_NOT_IDEMPOTENT: Array<{ issue: string; pattern: RegExp }> = [
  // typeorm#9750: a uuid column with `default: () => 'gen_random_uuid()'` is read back as a
  // generated column, so TypeORM drops and sets the default again on every run.
  { issue: 'typeorm#9750', pattern: /^ALTER TABLE "defaults" ALTER COLUMN "otherToken" (DROP DEFAULT|SET DEFAULT gen_random_uuid\(\))$/ },
  // typeorm#3076: PostgreSQL rewrites the stored default (`ARRAY[]::text[]` is kept as
  // `ARRAY[]::text[]`, stripped by TypeORM to `ARRAY[]`), so it is "updated" on every run.
  { issue: 'typeorm#3076', pattern: /^ALTER TABLE "defaults" ALTER COLUMN "tagsArray" SET DEFAULT ARRAY\[\]::text\[\]$/ },
  // typeorm#3076 (same family): a numeric default given as a string ('12.50') is stored as the
  // numeric constant 12.50, which TypeORM compares as text with '12.50'.
  { issue: 'typeorm#3076', pattern: /^ALTER TABLE "defaults" ALTER COLUMN "price" SET DEFAULT '12\.50'$/ },
];

function withoutTypeormBugs(queries: string[]): string[] {
  return queries.filter((q) => ![...TYPEORM_NOT_IDEMPOTENT, ...TYPEORM_MYSQL_NOT_IDEMPOTENT].some((b) => b.pattern.test(q)));
}

/** An identifier quoted for the test database's own SQL. */
const quoted = (dialect: Dialect, name: string) => (dialect === 'mysql' ? `\`${name}\`` : `"${name}"`);

async function prepareDatabase(p: MigProject, model: { schemas?: string[]; extensions?: string[] }): Promise<void> {
  if (p.db.dialect !== 'postgres') return;
  for (const s of model.schemas ?? []) await p.db.query(`CREATE SCHEMA IF NOT EXISTS "${s}"`);
  for (const e of model.extensions ?? []) await p.db.query(`CREATE EXTENSION IF NOT EXISTS "${e}"`);
}

async function introspected(p: MigProject): Promise<SchemaModel> {
  const db = { query: (sql: string, params?: unknown[]) => p.db.query(sql, params) };
  const options = { exclude: [{ name: 'mig_version' }, { name: 'mig_log' }] };
  const model = p.db.dialect === 'postgres' ? await introspectPostgres(db, options) : p.db.dialect === 'mysql' ? await introspectMysql(db, options) : await introspectSqlite(db, options);
  // PostgreSQL cannot put a column back in its place: a dropped-and-restored column comes last.
  for (const t of model.tables) t.columns.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return model;
}

async function citextAvailable(p: MigProject): Promise<boolean> {
  if (p.db.dialect !== 'postgres') return false;
  return (await p.db.query(`SELECT 1 FROM pg_available_extensions WHERE name = 'citext'`)).length > 0;
}

eachDatabase<Dialect>('autogenerate fidelity', (setup, dialect) => {
  const authorId = quoted(dialect, 'authorId');
  for (const model of fidelityModels(dialect, { citext: true })) {
    it(`${model.name}: autogenerate -> upgrade -> check is clean, TypeORM then has nothing to do, and mig check is clean after TypeORM's synchronize`, async function () {
      this.timeout(240_000);
      const p = await setup();
      const citext = await citextAvailable(p);
      // citext only where the server has the extension (the model leaves the column out otherwise).
      const m = fidelityModels(dialect, { citext }).find((x) => x.name === model.name)!;
      await prepareDatabase(p, m);
      useSource(p, m.source);
      ok(p, ['revision', '--autogenerate', '-m', 'init', '--rev-id', 'a00000000001']);
      ok(p, ['upgrade', 'head']);
      expectClean(p, `${m.name} after autogenerate + upgrade`);
      expect(withoutTypeormBugs(typeormPending(p)), 'TypeORM would still change the schema mig built').to.deep.equal([]);

      // The other way: TypeORM builds the schema, mig finds nothing to do.
      const q = await setup();
      await prepareDatabase(q, m);
      useSource(q, m.source);
      // What TypeORM still wants right after its own synchronize is only its known bugs.
      expect(withoutTypeormBugs(typeormPending(q, true)), 'TypeORM is not idempotent beyond its known bugs').to.deep.equal([]);
      expectClean(q, `${m.name} after TypeORM synchronize`);
    });
  }

  it('round trip: upgrade to a changed model keeps the rows, downgrade restores the schema it started from', async function () {
    this.timeout(240_000);
    const p = await setup();
    useSource(p, roundTripModel(dialect, 1));
    ok(p, ['revision', '--autogenerate', '-m', 'v1', '--rev-id', 'a00000000001']);
    ok(p, ['upgrade', 'head']);
    expectClean(p, 'v1');
    await p.db.query(`INSERT INTO members (name, score, nick, city, grade, level, rank, legacy) VALUES ('Ann', 5, 'annie', 'Oslo', 'a', 1, 2, 'old')`);
    await p.db.query(`INSERT INTO members (name, nick, city, level) VALUES ('Bob', 'bobby', 'Rome', 4)`);
    await p.db.query(`INSERT INTO posts (title, status, ${authorId}) VALUES ('Hello', 'draft', 1), ('World', 'published', 2)`);
    await p.db.query(`INSERT INTO obsolete (label) VALUES ('gone')`);
    const before = await introspected(p);

    useSource(p, roundTripModel(dialect, 2));
    ok(p, ['revision', '--autogenerate', '-m', 'v2', '--rev-id', 'b00000000002']);
    const versions = path.join(p.dir, 'migrations', 'versions');
    const v2 = fs.readFileSync(path.join(versions, fs.readdirSync(versions).find((f) => f.startsWith('b00000000002'))!), 'utf8');
    // Changed columns are altered in place, never dropped and added again (their rows would go).
    for (const kept of ['name', 'score', 'nick', 'city', 'grade', 'level', 'rank']) expect(v2).to.not.match(new RegExp(`dropColumn\\([^)]*'${kept}'`));
    // SQLite: what ALTER TABLE cannot do goes through one move-and-copy batch of the table.
    if (dialect === 'sqlite') expect(v2).to.match(/batchAlterTable\(\s*'members'/);
    ok(p, ['upgrade', 'head']);
    expectClean(p, 'v2');
    expect(withoutTypeormBugs(typeormPending(p)), 'TypeORM would still change the schema after the upgrade').to.deep.equal([]);
    const kept = `SELECT id, name, score, nick, city, grade, level, rank FROM members ORDER BY id`;
    const rows = (await p.db.query(kept)).map((r) => ({ ...r, score: Number(r.score) }));
    expect(rows).to.deep.equal([
      { id: 1, name: 'Ann', score: 5, nick: 'annie', city: 'Oslo', grade: 'a', level: 1, rank: 2 },
      { id: 2, name: 'Bob', score: 0, nick: 'bobby', city: 'Rome', grade: 'a', level: 4, rank: 3 },
    ]);
    expect(await p.db.query(`SELECT title, status, ${authorId} FROM posts ORDER BY id`)).to.deep.equal([
      { title: 'Hello', status: 'draft', authorId: 1 },
      { title: 'World', status: 'published', authorId: 2 },
    ]);
    await p.db.query(`INSERT INTO comments (text, ${quoted(dialect, 'postId')}) VALUES ('nice', 1)`);

    ok(p, ['downgrade', '-1']);
    expect(await introspected(p)).to.deep.equal(before);
    expect((await p.db.query(kept)).map((r) => ({ ...r, score: Number(r.score) }))).to.deep.equal([
      { id: 1, name: 'Ann', score: 5, nick: 'annie', city: 'Oslo', grade: 'a', level: 1, rank: 2 },
      { id: 2, name: 'Bob', score: 0, nick: 'bobby', city: 'Rome', grade: 'a', level: 4, rank: 3 },
    ]);
    expect(await p.db.query(`SELECT title, status FROM posts ORDER BY id`)).to.deep.equal([
      { title: 'Hello', status: 'draft' },
      { title: 'World', status: 'published' },
    ]);

    // And up again: the same revision applies to the restored schema.
    ok(p, ['upgrade', 'head']);
    expectClean(p, 'v2 again');
  });
}, { dialects: ['sqlite', 'postgres', 'mysql'] });

const ENTITY_IMPORTS = "import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';\n";

eachDatabase<Dialect>('autogenerate: primary keys, generations, user indexes, enum types and bookkeeping tables', (setup, dialect) => {
  const pg = dialect === 'postgres';
  const my = dialect === 'mysql';

  it('a primary key changed from id to (a, b): autogenerated, the upgrade keeps the rows, the downgrade restores the schema (SQLite: the unnamed key found by its definition)', async function () {
    this.timeout(240_000);
    const p = await setup();
    const pairs = (v2: boolean) => `${ENTITY_IMPORTS}
@Entity('pairs')
export class Pair {
${v2 ? '' : '  @PrimaryGeneratedColumn() id!: number;\n'}  @${v2 ? 'PrimaryColumn' : 'Column'}({ type: 'varchar', length: 10 }) a!: string;
  @${v2 ? 'PrimaryColumn' : 'Column'}({ type: 'int' }) b!: number;
  @Column({ type: 'varchar', length: 20, nullable: true }) note!: string | null;
}
`;
    useSource(p, pairs(false));
    ok(p, ['revision', '--autogenerate', '-m', 'v1', '--rev-id', 'a00000000001']);
    ok(p, ['upgrade', 'head']);
    await p.db.query(`INSERT INTO pairs (a, b, note) VALUES ('x', 1, 'one'), ('x', 2, NULL), ('y', 1, 'three')`);
    const before = await introspected(p);

    useSource(p, pairs(true));
    ok(p, ['revision', '--autogenerate', '-m', 'v2', '--rev-id', 'b00000000002']);
    ok(p, ['upgrade', 'head']);
    expectClean(p, 'the new primary key');
    expect(withoutTypeormBugs(typeormPending(p)), 'TypeORM would still change the schema').to.deep.equal([]);
    const after = await introspected(p);
    expect(after.tables[0].primaryKey?.columns).to.deep.equal(['a', 'b']);
    const rows = `SELECT a, b, note FROM pairs ORDER BY a, b`;
    const kept = [
      { a: 'x', b: 1, note: 'one' },
      { a: 'x', b: 2, note: null },
      { a: 'y', b: 1, note: 'three' },
    ];
    expect(await p.db.query(rows)).to.deep.equal(kept);
    await p.db.query(`INSERT INTO pairs (a, b) VALUES ('z', 9)`);
    await p.db.query(`DELETE FROM pairs WHERE a = 'z'`);

    ok(p, ['downgrade', '-1']);
    expect(await introspected(p)).to.deep.equal(before);
    expect(await p.db.query(rows)).to.deep.equal(kept);
    // The restored id numbers every row again (its old values went with the column).
    expect((await p.db.query<{ n: unknown }>('SELECT count(DISTINCT id) AS n FROM pairs'))[0].n).to.satisfy((n: unknown) => Number(n) === 3);
    ok(p, ['upgrade', 'head']);
    expectClean(p, 'the new primary key, again');
  });

  it(`a generation added to an existing primary key column${pg ? ', changed (identity -> serial)' : ''} and removed by downgrade: new rows continue after the existing ones`, async function () {
    this.timeout(240_000);
    const p = await setup();
    const items = (id: string) => `${ENTITY_IMPORTS}
@Entity('items')
export class Item {
  ${id} id!: number;
  @Column({ type: 'varchar', length: 20 }) label!: string;
}
`;
    const versions = pg ? ["@PrimaryColumn({ type: 'int' })", "@PrimaryGeneratedColumn('identity')", '@PrimaryGeneratedColumn()'] : ["@PrimaryColumn({ type: 'int' })", '@PrimaryGeneratedColumn()'];
    useSource(p, items(versions[0]));
    ok(p, ['revision', '--autogenerate', '-m', 'v0', '--rev-id', 'a00000000000']);
    ok(p, ['upgrade', 'head']);
    await p.db.query(`INSERT INTO items (id, label) VALUES (1, 'a'), (5, 'b')`);
    const start = await introspected(p);
    const schemas = [start];
    const lastId = async () => Number((await p.db.query<{ id: unknown }>('SELECT max(id) AS id FROM items'))[0].id);
    for (let i = 1; i < versions.length; i++) {
      useSource(p, items(versions[i]));
      const id = `a0000000000${i}`;
      ok(p, ['revision', '--autogenerate', '-m', `v${i}`, '--rev-id', id]);
      expect(revisionText(p, id)).to.match(/generated: '(identity|increment)'/);
      ok(p, ['upgrade', 'head']);
      expectClean(p, versions[i]);
      expect(withoutTypeormBugs(typeormPending(p)), `TypeORM would still change ${versions[i]}`).to.deep.equal([]);
      const max = await lastId();
      await p.db.query(`INSERT INTO items (label) VALUES ('new')`);
      expect(await lastId()).to.equal(max + 1);
      schemas.push(await introspected(p));
    }
    for (let i = versions.length - 1; i > 0; i--) {
      ok(p, ['downgrade', '-1']);
      expect(await introspected(p), `downgrade to ${versions[i - 1]}`).to.deep.equal(schemas[i - 1]);
    }
    expect(await p.db.query<{ n: unknown }>('SELECT count(*) AS n FROM items').then((r) => Number(r[0].n))).to.equal(versions.length + 1);
  });

  it('an index the entity marks synchronize: false is neither created nor dropped: the one the user created stays, mig check is clean', async function () {
    this.timeout(240_000);
    const p = await setup();
    useSource(
      p,
      `${ENTITY_IMPORTS}
@Entity('things')
@Index('ix_things_manual', ['name'], { synchronize: false })
@Index('ix_things_kind', ['kind'])
export class Thing {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 40 }) name!: string;
  @Column({ type: 'varchar', length: 10 }) kind!: string;
}
`,
    );
    ok(p, ['revision', '--autogenerate', '-m', 'things', '--rev-id', 'a00000000001']);
    const text = revisionText(p, 'a00000000001');
    expect(text).to.include('ix_things_kind');
    expect(text).to.not.include('ix_things_manual');
    ok(p, ['upgrade', 'head']);
    // The user's own index, defined as TypeORM would not (an expression; MariaDB has none: a prefix).
    await p.db.query(my ? `CREATE INDEX ix_things_manual ON things (name(5))` : `CREATE INDEX ix_things_manual ON things (lower(name))`);
    expectClean(p, 'with the user index');
    expect(withoutTypeormBugs(typeormPending(p)), 'TypeORM leaves the user index alone too').to.deep.equal([]);
    const indexes = (await introspected(p)).tables.find((t) => t.name === 'things')!.indexes.map((i) => i.name);
    expect(indexes).to.include('ix_things_manual');
  });

  it("the version table and TypeORM's tables under their configured names are never compared; a user table named migrations is, when TypeORM's is elsewhere", async function () {
    this.timeout(240_000);
    const p = await setup();
    const url = JSON.stringify(p.db.url);
    const options = pg ? `{ type: 'postgres', url: ${url}` : my ? `{ type: '${p.db.url.startsWith('mariadb:') ? 'mariadb' : 'mysql'}', url: ${url}` : `{ type: 'better-sqlite3', database: ${JSON.stringify(p.db.url.slice('sqlite:'.length))}`;
    useSource(
      p,
      `${ENTITY_IMPORTS}
// An entity mapped onto mig's version table (to read it): never created, never altered.
@Entity('mig_version')
export class MigVersion {
  @PrimaryColumn({ type: 'varchar', length: 255 }) version_num!: string;
}
// TypeORM's migrations table is 'typeorm_migs' here: 'migrations' is the user's.
@Entity('migrations')
export class Migration {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 40 }) title!: string;
}
`,
    );
    fs.writeFileSync(
      path.join(p.dir, 'migrations', 'env.ts'),
      `import * as entities from '../src/entities';\nexport const targetMetadata = Object.values(entities).filter((e) => typeof e === 'function');\nexport const dataSource = ${options}, migrationsTableName: 'typeorm_migs', metadataTableName: 'typeorm_meta' };\n`,
    );
    // TypeORM's tables, as its migration:run and its metadata would have made them.
    const varchar = my ? 'varchar(255)' : 'varchar';
    await p.db.query(`CREATE TABLE typeorm_migs (id integer PRIMARY KEY, ${quoted(dialect, 'timestamp')} bigint NOT NULL, name ${varchar} NOT NULL)`);
    await p.db.query(`CREATE TABLE typeorm_meta (type ${varchar} NOT NULL, name ${varchar})`);
    ok(p, ['revision', '--autogenerate', '-m', 'init', '--rev-id', 'a00000000001']);
    const text = revisionText(p, 'a00000000001');
    expect(text).to.match(/createTable\(\s*'migrations'/);
    for (const name of ['mig_version', 'typeorm_migs', 'typeorm_meta']) expect(text, name).to.not.include(name);
    ok(p, ['upgrade', 'head']);
    expectClean(p, 'bookkeeping tables');
    expect(await p.db.versions()).to.deep.equal(['a00000000001']);
  });

  if (pg) {
    it("an enum column with a default moved to another enum type: the default dropped, the type changed with USING, the model's default set; the downgrade restores the schema", async function () {
      this.timeout(240_000);
      const p = await setup();
      const posts = (enumName: string) => `${ENTITY_IMPORTS}
@Entity('posts')
export class Post {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'enum', enum: ['draft', 'published'], enumName: '${enumName}', default: 'draft' }) status!: string;
}
`;
      useSource(p, posts('post_status_enum'));
      ok(p, ['revision', '--autogenerate', '-m', 'v1', '--rev-id', 'a00000000001']);
      ok(p, ['upgrade', 'head']);
      await p.db.query(`INSERT INTO posts (status) VALUES ('published'), (DEFAULT)`);
      const before = await introspected(p);

      useSource(p, posts('post_state_enum'));
      ok(p, ['revision', '--autogenerate', '-m', 'v2', '--rev-id', 'b00000000002']);
      ok(p, ['upgrade', 'head']);
      expectClean(p, 'the new enum type');
      expect(withoutTypeormBugs(typeormPending(p)), 'TypeORM would still change the schema').to.deep.equal([]);
      await p.db.query(`INSERT INTO posts DEFAULT VALUES`);
      expect(await p.db.query(`SELECT status::text AS status FROM posts ORDER BY id`)).to.deep.equal([{ status: 'published' }, { status: 'draft' }, { status: 'draft' }]);
      await p.db.query(`DELETE FROM posts WHERE id = 3`);

      ok(p, ['downgrade', '-1']);
      expect(await introspected(p)).to.deep.equal(before);
      expect(await p.db.query(`SELECT status::text AS status FROM posts ORDER BY id`)).to.deep.equal([{ status: 'published' }, { status: 'draft' }]);
    });
  }
}, { dialects: ['sqlite', 'postgres', 'mysql'] });
