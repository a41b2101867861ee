import type { Op, TableRef } from '../operations/ops';

/** One SQL statement; `params` only for op.execute with parameters (inlined when printed). */
export interface Statement {
  sql: string;
  params?: unknown[];
}

export type DialectName = 'postgres' | 'sqlite';

export interface CompileContext {
  /** Online: read a SQLite table's current definition (for move-and-copy). Offline: absent. */
  readTableSql?(table: TableRef): Promise<SqliteTableSource | undefined>;
  /** The server's version as a number (PostgreSQL 15.4 -> 150004; SQLite 3.45.1 -> 3045001). */
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

export interface Dialect {
  name: DialectName;
  quote(identifier: string): string;
  qualify(table: TableRef): string;
  /** A value as a SQL literal of this dialect. */
  literal(value: unknown): string;
  compile(op: Op, ctx: CompileContext): Promise<Statement[]>;
  versionTable(table: TableRef): VersionTableSql;
  /** `sql` with its `$1`/`?` placeholders replaced by literals, for printing. */
  inline(statement: Statement): string;
}

/** What introspection needs from a connection: run a query, get rows. */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
}
