import type { Op, TableRef } from '../operations/ops';
import type { SchemaModel } from '../schema/model';

/** One SQL statement; `params` only for op.execute with parameters (inlined when printed). */
export interface Statement {
  sql: string;
  params?: unknown[];
}

export type DialectName = 'postgres' | 'sqlite' | 'mysql';

/**
 * What a statement is, for the record: schema changes, version rows, the applied-revision log's
 * table and rows, transactions, or mig's own reads.
 */
export type StatementKind = 'change' | 'version' | 'log' | 'transaction' | 'internal';

export interface QueryResult {
  rows: Record<string, unknown>[];
  affected?: number;
}

/** The connection a run's lock and transaction statements go through (online or a --sql script). */
export interface MigrationDb {
  readonly offline: boolean;
  /** The database, for messages (password masked). */
  readonly description: string;
  run(statement: Statement, kind: StatementKind): Promise<QueryResult>;
}

export interface MigrationLockOptions {
  /** The version table the lock guards (one lock per database and version table). */
  versionTable: TableRef;
  /** Seconds to wait for another run (undefined: as long as it takes). */
  lockTimeout?: number;
  /** Told once when the run has to wait. */
  waiting?(message: string): void;
}

/**
 * A run's lock and transactions on one connection, as Kysely's dialect adapters have them
 * (`acquireMigrationLock` / `releaseMigrationLock`). One is made per run, so it may keep state
 * between its calls (a setting to restore). Offline the same calls write the script's lines.
 */
export interface MigrationAdapter {
  /** Before anything else of the run: serialize concurrent runs, prepare the session. */
  acquireMigrationLock(): Promise<void>;
  /** After the run, also after a failure: undo what acquireMigrationLock set up. */
  releaseMigrationLock(): Promise<void>;
  beginTransaction(): Promise<void>;
  /** Checks what must hold before COMMIT (and throws a MigError if not), then commits. */
  commitTransaction(): Promise<void>;
  /** Rolls back; never throws (the connection may be gone). */
  rollbackTransaction(): Promise<void>;
}

export interface CompileContext {
  /** Online: read a SQLite table's current definition (for move-and-copy). Offline: absent. */
  readTableSql?(table: TableRef): Promise<SqliteTableSource | undefined>;
  /** Online: read the catalog (MySQL's MODIFY COLUMN restates what the op does not say). Offline: absent. */
  query?(sql: string): Promise<Record<string, unknown>[]>;
  /** The server's version as a number (PostgreSQL 15.4 -> 150004; SQLite 3.45.1 -> 3045001; MariaDB 10.11.19 -> 101119). */
  serverVersion?: number;
  /**
   * TypeORM's typeorm_metadata table (DataSource options `metadataTableName`, `schema`), whose
   * rows for views and generated columns the ops keep. Default: `typeorm_metadata`.
   */
  typeormMetadataTable?: TableRef;
}

/** What a SQLite table is made of in sqlite_master: its CREATE TABLE and its indexes and triggers. */
export interface SqliteTableSource {
  sql: string;
  indexes: Array<{ name: string; sql: string }>;
  triggers: Array<{ name: string; sql: string }>;
}

export interface VersionTableSql {
  create(): string;
  /** A query returning one row when the table exists. */
  exists(): string;
  select(): string;
  insert(version: string): string;
  update(from: string, to: string): string;
  delete(version: string): string;
  deleteAll(): string;
}

/** One row of the applied-revision log, as written (the database sets `id` and `applied_at`). */
export interface LogRowInput {
  revision: string;
  direction: LogDirection;
  /** sha256 (hex) of the revision file's normalized text; null when there is no file. */
  checksum: string | null;
  /** Null offline (a script's run time is not known when it is written). */
  durationMs: number | null;
  migVersion: string;
}

export type LogDirection = 'upgrade' | 'downgrade' | 'stamp' | 'unstamp' | 'refresh';

/**
 * The applied-revision log (`log_table`, default mig_log): one row per revision an upgrade,
 * downgrade or stamp moved, and per `stamp --refresh-checksums`. Columns: id (ascending in
 * write order), revision, direction, checksum, applied_at (UTC, set by the database when the
 * row is written), duration_ms, tool_version (the mig release that wrote the row).
 */
export interface LogTableSql {
  create(): string;
  /** A query returning one row when the table exists. */
  exists(): string;
  /** Every row, oldest first (columns as named above). */
  select(): string;
  /** One INSERT for the rows. */
  insert(rows: LogRowInput[]): string;
}

export interface Dialect {
  name: DialectName;
  quote(identifier: string): string;
  qualify(table: TableRef): string;
  /** A value as a SQL literal of this dialect. */
  literal(value: unknown): string;
  compile(op: Op, ctx: CompileContext): Promise<Statement[]>;
  versionTable(table: TableRef): VersionTableSql;
  logTable(table: TableRef): LogTableSql;
  /** `sql` with its `$1`/`?` placeholders replaced by literals, for printing. */
  inline(statement: Statement): string;
  /**
   * Can schema changes be rolled back? Without, every revision runs outside a transaction and
   * its version rows are written right after it (a failure leaves the last good revision), and
   * the adapter's lock alone must keep concurrent runs apart.
   */
  supportsTransactionalDdl: boolean;
  /** The lock and transactions of one run on `db`. */
  migrationAdapter(db: MigrationDb, options: MigrationLockOptions): MigrationAdapter;
  /** The live database as a schema model (autogenerate and check). */
  introspect(db: Queryable, options: IntrospectionOptions): Promise<SchemaModel>;
  /**
   * Where the database has schemas: a session working in one (mig.ini `schema`, a schema target),
   * so that the unqualified names of revisions resolve there.
   */
  schemaSession?: {
    /** A query returning one row when the schema exists. */
    exists(schema: string): string;
    create(schema: string): string;
    /** Makes it the session's first schema for unqualified names (where they are created). */
    use(schema: string): string;
  };
}

export interface IntrospectionOptions {
  /** Tables to leave out (the version table, TypeORM's own under their configured names). */
  exclude: TableRef[];
  /** TypeORM's table names left out in every schema (autogenerate gives them in `exclude`). */
  typeormTables?: string[];
  /** TypeORM's typeorm_metadata table. */
  metadataTable?: TableRef;
  /** Schemas the entities name, read besides the current one (where the database has schemas). */
  extraSchemas?: string[];
}

/** What introspection needs from a connection: run a query, get rows. */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
}
