/**
 * SQLite: native ALTER where SQLite has it (ADD COLUMN, RENAME COLUMN, DROP COLUMN when nothing
 * depends on the column, RENAME TO, indexes); anything else is a move-and-copy rebuild
 * (./rebuild.ts). Comments and enum types do not exist in SQLite: those operations compile to
 * nothing, and enum columns carry a CHECK of their values.
 */
import { MigError } from '../../errors';
import { isSqlExpression, tableText, type ColumnDef, type Op, type TableDef, type TableRef } from '../../operations/ops';
import { quoteIdentifier, replacePlaceholders, stringLiteral } from '../sql';
import type { CompileContext, Dialect, SqliteTableSource, Statement, VersionTableSql } from '../types';
import { mentions, parseCreateTable } from './create-table';
import { columnSql, CONSTANT_DEFAULTS, createTableSql, indexSql, isIncrement, literal, qualify } from './ddl';
import { rebuildTable } from './rebuild';

const q = quoteIdentifier;

/** The source of a table as SQLite would store it, from a definition (offline `copyFrom`). */
export function tableSource(table: TableRef, def: TableDef): SqliteTableSource {
  return {
    sql: createTableSql(table, def.columns, def.constraints ?? []),
    indexes: (def.indexes ?? []).map((i) => ({ name: i.name, sql: indexSql(table, i) })),
    triggers: [],
  };
}

/** Can SQLite add this column with ALTER TABLE ADD COLUMN? */
function canAddNatively(c: ColumnDef): boolean {
  if (c.primary || c.unique || isIncrement(c)) return false;
  if (c.default !== undefined && isSqlExpression(c.default) && !CONSTANT_DEFAULTS.test(c.default.sql.trim()) && !/^[-+]?\d/.test(c.default.sql.trim())) return false;
  if (!c.nullable && (c.default === undefined || c.default === null)) return false;
  return true;
}

/** Does anything besides the column itself depend on it (which stops a native DROP COLUMN)? */
function columnHasDependents(source: SqliteTableSource, column: string): boolean {
  const table = parseCreateTable(source.sql);
  const col = table.columns.find((c) => c.name.toLowerCase() === column.toLowerCase());
  if (!col) throw new MigError('op-invalid', `Table ${table.name} has no column ${column}`);
  if (col.constraints.some((k) => k.kind === 'primaryKey' || k.kind === 'unique' || k.kind === 'references')) return true;
  for (const k of table.constraints) {
    if (k.columns?.some((c) => c.toLowerCase() === column.toLowerCase())) return true;
    if (k.expression && mentions(k.expression, column)) return true;
  }
  for (const other of table.columns) {
    for (const k of other.constraints) if ((k.kind === 'check' || k.kind === 'generated') && k.expression && mentions(k.expression, column)) return true;
  }
  if (source.indexes.some((i) => mentions(i.sql.slice(i.sql.indexOf('(')), column))) return true;
  if (source.triggers.length) return true;
  return false;
}

/** Statements for a table-local operation that SQLite can run as-is, or undefined. */
function nativeStatements(table: TableRef, op: Op, source?: SqliteTableSource): Statement[] | undefined {
  switch (op.kind) {
    case 'addColumn':
      return canAddNatively(op.column) ? [{ sql: `ALTER TABLE ${qualify(table)} ADD COLUMN ${columnSql(op.column, false)}` }] : undefined;
    case 'dropColumn':
      if (source && columnHasDependents(source, op.column)) return undefined;
      return [{ sql: `ALTER TABLE ${qualify(table)} DROP COLUMN ${q(op.column)}` }];
    case 'alterColumn': {
      const { newName, comment, ...rest } = op.changes;
      void comment;
      if (Object.keys(rest).length) return undefined;
      return newName ? [{ sql: `ALTER TABLE ${qualify(table)} RENAME COLUMN ${q(op.column)} TO ${q(newName)}` }] : [];
    }
    case 'createIndex':
      return [{ sql: indexSql(table, op.index) }];
    case 'dropIndex':
      return [{ sql: `DROP INDEX ${q(op.name)}` }];
    case 'setTableComment':
      return [];
    default:
      return undefined;
  }
}

async function sourceFor(table: TableRef, ctx: CompileContext, copyFrom: TableDef | undefined, why: string): Promise<SqliteTableSource> {
  if (copyFrom) return tableSource(table, copyFrom);
  const source = ctx.readTableSql ? await ctx.readTableSql(table) : undefined;
  if (source) return source;
  if (!ctx.readTableSql) {
    throw new MigError('sqlite-offline-rebuild', `SQLite needs to rebuild table ${tableText(table)} (${why}), and offline SQL needs its definition`, {
      hint: `use op.batchAlterTable('${table.name}', (batch) => { ... }, { copyFrom: { columns: [...] } })`,
    });
  }
  throw new MigError('op-invalid', `Table ${tableText(table)} does not exist`);
}

/** A group of operations on one table: native statements when SQLite has them, else one rebuild. */
async function alterTable(table: TableRef, ops: Op[], recreate: 'auto' | 'always' | 'never', ctx: CompileContext, copyFrom?: TableDef): Promise<Statement[]> {
  const needsSource = ops.some((o) => o.kind === 'dropColumn') && recreate !== 'never';
  let source = needsSource && (copyFrom || ctx.readTableSql) ? await sourceFor(table, ctx, copyFrom, 'drop column') : undefined;
  if (recreate !== 'always') {
    const natives = ops.map((o) => nativeStatements(table, o, source));
    if (natives.every((n) => n !== undefined)) return natives.flat() as Statement[];
    if (recreate === 'never') {
      const first = ops[natives.findIndex((n) => n === undefined)];
      throw new MigError('op-invalid', `SQLite cannot ${describeForError(first)} without rebuilding the table, and the batch says recreate: 'never'`);
    }
  }
  // Renames go first, natively: SQLite rewrites every reference to the column itself.
  const out: Statement[] = [];
  const rest: Op[] = [];
  for (const o of ops) {
    if (o.kind === 'alterColumn' && o.changes.newName) {
      out.push({ sql: `ALTER TABLE ${qualify(table)} RENAME COLUMN ${q(o.column)} TO ${q(o.changes.newName)}` });
      const { newName, ...changes } = o.changes;
      void newName;
      if (Object.keys(changes).length) rest.push({ ...o, column: o.changes.newName, changes });
    } else {
      rest.push(o);
    }
  }
  if (!rest.length) return out;
  source ??= await sourceFor(table, ctx, copyFrom, describeForError(rest[0]));
  if (copyFrom) {
    // Renames already applied to the live table must apply to the carried definition too.
    for (const o of ops) {
      if (o.kind === 'alterColumn' && o.changes.newName) source = renameInSource(source, o.column, o.changes.newName);
    }
  }
  return [...out, ...rebuildTable(table, source, rest)];
}

function renameInSource(source: SqliteTableSource, from: string, to: string): SqliteTableSource {
  const table = parseCreateTable(source.sql);
  for (const c of table.columns) if (c.name === from) c.name = to;
  const rename = (sql: string) => sql.replace(new RegExp(`"${from.replace(/"/g, '""')}"`, 'g'), q(to));
  return {
    sql: rename(source.sql),
    indexes: source.indexes.map((i) => ({ ...i, sql: rename(i.sql) })),
    triggers: source.triggers.map((t) => ({ ...t, sql: rename(t.sql) })),
  };
}

function describeForError(op: Op): string {
  switch (op.kind) {
    case 'alterColumn':
      return `alter column ${op.column} (${Object.keys(op.changes).join(', ')})`;
    case 'addColumn':
      return `add column ${op.column.name}`;
    case 'dropColumn':
      return `drop column ${op.column}`;
    case 'addConstraint':
      return `add ${op.constraint.kind} ${op.constraint.name ?? ''}`.trim();
    case 'dropConstraint':
      return `drop ${op.type} ${op.name}`;
    default:
      return op.kind;
  }
}

function bulkInsert(table: TableRef, rows: Record<string, unknown>[]): Statement[] {
  if (!rows.length) return [];
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const out: Statement[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    const values = rows.slice(i, i + 500).map((r) => `(${columns.map((c) => literal(r[c] ?? null)).join(', ')})`);
    out.push({ sql: `INSERT INTO ${qualify(table)} (${columns.map(q).join(', ')}) VALUES\n  ${values.join(',\n  ')}` });
  }
  return out;
}

async function compile(op: Op, ctx: CompileContext): Promise<Statement[]> {
  switch (op.kind) {
    case 'createTable':
      return [{ sql: createTableSql(op.table, op.columns, op.constraints) }];
    case 'dropTable':
      return [{ sql: `DROP TABLE ${qualify(op.table)}` }];
    case 'renameTable':
      return [{ sql: `ALTER TABLE ${qualify(op.table)} RENAME TO ${q(op.newName)}` }];
    case 'addColumn':
    case 'dropColumn':
    case 'alterColumn':
    case 'addConstraint':
    case 'dropConstraint':
    case 'createIndex':
    case 'dropIndex':
      return alterTable(op.table, [op], 'auto', ctx);
    case 'batch':
      return alterTable(op.table, op.ops, op.recreate, ctx, op.copyFrom);
    case 'createEnum':
    case 'dropEnum':
    case 'addEnumValue':
    case 'setTableComment':
      return [];
    case 'execute':
      return [{ sql: op.sql, params: op.params }];
    case 'bulkInsert':
      return bulkInsert(op.table, op.rows);
  }
}

function versionTable(table: TableRef): VersionTableSql {
  const t = qualify(table);
  return {
    create: () => `CREATE TABLE IF NOT EXISTS ${t} (\n  version_num varchar(255) NOT NULL,\n  CONSTRAINT ${q(`${table.name}_pkc`)} PRIMARY KEY (version_num)\n)`,
    exists: () => `SELECT 1 AS present FROM sqlite_master WHERE type = 'table' AND name = ${stringLiteral(table.name)}`,
    select: () => `SELECT version_num FROM ${t}`,
    insert: (v) => `INSERT INTO ${t} (version_num) VALUES (${stringLiteral(v)})`,
    update: (from, to) => `UPDATE ${t} SET version_num = ${stringLiteral(to)} WHERE version_num = ${stringLiteral(from)}`,
    delete: (v) => `DELETE FROM ${t} WHERE version_num = ${stringLiteral(v)}`,
    deleteAll: () => `DELETE FROM ${t}`,
  };
}

export const sqlite: Dialect = {
  name: 'sqlite',
  quote: q,
  qualify,
  literal,
  compile,
  versionTable,
  inline: (s: Statement) => (s.params?.length ? replacePlaceholders(s.sql, 'question', (i) => literal(s.params![i])) : s.sql),
};
