/**
 * TypeORM's `typeorm_metadata` table (DataSource option `metadataTableName`): where its schema
 * builder keeps what the catalog cannot give back as written — a view's query and a generated
 * column's expression — and what it compares the entities with. mig keeps its rows as
 * synchronize does: the statements an op compiles to end with the rows it adds or removes, so
 * they commit or roll back with the DDL, online and in `--sql` scripts alike.
 *
 * The values are TypeORM's: a column's expression as the entity gives it, a view's query trimmed.
 * The table is created when a row is written (CREATE TABLE IF NOT EXISTS, TypeORM's columns).
 * A row replaces any row of the same key, so writing one twice leaves one.
 */
import type { ColumnDef, Op, TableRef } from '../operations/ops';
import { quoteIdentifier, stringLiteral } from './sql';
import type { Statement } from './types';

export type MetadataType = 'VIEW' | 'MATERIALIZED_VIEW' | 'GENERATED_COLUMN';

/** Where the dialect's rows differ: the `database` and `schema` values, as SQL. */
export interface MetadataScope {
  /** A row about a view (`view`) or a column of a table (`column`). */
  (ref: TableRef, kind: 'view' | 'column'): { database?: string; schema?: string };
}

export interface MetadataDialect {
  qualify(table: TableRef): string;
  scope: MetadataScope;
  /** Whether a materialized view is recorded as one (PostgreSQL); SQLite's views are all VIEW. */
  materializedViews: boolean;
  /** Where identifiers and strings are written otherwise (MySQL: backquotes, backslashes escaped). Default: standard SQL. */
  quote?(name: string): string;
  literal?(text: string): string;
  /** The name columns' type as TypeORM creates them (MySQL needs a length). Default: varchar. */
  nameType?: string;
}

export const DEFAULT_METADATA_TABLE: TableRef = { name: 'typeorm_metadata' };

interface RowKey {
  type: MetadataType;
  name: string;
  /** Generated columns: the table. */
  table?: string;
  database?: string;
  schema?: string;
}

function condition(key: RowKey, types: MetadataType[], q: (name: string) => string, lit: (text: string) => string): string {
  const parts = [types.length === 1 ? `${q('type')} = ${lit(types[0])}` : `${q('type')} IN (${types.map(lit).join(', ')})`, `${q('name')} = ${lit(key.name)}`];
  if (key.table !== undefined) parts.push(`${q('table')} = ${lit(key.table)}`);
  if (key.schema !== undefined) parts.push(`${q('schema')} = ${key.schema}`);
  return parts.join(' AND ');
}

class Rows {
  readonly out: Statement[] = [];
  private ensured = false;

  constructor(
    private readonly dialect: MetadataDialect,
    private readonly table: TableRef,
  ) {}

  private get q(): (name: string) => string {
    return this.dialect.quote ?? quoteIdentifier;
  }

  private get lit(): (text: string) => string {
    return this.dialect.literal ?? stringLiteral;
  }

  private ensure(): void {
    if (this.ensured) return;
    this.ensured = true;
    const name = this.dialect.nameType ?? 'varchar';
    const columns = [`${this.q('type')} ${name} NOT NULL`, ...['database', 'schema', 'table', 'name'].map((c) => `${this.q(c)} ${name}`), `${this.q('value')} text`];
    this.out.push({ sql: `CREATE TABLE IF NOT EXISTS ${this.dialect.qualify(this.table)} (${columns.join(', ')})` });
  }

  remove(key: RowKey, types: MetadataType[] = [key.type]): void {
    this.ensure();
    this.out.push({ sql: `DELETE FROM ${this.dialect.qualify(this.table)} WHERE ${condition(key, types, this.q, this.lit)}` });
  }

  write(key: RowKey, value: string): void {
    this.remove(key);
    const { q, lit } = this;
    const values = [lit(key.type), key.database ?? 'NULL', key.schema ?? 'NULL', key.table !== undefined ? lit(key.table) : 'NULL', lit(key.name), lit(value)];
    this.out.push({ sql: `INSERT INTO ${this.dialect.qualify(this.table)} (${['type', 'database', 'schema', 'table', 'name', 'value'].map(q).join(', ')}) VALUES (${values.join(', ')})` });
  }

  column(table: TableRef, name: string): RowKey {
    return { type: 'GENERATED_COLUMN', table: table.name, name, ...this.dialect.scope(table, 'column') };
  }

  view(view: TableRef, materialized: boolean | undefined): RowKey {
    return { type: materialized && this.dialect.materializedViews ? 'MATERIALIZED_VIEW' : 'VIEW', name: view.name, ...this.dialect.scope(view, 'view') };
  }
}

const generatedColumns = (columns: ColumnDef[] | undefined) => (columns ?? []).filter((c) => typeof c.asExpression === 'string');

function addRows(rows: Rows, op: Op): void {
  switch (op.kind) {
    case 'createTable':
      for (const c of generatedColumns(op.columns)) rows.write(rows.column(op.table, c.name), c.asExpression!);
      break;
    case 'dropTable':
      for (const c of generatedColumns(op.existing?.columns)) rows.remove(rows.column(op.table, c.name));
      break;
    case 'addColumn':
      if (typeof op.column.asExpression === 'string') rows.write(rows.column(op.table, op.column.name), op.column.asExpression);
      break;
    case 'dropColumn':
      if (typeof op.existing?.asExpression === 'string') rows.remove(rows.column(op.table, op.column));
      break;
    case 'alterColumn':
      if (!('asExpression' in op.changes)) break;
      if (typeof op.changes.asExpression === 'string') rows.write(rows.column(op.table, op.column), op.changes.asExpression);
      else rows.remove(rows.column(op.table, op.column));
      break;
    case 'createView':
      rows.write(rows.view(op.view, op.materialized), op.definition.trim());
      break;
    case 'dropView':
      // Whatever kind it was recorded as.
      rows.remove(rows.view(op.view, op.materialized), ['VIEW', 'MATERIALIZED_VIEW']);
      break;
    case 'batch':
      for (const inner of op.ops) addRows(rows, inner);
      break;
    default:
      break;
  }
}

/** The statements that keep typeorm_metadata's rows for `op` (none for most ops). */
export function metadataStatements(op: Op, dialect: MetadataDialect, table: TableRef = DEFAULT_METADATA_TABLE): Statement[] {
  const rows = new Rows(dialect, table);
  addRows(rows, op);
  return rows.out;
}
