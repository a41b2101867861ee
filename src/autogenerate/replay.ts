/**
 * The schema at a revision without a database: the revisions' upgrade ops (data) applied, in
 * order, to an empty neutral model. What `mig revision --autogenerate --offline` compares the
 * entities with. Pure: no database, no files.
 *
 * An op changes the model as the database would: dropping a column drops the keys, uniques,
 * checks and indexes on it; renaming a table or a column renames what refers to it (foreign keys
 * of other tables included). On MySQL as MySQL does it (and as its introspection reads it): a
 * unique constraint is a unique index, a primary key has no name, a dropped column leaves its
 * indexes with their other columns, a dropped foreign key the index made for it, and alterEnum
 * restates the columns it names. `execute()` SQL is not replayed: `replayOps` returns it, and the
 * caller decides whether what it changes matters to the diff.
 */
import { enumTypeName } from '../dialects/postgres';
import type { DialectName } from '../dialects/types';
import type { ColumnDef, ConstraintDef, Op, TableRef } from '../operations/ops';
import type { SchemaColumn, SchemaModel, SchemaTable } from '../schema/model';

const key = (t: TableRef) => `${t.schema ?? ''}.${t.name}`;
const sameRef = (a: TableRef, b: TableRef) => key(a) === key(b);
const clone = <T>(v: T): T => structuredClone(v);

export function emptyModel(dialect: SchemaModel['dialect']): SchemaModel {
  return { dialect, tables: [], enums: [], views: [], extensions: [] };
}

/** What replaying left out: the SQL of each execute(), in order. */
export interface ReplayResult {
  model: SchemaModel;
  executed: string[];
}

export function replayOps(start: SchemaModel, ops: Op[]): ReplayResult {
  const model = clone(start);
  model.views ??= [];
  model.extensions ??= [];
  const executed: string[] = [];
  for (const op of ops) apply(model, op, executed);
  return { model, executed };
}

function table(model: SchemaModel, ref: TableRef): SchemaTable {
  const t = model.tables.find((x) => sameRef(x, ref));
  if (!t) throw new Error(`replay: no table ${key(ref)}`);
  return t;
}

const TYPE_KEYS = ['type', 'length', 'precision', 'scale', 'array', 'enum', 'enumName'] as const;

const isEnumType = (type: string) => /^(simple-)?enum$/i.test(type.trim());

/** A column as the database keeps it (PostgreSQL: an enum column names its type). */
function schemaColumn(model: SchemaModel, t: TableRef, c: ColumnDef): SchemaColumn {
  const { primary: _p, unique: _u, ...rest } = clone(c);
  void _p;
  void _u;
  const col: SchemaColumn = rest;
  if (col.nullable === undefined) col.nullable = false;
  if (model.dialect === 'postgres' && isEnumType(col.type)) {
    col.type = 'enum';
    col.enumName = enumTypeName(t, c);
    const e = model.enums.find((x) => x.name === col.enumName && (x.schema ?? t.schema) === t.schema);
    if (e) col.enum = [...e.values];
  }
  return col;
}

/**
 * A unique constraint as the database keeps it. MySQL has none, only a unique index (as its
 * introspection reads it): named as the constraint, or, given no name, after its first column
 * (`<column>_2`, `_3`, ... when that is taken).
 */
function addUnique(model: SchemaModel, t: SchemaTable, def: Extract<ConstraintDef, { kind: 'unique' }>): void {
  if (model.dialect !== 'mysql') {
    t.uniques.push(def);
    return;
  }
  const taken = (n: string) => n === 'PRIMARY' || t.indexes.some((i) => i.name === n);
  let name = def.name ?? def.columns[0];
  for (let n = 2; !def.name && taken(name); n++) name = `${def.columns[0]}_${n}`;
  t.indexes.push({ name, columns: [...def.columns], unique: true });
}

function addConstraint(model: SchemaModel, t: SchemaTable, c: ConstraintDef): void {
  const def = clone(c);
  switch (def.kind) {
    case 'primaryKey':
      // MySQL's primary key has no name of its own (it is always PRIMARY).
      if (model.dialect === 'mysql') delete def.name;
      t.primaryKey = def;
      return;
    case 'unique':
      addUnique(model, t, def);
      return;
    case 'foreignKey':
      t.foreignKeys.push(def);
      return;
    case 'check':
      t.checks.push(def);
      return;
    case 'exclusion':
      (t.exclusions ??= []).push(def);
      return;
  }
}

/** The column's own key and unique flags as constraints (as createTable/addColumn declare them). */
function columnConstraints(model: SchemaModel, t: SchemaTable, columns: ColumnDef[]): void {
  const primary = columns.filter((c) => c.primary || ((c.generated === 'increment' || c.generated === 'identity') && !t.primaryKey && !columns.some((o) => o.primary)));
  if (primary.length && !t.primaryKey) t.primaryKey = { kind: 'primaryKey', columns: primary.map((c) => c.name) };
  for (const c of columns) if (c.unique) addUnique(model, t, { kind: 'unique', columns: [c.name] });
}

const keyPart = (c: string) => c.replace(/\(\d+\)/, '').replace(/\s+(ASC|DESC)$/i, '');

/** An index (or the primary key) whose first columns are `columns`, as MySQL looks for one to serve a foreign key. */
function leadingIndex(t: SchemaTable, columns: string[]): boolean {
  const leads = (cols: string[]) => columns.every((c, i) => cols[i] !== undefined && keyPart(cols[i]) === c);
  return (t.primaryKey !== undefined && leads(t.primaryKey.columns)) || t.indexes.some((i) => leads(i.columns));
}

function dropColumn(model: SchemaModel, t: SchemaTable, column: string): void {
  t.columns = t.columns.filter((c) => c.name !== column);
  const on = (cols: string[]) => cols.includes(column);
  if (t.primaryKey && on(t.primaryKey.columns)) delete t.primaryKey;
  t.uniques = t.uniques.filter((u) => !on(u.columns));
  t.foreignKeys = t.foreignKeys.filter((f) => !on(f.columns));
  if (model.dialect === 'mysql') {
    // MySQL takes the column out of its indexes, and drops only those left with none.
    for (const i of t.indexes) i.columns = i.columns.filter((c) => keyPart(c) !== column);
    t.indexes = t.indexes.filter((i) => i.columns.length > 0);
  } else t.indexes = t.indexes.filter((i) => !on(i.columns));
  const word = new RegExp(`(^|[^\\w"])"?${column.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"?([^\\w"]|$)`);
  t.checks = t.checks.filter((c) => !word.test(c.expression));
}

function renameColumn(model: SchemaModel, t: SchemaTable, from: string, to: string): void {
  const rename = (cols: string[]) => cols.map((c) => (c === from ? to : c));
  for (const c of t.columns) if (c.name === from) c.name = to;
  if (t.primaryKey) t.primaryKey.columns = rename(t.primaryKey.columns);
  for (const u of t.uniques) u.columns = rename(u.columns);
  for (const i of t.indexes) i.columns = rename(i.columns);
  for (const f of t.foreignKeys) f.columns = rename(f.columns);
  for (const other of model.tables) for (const f of other.foreignKeys) if (sameRef(f.referencedTable, t)) f.referencedColumns = rename(f.referencedColumns);
}

function apply(model: SchemaModel, op: Op, executed: string[]): void {
  switch (op.kind) {
    case 'createTable': {
      const t: SchemaTable = { ...clone(op.table), columns: op.columns.map((c) => schemaColumn(model, op.table, c)), uniques: [], foreignKeys: [], checks: [], indexes: clone(op.indexes ?? []) };
      for (const c of op.constraints) addConstraint(model, t, c);
      columnConstraints(model, t, op.columns);
      if (op.comment) t.comment = op.comment;
      model.tables.push(t);
      return;
    }
    case 'dropTable':
      model.tables = model.tables.filter((t) => !sameRef(t, op.table));
      return;
    case 'renameTable': {
      const t = table(model, op.table);
      const to: TableRef = op.table.schema ? { schema: op.table.schema, name: op.newName } : { name: op.newName };
      for (const other of model.tables) for (const f of other.foreignKeys) if (sameRef(f.referencedTable, op.table)) f.referencedTable = clone(to);
      t.name = op.newName;
      return;
    }
    case 'addColumn': {
      const t = table(model, op.table);
      t.columns.push(schemaColumn(model, op.table, op.column));
      columnConstraints(model, t, [op.column]);
      return;
    }
    case 'dropColumn':
      dropColumn(model, table(model, op.table), op.column);
      return;
    case 'alterColumn': {
      const t = table(model, op.table);
      const c = t.columns.find((x) => x.name === op.column);
      if (!c) throw new Error(`replay: no column ${key(op.table)}.${op.column}`);
      const ch = op.changes;
      if (ch.type) {
        const typed = schemaColumn(model, op.table, { ...clone(ch.type), name: c.name });
        for (const k of TYPE_KEYS) {
          if (typed[k] === undefined) delete c[k];
          else (c as unknown as Record<string, unknown>)[k] = typed[k];
        }
      }
      if (ch.nullable !== undefined) c.nullable = ch.nullable;
      // null in a change means "none": the attribute goes.
      for (const k of ['default', 'comment', 'collation', 'onUpdate', 'generated', 'generatedIdentity'] as const) {
        if (ch[k] === undefined) continue;
        if (ch[k] === null) delete c[k];
        else (c as unknown as Record<string, unknown>)[k] = clone(ch[k]);
      }
      if (ch.asExpression !== undefined) {
        if (ch.asExpression === null) {
          delete c.asExpression;
          delete c.generatedType;
        } else {
          c.asExpression = ch.asExpression;
          if (ch.generatedType) c.generatedType = ch.generatedType;
        }
      }
      if (ch.newName !== undefined) renameColumn(model, t, op.column, ch.newName);
      return;
    }
    case 'createIndex':
      table(model, op.table).indexes.push(clone(op.index));
      return;
    case 'dropIndex': {
      const t = table(model, op.table);
      t.indexes = t.indexes.filter((i) => i.name !== op.name);
      return;
    }
    case 'renameIndex':
      for (const i of table(model, op.table).indexes) if (i.name === op.name) i.name = op.newName;
      return;
    case 'addConstraint':
      addConstraint(model, table(model, op.table), op.constraint);
      return;
    case 'dropConstraint': {
      const t = table(model, op.table);
      const keep = <C extends { name?: string }>(list: C[]) => list.filter((c) => c.name !== op.name);
      if (op.type === 'primaryKey') delete t.primaryKey;
      else if (op.type === 'unique') {
        t.uniques = keep(t.uniques);
        // MySQL: the unique index of that name.
        if (model.dialect === 'mysql') t.indexes = t.indexes.filter((i) => i.name !== op.name);
      } else if (op.type === 'foreignKey') {
        const fk = t.foreignKeys.find((f) => f.name === op.name);
        t.foreignKeys = keep(t.foreignKeys);
        // MySQL keeps the index it made for the key (named as the key), made where no index led with its columns.
        if (model.dialect === 'mysql' && fk?.name && !leadingIndex(t, fk.columns)) t.indexes.push({ name: fk.name, columns: [...fk.columns] });
      } else if (op.type === 'check') t.checks = keep(t.checks);
      else if (t.exclusions) t.exclusions = keep(t.exclusions);
      return;
    }
    case 'renameConstraint': {
      const t = table(model, op.table);
      const all: Array<{ name?: string }> = [...(t.primaryKey ? [t.primaryKey] : []), ...t.uniques, ...t.foreignKeys, ...t.checks, ...(t.exclusions ?? [])];
      for (const c of all) if (c.name === op.name) c.name = op.newName;
      // MySQL: a unique constraint is its unique index (RENAME INDEX).
      if (model.dialect === 'mysql' && op.type === 'unique') for (const i of t.indexes) if (i.name === op.name) i.name = op.newName;
      return;
    }
    case 'createEnum':
      if (model.dialect === 'postgres') model.enums.push({ ...clone(op.name), values: [...op.values] });
      return;
    case 'dropEnum':
      model.enums = model.enums.filter((e) => !sameRef(e, op.name));
      return;
    case 'renameEnum': {
      const e = model.enums.find((x) => sameRef(x, op.name));
      if (e) e.name = op.newName;
      for (const t of model.tables) for (const c of t.columns) if (c.enumName === op.name.name && (op.name.schema ?? t.schema) === t.schema) c.enumName = op.newName;
      return;
    }
    case 'addEnumValue': {
      const e = model.enums.find((x) => sameRef(x, op.name));
      if (!e) return;
      const at = op.before !== undefined ? e.values.indexOf(op.before) : op.after !== undefined ? e.values.indexOf(op.after) + 1 : -1;
      if (at < 0) e.values.push(op.value);
      else e.values.splice(at, 0, op.value);
      setEnumColumns(model, op.name, e.values);
      return;
    }
    case 'alterEnum': {
      const e = model.enums.find((x) => sameRef(x, op.name));
      if (e) e.values = [...op.values];
      setEnumColumns(model, op.name, op.values);
      // MySQL has no enum types: the op restates the ENUM of each column it names (and its default).
      if (model.dialect === 'mysql') {
        for (const ref of op.columns) {
          const c = table(model, ref.table).columns.find((x) => x.name === ref.column);
          if (!c) throw new Error(`replay: no column ${key(ref.table)}.${ref.column}`);
          c.type = 'enum';
          c.enum = [...op.values];
          if (ref.default !== undefined) c.default = clone(ref.default);
        }
      }
      return;
    }
    case 'setTableComment': {
      const t = table(model, op.table);
      if (op.comment === null) delete t.comment;
      else t.comment = op.comment;
      return;
    }
    case 'createView':
      model.views!.push({ ...clone(op.view), definition: op.definition.trim(), ...(op.materialized ? { materialized: true } : {}), indexes: clone(op.indexes ?? []), recorded: true });
      return;
    case 'dropView':
      model.views = model.views!.filter((v) => !sameRef(v, op.view));
      return;
    case 'createExtension':
      if (model.dialect === 'postgres' && !model.extensions!.includes(op.name)) model.extensions!.push(op.name);
      return;
    case 'dropExtension':
      model.extensions = model.extensions!.filter((e) => e !== op.name);
      return;
    case 'execute':
      executed.push(op.sql);
      return;
    case 'bulkInsert':
      return;
    case 'batch':
      for (const inner of op.ops) apply(model, inner, executed);
      return;
  }
}

/** The columns of an enum type carry its values (as introspection gives them). */
function setEnumColumns(model: SchemaModel, name: TableRef, values: string[]): void {
  for (const t of model.tables) {
    for (const c of t.columns) if (c.enumName === name.name && (name.schema ?? t.schema) === t.schema) c.enum = [...values];
  }
}
