/**
 * Every operation knows its reverse — given what it carries: a dropColumn reverses to an
 * addColumn only when it carries the dropped column (`existing`), an alterColumn only when it
 * knows the previous value of each attribute it changes. Autogenerate always fills these in.
 */
import { quoteIdentifier } from '../dialects/sql';
import { MigError } from '../errors';
import { tableText, type ColumnDef, type ColumnState, type ConstraintDef, type Op, type TableDef } from './ops';

function missing(op: Op, what: string): MigError {
  return new MigError('irreversible', `Cannot reverse "${describeShort(op)}": it does not carry ${what}`, {
    hint: 'give the existing definition (existing… options) or write the downgrade by hand',
  });
}

function describeShort(op: Op): string {
  return 'table' in op ? `${op.kind} ${tableText(op.table)}` : 'view' in op ? `${op.kind} ${tableText(op.view)}` : op.kind;
}

export function reverse(op: Op): Op {
  switch (op.kind) {
    case 'createTable':
      return {
        kind: 'dropTable',
        table: op.table,
        existing: { columns: op.columns, constraints: op.constraints, ...(op.indexes?.length ? { indexes: op.indexes } : {}), ...(op.comment !== undefined ? { comment: op.comment } : {}) },
      };
    case 'dropTable': {
      if (!op.existing) throw missing(op, 'the table definition');
      const { columns, constraints, indexes, comment } = op.existing;
      return { kind: 'createTable', table: op.table, columns, constraints: constraints ?? [], ...(indexes?.length ? { indexes } : {}), ...(comment ? { comment } : {}) };
    }
    case 'renameTable':
      return { kind: 'renameTable', table: { ...op.table, name: op.newName }, newName: op.table.name };
    case 'renameIndex':
      return { ...op, name: op.newName, newName: op.name };
    case 'renameEnum':
      return { kind: 'renameEnum', name: { ...op.name, name: op.newName }, newName: op.name.name };
    case 'renameConstraint':
      return { ...op, name: op.newName, newName: op.name };
    case 'addColumn':
      return { kind: 'dropColumn', table: op.table, column: op.column.name, existing: op.column };
    case 'dropColumn':
      if (!op.existing) throw missing(op, `the dropped column ${op.column}`);
      return { kind: 'addColumn', table: op.table, column: op.existing };
    case 'alterColumn': {
      const changes: ColumnState & { newName?: string } = {};
      const existing: ColumnState = {};
      for (const key of ['type', 'nullable', 'default', 'comment', 'collation', 'onUpdate', 'generated', 'generatedIdentity', 'asExpression', 'generatedType'] as const) {
        // A generated column's kind goes with its expression (absent: the dialect's default kind).
        if (key === 'generatedType' && 'asExpression' in op.changes) {
          if (op.existing.generatedType) changes.generatedType = op.existing.generatedType;
          if (op.changes.generatedType) existing.generatedType = op.changes.generatedType;
          continue;
        }
        if (!(key in op.changes)) {
          if (key in op.existing) (existing as Record<string, unknown>)[key] = op.existing[key];
          continue;
        }
        if (!(key in op.existing)) throw missing(op, `existing${key[0].toUpperCase()}${key.slice(1)} for ${op.column}`);
        (changes as Record<string, unknown>)[key] = op.existing[key];
        (existing as Record<string, unknown>)[key] = op.changes[key];
      }
      const column = op.changes.newName ?? op.column;
      if (op.changes.newName) changes.newName = op.column;
      return { kind: 'alterColumn', table: op.table, column, changes, existing };
    }
    case 'createIndex':
      return { kind: 'dropIndex', table: op.table, name: op.index.name, existing: op.index, ...(op.index.concurrently ? { concurrently: true } : {}) };
    case 'dropIndex':
      if (!op.existing) throw missing(op, `the definition of index ${op.name}`);
      return { kind: 'createIndex', table: op.table, index: op.existing };
    case 'addConstraint':
      // An unnamed primary key is found by its kind (a table has one).
      if (!op.constraint.name && op.constraint.kind === 'primaryKey') return { kind: 'dropConstraint', table: op.table, name: '', type: 'primaryKey', existing: op.constraint };
      if (!op.constraint.name) throw missing(op, 'a constraint name');
      return { kind: 'dropConstraint', table: op.table, name: op.constraint.name, type: op.constraint.kind, existing: op.constraint };
    case 'dropConstraint':
      if (!op.existing) throw missing(op, `the definition of constraint ${op.name}`);
      return { kind: 'addConstraint', table: op.table, constraint: op.existing };
    case 'createEnum':
      return { kind: 'dropEnum', name: op.name, existing: op.values };
    case 'dropEnum':
      if (!op.existing) throw missing(op, 'the enum values');
      return { kind: 'createEnum', name: op.name, values: op.existing };
    case 'alterEnum':
      return { ...op, values: op.existing, existing: op.values };
    case 'addEnumValue':
      throw new MigError('irreversible', `Cannot reverse adding '${op.value}' to enum ${tableText(op.name)}: PostgreSQL cannot drop an enum value`, {
        hint: 'recreate the type in the downgrade (rename, create, alter columns with USING, drop), as autogenerate does',
      });
    case 'setTableComment':
      if (op.existing === undefined) throw missing(op, 'the existing comment');
      return { kind: 'setTableComment', table: op.table, comment: op.existing, existing: op.comment };
    case 'createView':
      return {
        kind: 'dropView',
        view: op.view,
        ...(op.materialized ? { materialized: true } : {}),
        existing: { definition: op.definition, ...(op.materialized ? { materialized: true } : {}), ...(op.indexes?.length ? { indexes: op.indexes } : {}) },
      };
    case 'dropView': {
      if (!op.existing) throw missing(op, 'the view definition');
      const materialized = op.existing.materialized ?? op.materialized;
      return { kind: 'createView', view: op.view, definition: op.existing.definition, ...(materialized ? { materialized: true } : {}), ...(op.existing.indexes?.length ? { indexes: op.existing.indexes } : {}) };
    }
    case 'createExtension':
      return { kind: 'dropExtension', name: op.name };
    case 'dropExtension':
      return { kind: 'createExtension', name: op.name };
    case 'execute':
    case 'bulkInsert':
      throw new MigError('irreversible', `Cannot reverse ${op.kind}: mig does not know what the SQL did`, { hint: 'write the downgrade by hand' });
    case 'batch': {
      const { copyFrom, ...rest } = op;
      const after = copyFrom && tableAfter(copyFrom, op.ops);
      if (copyFrom && !after) {
        throw new MigError('irreversible', `Cannot reverse "batch ${tableText(op.table)}": its copyFrom cannot be followed through the batch's operations`, {
          hint: 'write the downgrade batch with a copyFrom of the table as the upgrade leaves it',
        });
      }
      return { ...rest, ops: op.ops.map(reverse).reverse(), ...(after ? { copyFrom: after } : {}) };
    }
  }
}

// ----- a table definition through a batch (copyFrom of the reversed batch) -----

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const wordOf = (name: string) => new RegExp(`(?<![\\w$])"?${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"?(?![\\w$])`, 'gi');
const mentions = (sql: string, column: string) => wordOf(column).test(sql);
const renameIn = (sql: string, from: string, to: string) => sql.replace(wordOf(from), quoteIdentifier(to));
const TYPE_KEYS = ['type', 'length', 'precision', 'scale', 'array', 'enum', 'enumName'] as const;

/** The definition `def` has after `ops` (as a SQLite rebuild applies them), or undefined. */
export function tableAfter(def: TableDef, ops: Op[]): TableDef | undefined {
  let t: TableDef = { ...def, columns: [...def.columns], constraints: [...(def.constraints ?? [])], indexes: [...(def.indexes ?? [])] };
  for (const op of ops) {
    const next = step(t, op);
    if (!next) return undefined;
    t = next;
  }
  return t;
}

function step(t: TableDef, op: Op): TableDef | undefined {
  const constraints = t.constraints ?? [];
  const indexes = t.indexes ?? [];
  switch (op.kind) {
    case 'addColumn':
      return { ...t, columns: [...t.columns, op.column] };
    case 'dropColumn': {
      const uses = (names: string[]) => names.some((n) => same(n, op.column) || mentions(n, op.column));
      return {
        ...t,
        columns: t.columns.filter((c) => !same(c.name, op.column)),
        constraints: constraints.filter((k) => (k.kind === 'check' || k.kind === 'exclusion' ? !mentions(k.expression, op.column) : !uses(k.columns))),
        indexes: indexes.filter((i) => !uses(i.columns) && !(i.where && mentions(i.where, op.column))),
      };
    }
    case 'alterColumn': {
      if (!t.columns.some((c) => same(c.name, op.column))) return undefined;
      const withAlter = { ...t, columns: t.columns.map((c) => (same(c.name, op.column) ? alteredColumn(c, op.changes) : c)) };
      return op.changes.newName ? renamed(withAlter, op.column, op.changes.newName) : withAlter;
    }
    case 'createIndex':
      return { ...t, indexes: [...indexes, op.index] };
    case 'dropIndex':
      return { ...t, indexes: indexes.filter((i) => !same(i.name, op.name)) };
    case 'addConstraint':
      return { ...t, constraints: [...constraints, op.constraint] };
    case 'dropConstraint': {
      // An unnamed one (SQLite's primary key, a unique or foreign key the database holds unnamed)
      // is found by its definition, as the rebuild finds it.
      const target = op.name ? undefined : op.existing;
      if (!op.name && !target) return undefined;
      const out = { ...t, constraints: constraints.filter((k) => !(op.name ? k.name && same(k.name, op.name) : sameConstraint(k, target!))) };
      // A primary key written on its column (`primary: true`) goes with it.
      if (target?.kind === 'primaryKey') out.columns = t.columns.map(withoutPrimary);
      return out;
    }
    case 'setTableComment': {
      const { comment: _old, ...rest } = t;
      void _old;
      return op.comment === null ? rest : { ...rest, comment: op.comment };
    }
    default:
      return undefined;
  }
}

function withoutPrimary(c: ColumnDef): ColumnDef {
  const { primary: _primary, ...rest } = c;
  void _primary;
  return rest;
}

/** The same constraint by its definition: kind and columns (a check: its expression). */
export function sameConstraint(a: ConstraintDef, b: ConstraintDef): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'primaryKey') return true;
  if (a.kind === 'check' || b.kind === 'check' || a.kind === 'exclusion' || b.kind === 'exclusion') return a.kind === b.kind && 'expression' in a && 'expression' in b && a.expression.replace(/\s+/g, '') === b.expression.replace(/\s+/g, '');
  const sameNames = (x: string[], y: string[]) => x.length === y.length && x.every((n, i) => same(n, y[i]));
  if (!sameNames(a.columns, b.columns)) return false;
  if (a.kind === 'foreignKey' && b.kind === 'foreignKey') return same(a.referencedTable.name, b.referencedTable.name) && sameNames(a.referencedColumns, b.referencedColumns);
  return true;
}

function alteredColumn(c: ColumnDef, changes: ColumnState): ColumnDef {
  const out: ColumnDef = { ...c };
  if (changes.type) {
    for (const key of TYPE_KEYS) delete out[key];
    Object.assign(out, changes.type);
  }
  if (changes.nullable !== undefined) out.nullable = changes.nullable;
  if ('default' in changes) {
    if (changes.default === null || changes.default === undefined) delete out.default;
    else out.default = changes.default;
  }
  if ('comment' in changes) {
    if (changes.comment === null || changes.comment === undefined) delete out.comment;
    else out.comment = changes.comment;
  }
  if ('collation' in changes) {
    if (changes.collation === null || changes.collation === undefined) delete out.collation;
    else out.collation = changes.collation;
  }
  if ('onUpdate' in changes) {
    if (changes.onUpdate === null || changes.onUpdate === undefined) delete out.onUpdate;
    else out.onUpdate = changes.onUpdate;
  }
  if ('generated' in changes) {
    if (changes.generated === null || changes.generated === undefined) delete out.generated;
    else out.generated = changes.generated;
  }
  if ('asExpression' in changes) {
    delete out.asExpression;
    delete out.generatedType;
    if (typeof changes.asExpression === 'string') {
      out.asExpression = changes.asExpression;
      if (changes.generatedType) out.generatedType = changes.generatedType;
    }
  }
  return out;
}

function renamed(t: TableDef, from: string, to: string): TableDef {
  const name = (n: string) => (same(n, from) ? to : /[\s()]/.test(n) ? renameIn(n, from, to) : n);
  return {
    ...t,
    columns: t.columns.map((c) => (same(c.name, from) ? { ...c, name: to } : c)),
    constraints: (t.constraints ?? []).map((k): ConstraintDef => (k.kind === 'check' || k.kind === 'exclusion' ? { ...k, expression: renameIn(k.expression, from, to) } : { ...k, columns: k.columns.map(name) })),
    indexes: (t.indexes ?? []).map((i) => ({ ...i, columns: i.columns.map(name), ...(i.where ? { where: renameIn(i.where, from, to) } : {}) })),
  };
}

