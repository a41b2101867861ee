/**
 * Introspection reads a live database into the SchemaModel that autogenerate compares with the
 * entities: a real PostgreSQL database (test server) and a real SQLite file, each built with
 * raw DDL, read back and compared with the exact expected model.
 */
import Database from 'better-sqlite3';
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { introspect as introspectPostgres } from '../../src/dialects/postgres/introspect';
import { introspect as introspectSqlite } from '../../src/dialects/sqlite/introspect';
import type { Queryable } from '../../src/dialects/types';
import { tableText } from '../../src/operations/ops';
import type { SchemaModel, SchemaTable } from '../../src/schema/model';
import { freshDatabase, type TestDatabase } from '../helpers/postgres';

/** Counts the queries sent through it and the most ever in flight at once. */
function counting(inner: Queryable): Queryable & { calls: number; maxInFlight: number } {
  let inFlight = 0;
  const wrapper = {
    calls: 0,
    maxInFlight: 0,
    async query(sql: string, params?: unknown[]) {
      wrapper.calls++;
      inFlight++;
      wrapper.maxInFlight = Math.max(wrapper.maxInFlight, inFlight);
      try {
        return await inner.query(sql, params);
      } finally {
        inFlight--;
      }
    },
  };
  return wrapper;
}

const table = (t: Partial<SchemaTable> & Pick<SchemaTable, 'name' | 'columns'>): SchemaTable => ({ uniques: [], foreignKeys: [], checks: [], indexes: [], ...t });

describe('introspect (PostgreSQL)', function () {
  this.timeout(60_000);
  let database: TestDatabase | undefined;
  let client: Client | undefined;

  /** A fresh database with `ddl` run in it, and a Queryable on one pg client. */
  async function withSchema(ddl: string): Promise<Queryable & { client: Client }> {
    database = await freshDatabase();
    client = new Client({ connectionString: database.url });
    await client.connect();
    await client.query(ddl);
    const c = client;
    return { client: c, query: async (sql, params) => (await c.query(sql, params)).rows };
  }

  afterEach(async () => {
    await client?.end();
    client = undefined;
    await database?.drop();
    database = undefined;
  });

  it('reads column types as the catalog names them, split into the type and its length, precision, scale and array flag', async () => {
    const db = await withSchema(`
      CREATE TABLE kinds (
        id integer NOT NULL,
        title varchar(200) NOT NULL,
        body text,
        code char(2),
        price numeric(10,2),
        ratio numeric,
        score double precision,
        small smallint,
        big bigint,
        flag boolean NOT NULL,
        created timestamp(3) without time zone,
        updated timestamptz,
        at_time time(0) with time zone,
        bits bit varying(5),
        meta jsonb,
        tags text[],
        codes varchar(20)[] NOT NULL,
        matrix integer[][]
      );
      COMMENT ON COLUMN kinds.title IS 'The title';
      COMMENT ON TABLE kinds IS 'All kinds of columns';
    `);
    const model = await introspectPostgres(db, {});
    expect(model).to.deep.equal({
      dialect: 'postgres',
      tables: [
        table({
          name: 'kinds',
          columns: [
            { name: 'id', type: 'integer', nullable: false },
            { name: 'title', type: 'character varying', length: 200, nullable: false, comment: 'The title' },
            { name: 'body', type: 'text', nullable: true },
            { name: 'code', type: 'character', length: 2, nullable: true },
            { name: 'price', type: 'numeric', precision: 10, scale: 2, nullable: true },
            { name: 'ratio', type: 'numeric', nullable: true },
            { name: 'score', type: 'double precision', nullable: true },
            { name: 'small', type: 'smallint', nullable: true },
            { name: 'big', type: 'bigint', nullable: true },
            { name: 'flag', type: 'boolean', nullable: false },
            { name: 'created', type: 'timestamp without time zone', precision: 3, nullable: true },
            { name: 'updated', type: 'timestamp with time zone', nullable: true },
            { name: 'at_time', type: 'time with time zone', precision: 0, nullable: true },
            { name: 'bits', type: 'bit varying', length: 5, nullable: true },
            { name: 'meta', type: 'jsonb', nullable: true },
            { name: 'tags', type: 'text', array: true, nullable: true },
            { name: 'codes', type: 'character varying', length: 20, array: true, nullable: false },
            { name: 'matrix', type: 'integer', array: true, nullable: true },
          ],
          comment: 'All kinds of columns',
        }),
      ],
      enums: [],
    } satisfies SchemaModel);
  });

  it('reports serial columns as increment and identity columns as identity (ALWAYS kept) without a default, and keeps every other default as its SQL text', async () => {
    const db = await withSchema(`
      CREATE SEQUENCE shared_seq;
      CREATE TABLE counters (
        id serial PRIMARY KEY,
        big_id bigserial NOT NULL,
        always_id integer GENERATED ALWAYS AS IDENTITY,
        default_id bigint GENERATED BY DEFAULT AS IDENTITY,
        token uuid NOT NULL DEFAULT gen_random_uuid(),
        created timestamptz NOT NULL DEFAULT now(),
        label varchar(20) DEFAULT 'none',
        amount integer DEFAULT -1,
        tags text[] DEFAULT '{}',
        ticket integer DEFAULT nextval('shared_seq'),
        doubled integer GENERATED ALWAYS AS (amount * 2) STORED
      );
    `);
    const model = await introspectPostgres(db, {});
    expect(model.tables).to.deep.equal([
      table({
        name: 'counters',
        columns: [
          { name: 'id', type: 'integer', nullable: false, generated: 'increment' },
          { name: 'big_id', type: 'bigint', nullable: false, generated: 'increment' },
          { name: 'always_id', type: 'integer', nullable: false, generated: 'identity', generatedIdentity: 'ALWAYS' },
          { name: 'default_id', type: 'bigint', nullable: false, generated: 'identity' },
          { name: 'token', type: 'uuid', nullable: false, default: { sql: 'gen_random_uuid()' } },
          { name: 'created', type: 'timestamp with time zone', nullable: false, default: { sql: 'now()' } },
          { name: 'label', type: 'character varying', length: 20, nullable: true, default: { sql: "'none'::character varying" } },
          { name: 'amount', type: 'integer', nullable: true, default: { sql: "'-1'::integer" } },
          { name: 'tags', type: 'text', array: true, nullable: true, default: { sql: "'{}'::text[]" } },
          // nextval() of a sequence the column does not own is a plain default, not a serial.
          { name: 'ticket', type: 'integer', nullable: true, default: { sql: "nextval('shared_seq'::regclass)" } },
          // A generated column's expression is not a default.
          // A generated column: its expression as the server deparses it (no typeorm_metadata row here).
          { name: 'doubled', type: 'integer', nullable: true, asExpression: '(amount * 2)', generatedType: 'STORED' },
        ],
        primaryKey: { kind: 'primaryKey', name: 'counters_pkey', columns: ['id'] },
      }),
    ]);
  });

  it('reads enum and enum-array columns with their type and values, and lists every enum type of the schemas with values in sort order', async () => {
    const db = await withSchema(`
      CREATE SCHEMA app;
      CREATE SCHEMA elsewhere;
      CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
      CREATE TYPE app.status AS ENUM ('new', 'archived');
      ALTER TYPE app.status ADD VALUE 'active' BEFORE 'archived';
      CREATE TYPE "Order Kind" AS ENUM ('b2b', 'b2c');
      CREATE TYPE elsewhere.region AS ENUM ('eu', 'us');
      CREATE TYPE unused AS ENUM ('x');
      CREATE TABLE people (
        mood mood NOT NULL DEFAULT 'ok',
        moods mood[],
        status app.status,
        kind "Order Kind",
        region elsewhere.region
      );
      CREATE TABLE app.tickets (status app.status NOT NULL, history app.status[], mood mood);
    `);
    const model = await introspectPostgres(db, { schemas: ['public', 'app'] });
    const moods = ['sad', 'ok', 'happy'];
    const statuses = ['new', 'active', 'archived'];
    expect(model).to.deep.equal({
      dialect: 'postgres',
      tables: [
        table({
          name: 'people',
          columns: [
            { name: 'mood', type: 'enum', enum: moods, enumName: 'mood', nullable: false, default: { sql: "'ok'::mood" } },
            { name: 'moods', type: 'enum', array: true, enum: moods, enumName: 'mood', nullable: true },
            { name: 'status', type: 'enum', enum: statuses, enumName: 'status', enumSchema: 'app', nullable: true },
            { name: 'kind', type: 'enum', enum: ['b2b', 'b2c'], enumName: 'Order Kind', nullable: true },
            { name: 'region', type: 'enum', enum: ['eu', 'us'], enumName: 'region', enumSchema: 'elsewhere', nullable: true },
          ],
        }),
        table({
          schema: 'app',
          name: 'tickets',
          columns: [
            { name: 'status', type: 'enum', enum: statuses, enumName: 'status', nullable: false },
            { name: 'history', type: 'enum', array: true, enum: statuses, enumName: 'status', nullable: true },
            { name: 'mood', type: 'enum', enum: moods, enumName: 'mood', enumSchema: 'public', nullable: true },
          ],
        }),
      ],
      // elsewhere.region is used, but its schema is not introspected.
      enums: [
        { name: 'Order Kind', values: ['b2b', 'b2c'] },
        { name: 'mood', values: moods },
        { name: 'unused', values: ['x'] },
        { schema: 'app', name: 'status', values: statuses },
      ],
    } satisfies SchemaModel);
  });

  it('reads primary keys, unique constraints, foreign keys (columns in order, actions, deferrable) and checks with their names, and no index for them', async () => {
    const db = await withSchema(`
      CREATE SCHEMA app;
      CREATE TABLE app.accounts (id integer PRIMARY KEY);
      CREATE TABLE orders (
        tenant_id integer NOT NULL,
        id integer NOT NULL,
        account_id integer REFERENCES app.accounts (id) ON DELETE SET NULL ON UPDATE RESTRICT,
        code varchar(10) NOT NULL,
        quantity integer NOT NULL,
        CONSTRAINT orders_pk PRIMARY KEY (tenant_id, id),
        CONSTRAINT orders_code_uq UNIQUE (tenant_id, code),
        CONSTRAINT quantity_positive CHECK (quantity > 0)
      );
      CREATE TABLE order_lines (
        tenant_id integer NOT NULL,
        order_id integer NOT NULL,
        line integer NOT NULL,
        prev_line integer,
        PRIMARY KEY (tenant_id, order_id, line),
        CONSTRAINT lines_order_fk FOREIGN KEY (order_id, tenant_id) REFERENCES orders (id, tenant_id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
        CONSTRAINT lines_prev_fk FOREIGN KEY (tenant_id, order_id, prev_line) REFERENCES order_lines DEFERRABLE
      );
      ALTER TABLE order_lines ADD CONSTRAINT line_small CHECK (line < 1000) NOT VALID;
    `);
    const model = await introspectPostgres(db, {});
    expect(model).to.deep.equal({
      dialect: 'postgres',
      tables: [
        table({
          name: 'order_lines',
          columns: [
            { name: 'tenant_id', type: 'integer', nullable: false },
            { name: 'order_id', type: 'integer', nullable: false },
            { name: 'line', type: 'integer', nullable: false },
            { name: 'prev_line', type: 'integer', nullable: true },
          ],
          primaryKey: { kind: 'primaryKey', name: 'order_lines_pkey', columns: ['tenant_id', 'order_id', 'line'] },
          foreignKeys: [
            {
              kind: 'foreignKey',
              name: 'lines_order_fk',
              columns: ['order_id', 'tenant_id'],
              referencedTable: { name: 'orders' },
              referencedColumns: ['id', 'tenant_id'],
              onDelete: 'CASCADE',
              deferrable: 'INITIALLY DEFERRED',
            },
            {
              kind: 'foreignKey',
              name: 'lines_prev_fk',
              columns: ['tenant_id', 'order_id', 'prev_line'],
              referencedTable: { name: 'order_lines' },
              referencedColumns: ['tenant_id', 'order_id', 'line'],
              deferrable: 'INITIALLY IMMEDIATE',
            },
          ],
          checks: [{ kind: 'check', name: 'line_small', expression: 'line < 1000' }],
        }),
        table({
          name: 'orders',
          columns: [
            { name: 'tenant_id', type: 'integer', nullable: false },
            { name: 'id', type: 'integer', nullable: false },
            { name: 'account_id', type: 'integer', nullable: true },
            { name: 'code', type: 'character varying', length: 10, nullable: false },
            { name: 'quantity', type: 'integer', nullable: false },
          ],
          primaryKey: { kind: 'primaryKey', name: 'orders_pk', columns: ['tenant_id', 'id'] },
          uniques: [{ kind: 'unique', name: 'orders_code_uq', columns: ['tenant_id', 'code'] }],
          foreignKeys: [
            {
              kind: 'foreignKey',
              name: 'orders_account_id_fkey',
              columns: ['account_id'],
              referencedTable: { schema: 'app', name: 'accounts' },
              referencedColumns: ['id'],
              onDelete: 'SET NULL',
              onUpdate: 'RESTRICT',
            },
          ],
          checks: [{ kind: 'check', name: 'quantity_positive', expression: 'quantity > 0' }],
        }),
      ],
      enums: [],
    } satisfies SchemaModel);
  });

  it('reads indexes with their columns in order, expressions as SQL text, sort order, uniqueness and partial predicates', async () => {
    const db = await withSchema(`
      CREATE TABLE users (
        id integer PRIMARY KEY,
        email varchar(200) NOT NULL,
        name text,
        org_id integer,
        deleted_at timestamptz,
        CONSTRAINT users_email_key UNIQUE (email)
      );
      CREATE INDEX users_org_name_idx ON users (org_id, name);
      CREATE UNIQUE INDEX users_lower_email_idx ON users (lower(email));
      CREATE UNIQUE INDEX users_active_name_idx ON users (name) WHERE deleted_at IS NULL;
      CREATE INDEX users_recent_idx ON users (deleted_at DESC, id);
      CREATE INDEX users_sum_idx ON users ((org_id + id), name DESC NULLS LAST);
    `);
    const model = await introspectPostgres(db, {});
    expect(model.tables).to.deep.equal([
      table({
        name: 'users',
        columns: [
          { name: 'id', type: 'integer', nullable: false },
          { name: 'email', type: 'character varying', length: 200, nullable: false },
          { name: 'name', type: 'text', nullable: true },
          { name: 'org_id', type: 'integer', nullable: true },
          { name: 'deleted_at', type: 'timestamp with time zone', nullable: true },
        ],
        primaryKey: { kind: 'primaryKey', name: 'users_pkey', columns: ['id'] },
        uniques: [{ kind: 'unique', name: 'users_email_key', columns: ['email'] }],
        indexes: [
          { name: 'users_active_name_idx', columns: ['name'], unique: true, where: 'deleted_at IS NULL' },
          { name: 'users_lower_email_idx', columns: ['lower(email::text)'], unique: true },
          { name: 'users_org_name_idx', columns: ['org_id', 'name'], unique: false },
          { name: 'users_recent_idx', columns: ['"deleted_at" DESC', 'id'], unique: false },
          { name: 'users_sum_idx', columns: ['(org_id + id)', '"name" DESC NULLS LAST'], unique: false },
        ],
      }),
    ]);
  });

  it('reads the current schema by default, or the configured ones (qualifying tables outside the current schema), without the version table, TypeORM tables or partitions, views apart', async () => {
    const db = await withSchema(`
      CREATE SCHEMA app;
      CREATE SCHEMA other;
      CREATE TABLE users (id integer PRIMARY KEY);
      CREATE TABLE mig_version (version_num varchar(255) NOT NULL);
      CREATE TABLE migrations (id serial PRIMARY KEY, "timestamp" bigint NOT NULL, name varchar NOT NULL);
      CREATE TABLE typeorm_metadata (type varchar NOT NULL, name varchar);
      CREATE VIEW user_ids AS SELECT id FROM users;
      CREATE TABLE events (id integer NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
      CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
      CREATE TABLE app.posts (id integer PRIMARY KEY, user_id integer CONSTRAINT posts_user_fk REFERENCES public.users (id));
      CREATE TABLE app.mig_version (version_num varchar(255) NOT NULL);
      CREATE TABLE other.hidden (id integer);
    `);
    const names = (m: SchemaModel) => m.tables.map(tableText);
    const versionTable = [{ name: 'mig_version' }];

    // pg_get_viewdef's wording differs by major (15 qualifies columns, 18 does not): the server says.
    const { rows: viewdef } = await db.client.query(`SELECT pg_get_viewdef('user_ids'::regclass) AS d`);
    const userIdsDefinition = String(viewdef[0].d).trim().replace(/;$/, '');
    expect(userIdsDefinition).to.match(/^SELECT (users\.)?id\n\s+FROM users$/);
    const byDefault = await introspectPostgres(db, { exclude: versionTable });
    expect(byDefault).to.deep.equal({
      dialect: 'postgres',
      tables: [
        table({
          name: 'events',
          columns: [
            { name: 'id', type: 'integer', nullable: false },
            { name: 'at', type: 'date', nullable: false },
          ],
        }),
        table({ name: 'users', columns: [{ name: 'id', type: 'integer', nullable: false }], primaryKey: { kind: 'primaryKey', name: 'users_pkey', columns: ['id'] } }),
      ],
      enums: [],
      views: [{ name: 'user_ids', definition: userIdsDefinition, indexes: [], dependsOn: [{ name: 'users', columns: ['id'] }] }],
    } satisfies SchemaModel);

    // The excluded ref names the current schema: app's table of the same name stays.
    const configured = await introspectPostgres(db, { schemas: ['public', 'app'], exclude: versionTable });
    expect(names(configured)).to.deep.equal(['events', 'users', 'app.mig_version', 'app.posts']);
    expect(configured.tables[3].foreignKeys).to.deep.equal([
      { kind: 'foreignKey', name: 'posts_user_fk', columns: ['user_id'], referencedTable: { name: 'users' }, referencedColumns: ['id'] },
    ]);

    // With app first on the search path, app is the current schema: its tables are unqualified.
    await db.client.query('SET search_path TO app, public');
    const inApp = await introspectPostgres(db, { schemas: ['app', 'public'], exclude: versionTable });
    expect(names(inApp)).to.deep.equal(['posts', 'public.events', 'public.mig_version', 'public.users']);
    expect(inApp.tables[0].foreignKeys[0].referencedTable).to.deep.equal({ schema: 'public', name: 'users' });
  });

  it('sends the same fixed number of catalog queries, one at a time, for 3 tables and for 60 with enum and array columns', async () => {
    const ddl: string[] = [];
    for (const [schema, count] of [
      ['s3', 3],
      ['s60', 60],
    ] as const) {
      ddl.push(`CREATE SCHEMA ${schema};`);
      for (let i = 1; i <= count; i++) {
        ddl.push(`
          CREATE TYPE ${schema}.t${i}_status AS ENUM ('new', 'done');
          CREATE TABLE ${schema}.t${i} (
            id serial PRIMARY KEY,
            status ${schema}.t${i}_status NOT NULL,
            history ${schema}.t${i}_status[],
            tags text[] NOT NULL DEFAULT '{}',
            prev_id integer ${i > 1 ? `REFERENCES ${schema}.t${i - 1} (id)` : ''},
            CONSTRAINT t${i}_few_tags CHECK (cardinality(tags) < 10)
          );
          CREATE INDEX t${i}_prev_idx ON ${schema}.t${i} (prev_id);
          COMMENT ON TABLE ${schema}.t${i} IS 'table ${i}';`);
      }
    }
    const db = await withSchema(ddl.join('\n'));

    const small = counting(db);
    const few = await introspectPostgres(small, { schemas: ['s3'] });
    const large = counting(db);
    const many = await introspectPostgres(large, { schemas: ['s60'] });

    expect(few.tables).to.have.length(3);
    expect(many.tables).to.have.length(60);
    expect(many.enums).to.have.length(60);
    for (const t of many.tables) {
      const n = t.name.slice(1);
      expect(t.columns[1]).to.deep.equal({ name: 'status', type: 'enum', enum: ['new', 'done'], enumName: `t${n}_status`, nullable: false });
      expect(t.columns[2]).to.deep.equal({ name: 'history', type: 'enum', array: true, enum: ['new', 'done'], enumName: `t${n}_status`, nullable: true });
      expect(t.indexes).to.deep.equal([{ name: `t${n}_prev_idx`, columns: ['prev_id'], unique: false }]);
      expect(t.comment).to.equal(`table ${n}`);
    }
    expect(large.calls).to.equal(small.calls);
    expect(large.calls).to.be.at.most(10);
    expect(small.maxInFlight).to.equal(1);
    expect(large.maxInFlight).to.equal(1);
  });
});

describe('introspect (SQLite)', () => {
  let dir: string;
  let conn: Database.Database | undefined;

  /** A SQLite file with `ddl` run in it, and a Queryable on the connection. */
  function withSchema(ddl: string): Queryable & { conn: Database.Database } {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mig-introspect-'));
    const c = new Database(path.join(dir, 'app.db'));
    conn = c;
    c.exec(ddl);
    return { conn: c, query: async (sql, params = []) => c.prepare(sql).all(...params) as Record<string, unknown>[] };
  }

  afterEach(() => {
    conn?.close();
    conn = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads columns: declared types split, NOT NULL, defaults as written, AUTOINCREMENT as increment and an enum CHECK as enum values', async () => {
    const db = withSchema(`
      CREATE TABLE "items" (
        "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
        "title" VARCHAR(200) NOT NULL,
        "price" decimal(10,2) NOT NULL DEFAULT 0,
        "status" varchar CHECK( "status" IN ('new','done') ) NOT NULL DEFAULT 'new',
        "created" datetime NOT NULL DEFAULT (datetime('now')),
        "note" text DEFAULT NULL,
        "delta" integer DEFAULT -1,
        "anything"
      );
      CREATE TABLE plain (id INTEGER PRIMARY KEY, n int);
    `);
    const model = await introspectSqlite(db, {});
    expect(model).to.deep.equal({
      dialect: 'sqlite',
      tables: [
        table({
          name: 'items',
          columns: [
            { name: 'id', type: 'integer', nullable: false, generated: 'increment' },
            { name: 'title', type: 'varchar', length: 200, nullable: false },
            { name: 'price', type: 'decimal', precision: 10, scale: 2, nullable: false, default: { sql: '0' } },
            { name: 'status', type: 'varchar', enum: ['new', 'done'], nullable: false, default: { sql: "'new'" } },
            { name: 'created', type: 'datetime', nullable: false, default: { sql: "datetime('now')" } },
            { name: 'note', type: 'text', nullable: true },
            { name: 'delta', type: 'integer', nullable: true, default: { sql: '-1' } },
            { name: 'anything', type: '', nullable: true },
          ],
          primaryKey: { kind: 'primaryKey', columns: ['id'] },
        }),
        // INTEGER PRIMARY KEY is the rowid: never NULL, and not AUTOINCREMENT.
        table({
          name: 'plain',
          columns: [
            { name: 'id', type: 'integer', nullable: false },
            { name: 'n', type: 'int', nullable: true },
          ],
          primaryKey: { kind: 'primaryKey', columns: ['id'] },
        }),
      ],
      enums: [],
    } satisfies SchemaModel);
  });

  it('reads keys and checks with their names from the CREATE TABLE text, UNIQUE autoindexes as unique constraints, and foreign keys with actions and deferrable', async () => {
    const db = withSchema(`
      CREATE TABLE accounts (id integer NOT NULL, region text NOT NULL, CONSTRAINT "PK_accounts" PRIMARY KEY (id, region));
      CREATE TABLE orders (
        id integer PRIMARY KEY NOT NULL,
        account_id integer NOT NULL,
        region text NOT NULL,
        code varchar(10) NOT NULL CONSTRAINT "UQ_orders_code" UNIQUE,
        ref text UNIQUE,
        quantity integer NOT NULL CHECK (quantity > 0),
        parent_id integer REFERENCES orders ON DELETE CASCADE,
        CONSTRAINT "UQ_orders_account_ref" UNIQUE (account_id, ref),
        CONSTRAINT "CHK_orders_small" CHECK (quantity < 1000),
        CONSTRAINT "FK_orders_account" FOREIGN KEY (region, account_id) REFERENCES Accounts (region, id) ON UPDATE SET NULL DEFERRABLE INITIALLY DEFERRED
      );
    `);
    const model = await introspectSqlite(db, {});
    expect(model).to.deep.equal({
      dialect: 'sqlite',
      tables: [
        table({
          name: 'accounts',
          columns: [
            { name: 'id', type: 'integer', nullable: false },
            { name: 'region', type: 'text', nullable: false },
          ],
          primaryKey: { kind: 'primaryKey', name: 'PK_accounts', columns: ['id', 'region'] },
        }),
        table({
          name: 'orders',
          columns: [
            { name: 'id', type: 'integer', nullable: false },
            { name: 'account_id', type: 'integer', nullable: false },
            { name: 'region', type: 'text', nullable: false },
            { name: 'code', type: 'varchar', length: 10, nullable: false },
            { name: 'ref', type: 'text', nullable: true },
            { name: 'quantity', type: 'integer', nullable: false },
            { name: 'parent_id', type: 'integer', nullable: true },
          ],
          primaryKey: { kind: 'primaryKey', columns: ['id'] },
          uniques: [
            { kind: 'unique', name: 'UQ_orders_account_ref', columns: ['account_id', 'ref'] },
            { kind: 'unique', name: 'UQ_orders_code', columns: ['code'] },
            { kind: 'unique', columns: ['ref'] },
          ],
          foreignKeys: [
            {
              kind: 'foreignKey',
              name: 'FK_orders_account',
              columns: ['region', 'account_id'],
              referencedTable: { name: 'accounts' },
              referencedColumns: ['region', 'id'],
              onUpdate: 'SET NULL',
              deferrable: 'INITIALLY DEFERRED',
            },
            // REFERENCES orders without columns: the parent's primary key.
            { kind: 'foreignKey', columns: ['parent_id'], referencedTable: { name: 'orders' }, referencedColumns: ['id'], onDelete: 'CASCADE' },
          ],
          checks: [
            { kind: 'check', name: 'CHK_orders_small', expression: 'quantity < 1000' },
            { kind: 'check', expression: 'quantity > 0' },
          ],
        }),
      ],
      enums: [],
    } satisfies SchemaModel);
  });

  it('reads indexes with their columns in order, expressions and partial predicates from the CREATE INDEX text, sort order and uniqueness', async () => {
    const db = withSchema(`
      CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL, name text, org_id integer, deleted_at datetime);
      CREATE INDEX "IDX_users_org_name" ON users (org_id, name);
      CREATE UNIQUE INDEX "IDX_users_lower_email" ON users (lower(email));
      CREATE UNIQUE INDEX "IDX_users_active_name" ON "users" ("name") WHERE deleted_at IS NULL;
      CREATE INDEX "IDX_users_recent" ON users (deleted_at DESC, id);
      CREATE INDEX "IDX_users_sum" ON users ((org_id + id) DESC, name COLLATE NOCASE);
    `);
    const model = await introspectSqlite(db, {});
    expect(model.tables).to.deep.equal([
      table({
        name: 'users',
        columns: [
          { name: 'id', type: 'integer', nullable: false },
          { name: 'email', type: 'text', nullable: false },
          { name: 'name', type: 'text', nullable: true },
          { name: 'org_id', type: 'integer', nullable: true },
          { name: 'deleted_at', type: 'datetime', nullable: true },
        ],
        primaryKey: { kind: 'primaryKey', columns: ['id'] },
        indexes: [
          { name: 'IDX_users_active_name', columns: ['name'], unique: true, where: 'deleted_at IS NULL' },
          { name: 'IDX_users_lower_email', columns: ['lower(email)'], unique: true },
          { name: 'IDX_users_org_name', columns: ['org_id', 'name'], unique: false },
          { name: 'IDX_users_recent', columns: ['"deleted_at" DESC', 'id'], unique: false },
          { name: 'IDX_users_sum', columns: ['(org_id + id) DESC', 'name'], unique: false },
        ],
      }),
    ]);
  });

  it('reads main by default, or the configured attached databases (qualified), without sqlite_ tables, virtual tables and their shadow tables, views, the version table and TypeORM tables', async () => {
    const db = withSchema(`
      CREATE TABLE users (id integer PRIMARY KEY);
      CREATE TABLE mig_version (version_num varchar(255) NOT NULL, CONSTRAINT mig_version_pkc PRIMARY KEY (version_num));
      CREATE TABLE migrations (id integer PRIMARY KEY AUTOINCREMENT NOT NULL, timestamp bigint NOT NULL, name varchar NOT NULL);
      CREATE TABLE typeorm_metadata (type varchar NOT NULL, name varchar);
      CREATE TABLE counters (id integer PRIMARY KEY AUTOINCREMENT);
      INSERT INTO counters DEFAULT VALUES;
      ANALYZE;
      CREATE VIEW user_ids AS SELECT id FROM users;
      CREATE VIRTUAL TABLE docs USING fts5(body);
    `);
    db.conn.exec(`ATTACH DATABASE '${path.join(dir, 'aux.db')}' AS aux`);
    db.conn.exec(`
      CREATE TABLE aux.notes (id integer PRIMARY KEY, parent_id integer REFERENCES notes (id));
      CREATE TABLE aux.mig_version (version_num varchar(255) NOT NULL);
    `);
    const names = (m: SchemaModel) => m.tables.map(tableText);
    const master = db.conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>;
    expect(master.map((r) => r.name)).to.include.members(['sqlite_sequence', 'sqlite_stat1', 'docs_data', 'docs_config']);

    const byDefault = await introspectSqlite(db, { exclude: [{ name: 'mig_version' }] });
    expect(names(byDefault)).to.deep.equal(['counters', 'users']);

    const configured = await introspectSqlite(db, { schemas: ['main', 'aux'], exclude: [{ name: 'mig_version' }] });
    expect(names(configured)).to.deep.equal(['counters', 'users', 'aux.mig_version', 'aux.notes']);
    expect(configured.tables[3]).to.deep.equal(
      table({
        schema: 'aux',
        name: 'notes',
        columns: [
          { name: 'id', type: 'integer', nullable: false },
          { name: 'parent_id', type: 'integer', nullable: true },
        ],
        primaryKey: { kind: 'primaryKey', columns: ['id'] },
        foreignKeys: [{ kind: 'foreignKey', columns: ['parent_id'], referencedTable: { schema: 'aux', name: 'notes' }, referencedColumns: ['id'] }],
      }),
    );
  });

  it('sends the same fixed number of queries for 3 tables and for 60', async () => {
    const ddl = (schema: string, count: number) =>
      Array.from({ length: count }, (_, k) => {
        const n = k + 1;
        return `
        CREATE TABLE ${schema}.t${n} (
          id integer PRIMARY KEY AUTOINCREMENT NOT NULL,
          code varchar(20) NOT NULL CONSTRAINT "UQ_t${n}_code" UNIQUE,
          status varchar CHECK ("status" IN ('new', 'done')) NOT NULL,
          prev_id integer ${n > 1 ? `CONSTRAINT "FK_t${n}_prev" REFERENCES t${n - 1} (id)` : ''}
        );
        CREATE INDEX ${schema}."IDX_t${n}_prev" ON t${n} (prev_id);`;
      }).join('\n');
    // 3 tables in main, 60 in an attached database: the same queries read either.
    const db = withSchema(ddl('main', 3));
    db.conn.exec(`ATTACH DATABASE '${path.join(dir, 'big.db')}' AS big`);
    db.conn.exec(ddl('big', 60));

    const few = counting(db);
    expect((await introspectSqlite(few, {})).tables).to.have.length(3);
    const many = counting(db);
    const model = await introspectSqlite(many, { schemas: ['big'] });
    expect(model.tables).to.have.length(60);
    expect(model.tables.find((t) => t.name === 't60')).to.deep.equal(
      table({
        schema: 'big',
        name: 't60',
        columns: [
          { name: 'id', type: 'integer', nullable: false, generated: 'increment' },
          { name: 'code', type: 'varchar', length: 20, nullable: false },
          { name: 'status', type: 'varchar', enum: ['new', 'done'], nullable: false },
          { name: 'prev_id', type: 'integer', nullable: true },
        ],
        primaryKey: { kind: 'primaryKey', columns: ['id'] },
        uniques: [{ kind: 'unique', name: 'UQ_t60_code', columns: ['code'] }],
        foreignKeys: [{ kind: 'foreignKey', name: 'FK_t60_prev', columns: ['prev_id'], referencedTable: { schema: 'big', name: 't59' }, referencedColumns: ['id'] }],
        indexes: [{ name: 'IDX_t60_prev', columns: ['prev_id'], unique: false }],
      }),
    );
    expect(many.calls).to.equal(few.calls);
    expect(many.calls).to.equal(4);
  });
});
