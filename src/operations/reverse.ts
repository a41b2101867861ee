/**
 * Every operation knows its reverse — given what it carries: a dropColumn reverses to an
 * addColumn only when it carries the dropped column (`existing`), an alterColumn only when it
 * knows the previous value of each attribute it changes. Autogenerate always fills these in.
 */
import { MigError } from '../errors';
import { tableText, type ColumnState, type Op } from './ops';

function missing(op: Op, what: string): MigError {
  return new MigError('irreversible', `Cannot reverse "${describeShort(op)}": it does not carry ${what}`, {
    hint: 'give the existing definition (existing… options) or write the downgrade by hand',
  });
}

function describeShort(op: Op): string {
  return 'table' in op ? `${op.kind} ${tableText(op.table)}` : op.kind;
}

export function reverse(op: Op): Op {
  switch (op.kind) {
    case 'createTable':
      return { kind: 'dropTable', table: op.table, existing: { columns: op.columns, constraints: op.constraints } };
    case 'dropTable':
      if (!op.existing) throw missing(op, 'the table definition');
      return { kind: 'createTable', table: op.table, columns: op.existing.columns, constraints: op.existing.constraints ?? [] };
    case 'renameTable':
      return { kind: 'renameTable', table: { ...op.table, name: op.newName }, newName: op.table.name };
    case 'addColumn':
      return { kind: 'dropColumn', table: op.table, column: op.column.name, existing: op.column };
    case 'dropColumn':
      if (!op.existing) throw missing(op, `the dropped column ${op.column}`);
      return { kind: 'addColumn', table: op.table, column: op.existing };
    case 'alterColumn': {
      const changes: ColumnState & { newName?: string } = {};
      const existing: ColumnState = {};
      for (const key of ['type', 'nullable', 'default', 'comment'] as const) {
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
    case 'addEnumValue':
      throw new MigError('irreversible', `Cannot reverse adding '${op.value}' to enum ${tableText(op.name)}: PostgreSQL cannot drop an enum value`, {
        hint: 'recreate the type in the downgrade (rename, create, alter columns with USING, drop), as autogenerate does',
      });
    case 'setTableComment':
      if (op.existing === undefined) throw missing(op, 'the existing comment');
      return { kind: 'setTableComment', table: op.table, comment: op.existing, existing: op.comment };
    case 'execute':
    case 'bulkInsert':
      throw new MigError('irreversible', `Cannot reverse ${op.kind}: mig does not know what the SQL did`, { hint: 'write the downgrade by hand' });
    case 'batch':
      return { ...op, ops: op.ops.map(reverse).reverse() };
  }
}
