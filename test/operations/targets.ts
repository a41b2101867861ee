/**
 * A real database to run operations on, the way the runtime runs a revision
 * (src/runtime/migration.ts): compile each op with the dialect, send its statements on one
 * connection inside one transaction — on SQLite with `PRAGMA foreign_keys = OFF` set outside it
 * and `PRAGMA foreign_key_check` before COMMIT — and read the result back from the catalogs.
 */
import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { postgres } from '../../src/dialects/postgres';
import { sqlite } from '../../src/dialects/sqlite';
import { parseCreateTable } from '../../src/dialects/sqlite/create-table';
import type { CompileContext, Dialect, SqliteTableSource, Statement } from '../../src/dialects/types';
import { Operations } from '../../src/operations/api';
import type { Op, TableRef } from '../../src/operations/ops';
import { freshDatabase } from '../helpers/postgres';

export type Row = Record<string, unknown>;
export type TargetName = 'sqlite' | 'postgres';

/** A column as the catalog reports it. */
export interface ColumnInfo {
  name: string;
  /** SQLite: the declared type; PostgreSQL: format_type(), e.g. `character varying(50)`. */
  type: string;
  nullable: boolean;
  default: string | null;
}

export interface Target {
  name: TargetName;
  dialect: Dialect;
  ctx: CompileContext;
  /** Compiles and runs the ops in one transaction; returns the statements sent. */
  apply(...ops: Op[]): Promise<Statement[]>;
  /** Applies the ops `fn` makes with the public `op` API in one transaction; returns them. */
  run(fn: (op: Operations) => Promise<void>): Promise<Op[]>;
  /** Compiles and runs the ops outside any transaction (PostgreSQL CONCURRENTLY). */
  applyWithoutTransaction(...ops: Op[]): Promise<void>;
  query<R = Row>(sql: string, params?: unknown[]): Promise<R[]>;
  columns(table: string, schema?: string): Promise<ColumnInfo[]>;
  /** Everything the operations can change, as comparable plain data. */
  schema(): Promise<unknown>;
  close(): Promise<void>;
}

interface Connection {
  send(statement: Statement, op: Op): Promise<void>;
  begin(): Promise<() => Promise<void>>;
  rollback(): Promise<void>;
}

/** The error `promise` fails with (a test failure when it does not fail). */
export async function rejects(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a failure');
}

/** The ops `fn` makes with the public `op` API, without running them. */
export async function opsOf(name: TargetName | 'mysql', fn: (op: Operations) => Promise<void>): Promise<Op[]> {
  const made: Op[] = [];
  const api = new Operations({
    dialect: name,
    offline: false,
    run: async (op) => void made.push(op),
    query: async () => {
      throw new Error('opsOf cannot read the database');
    },
  });
  await fn(api);
  return made;
}

function makeTarget(name: TargetName, dialect: Dialect, ctx: CompileContext, conn: Connection, rest: Omit<Target, 'name' | 'dialect' | 'ctx' | 'apply' | 'run' | 'applyWithoutTransaction'>): Target {
  // Each op is compiled after the previous one ran, as in a revision: a SQLite rebuild reads the table as it is then.
  const compileAndSend = async (ops: Op[]) => {
    const sent: Statement[] = [];
    for (const op of ops) {
      const statements = await dialect.compile(op, ctx);
      for (const s of statements) await conn.send(s, op);
      sent.push(...statements);
    }
    return sent;
  };
  const apply = async (...ops: Op[]) => {
    const commit = await conn.begin();
    try {
      const sent = await compileAndSend(ops);
      await commit();
      return sent;
    } catch (err) {
      await conn.rollback();
      throw err;
    }
  };
  return {
    name,
    dialect,
    ctx,
    ...rest,
    apply,
    run: async (fn) => {
      const ops = await opsOf(name, fn);
      await apply(...ops);
      return ops;
    },
    applyWithoutTransaction: async (...ops) => void (await compileAndSend(ops)),
  };
}

// ----- SQLite -----

/** What DatabaseConnection.readTableSql reads (src/runtime/connection.ts). */
function readSqliteTable(db: Database.Database, table: TableRef): SqliteTableSource | undefined {
  const row = db.prepare(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?`).get(table.name) as { sql: string } | undefined;
  if (!row) return undefined;
  const list = (type: string) =>
    (db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = ? AND tbl_name = ? AND sql IS NOT NULL ORDER BY name`).all(type, table.name) as Array<{ name: string; sql: string }>).map((r) => ({
      name: r.name,
      sql: r.sql,
    }));
  return { sql: row.sql, indexes: list('index'), triggers: list('trigger') };
}

function sqliteRows(db: Database.Database, sql: string, params: unknown[] = []): Row[] {
  const stmt = db.prepare(sql);
  // As TypeORM's better-sqlite3 runner does: the driver cannot bind booleans.
  const bound = params.map((p) => (typeof p === 'boolean' ? Number(p) : p));
  if (stmt.reader) return stmt.all(...bound) as Row[];
  stmt.run(...bound);
  return [];
}

function sqliteSchema(db: Database.Database): unknown {
  const tables = sqliteRows(db, `SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`) as Array<{ name: string; sql: string }>;
  const others = sqliteRows(db, `SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type IN ('index', 'trigger', 'view') ORDER BY name`);
  const pragma = (what: string, arg: string) => sqliteRows(db, `SELECT * FROM pragma_${what}(?)`, [arg]);
  return {
    tables: tables.map((t) => {
      const parsed = parseCreateTable(t.sql);
      return {
        name: t.name,
        columns: pragma('table_xinfo', t.name)
          .map(({ cid: _cid, ...c }) => c)
          .sort(byName),
        indexes: pragma('index_list', t.name)
          .map((i) => ({ name: i.name, unique: i.unique, origin: i.origin, partial: i.partial, columns: pragma('index_xinfo', String(i.name)).filter((c) => c.key) }))
          .sort(byName),
        foreignKeys: pragma('foreign_key_list', t.name)
          .map(({ id: _id, seq: _seq, ...fk }) => JSON.stringify(fk))
          .sort(),
        // The CREATE TABLE's clauses, order aside: a rebuild may print them in another order.
        clauses: [...parsed.columns.map((c) => `${c.name} ${c.type}: ${c.constraints.map((k) => k.raw).sort().join(' ')}`).sort(), ...parsed.constraints.map((k) => k.raw).sort()],
        options: parsed.options,
      };
    }),
    others,
  };
}

const byName = (a: Row, b: Row) => String(a.name).localeCompare(String(b.name));

export async function openSqlite(): Promise<Target & { db: Database.Database; file: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mig-ops-'));
  const file = path.join(dir, 'app.db');
  const db = new Database(file);
  // TypeORM's better-sqlite3 driver opens every connection with foreign keys on.
  db.pragma('foreign_keys = ON');
  const version = String((db.prepare('SELECT sqlite_version() AS v').get() as Row).v).split('.').map(Number);
  const ctx: CompileContext = {
    serverVersion: version[0] * 1_000_000 + version[1] * 1000 + (version[2] || 0),
    readTableSql: async (t) => readSqliteTable(db, t),
  };
  let foreignKeysBefore = true;
  const restoreForeignKeys = () => {
    if (foreignKeysBefore) db.pragma('foreign_keys = ON');
  };
  const conn: Connection = {
    async send(s, op) {
      // op.execute without parameters is a script (the runtime's runScript).
      if (op.kind === 'execute' && !s.params?.length) db.exec(s.sql);
      else sqliteRows(db, s.sql, s.params);
    },
    async begin() {
      foreignKeysBefore = db.pragma('foreign_keys', { simple: true }) === 1;
      db.pragma('foreign_keys = OFF');
      db.exec('BEGIN IMMEDIATE');
      return async () => {
        const orphans = sqliteRows(db, 'PRAGMA foreign_key_check');
        if (orphans.length) throw new Error(`foreign_key_check found orphans: ${JSON.stringify(orphans)}`);
        db.exec('COMMIT');
        restoreForeignKeys();
      };
    },
    async rollback() {
      if (db.inTransaction) db.exec('ROLLBACK');
      restoreForeignKeys();
    },
  };
  const target = makeTarget('sqlite', sqlite, ctx, conn, {
    query: async <R>(sql: string, params?: unknown[]) => sqliteRows(db, sql, params) as R[],
    columns: async (table) =>
      (sqliteRows(db, 'SELECT * FROM pragma_table_xinfo(?)', [table]) as Array<{ name: string; type: string; notnull: number; dflt_value: string | null }>).map((c) => ({
        name: c.name,
        // SQLite 3.37+ reports INTEGER, TEXT, REAL, BLOB in upper case, other names as declared.
        type: c.type.toLowerCase(),
        nullable: !c.notnull,
        default: c.dflt_value,
      })),
    schema: async () => sqliteSchema(db),
    close: async () => {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  });
  return { ...target, db, file };
}

// ----- PostgreSQL -----

const USER_SCHEMAS = `n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'`;

const PG_COLUMNS = `
  SELECT n.nspname AS schema, c.relname AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
         NOT a.attnotnull AS nullable, pg_get_expr(d.adbin, d.adrelid) AS default, a.attidentity AS identity,
         col_description(c.oid, a.attnum) AS comment
  FROM pg_attribute a
  JOIN pg_class c ON c.oid = a.attrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
  WHERE ${USER_SCHEMAS} AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped`;

async function pgSchema(client: Client): Promise<unknown> {
  const rows = async (sql: string) => (await client.query(sql)).rows;
  return {
    tables: await rows(`SELECT n.nspname AS schema, c.relname AS name, obj_description(c.oid, 'pg_class') AS comment FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${USER_SCHEMAS} AND c.relkind IN ('r', 'S', 'v') ORDER BY 1, 2`),
    columns: await rows(`${PG_COLUMNS} ORDER BY 1, 2, 3`),
    // NOT NULL constraints (PostgreSQL 18 lists them) are the columns' nullability, compared above.
    constraints: await rows(`
      SELECT n.nspname AS schema, c.relname AS table, con.conname AS name, con.contype AS type, pg_get_constraintdef(con.oid) AS definition
      FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE ${USER_SCHEMAS} AND con.contype <> 'n' ORDER BY 1, 2, 3`),
    indexes: await rows(`SELECT schemaname, tablename, indexname, indexdef FROM pg_indexes WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2, 3`),
    enums: await rows(`
      SELECT n.nspname AS schema, t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
      GROUP BY 1, 2 ORDER BY 1, 2`),
  };
}

export async function openPostgres(): Promise<Target & { client: Client }> {
  const database = await freshDatabase();
  const client = new Client({ connectionString: database.url });
  await client.connect();
  const ctx: CompileContext = { serverVersion: Number((await client.query('SHOW server_version_num')).rows[0].server_version_num) };
  const conn: Connection = {
    async send(s) {
      await client.query(s.sql, s.params ?? []);
    },
    async begin() {
      await client.query('BEGIN');
      return async () => void (await client.query('COMMIT'));
    },
    async rollback() {
      await client.query('ROLLBACK');
    },
  };
  const target = makeTarget('postgres', postgres, ctx, conn, {
    query: async <R>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as R[],
    columns: async (table, schema = 'public') =>
      (await client.query(`${PG_COLUMNS} AND c.relname = $1 AND n.nspname = $2 ORDER BY a.attnum`, [table, schema])).rows.map((c) => ({
        name: c.name,
        type: c.type,
        nullable: c.nullable,
        default: c.default,
      })),
    schema: () => pgSchema(client),
    close: async () => {
      await client.end();
      await database.drop();
    },
  });
  return { ...target, client };
}
