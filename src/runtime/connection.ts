/**
 * Where a run's SQL goes: a database connection made with the project's driver package
 * (PostgreSQL via pg, SQLite via better-sqlite3 or sqlite3; TypeORM is not loaded), or, offline,
 * a script. Both record what they ran,
 * so offline output and online execution can be compared statement by statement.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Config } from '../config/config';
import { displayPath } from '../config/config';
import { maskSecrets } from '../config/url';
import { dialectForType } from '../dialects';
import type { Dialect, DialectName, QueryResult, SqliteTableSource, Statement, StatementKind } from '../dialects/types';
import { isMigError, MigError } from '../errors';
import type { TableRef } from '../operations/ops';
import type { Environment } from '../loader/env';
import { projectRequire, requireFromProject } from '../loader/project';
import { dataSourceOptions } from '../loader/typeorm';

export type { QueryResult, StatementKind } from '../dialects/types';

export interface Connection {
  readonly dialect: Dialect;
  readonly offline: boolean;
  /** The database, for messages (password masked). */
  readonly description: string;
  serverVersion?: number;
  /** Statements sent (online) or written (offline), in order. */
  readonly record: Array<{ kind: StatementKind; sql: string }>;
  run(statement: Statement, kind: StatementKind): Promise<QueryResult>;
  /** Runs user SQL that may hold several statements (op.execute without parameters). */
  runScript(sql: string): Promise<void>;
  readTableSql?(table: TableRef): Promise<SqliteTableSource | undefined>;
  close(): Promise<void>;
}

export { dialectForType, dialectNamed } from '../dialects';

/** An offline connection: statements become a SQL script. */
export class ScriptConnection implements Connection {
  readonly offline = true;
  readonly record: Array<{ kind: StatementKind; sql: string }> = [];
  readonly description = 'offline SQL';
  private readonly lines: string[] = [];

  constructor(readonly dialect: Dialect) {}

  async run(statement: Statement, kind: StatementKind): Promise<QueryResult> {
    const sql = this.dialect.inline(statement);
    this.record.push({ kind, sql });
    this.lines.push(`${sql.trimEnd()};\n`);
    return { rows: [], affected: 1 };
  }

  async runScript(sql: string): Promise<void> {
    this.record.push({ kind: 'change', sql });
    this.lines.push(`${sql.trim().replace(/;\s*$/, '')};\n`);
  }

  comment(text: string): void {
    this.lines.push(`-- ${text}\n`);
  }

  get script(): string {
    return this.lines.join('\n');
  }

  async close(): Promise<void> {}
}

/** A database session through the driver package itself (TypeORM is not loaded to connect). */
interface DriverSession {
  query(sql: string, params: unknown[]): Promise<QueryResult>;
  /** A script of several statements. */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * A live database connection, made with the project's own driver package (pg, better-sqlite3,
 * or sqlite3 for TypeORM 0.3's `type: 'sqlite'`) from the DataSource options, the way TypeORM's
 * drivers would open it — without loading TypeORM, its entities, or building metadata.
 */
export class DatabaseConnection implements Connection {
  readonly offline = false;
  readonly record: Array<{ kind: StatementKind; sql: string }> = [];
  serverVersion?: number;

  private constructor(
    readonly dialect: Dialect,
    readonly description: string,
    private readonly session: DriverSession,
    private readonly secrets: string[],
  ) {}

  /**
   * Connects with the run's DataSource options (`dataSourceOptions`): env.ts `dataSource`, else
   * mig.ini `url`; with mig.ini `schema` (a schema target) the session works in that schema,
   * created first with `createSchema`.
   */
  static async open(config: Config, env: Environment, options?: Record<string, unknown>, open: { createSchema?: boolean } = {}): Promise<DatabaseConnection> {
    options ??= await dataSourceOptions(config, env);
    const dialect = dialectForType(String(options.type));
    const secrets = [options.password, typeof options.url === 'string' ? passwordOf(options.url) : undefined].filter((s): s is string => typeof s === 'string' && s.length > 0);
    const description = `${describeOptions(options)}${config.schema && dialect.schemaSession ? ` schema ${config.schema}` : ''}`;
    // TypeORM creates a SQLite file's missing folders; a mistyped path should fail instead.
    if (dialect.name === 'sqlite' && typeof options.database === 'string' && options.database !== ':memory:' && !fs.existsSync(path.dirname(path.resolve(options.database)))) {
      throw new MigError('connect', `Cannot open ${description}: the folder ${displayPath(path.dirname(path.resolve(options.database)))} does not exist`, {
        hint: 'check the sqlite: url in the config (or env.ts dataSource), or create the folder',
      });
    }
    let session: DriverSession;
    try {
      session =
        options.type === 'postgres'
          ? await openPostgres(config.here, options)
          : dialect.name === 'mysql'
            ? await openMysql(config.here, options)
            : options.type === 'sqlite'
              ? await openSqlite3(config.here, options)
              : openBetterSqlite3(config.here, options);
    } catch (err) {
      if (isMigError(err)) throw err;
      throw new MigError('connect', `Cannot connect to ${description}: ${maskSecrets(String((err as Error).message ?? err), secrets)}`, {
        hint: 'check the url in the config (or env.ts dataSource) and that the database is running',
        cause: err,
      });
    }
    const conn = new DatabaseConnection(dialect, description, session, secrets);
    try {
      conn.serverVersion = await conn.readServerVersion();
      if (config.schema) await enterSchema(conn, config, Boolean(open.createSchema));
    } catch (err) {
      await conn.close().catch(() => undefined);
      throw err;
    }
    return conn;
  }

  private async readServerVersion(): Promise<number | undefined> {
    if (this.dialect.name === 'postgres') {
      const { rows } = await this.run({ sql: 'SHOW server_version_num' }, 'internal');
      return Number(rows[0]?.server_version_num);
    }
    // SQLite 3.45.1 -> 3045001; MariaDB 10.11.19 -> 101119 (MySQL's own numbering, as its comments use).
    const mysql = this.dialect.name === 'mysql';
    const { rows } = await this.run({ sql: mysql ? 'SELECT VERSION() AS v' : 'SELECT sqlite_version() AS v' }, 'internal');
    const text = String(rows[0]?.v ?? '0.0.0');
    const [a, b, c] = text.split(/[.-]/).map(Number);
    if (!mysql) return a * 1_000_000 + b * 1000 + (c || 0);
    const version = a * 10_000 + b * 100 + (c || 0);
    // What the dialect writes and reads: RENAME COLUMN / RENAME INDEX, expression defaults (the log's applied_at), information_schema.CHECK_CONSTRAINTS (with MariaDB's LEVEL).
    const mariadb = /mariadb/i.test(text);
    if (version < (mariadb ? 100510 : 80016)) {
      throw new MigError('server-version', `${this.description} runs ${mariadb ? 'MariaDB' : 'MySQL'} ${text.split('-')[0]}; mig needs MariaDB 10.5.10 or MySQL 8.0.16 or newer`, {
        hint: 'upgrade the server (older ones lack RENAME COLUMN and expression defaults)',
      });
    }
    return version;
  }

  async run(statement: Statement, kind: StatementKind): Promise<QueryResult> {
    this.record.push({ kind, sql: this.dialect.inline(statement) });
    return this.session.query(statement.sql, statement.params ?? []);
  }

  async runScript(sql: string): Promise<void> {
    this.record.push({ kind: 'change', sql });
    await this.session.exec(sql);
  }

  async readTableSql(table: TableRef): Promise<SqliteTableSource | undefined> {
    const name = this.dialect.literal(table.name);
    const { rows } = await this.run({ sql: `SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ${name}` }, 'internal');
    if (!rows.length) return undefined;
    const indexes = await this.run({ sql: `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ${name} AND sql IS NOT NULL ORDER BY name` }, 'internal');
    const triggers = await this.run({ sql: `SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ${name} ORDER BY name` }, 'internal');
    return {
      sql: String(rows[0].sql),
      indexes: indexes.rows.map((r) => ({ name: String(r.name), sql: String(r.sql) })),
      triggers: triggers.rows.map((r) => ({ name: String(r.name), sql: String(r.sql) })),
    };
  }

  maskSecrets(text: string): string {
    return maskSecrets(text, this.secrets);
  }

  async close(): Promise<void> {
    await this.session.close();
  }
}

/**
 * Points the session at mig.ini `schema` (search_path), as TypeORM's `schema` option cannot for
 * unqualified revisions. With `create` (upgrade, stamp) a missing schema is created; otherwise it
 * is a MigError `schema-missing`. Offline the script gets the same statements.
 */
export async function enterSchema(conn: Connection, config: Config, create: boolean): Promise<void> {
  const schema = config.schema!;
  const where = config.target ? `target ${config.target.name}` : config.where('schema');
  const sql = conn.dialect.schemaSession;
  if (!sql) {
    throw new MigError('config-option', `${where}: schema '${schema}' given, but ${conn.description} has no schemas`, {
      hint: 'schema targets are PostgreSQL schemas; give this target a url of its own',
    });
  }
  if (!conn.offline) {
    const exists = async () => (await conn.run({ sql: sql.exists(schema) }, 'internal')).rows.length > 0;
    if (!(await exists())) {
      if (!create) {
        throw new MigError('schema-missing', `${where}: PostgreSQL schema '${schema}' does not exist on ${conn.description}`, { hint: 'run `mig upgrade` on it, which creates it' });
      }
      try {
        await conn.run({ sql: sql.create(schema) }, 'change');
      } catch (err) {
        // another run may have created it at the same moment
        if (!(await exists())) throw err;
      }
    }
  } else if (create) {
    await conn.run({ sql: sql.create(schema) }, 'change');
  }
  await conn.run({ sql: sql.use(schema) }, conn.offline ? 'change' : 'internal');
}

type Options = Record<string, unknown>;

/** Migrations run on the master of a replicated DataSource, as TypeORM's do. */
function onMaster(all: Options): Options {
  const master = all.replication && typeof all.replication === 'object' ? ((all.replication as Options).master as Options | undefined) : undefined;
  return master ? { ...all, ...master } : all;
}

function dropUndefined(settings: Options): void {
  for (const k of Object.keys(settings)) if (settings[k] === undefined) delete settings[k];
}

/** PostgreSQL through the project's `pg`, with the settings TypeORM's PostgresDriver passes to its pool. */
async function openPostgres(projectDir: string, all: Options): Promise<DriverSession> {
  const pg = requireFromProject<{ Client: new (config: Options) => PgClient }>(projectDir, 'pg', 'A PostgreSQL connection').exports;
  const o = onMaster(all);
  const settings: Options = {
    host: o.host,
    port: o.port,
    user: o.username,
    password: o.password,
    database: o.database,
    ssl: o.ssl,
    connectionTimeoutMillis: o.connectTimeoutMS,
    application_name: o.applicationName,
    ...(typeof o.url === 'string' ? { connectionString: o.url } : {}),
    ...((o.extra as Options | undefined) ?? {}),
  };
  dropUndefined(settings);
  const client = new pg.Client(settings);
  client.on?.('error', () => undefined); // a dropped connection surfaces as the next query's error
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => undefined);
    throw err;
  }
  return {
    async query(sql, params) {
      const r = await client.query(sql, params);
      return { rows: r.rows ?? [], affected: typeof r.rowCount === 'number' ? r.rowCount : undefined };
    },
    async exec(sql) {
      await client.query(sql);
    },
    async close() {
      await client.end();
    },
  };
}

interface PgClient {
  connect(): Promise<void>;
  query(sql: string, params?: unknown[]): Promise<{ rows?: Record<string, unknown>[]; rowCount?: number | null }>;
  end(): Promise<void>;
  on?(event: string, cb: (err: Error) => void): void;
}

/** MySQL and MariaDB through the project's `mysql2`, with the settings TypeORM's MysqlDriver passes to it. */
async function openMysql(projectDir: string, all: Options): Promise<DriverSession> {
  requireFromProject(projectDir, 'mysql2', 'A MySQL / MariaDB connection');
  // The promise API: its createConnection settles once the handshake succeeds or fails.
  const mysql2 = projectRequire(projectDir)('mysql2/promise') as { createConnection(config: Options): Promise<MysqlConnection> };
  const o = onMaster(all);
  const settings: Options = {
    host: o.host,
    port: o.port,
    user: o.username,
    password: o.password,
    database: o.database,
    socketPath: o.socketPath,
    charset: o.charset,
    timezone: o.timezone,
    connectTimeout: o.connectTimeout,
    ssl: o.ssl,
    supportBigNumbers: o.supportBigNumbers ?? true,
    bigNumberStrings: o.bigNumberStrings ?? true,
    ...(typeof o.url === 'string' ? { uri: o.url } : {}),
    ...((o.extra as Options | undefined) ?? {}),
    // op.execute() may hold several statements, as on the other databases.
    multipleStatements: true,
  };
  dropUndefined(settings);
  const client = await mysql2.createConnection(settings);
  client.on?.('error', () => undefined); // a dropped connection surfaces as the next query's error
  return {
    async query(sql, params) {
      const [result] = await client.query(sql, params.length ? params : undefined);
      if (Array.isArray(result)) return { rows: result as Record<string, unknown>[] };
      return { rows: [], affected: typeof (result as { affectedRows?: number }).affectedRows === 'number' ? (result as { affectedRows: number }).affectedRows : undefined };
    },
    async exec(sql) {
      await client.query(sql);
    },
    async close() {
      await client.end();
    },
  };
}

interface MysqlConnection {
  on?(event: string, cb: (err: Error) => void): void;
  query(sql: string, params?: unknown[]): Promise<[unknown, unknown]>;
  end(): Promise<void>;
}

/** SQLite binds no booleans; TypeORM's SQLite query runners send them as 1 / 0. */
const sqliteParams = (params: unknown[]) => params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p));

/** better-sqlite3, opened as TypeORM's BetterSqlite3Driver opens it. */
function openBetterSqlite3(projectDir: string, o: Options): DriverSession {
  type Db = {
    prepare(sql: string): { reader: boolean; all(...p: unknown[]): Record<string, unknown>[]; run(...p: unknown[]): { changes: number } };
    exec(sql: string): void;
    close(): void;
  };
  const Database = requireFromProject<new (file: string, options: Options) => Db>(projectDir, 'better-sqlite3', 'A SQLite connection').exports;
  const settings: Options = { readonly: o.readonly ?? false, fileMustExist: o.fileMustExist ?? false, timeout: o.timeout ?? 5000, verbose: o.verbose ?? null };
  if (o.nativeBinding) settings.nativeBinding = o.nativeBinding;
  const db = new Database(String(o.database), settings);
  try {
    if (typeof o.key === 'string') db.exec(`PRAGMA key = ${JSON.stringify(o.key)}`);
    if (typeof o.prepareDatabase === 'function') o.prepareDatabase(db);
    db.exec('PRAGMA foreign_keys = ON');
    if (o.enableWAL) db.exec('PRAGMA journal_mode = WAL');
  } catch (err) {
    db.close();
    throw err;
  }
  return {
    async query(sql, params) {
      const stmt = db.prepare(sql);
      if (stmt.reader) return { rows: stmt.all(...sqliteParams(params)) };
      return { rows: [], affected: stmt.run(...sqliteParams(params)).changes };
    },
    async exec(sql) {
      db.exec(sql);
    },
    async close() {
      db.close();
    },
  };
}

/** sqlite3 (TypeORM 0.3's `type: 'sqlite'`), opened as TypeORM's SqliteDriver opens it. */
async function openSqlite3(projectDir: string, o: Options): Promise<DriverSession> {
  type Cb<T> = (this: { changes?: number }, err: Error | null, result: T) => void;
  type Db = {
    all(sql: string, params: unknown[], cb: Cb<Record<string, unknown>[]>): void;
    run(sql: string, params: unknown[], cb: Cb<void>): void;
    exec(sql: string, cb: (err: Error | null) => void): void;
    close(cb: (err: Error | null) => void): void;
  };
  const sqlite3 = requireFromProject<{ Database: new (file: string, mode: number, cb: (err: Error | null) => void) => Db; OPEN_READWRITE: number; OPEN_CREATE: number; OPEN_URI: number }>(
    projectDir,
    'sqlite3',
    'A SQLite connection (type sqlite)',
  ).exports;
  const mode = typeof o.flags === 'number' ? o.flags : sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE | sqlite3.OPEN_URI;
  const db = await new Promise<Db>((resolve, reject) => {
    const d: Db = new sqlite3.Database(String(o.database), mode, (err) => (err ? reject(err) : resolve(d)));
  });
  const all = (sql: string, params: unknown[] = []) => new Promise<Record<string, unknown>[]>((resolve, reject) => db.all(sql, params, (err, rows) => (err ? reject(err) : resolve(rows ?? []))));
  const run = (sql: string, params: unknown[]) =>
    new Promise<number | undefined>((resolve, reject) =>
      db.run(sql, params, function (err) {
        if (err) reject(err);
        else resolve(this.changes);
      }),
    );
  if (typeof o.busyTimeout === 'number') await all(`PRAGMA busy_timeout = ${o.busyTimeout}`);
  if (typeof o.key === 'string') await all(`PRAGMA key = ${JSON.stringify(o.key)}`);
  if (o.enableWAL) await all('PRAGMA journal_mode = WAL');
  await all('PRAGMA foreign_keys = ON');
  return {
    async query(sql, params) {
      // As TypeORM's SqliteQueryRunner: `run` (with the changed rows) for writes, `all` otherwise.
      if (/^\s*(INSERT|UPDATE|DELETE)\b/i.test(sql)) return { rows: [], affected: await run(sql, sqliteParams(params)) };
      return { rows: await all(sql, sqliteParams(params)) };
    },
    exec: (sql) => new Promise<void>((resolve, reject) => db.exec(sql, (err) => (err ? reject(err) : resolve()))),
    close: () => new Promise<void>((resolve, reject) => db.close((err) => (err ? reject(err) : resolve()))),
  };
}

function passwordOf(url: string): string | undefined {
  try {
    const p = new URL(url).password;
    return p ? decodeURIComponent(p) : undefined;
  } catch {
    return undefined;
  }
}

/** `postgres://mig:***@db:5432/app`, `SQLite app.db`. */
export function describeOptions(options: Record<string, unknown>): string {
  if (options.type === 'postgres') {
    if (typeof options.url === 'string') return maskSecrets(options.url);
    return `postgres://${options.username ?? ''}${options.password ? ':***' : ''}@${options.host ?? 'localhost'}:${options.port ?? 5432}/${options.database ?? ''}`;
  }
  if (options.type === 'mysql' || options.type === 'mariadb') {
    if (typeof options.url === 'string') return maskSecrets(options.url);
    return `${options.type}://${options.username ?? ''}${options.password ? ':***' : ''}@${options.host ?? 'localhost'}:${options.port ?? 3306}/${options.database ?? ''}`;
  }
  return `SQLite ${options.database === ':memory:' ? ':memory:' : displayPath(String(options.database))}`;
}

/** A SQLite database file that does not exist yet (reading it must not create it). */
export function missingSqliteFile(options: Record<string, unknown>): boolean {
  return (options.type === 'better-sqlite3' || options.type === 'sqlite') && options.database !== ':memory:' && typeof options.database === 'string' && !fs.existsSync(options.database);
}
