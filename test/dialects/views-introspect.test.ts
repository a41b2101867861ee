/**
 * Introspection of views and generated columns, on a real PostgreSQL database and a real SQLite
 * file built with raw DDL: a view's definition is the text typeorm_metadata records (what
 * TypeORM compares), else the database's own; what each view reads; a materialized view's
 * indexes; a generated column's expression and kind.
 */
import Database from 'better-sqlite3';
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { introspect as introspectPostgres } from '../../src/dialects/postgres/introspect';
import { introspect as introspectSqlite, parseCreateView } from '../../src/dialects/sqlite/introspect';
import type { Queryable } from '../../src/dialects/types';
import { freshDatabase, type TestDatabase } from '../helpers/postgres';

const METADATA_TABLE = (name = '"typeorm_metadata"') =>
  `CREATE TABLE ${name} ("type" varchar NOT NULL, "database" varchar, "schema" varchar, "table" varchar, "name" varchar, "value" text)`;

describe('introspect views and generated columns (PostgreSQL)', function () {
  this.timeout(60_000);
  let database: TestDatabase | undefined;
  let client: Client | undefined;

  async function withSchema(ddl: string): Promise<Queryable> {
    database = await freshDatabase();
    client = new Client({ connectionString: database.url });
    await client.connect();
    await client.query(ddl);
    const c = client;
    return { query: async (sql, params) => (await c.query(sql, params)).rows };
  }

  afterEach(async () => {
    await client?.end();
    client = undefined;
    await database?.drop();
    database = undefined;
  });

  const SCHEMA = `
    CREATE TABLE ranges (id integer PRIMARY KEY, "from" integer NOT NULL, "to" integer NOT NULL, label text,
      length integer GENERATED ALWAYS AS ("to" - "from") STORED);
    CREATE VIEW long_ranges AS SELECT "id", "length" FROM "ranges" WHERE "length" > 10;
    CREATE VIEW long_range_ids AS SELECT lr.id FROM long_ranges lr;
    CREATE VIEW counted AS SELECT count(*) AS n FROM ranges;
    CREATE MATERIALIZED VIEW range_stats AS SELECT count(*)::int AS n, max("createdAt") AS latest FROM (SELECT 1 AS "createdAt") x;
    CREATE UNIQUE INDEX "IDX_range_stats_n" ON range_stats (n);
    CREATE INDEX "IDX_range_stats_latest" ON range_stats ("latest" DESC);
  `;

  it("reads views and materialized views with the server's definition, what they read (columns too), and a materialized view's indexes", async () => {
    const db = await withSchema(SCHEMA);
    const model = await introspectPostgres(db, {});
    // The server's own text (its layout is the server version's).
    const def = async (name: string) => String((await db.query(`SELECT pg_get_viewdef($1::regclass) AS d`, [name]))[0].d).trim().replace(/;$/, '');
    expect(model.views).to.deep.equal([
      // Only the table: count(*) names no column.
      { name: 'counted', definition: await def('counted'), indexes: [], dependsOn: [{ name: 'ranges', columns: [] }] },
      { name: 'long_range_ids', definition: await def('long_range_ids'), indexes: [], dependsOn: [{ name: 'long_ranges', columns: ['id'] }] },
      { name: 'long_ranges', definition: await def('long_ranges'), indexes: [], dependsOn: [{ name: 'ranges', columns: ['id', 'length'] }] },
      {
        name: 'range_stats',
        definition: await def('range_stats'),
        materialized: true,
        indexes: [
          { name: 'IDX_range_stats_latest', columns: ['"latest" DESC'], unique: false },
          { name: 'IDX_range_stats_n', columns: ['n'], unique: true },
        ],
      },
    ]);
    // A generated column: the expression as the server deparses it.
    expect(model.tables[0].columns[4]).to.deep.equal({ name: 'length', type: 'integer', nullable: true, asExpression: '("to" - "from")', generatedType: 'STORED' });
  });

  it('takes the definitions and expressions typeorm_metadata records, as TypeORM does: the row of the view (or column of this database) in its schema', async () => {
    const db = await withSchema(`${SCHEMA}
      ${METADATA_TABLE()};
      INSERT INTO typeorm_metadata VALUES
        ('VIEW', NULL, 'public', NULL, 'long_ranges', 'SELECT "id", "length" FROM "ranges" WHERE "length" > 10'),
        ('MATERIALIZED_VIEW', NULL, 'public', NULL, 'range_stats', 'SELECT count(*)::int AS n FROM x'),
        ('VIEW', NULL, 'elsewhere', NULL, 'counted', 'not this one'),
        ('GENERATED_COLUMN', 'another_database', 'public', 'ranges', 'length', 'not this one either'),
        ('GENERATED_COLUMN', current_database(), 'public', 'ranges', 'length', '"to" - "from"');
    `);
    const model = await introspectPostgres(db, {});
    const views = Object.fromEntries((model.views ?? []).map((v) => [v.name, v]));
    expect([views.long_ranges.definition, views.long_ranges.recorded]).to.deep.equal(['SELECT "id", "length" FROM "ranges" WHERE "length" > 10', true]);
    expect([views.range_stats.definition, views.range_stats.recorded]).to.deep.equal(['SELECT count(*)::int AS n FROM x', true]);
    expect(views.counted.recorded).to.equal(undefined);
    expect(views.counted.definition).to.match(/^SELECT count\(\*\) AS n\s+FROM ranges$/);
    expect(model.tables[0].columns[4].asExpression).to.equal('"to" - "from"');
  });

  it('reads the metadata table the DataSource names, and no table that is not TypeORM’s', async () => {
    const db = await withSchema(`${SCHEMA}
      CREATE SCHEMA app;
      ${METADATA_TABLE('app.meta')};
      INSERT INTO app.meta VALUES ('VIEW', NULL, 'public', NULL, 'counted', 'SELECT count(*) AS n FROM ranges');
      CREATE TABLE typeorm_metadata (type varchar, name varchar);
    `);
    const custom = await introspectPostgres(db, { metadataTable: { schema: 'app', name: 'meta' } });
    expect(custom.views!.filter((v) => v.recorded).map((v) => v.name)).to.deep.equal(['counted']);
    // The default name holds a table of other columns: not TypeORM's, read as no rows.
    const byDefault = await introspectPostgres(db, {});
    expect(byDefault.views!.filter((v) => v.recorded)).to.deep.equal([]);
  });

  it('has no views list when the schema has no views', async () => {
    const db = await withSchema('CREATE TABLE t (id integer)');
    expect(await introspectPostgres(db, {})).to.not.have.property('views');
  });
});

describe('introspect views and generated columns (SQLite)', () => {
  let dir: string;
  let conn: Database.Database | undefined;

  function withSchema(ddl: string): Queryable {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mig-views-'));
    conn = new Database(path.join(dir, 'app.db'));
    conn.exec(ddl);
    const c = conn;
    return { query: async (sql, params = []) => c.prepare(sql).all(...params) as Record<string, unknown>[] };
  }

  afterEach(() => {
    conn?.close();
    conn = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const SCHEMA = `
    CREATE TABLE ranges ("id" integer PRIMARY KEY, "from" integer NOT NULL, "to" integer NOT NULL,
      "length" integer NOT NULL AS ("to" - "from") STORED, "total" integer GENERATED ALWAYS AS ("to" + "from") VIRTUAL);
    CREATE VIEW "long_ranges" AS
      SELECT "id", "length" FROM "ranges" WHERE "length" > 10;
    CREATE VIEW long_range_ids (id) AS SELECT lr.id FROM long_ranges lr;
  `;

  it('reads views with the query of their CREATE VIEW and the tables and views it names (columns unknown), and generated columns by kind', async () => {
    const db = withSchema(SCHEMA);
    const model = await introspectSqlite(db, {});
    expect(model.views).to.deep.equal([
      { name: 'long_range_ids', definition: 'SELECT lr.id FROM long_ranges lr', indexes: [], dependsOn: [{ name: 'long_ranges' }] },
      { name: 'long_ranges', definition: 'SELECT "id", "length" FROM "ranges" WHERE "length" > 10', indexes: [], dependsOn: [{ name: 'ranges' }] },
    ]);
    expect(model.tables[0].columns.slice(3)).to.deep.equal([
      { name: 'length', type: 'integer', nullable: false, asExpression: '"to" - "from"', generatedType: 'STORED' },
      { name: 'total', type: 'integer', nullable: true, asExpression: '"to" + "from"', generatedType: 'VIRTUAL' },
    ]);
  });

  it('takes the definitions and expressions typeorm_metadata records (the DataSource’s table), as TypeORM does', async () => {
    const db = withSchema(`${SCHEMA}
      ${METADATA_TABLE('"app_meta"')};
      INSERT INTO app_meta VALUES ('VIEW', NULL, NULL, NULL, 'long_ranges', '  SELECT "id", "length" FROM "ranges" WHERE "length" > 10  '),
        ('GENERATED_COLUMN', NULL, NULL, 'ranges', 'total', ' "to" + "from" ');
    `);
    const model = await introspectSqlite(db, { metadataTable: { name: 'app_meta' } });
    expect(model.views!.map((v) => [v.name, v.definition, v.recorded])).to.deep.equal([
      ['long_range_ids', 'SELECT lr.id FROM long_ranges lr', undefined],
      ['long_ranges', 'SELECT "id", "length" FROM "ranges" WHERE "length" > 10', true],
    ]);
    // The metadata table is not one of the user's; the expression as TypeORM wrote it, spaces and
    // all (TypeORM's SQLite driver compares it as is).
    expect(model.tables.map((t) => t.name)).to.deep.equal(['ranges']);
    expect(model.tables[0].columns[4].asExpression).to.equal(' "to" + "from" ');
    // Without the table's name, nothing is recorded.
    expect((await introspectSqlite(db, {})).views!.every((v) => !v.recorded)).to.equal(true);
  });

  it('reads the query of every form of CREATE VIEW', () => {
    expect(parseCreateView('CREATE VIEW v AS SELECT 1')).to.equal('SELECT 1');
    expect(parseCreateView('CREATE TEMP VIEW IF NOT EXISTS main."my as view" (a, b) AS\n  SELECT 1 AS a, 2 AS b;')).to.equal('SELECT 1 AS a, 2 AS b');
    expect(parseCreateView('create view "v" as select "as" from t')).to.equal('select "as" from t');
  });
});
