/**
 * The `op` object a revision's upgrade(op) / downgrade(op) receives. Each method turns its
 * arguments into an operation (plain data, ./ops.ts) and hands it to the run, which compiles it
 * for the database and executes it — or prints it, offline.
 */
import { MigError } from '../errors';
import {
  columnType,
  tableRef,
  tableText,
  type CheckDef,
  type ColumnDef,
  type ColumnState,
  type ColumnType,
  type ConstraintDef,
  type ConstraintKind,
  type Deferrable,
  type DefaultValue,
  type ForeignKeyDef,
  type Generation,
  type IndexDef,
  type Op,
  type PrimaryKeyDef,
  type ReferentialAction,
  type TableArg,
  type TableDef,
  type UniqueDef,
} from './ops';

/** A default as the API accepts it: a value, `sql('now()')`, or TypeORM's `() => 'now()'`. */
export type DefaultInput = DefaultValue | (() => string);

/** A column as TypeORM users declare it; `type` may carry parameters: `'varchar(200)'`, `'int[]'`. */
export interface ColumnInput extends Omit<ColumnDef, 'default' | 'type'> {
  type: string;
  default?: DefaultInput;
}

export interface AlterColumnOptions {
  type?: string | ColumnType;
  length?: number;
  precision?: number;
  scale?: number;
  array?: boolean;
  enum?: string[];
  enumName?: string;
  nullable?: boolean;
  /** A new default, or `null` to drop the default. */
  default?: DefaultInput | null;
  comment?: string | null;
  newName?: string;
  /** PostgreSQL: how to convert existing values in a type change, e.g. `"age"::integer`. */
  using?: string;
  existingType?: string | ColumnType;
  existingNullable?: boolean;
  existingDefault?: DefaultInput | null;
  existingComment?: string | null;
}

export interface ForeignKeyOptions {
  name?: string;
  onDelete?: ReferentialAction;
  onUpdate?: ReferentialAction;
  deferrable?: Deferrable;
}

export interface IndexOptions {
  unique?: boolean;
  where?: string;
  concurrently?: boolean;
}

/** Raw SQL for a default or an expression: `sql('now()')`. */
export function sql(text: string): { sql: string } {
  return { sql: text };
}

function toDefault(value: DefaultInput | null | undefined): DefaultValue | null | undefined {
  if (typeof value === 'function') return { sql: String(value()) };
  return value as DefaultValue | null | undefined;
}

function toColumn(input: ColumnInput): ColumnDef {
  if (!input || typeof input.name !== 'string' || !input.name) throw new MigError('op-invalid', `A column needs a name: ${JSON.stringify(input)}`);
  if (typeof input.type !== 'string' || !input.type.trim()) throw new MigError('op-invalid', `Column ${input.name} needs a type`);
  const parsed = columnType(input.type);
  const { default: def, type: _type, ...rest } = input;
  void _type;
  const out: ColumnDef = { ...rest, ...parsed, name: input.name };
  for (const key of ['length', 'precision', 'scale', 'array'] as const) if (input[key] !== undefined) (out as unknown as Record<string, unknown>)[key] = input[key];
  const d = toDefault(def);
  if (d !== undefined && d !== null) out.default = d;
  return out;
}

function names(list: string[], what: string): string[] {
  if (!Array.isArray(list) || !list.length || list.some((n) => typeof n !== 'string' || !n)) {
    throw new MigError('op-invalid', `${what} needs a non-empty list of column names`);
  }
  return list;
}

function requireName(name: string, what: string): string {
  if (typeof name !== 'string' || !name) throw new MigError('op-invalid', `${what} needs a name`);
  return name;
}

/** Table-local operations inside op.batchAlterTable (the table is implied). */
export class BatchOperations {
  readonly ops: Op[] = [];

  constructor(private readonly table: TableArg) {}

  private push(op: Op): void {
    this.ops.push(op);
  }

  addColumn(column: ColumnInput): void {
    this.push(build.addColumn(this.table, column));
  }
  dropColumn(column: string, options: { existing?: ColumnInput } = {}): void {
    this.push(build.dropColumn(this.table, column, options));
  }
  alterColumn(column: string, options: AlterColumnOptions): void {
    this.push(build.alterColumn(this.table, column, options));
  }
  createIndex(name: string, columns: string[], options: IndexOptions = {}): void {
    this.push(build.createIndex(name, this.table, columns, options));
  }
  dropIndex(name: string, options: { existing?: IndexDef } = {}): void {
    this.push(build.dropIndex(name, this.table, options));
  }
  createUniqueConstraint(name: string, columns: string[]): void {
    this.push({ kind: 'addConstraint', table: tableRef(this.table), constraint: { kind: 'unique', name: requireName(name, 'A unique constraint'), columns: names(columns, 'A unique constraint') } });
  }
  createForeignKey(name: string, referencedTable: TableArg, columns: string[], referencedColumns: string[], options: Omit<ForeignKeyOptions, 'name'> = {}): void {
    this.push({ kind: 'addConstraint', table: tableRef(this.table), constraint: build.foreignKey(columns, referencedTable, referencedColumns, { ...options, name }) });
  }
  createCheckConstraint(name: string, expression: string): void {
    this.push({ kind: 'addConstraint', table: tableRef(this.table), constraint: { kind: 'check', name: requireName(name, 'A check constraint'), expression } });
  }
  createPrimaryKey(name: string, columns: string[]): void {
    this.push({ kind: 'addConstraint', table: tableRef(this.table), constraint: { kind: 'primaryKey', name, columns: names(columns, 'A primary key') } });
  }
  dropConstraint(name: string, type: ConstraintKind, options: { existing?: ConstraintDef } = {}): void {
    this.push(build.dropConstraint(name, this.table, type, options));
  }
}

/** Builders shared by Operations and BatchOperations: arguments -> operation data. */
const build = {
  addColumn(table: TableArg, column: ColumnInput): Op {
    return { kind: 'addColumn', table: tableRef(table), column: toColumn(column) };
  },
  dropColumn(table: TableArg, column: string, options: { existing?: ColumnInput }): Op {
    const op: Op = { kind: 'dropColumn', table: tableRef(table), column: requireName(column, 'dropColumn') };
    if (options.existing) op.existing = toColumn(options.existing);
    return op;
  },
  alterColumn(table: TableArg, column: string, o: AlterColumnOptions): Op {
    const changes: ColumnState & { newName?: string } = {};
    const existing: ColumnState = {};
    const typeParams = { length: o.length, precision: o.precision, scale: o.scale, array: o.array, enum: o.enum, enumName: o.enumName };
    if (o.type !== undefined) {
      const t = columnType(o.type);
      for (const [k, v] of Object.entries(typeParams)) if (v !== undefined) (t as unknown as Record<string, unknown>)[k] = v;
      changes.type = t;
    }
    if (o.nullable !== undefined) changes.nullable = o.nullable;
    if ('default' in o) changes.default = toDefault(o.default) ?? null;
    if ('comment' in o) changes.comment = o.comment ?? null;
    if (o.newName !== undefined) changes.newName = requireName(o.newName, 'newName');
    if (o.existingType !== undefined) existing.type = columnType(o.existingType);
    if (o.existingNullable !== undefined) existing.nullable = o.existingNullable;
    if ('existingDefault' in o) existing.default = toDefault(o.existingDefault) ?? null;
    if ('existingComment' in o) existing.comment = o.existingComment ?? null;
    if (!Object.keys(changes).length) throw new MigError('op-invalid', `alterColumn ${column}: nothing to change`, { hint: 'give type, nullable, default, comment or newName' });
    const op: Op = { kind: 'alterColumn', table: tableRef(table), column: requireName(column, 'alterColumn'), changes, existing };
    if (o.using !== undefined) op.using = o.using;
    return op;
  },
  createIndex(name: string, table: TableArg, columns: string[], options: IndexOptions): Op {
    const index: IndexDef = { name: requireName(name, 'An index'), columns: names(columns, `Index ${name}`) };
    if (options.unique) index.unique = true;
    if (options.where) index.where = options.where;
    if (options.concurrently) index.concurrently = true;
    return { kind: 'createIndex', table: tableRef(table), index };
  },
  dropIndex(name: string, table: TableArg | undefined, options: { existing?: IndexDef; concurrently?: boolean }): Op {
    const op: Op = { kind: 'dropIndex', table: tableRef(table ?? ''), name: requireName(name, 'dropIndex') };
    if (options.existing) op.existing = options.existing;
    if (options.concurrently) op.concurrently = true;
    return op;
  },
  foreignKey(columns: string[], referencedTable: TableArg, referencedColumns: string[], options: ForeignKeyOptions = {}): ForeignKeyDef {
    const fk: ForeignKeyDef = { kind: 'foreignKey', columns: names(columns, 'A foreign key'), referencedTable: tableRef(referencedTable), referencedColumns: names(referencedColumns, 'A foreign key (referenced)') };
    if (fk.columns.length !== fk.referencedColumns.length) throw new MigError('op-invalid', `A foreign key needs as many referenced columns as columns (${fk.columns.join(', ')})`);
    if (options.name) fk.name = options.name;
    if (options.onDelete) fk.onDelete = options.onDelete;
    if (options.onUpdate) fk.onUpdate = options.onUpdate;
    if (options.deferrable) fk.deferrable = options.deferrable;
    return fk;
  },
  dropConstraint(name: string, table: TableArg, type: ConstraintKind, options: { existing?: ConstraintDef }): Op {
    if (!['primaryKey', 'unique', 'foreignKey', 'check'].includes(type)) {
      throw new MigError('op-invalid', `dropConstraint ${name}: type must be primaryKey, unique, foreignKey or check (got ${String(type)})`);
    }
    const op: Op = { kind: 'dropConstraint', table: tableRef(table), name: requireName(name, 'dropConstraint'), type };
    if (options.existing) op.existing = options.existing;
    return op;
  },
};

export interface OperationsRuntime {
  /** Compiles and executes (or prints) an operation. */
  run(op: Op): Promise<void>;
  /** Reads data (online only). */
  query(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  dialect: 'postgres' | 'sqlite';
  offline: boolean;
}

export class Operations {
  /** The database kind: 'postgres' or 'sqlite'. */
  readonly dialect: 'postgres' | 'sqlite';
  /** True when printing SQL (`--sql`): nothing can be read from the database. */
  readonly offline: boolean;

  constructor(private readonly runtime: OperationsRuntime) {
    this.dialect = runtime.dialect;
    this.offline = runtime.offline;
  }

  /** Runs an operation given as data (what autogenerate and custom code can build). */
  invoke(op: Op): Promise<void> {
    return this.runtime.run(op);
  }

  createTable(table: TableArg, columns: ColumnInput[], ...constraints: ConstraintDef[]): Promise<void> {
    if (!Array.isArray(columns) || !columns.length) throw new MigError('op-invalid', `createTable ${typeof table === 'string' ? table : table.name}: needs columns`);
    return this.invoke({ kind: 'createTable', table: tableRef(table), columns: columns.map(toColumn), constraints });
  }

  dropTable(table: TableArg, options: { existing?: TableDef } = {}): Promise<void> {
    return this.invoke({ kind: 'dropTable', table: tableRef(table), ...(options.existing ? { existing: options.existing } : {}) });
  }

  renameTable(table: TableArg, newName: string): Promise<void> {
    return this.invoke({ kind: 'renameTable', table: tableRef(table), newName: requireName(newName, 'renameTable') });
  }

  addColumn(table: TableArg, column: ColumnInput): Promise<void> {
    return this.invoke(build.addColumn(table, column));
  }

  dropColumn(table: TableArg, column: string, options: { existing?: ColumnInput } = {}): Promise<void> {
    return this.invoke(build.dropColumn(table, column, options));
  }

  alterColumn(table: TableArg, column: string, options: AlterColumnOptions): Promise<void> {
    return this.invoke(build.alterColumn(table, column, options));
  }

  createIndex(name: string, table: TableArg, columns: string[], options: IndexOptions = {}): Promise<void> {
    return this.invoke(build.createIndex(name, table, columns, options));
  }

  dropIndex(name: string, table?: TableArg, options: { existing?: IndexDef; concurrently?: boolean } = {}): Promise<void> {
    return this.invoke(build.dropIndex(name, table, options));
  }

  createUniqueConstraint(name: string, table: TableArg, columns: string[]): Promise<void> {
    return this.invoke({ kind: 'addConstraint', table: tableRef(table), constraint: { kind: 'unique', name: requireName(name, 'A unique constraint'), columns: names(columns, 'A unique constraint') } });
  }

  createForeignKey(name: string, table: TableArg, referencedTable: TableArg, columns: string[], referencedColumns: string[], options: Omit<ForeignKeyOptions, 'name'> = {}): Promise<void> {
    return this.invoke({ kind: 'addConstraint', table: tableRef(table), constraint: build.foreignKey(columns, referencedTable, referencedColumns, { ...options, name }) });
  }

  createCheckConstraint(name: string, table: TableArg, expression: string): Promise<void> {
    return this.invoke({ kind: 'addConstraint', table: tableRef(table), constraint: { kind: 'check', name: requireName(name, 'A check constraint'), expression } });
  }

  createPrimaryKey(name: string, table: TableArg, columns: string[]): Promise<void> {
    return this.invoke({ kind: 'addConstraint', table: tableRef(table), constraint: { kind: 'primaryKey', name, columns: names(columns, 'A primary key') } });
  }

  dropConstraint(name: string, table: TableArg, type: ConstraintKind, options: { existing?: ConstraintDef } = {}): Promise<void> {
    return this.invoke(build.dropConstraint(name, table, type, options));
  }

  /** PostgreSQL enum type (on SQLite enum columns carry a CHECK instead; this does nothing there). */
  createEnum(name: TableArg, values: string[]): Promise<void> {
    return this.invoke({ kind: 'createEnum', name: tableRef(name), values: [...values] });
  }

  dropEnum(name: TableArg, options: { existing?: string[] } = {}): Promise<void> {
    return this.invoke({ kind: 'dropEnum', name: tableRef(name), ...(options.existing ? { existing: options.existing } : {}) });
  }

  addEnumValue(name: TableArg, value: string, options: { before?: string; after?: string } = {}): Promise<void> {
    return this.invoke({ kind: 'addEnumValue', name: tableRef(name), value, ...options });
  }

  /**
   * PostgreSQL: gives an enum type new values. Values only added (in any position) become
   * ALTER TYPE ... ADD VALUE; a removed or reordered value recreates the type (rename, create,
   * convert each of `columns`, drop the old one), which fails — changing nothing — while rows
   * still hold a removed value. On SQLite it does nothing (change the columns' CHECK instead).
   */
  alterEnum(name: TableArg, values: string[], options: { existing: string[]; columns?: Array<{ table: TableArg; column: string; array?: boolean; default?: DefaultInput }> }): Promise<void> {
    if (!options || !Array.isArray(options.existing)) throw new MigError('op-invalid', `alterEnum ${tableText(tableRef(name))}: give the existing values ({ existing: [...] })`);
    const columns = (options.columns ?? []).map((c) => {
      const def = toDefault(c.default);
      return { table: tableRef(c.table), column: c.column, ...(c.array ? { array: true } : {}), ...(def !== undefined && def !== null ? { default: def } : {}) };
    });
    return this.invoke({ kind: 'alterEnum', name: tableRef(name), values: [...values], existing: [...options.existing], columns });
  }

  setTableComment(table: TableArg, comment: string | null, options: { existing?: string | null } = {}): Promise<void> {
    return this.invoke({ kind: 'setTableComment', table: tableRef(table), comment, ...('existing' in options ? { existing: options.existing ?? null } : {}) });
  }

  /** Runs SQL; parameters are `$1`, `$2` on PostgreSQL and `?` on SQLite. */
  execute(sqlText: string, params?: unknown[]): Promise<void> {
    return this.invoke({ kind: 'execute', sql: sqlText, ...(params?.length ? { params } : {}) });
  }

  bulkInsert(table: TableArg, rows: Record<string, unknown>[]): Promise<void> {
    return this.invoke({ kind: 'bulkInsert', table: tableRef(table), rows });
  }

  /**
   * Groups changes to one table. On SQLite, changes ALTER TABLE cannot make run as one
   * move-and-copy; `copyFrom` gives the table's definition for offline SQL.
   */
  async batchAlterTable(
    table: TableArg,
    fn: (batch: BatchOperations) => void | Promise<void>,
    options: { recreate?: 'auto' | 'always' | 'never'; copyFrom?: { columns: ColumnInput[]; constraints?: ConstraintDef[]; indexes?: IndexDef[] } } = {},
  ): Promise<void> {
    const batch = new BatchOperations(table);
    await fn(batch);
    if (!batch.ops.length) return;
    const op: Op = { kind: 'batch', table: tableRef(table), ops: batch.ops, recreate: options.recreate ?? 'auto' };
    if (options.copyFrom) op.copyFrom = { ...options.copyFrom, columns: options.copyFrom.columns.map(toColumn) };
    return this.invoke(op);
  }

  /** Reads rows, for data migrations. Not available with --sql. */
  query<T = Record<string, unknown>>(sqlText: string, params?: unknown[]): Promise<T[]> {
    return this.runtime.query(sqlText, params) as Promise<T[]>;
  }

  // ----- constraint definitions for createTable -----

  primaryKey(columns: string[], options: { name?: string } = {}): PrimaryKeyDef {
    return { kind: 'primaryKey', columns: names(columns, 'A primary key'), ...(options.name ? { name: options.name } : {}) };
  }

  unique(columns: string[], options: { name?: string } = {}): UniqueDef {
    return { kind: 'unique', columns: names(columns, 'A unique constraint'), ...(options.name ? { name: options.name } : {}) };
  }

  check(expression: string, options: { name?: string } = {}): CheckDef {
    return { kind: 'check', expression, ...(options.name ? { name: options.name } : {}) };
  }

  foreignKey(columns: string[], referencedTable: TableArg, referencedColumns: string[], options: ForeignKeyOptions = {}): ForeignKeyDef {
    return build.foreignKey(columns, referencedTable, referencedColumns, options);
  }

  /** Raw SQL for a default or an expression: `op.sql('now()')`. */
  sql(text: string): { sql: string } {
    return sql(text);
  }
}

