/**
 * Operations are data: plain, JSON-serialisable objects. A revision's `op.createTable(...)`
 * builds one and hands it to the runtime; autogenerate produces them and renders them as code;
 * offline mode compiles them to SQL; `reverse(op)` gives the operation that undoes one.
 */

export interface TableRef {
  schema?: string;
  name: string;
}

/** A table as the op API accepts it: `'users'` or `{ schema: 'app', name: 'users' }`. */
export type TableArg = string | TableRef;

/** Raw SQL, e.g. a default of `now()`: written `sql('now()')` or `() => 'now()'` in the API. */
export interface SqlExpression {
  sql: string;
}

/**
 * Raw SQL written per database, for a revision that runs on both: `sql({ postgres: 'now()',
 * sqlite: "datetime('now')" })` (or `now()`). Only in the op API's input: the Operations object
 * resolves it to the SqlExpression of the database it runs on, so no op holds one.
 */
export interface PortableSql {
  sql: Partial<Record<'postgres' | 'sqlite' | 'mysql', string>>;
}

export function isPortableSql(value: unknown): value is PortableSql {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.keys(value).length !== 1) return false;
  const texts = (value as { sql?: unknown }).sql;
  return typeof texts === 'object' && texts !== null && !Array.isArray(texts) && Object.keys(texts).length > 0 && Object.entries(texts).every(([k, v]) => (k === 'postgres' || k === 'sqlite' || k === 'mysql') && typeof v === 'string');
}

/** The default TypeORM's CreateDateColumn gives, written for both databases. */
export const NOW_SQL: PortableSql['sql'] = Object.freeze({ postgres: 'now()', sqlite: "datetime('now')", mysql: 'CURRENT_TIMESTAMP' });

/** A column default: a value (a literal of the column's type) or raw SQL. */
export type DefaultValue = string | number | boolean | SqlExpression | Record<string, unknown> | unknown[];

export type Generation = 'increment' | 'identity' | 'uuid';

/** How an identity column takes inserted values (TypeORM's `generatedIdentity`): BY DEFAULT (the default) lets an insert give one. */
export type IdentityKind = 'ALWAYS' | 'BY DEFAULT';

/** A column type the way TypeORM users write it: a type name and its parameters. */
export interface ColumnType {
  type: string;
  length?: number;
  precision?: number;
  scale?: number;
  array?: boolean;
  /** Values of an enum column (PostgreSQL type values, SQLite CHECK). */
  enum?: string[];
  /** The PostgreSQL enum type's name (default `<table>_<column>_enum`, as TypeORM names it). */
  enumName?: string;
}

export interface ColumnDef extends ColumnType {
  name: string;
  /** As in TypeORM, columns are NOT NULL unless `nullable: true`. */
  nullable?: boolean;
  default?: DefaultValue;
  primary?: boolean;
  generated?: Generation;
  /** With `generated: 'identity'` (PostgreSQL): GENERATED ALWAYS or BY DEFAULT (absent) AS IDENTITY. */
  generatedIdentity?: IdentityKind;
  unique?: boolean;
  comment?: string;
  /** The column's collation (`COLLATE`): a PostgreSQL collation name (`C`, `und-x-icu`), SQLite's `NOCASE`, `RTRIM` or `BINARY`. */
  collation?: string;
  /**
   * A generated column's SQL expression (TypeORM's `asExpression`): the database computes the
   * value from the row's other columns; it takes no default and no inserted value.
   */
  asExpression?: string;
  /**
   * How a generated column keeps its value (TypeORM's `generatedType`): `STORED` computed on
   * write, `VIRTUAL` on read (SQLite; PostgreSQL 18 or newer). Default: SQLite's VIRTUAL,
   * PostgreSQL's STORED (the only kind before 18).
   */
  generatedType?: GeneratedType;
  /**
   * MySQL: what the column is set to when its row is updated (`ON UPDATE CURRENT_TIMESTAMP(6)`,
   * TypeORM's `onUpdate`, which its UpdateDateColumn uses there). Other databases have none.
   */
  onUpdate?: string;
}

export type GeneratedType = 'STORED' | 'VIRTUAL';

export type ReferentialAction = 'CASCADE' | 'SET NULL' | 'SET DEFAULT' | 'RESTRICT' | 'NO ACTION';
export type Deferrable = 'INITIALLY IMMEDIATE' | 'INITIALLY DEFERRED';

export interface PrimaryKeyDef {
  kind: 'primaryKey';
  name?: string;
  columns: string[];
}

export interface UniqueDef {
  kind: 'unique';
  name?: string;
  columns: string[];
  /** PostgreSQL: checked at the end of the statement (`INITIALLY IMMEDIATE`) or of the transaction. */
  deferrable?: Deferrable;
}

export interface ForeignKeyDef {
  kind: 'foreignKey';
  name?: string;
  columns: string[];
  referencedTable: TableRef;
  referencedColumns: string[];
  onDelete?: ReferentialAction;
  onUpdate?: ReferentialAction;
  deferrable?: Deferrable;
  /** PostgreSQL: added NOT VALID (existing rows are not checked until VALIDATE CONSTRAINT). */
  notValid?: boolean;
}

export interface CheckDef {
  kind: 'check';
  name?: string;
  expression: string;
  /** PostgreSQL: added NOT VALID (existing rows are not checked until VALIDATE CONSTRAINT). */
  notValid?: boolean;
}

/**
 * PostgreSQL `EXCLUDE` constraint (TypeORM's `@Exclusion`): `expression` is what follows EXCLUDE,
 * e.g. `USING gist (int4range("from", "to") WITH &&)`.
 */
export interface ExclusionDef {
  kind: 'exclusion';
  name?: string;
  expression: string;
  deferrable?: Deferrable;
}

export type ConstraintDef = PrimaryKeyDef | UniqueDef | ForeignKeyDef | CheckDef | ExclusionDef;
export type ConstraintKind = ConstraintDef['kind'];

export interface IndexDef {
  name: string;
  /** Column names, or SQL expressions (anything with a parenthesis or a space). */
  columns: string[];
  unique?: boolean;
  /** A partial index's predicate (SQL). */
  where?: string;
  /** PostgreSQL: CREATE/DROP INDEX CONCURRENTLY (the revision must be `transactional = false`). */
  concurrently?: boolean;
  /** PostgreSQL: the index method (`gist`, `hash`, `brin`, `gin`, `spgist`); none is btree. SQLite has none. */
  using?: string;
}

/** A table's whole definition: what a SQLite rebuild or a reversed dropTable needs. */
export interface TableDef {
  columns: ColumnDef[];
  constraints?: ConstraintDef[];
  indexes?: IndexDef[];
  comment?: string;
}

/** The column attributes an alterColumn may change (and must know, to be reversed). */
export interface ColumnState {
  type?: ColumnType;
  nullable?: boolean;
  /** `null` means "no default". */
  default?: DefaultValue | null;
  comment?: string | null;
  /** The collation, `null` for the type's default. */
  collation?: string | null;
  /**
   * How the column generates its values: `increment` (a serial: a sequence it owns as default;
   * SQLite: AUTOINCREMENT), `identity` (PostgreSQL GENERATED BY DEFAULT AS IDENTITY; SQLite:
   * as increment), `null` for none. `uuid` is a default, not a generation that alterColumn changes.
   */
  generated?: Generation | null;
  /** An identity's kind (PostgreSQL): ALWAYS, or `null` for BY DEFAULT (and for no identity). */
  generatedIdentity?: IdentityKind | null;
  /**
   * A generated column's expression, `null` for a plain column. Only removing one (`null`) keeps
   * the column's values; setting one replaces them by the computed values.
   */
  asExpression?: string | null;
  /** With `asExpression`: STORED or VIRTUAL. */
  generatedType?: GeneratedType | null;
  /** MySQL: the ON UPDATE expression, `null` for none. */
  onUpdate?: string | null;
}

/** What a view is made of: its query and, for a PostgreSQL materialized view, its indexes. */
export interface ViewDef {
  /** The SELECT, as TypeORM keeps it in typeorm_metadata (the ViewEntity's expression, trimmed). */
  definition: string;
  materialized?: boolean;
  /** Indexes of a materialized view, created with it (PostgreSQL). */
  indexes?: IndexDef[];
}

export type Op =
  | {
      kind: 'createTable';
      table: TableRef;
      columns: ColumnDef[];
      constraints: ConstraintDef[];
      /** Created with the table: what the reverse of a dropTable carrying them restores. */
      indexes?: IndexDef[];
      comment?: string;
    }
  | { kind: 'dropTable'; table: TableRef; existing?: TableDef }
  | { kind: 'renameTable'; table: TableRef; newName: string }
  | { kind: 'addColumn'; table: TableRef; column: ColumnDef }
  | { kind: 'dropColumn'; table: TableRef; column: string; existing?: ColumnDef }
  | {
      kind: 'alterColumn';
      table: TableRef;
      column: string;
      changes: ColumnState & { newName?: string };
      /** PostgreSQL: the USING expression of a type change. */
      using?: string;
      /** Making a column NOT NULL: the value its NULL rows get first (UPDATE ... WHERE col IS NULL). */
      backfill?: DefaultValue;
      existing: ColumnState;
    }
  | { kind: 'createIndex'; table: TableRef; index: IndexDef }
  | { kind: 'dropIndex'; table: TableRef; name: string; existing?: IndexDef; concurrently?: boolean }
  /** PostgreSQL: ALTER INDEX ... RENAME TO (what follows a renamed table or column keeps its data and build). */
  | { kind: 'renameIndex'; table: TableRef; name: string; newName: string }
  /** PostgreSQL: ALTER TABLE ... RENAME CONSTRAINT. */
  | { kind: 'renameConstraint'; table: TableRef; name: string; newName: string; type: ConstraintKind }
  | { kind: 'addConstraint'; table: TableRef; constraint: ConstraintDef }
  | { kind: 'dropConstraint'; table: TableRef; name: string; type: ConstraintKind; existing?: ConstraintDef }
  | { kind: 'createEnum'; name: TableRef; values: string[] }
  | { kind: 'dropEnum'; name: TableRef; existing?: string[] }
  /** PostgreSQL: ALTER TYPE ... RENAME TO (what follows a renamed table or column keeps its columns as they are). */
  | { kind: 'renameEnum'; name: TableRef; newName: string }
  | { kind: 'addEnumValue'; name: TableRef; value: string; before?: string; after?: string }
  | { kind: 'alterEnum'; name: TableRef; values: string[]; existing: string[]; columns: EnumColumnRef[] }
  | { kind: 'setTableComment'; table: TableRef; comment: string | null; existing?: string | null }
  | { kind: 'createView'; view: TableRef; definition: string; materialized?: boolean; indexes?: IndexDef[] }
  | { kind: 'dropView'; view: TableRef; materialized?: boolean; existing?: ViewDef }
  | { kind: 'createExtension'; name: string }
  | { kind: 'dropExtension'; name: string }
  | { kind: 'execute'; sql: string; params?: unknown[] }
  | { kind: 'bulkInsert'; table: TableRef; rows: Record<string, unknown>[] }
  | { kind: 'batch'; table: TableRef; ops: Op[]; recreate: 'auto' | 'always' | 'never'; copyFrom?: TableDef };

/** A column that uses an enum type: what changing the type's values must convert. */
export interface EnumColumnRef {
  table: TableRef;
  column: string;
  array?: boolean;
  default?: DefaultValue;
}

export type OpKind = Op['kind'];
export type OpOf<K extends OpKind> = Extract<Op, { kind: K }>;

export function isSqlExpression(value: unknown): value is SqlExpression {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as SqlExpression).sql === 'string' && Object.keys(value).length === 1;
}

export function tableRef(arg: TableArg): TableRef {
  return typeof arg === 'string' ? { name: arg } : arg.schema ? { schema: arg.schema, name: arg.name } : { name: arg.name };
}

export function tableText(t: TableRef): string {
  return t.schema ? `${t.schema}.${t.name}` : t.name;
}

const TYPE_TEXT = /^\s*([A-Za-z][\w ]*?)\s*(?:\(\s*(\d+)\s*(?:,\s*(-?\d+)\s*)?\))?\s*(\[\])?\s*$/;

/**
 * A column type from its API form: `'varchar'`, `'varchar(200)'`, `'numeric(10,2)'`, `'int[]'`,
 * or `{ type, length, ... }`.
 */
export function columnType(spec: string | ColumnType): ColumnType {
  if (typeof spec !== 'string') return { ...spec };
  const m = TYPE_TEXT.exec(spec);
  if (!m) return { type: spec.trim() };
  const out: ColumnType = { type: m[1].trim() };
  if (m[2] !== undefined) {
    if (m[3] !== undefined) {
      out.precision = Number(m[2]);
      out.scale = Number(m[3]);
    } else if (/^(numeric|decimal|dec|float|double|real|time|timestamp|timestamptz|timetz|time with time zone|timestamp with time zone|timestamp without time zone|time without time zone|interval)$/i.test(out.type)) {
      out.precision = Number(m[2]);
    } else {
      out.length = Number(m[2]);
    }
  }
  if (m[4]) out.array = true;
  return out;
}

/** The ColumnType part of a column definition. */
export function typeOf(column: ColumnType): ColumnType {
  const out: ColumnType = { type: column.type };
  for (const key of ['length', 'precision', 'scale', 'array', 'enum', 'enumName'] as const) {
    if (column[key] !== undefined) (out as unknown as Record<string, unknown>)[key] = column[key];
  }
  return out;
}

/** One line per change for humans, a batch's changes each on their own line. */
export function describeAll(ops: Op[]): string[] {
  return ops.flatMap((op) => (op.kind === 'batch' ? op.ops.map(describe) : [describe(op)]));
}

/** One line for humans: `add column users.email`. */
export function describe(op: Op): string {
  switch (op.kind) {
    case 'createTable':
      return `create table ${tableText(op.table)}`;
    case 'dropTable':
      return `drop table ${tableText(op.table)}`;
    case 'renameTable':
      return `rename table ${tableText(op.table)} to ${op.newName}`;
    case 'addColumn':
      return `add column ${tableText(op.table)}.${op.column.name}`;
    case 'dropColumn':
      return `drop column ${tableText(op.table)}.${op.column}`;
    case 'alterColumn': {
      const what = Object.keys(op.changes).join(', ');
      return `alter column ${tableText(op.table)}.${op.column} (${what})`;
    }
    case 'createIndex':
      return `create ${op.index.unique ? 'unique ' : ''}index ${op.index.name} on ${tableText(op.table)}`;
    case 'dropIndex':
      return `drop index ${op.name}`;
    case 'renameIndex':
      return `rename index ${op.name} to ${op.newName}`;
    case 'renameEnum':
      return `rename enum ${tableText(op.name)} to ${op.newName}`;
    case 'renameConstraint':
      return `rename ${op.type} ${op.name} on ${tableText(op.table)} to ${op.newName}`;
    case 'addConstraint':
      return `add ${op.constraint.kind} ${op.constraint.name ?? '(unnamed)'} on ${tableText(op.table)}`;
    case 'dropConstraint':
      return `drop ${op.type} ${op.name} on ${tableText(op.table)}`;
    case 'createEnum':
      return `create enum ${tableText(op.name)}`;
    case 'dropEnum':
      return `drop enum ${tableText(op.name)}`;
    case 'alterEnum':
      return `change values of enum ${tableText(op.name)}: ${op.existing.join(', ')} -> ${op.values.join(', ')}`;
    case 'addEnumValue':
      return `add value '${op.value}' to enum ${tableText(op.name)}`;
    case 'setTableComment':
      return `${op.comment === null ? 'drop' : 'set'} comment on ${tableText(op.table)}`;
    case 'createView':
      return `create ${op.materialized ? 'materialized ' : ''}view ${tableText(op.view)}`;
    case 'dropView':
      return `drop ${op.materialized ? 'materialized ' : ''}view ${tableText(op.view)}`;
    case 'createExtension':
      return `create extension ${op.name}`;
    case 'dropExtension':
      return `drop extension ${op.name}`;
    case 'execute':
      return `execute ${op.sql.split('\n')[0].slice(0, 60)}`;
    case 'bulkInsert':
      return `insert ${op.rows.length} rows into ${tableText(op.table)}`;
    case 'batch':
      return `batch alter ${tableText(op.table)}: ${op.ops.map(describe).join('; ')}`;
  }
}
