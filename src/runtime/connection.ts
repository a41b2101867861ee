/**
 * Where a run's SQL goes: a database connection made with the project's TypeORM (PostgreSQL via
 * pg, SQLite via better-sqlite3 or sqlite3), or, offline, a script. Both record what they ran,
 * so offline output and online execution can be compared statement by statement.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Config } from '../config/config';
import { displayPath } from '../config/config';
import { maskSecrets } from '../config/url';
import { dialectForType } from '../dialects';
import type { Dialect, QueryResult, SqliteTableSource, Statement, StatementKind } from '../dialects/types';
import { MigError } from '../errors';
import type { TableRef } from '../operations/ops';
import type { Environment } from '../loader/env';
import { dataSourceOptions, loadTypeorm, type ProjectTypeorm } from '../loader/typeorm';

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

interface QueryRunnerLike {
  connect(): Promise<unknown>;
  query(sql: string, params?: unknown[], structured?: boolean): Promise<{ records?: unknown[]; raw?: unknown; affected?: number }>;
  release(): Promise<void>;
}

interface DataSourceLike {
  options: Record<string, unknown>;
  driver: { databaseConnection?: unknown; version?: string };
  initialize(): Promise<unknown>;
  destroy(): Promise<void>;
  createQueryRunner(): QueryRunnerLike;
  isInitialized: boolean;
}

/** A live database connection through the project's TypeORM. */
export class DatabaseConnection implements Connection {
  readonly offline = false;
  readonly record: Array<{ kind: StatementKind; sql: string }> = [];
  serverVersion?: number;

  private constructor(
    readonly dialect: Dialect,
    readonly description: string,
    private readonly dataSource: DataSourceLike,
    private readonly runner: QueryRunnerLike,
    private readonly secrets: string[],
  ) {}

  static async open(config: Config, env: Environment, typeorm: ProjectTypeorm = loadTypeorm(config.here)): Promise<DatabaseConnection> {
    const options = dataSourceOptions(config, env, typeorm);
    const dialect = dialectForType(String(options.type));
    const secrets = [options.password, typeof options.url === 'string' ? passwordOf(options.url) : undefined].filter((s): s is string => typeof s === 'string' && s.length > 0);
    const description = describeOptions(options);
    // TypeORM creates a SQLite file's missing folders; a mistyped path should fail instead.
    if (dialect.name === 'sqlite' && typeof options.database === 'string' && options.database !== ':memory:' && !fs.existsSync(path.dirname(path.resolve(options.database)))) {
      throw new MigError('connect', `Cannot open ${description}: the folder ${displayPath(path.dirname(path.resolve(options.database)))} does not exist`, {
        hint: 'check the sqlite: url in the config (or env.ts dataSource), or create the folder',
      });
    }
    const dataSource = new typeorm.module.DataSource({
      ...options,
      entities: [],
      migrations: [],
      subscribers: [],
      synchronize: false,
      migrationsRun: false,
      dropSchema: false,
      logging: false,
      ...(dialect.name === 'postgres' ? { installExtensions: false } : {}),
    }) as unknown as DataSourceLike;
    try {
      await dataSource.initialize();
    } catch (err) {
      throw new MigError('connect', `Cannot connect to ${description}: ${maskSecrets(String((err as Error).message ?? err), secrets)}`, {
        hint: 'check the url in the config (or env.ts dataSource) and that the database is running',
        cause: err,
      });
    }
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    const conn = new DatabaseConnection(dialect, description, dataSource, runner, secrets);
    conn.serverVersion = await conn.readServerVersion();
    return conn;
  }

  private async readServerVersion(): Promise<number | undefined> {
    if (this.dialect.name === 'postgres') {
      const { rows } = await this.run({ sql: 'SHOW server_version_num' }, 'internal');
      return Number(rows[0]?.server_version_num);
    }
    const { rows } = await this.run({ sql: 'SELECT sqlite_version() AS v' }, 'internal');
    const [a, b, c] = String(rows[0]?.v ?? '0.0.0').split('.').map(Number);
    return a * 1_000_000 + b * 1000 + (c || 0);
  }

  async run(statement: Statement, kind: StatementKind): Promise<QueryResult> {
    this.record.push({ kind, sql: this.dialect.inline(statement) });
    const result = await this.runner.query(statement.sql, statement.params ?? [], true);
    const rows = Array.isArray(result.records) ? (result.records as Record<string, unknown>[]) : Array.isArray(result.raw) ? (result.raw as Record<string, unknown>[]) : [];
    return { rows, affected: result.affected };
  }

  async runScript(sql: string): Promise<void> {
    this.record.push({ kind: 'change', sql });
    if (this.dialect.name === 'postgres') {
      await this.runner.query(sql, [], true);
      return;
    }
    // SQLite drivers prepare one statement at a time; exec runs a whole script.
    const native = this.dataSource.driver.databaseConnection as { exec(sql: string, cb?: (err: Error | null) => void): unknown };
    if (native.exec.length >= 2) {
      await new Promise<void>((resolve, reject) => native.exec(sql, (err) => (err ? reject(err) : resolve())));
    } else {
      native.exec(sql);
    }
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
    try {
      await this.runner.release();
    } finally {
      if (this.dataSource.isInitialized) await this.dataSource.destroy();
    }
  }
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
  return `SQLite ${options.database === ':memory:' ? ':memory:' : displayPath(String(options.database))}`;
}

/** A SQLite database file that does not exist yet (reading it must not create it). */
export function missingSqliteFile(options: Record<string, unknown>): boolean {
  return (options.type === 'better-sqlite3' || options.type === 'sqlite') && options.database !== ':memory:' && typeof options.database === 'string' && !fs.existsSync(options.database);
}
