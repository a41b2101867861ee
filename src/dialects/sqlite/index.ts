/**
 * SQLite: native ALTER where SQLite has it (ADD COLUMN, RENAME COLUMN, DROP COLUMN when nothing
 * depends on the column, RENAME TO, indexes); anything else is a move-and-copy rebuild
 * (./rebuild.ts). Comments and enum types do not exist in SQLite: those operations compile to
 * nothing, and enum columns carry a CHECK of their values.
 */
import { MigError } from '../../errors';
import { isSqlExpression, tableText, type ColumnDef, type ConstraintDef, type IndexDef, type Op, type TableDef, type TableRef } from '../../operations/ops';
import { quoteIdentifier, replacePlaceholders, stringLiteral } from '../sql';
import { logTableSql } from '../log-table';
import { versionTableSql } from '../rows';
import { metadataStatements, type MetadataDialect } from '../typeorm-metadata';
import type { CompileContext, Dialect, LogTableSql, SqliteTableSource, Statement, VersionTableSql } from '../types';
import { mentions, parseCreateTable, renameIdentifiers } from './create-table';
import { bindable, columnSql, createTableSql, defaultSql, indexSql, isIncrement, literal, qualify } from './ddl';
import { introspect } from './introspect';
import { sqliteMigrationAdapter } from './migration';
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

/** The defaults ADD COLUMN takes: constants (CURRENT_TIMESTAMP and expressions fail on a table with rows). */
const CONSTANT = /^(NULL|TRUE|FALSE|[-+]?\d+(\.\d+)?|'([^']|'')*')$/is;

/** Can SQLite add this column with ALTER TABLE ADD COLUMN? */
function canAddNatively(c: ColumnDef): boolean {
  if (c.primary || c.unique || isIncrement(c)) return false;
  // SQLite adds a VIRTUAL generated column in place (NOT NULL too: it is checked as rows are read), never a STORED one.
  if (c.asExpression !== undefined) return (c.generatedType ?? 'VIRTUAL') === 'VIRTUAL';
  if (c.default !== undefined && isSqlExpression(c.default) && !CONSTANT.test(defaultSql(c.default))) return false;
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

/**
 * What a rebuild copies: online the table as the database holds it (everything it has, also
 * what no definition says: triggers, clauses kept raw), offline the batch's `copyFrom`. For a
 * table whose definition is what copyFrom says, both give the same statements (tests compare).
 */
async function sourceFor(table: TableRef, ctx: CompileContext, copyFrom: TableDef | undefined, why: string): Promise<SqliteTableSource> {
  const source = ctx.readTableSql ? await ctx.readTableSql(table) : undefined;
  if (source) return source;
  if (copyFrom) return tableSource(table, copyFrom);
  if (!ctx.readTableSql) {
    throw new MigError('sqlite-offline-rebuild', `SQLite needs to rebuild table ${tableText(table)} (${why}), and offline SQL needs its definition`, {
      hint: `use op.batchAlterTable('${table.name}', (batch) => { ... }, { copyFrom: { columns: [...] } })`,
    });
  }
  throw new MigError('op-invalid', `Table ${tableText(table)} does not exist`);
}

/** A group of operations on one table: native statements when SQLite has them, else one rebuild. */
async function alterTable(table: TableRef, ops: Op[], recreate: 'auto' | 'always' | 'never', ctx: CompileContext, copyFrom?: TableDef): Promise<Statement[]> {
  return [...backfills(table, ops), ...(await alterTableDdl(table, ops, recreate, ctx, copyFrom))];
}

/** A column made NOT NULL with a backfill: its NULL rows get the value before the table is rebuilt. */
function backfills(table: TableRef, ops: Op[]): Statement[] {
  return ops.flatMap((o) =>
    o.kind === 'alterColumn' && o.changes.nullable === false && o.backfill !== undefined
      ? [{ sql: `UPDATE ${qualify(table)} SET ${q(o.column)} = ${defaultSql(o.backfill)} WHERE ${q(o.column)} IS NULL` }]
      : [],
  );
}

async function alterTableDdl(table: TableRef, ops: Op[], recreate: 'auto' | 'always' | 'never', ctx: CompileContext, copyFrom?: TableDef): Promise<Statement[]> {
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
  const plan = underCurrentNames(ops);
  source ??= await sourceFor(table, ctx, copyFrom, describeForError(plan.rebuild[0] ?? ops[0]));
  const renames = plan.renames.map(([from, to]) => ({ sql: `ALTER TABLE ${qualify(table)} RENAME COLUMN ${q(from)} TO ${q(to)}` }));
  return [...rebuildTable(table, source, plan.rebuild), ...renames, ...plan.indexes.map((i) => ({ sql: indexSql(table, i) }))];
}

/**
 * A rebuild copies the table as it is now (the database's or copyFrom's definition), so it
 * applies the batch under the columns' current names; renames follow, natively, and SQLite
 * rewrites the indexes, triggers and views that name the column. Operations written after a
 * rename with the new name are translated back; new indexes are created last.
 */
function underCurrentNames(ops: Op[]): { rebuild: Op[]; renames: Array<[string, string]>; indexes: IndexDef[] } {
  const renamed = new Map<string, string>();
  const now = (name: string) => renamed.get(name.toLowerCase()) ?? name;
  const out = { rebuild: [] as Op[], renames: [] as Array<[string, string]>, indexes: [] as IndexDef[] };
  for (const o of ops) {
    if (o.kind === 'alterColumn') {
      const { newName, ...changes } = o.changes;
      if (Object.keys(changes).length) out.rebuild.push({ ...o, column: now(o.column), changes });
      if (newName) {
        out.renames.push([o.column, newName]);
        renamed.set(newName.toLowerCase(), now(o.column));
      }
    } else if (o.kind === 'dropColumn') {
      out.rebuild.push({ ...o, column: now(o.column) });
    } else if (o.kind === 'addConstraint') {
      out.rebuild.push({ ...o, constraint: constraintUnder(o.constraint, now) });
    } else if (o.kind === 'createIndex') {
      out.indexes.push(o.index);
    } else {
      out.rebuild.push(o);
    }
  }
  return out;
}

/** An exclusion constraint added or dropped (PostgreSQL's only). */
function postgresOnlyConstraint(op: Op): boolean {
  return (op.kind === 'addConstraint' && op.constraint.kind === 'exclusion') || (op.kind === 'dropConstraint' && op.type === 'exclusion');
}

function constraintUnder(c: ConstraintDef, now: (name: string) => string): ConstraintDef {
  if (c.kind === 'check' || c.kind === 'exclusion') return { ...c, expression: renameIdentifiers(c.expression, now) };
  return { ...c, columns: c.columns.map(now) };
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

/**
 * SQLite has no DEFAULT in VALUES: consecutive rows giving the same columns share a statement,
 * so that a column a row leaves out gets its default.
 */
function bulkInsert(table: TableRef, rows: Record<string, unknown>[]): Statement[] {
  const out: Statement[] = [];
  let group: Record<string, unknown>[] = [];
  let columns: string[] = [];
  const flush = () => {
    if (!group.length) return;
    if (!columns.length) out.push(...group.map(() => ({ sql: `INSERT INTO ${qualify(table)} DEFAULT VALUES` })));
    else {
      const values = group.map((r) => `(${columns.map((c) => literal(r[c])).join(', ')})`);
      out.push({ sql: `INSERT INTO ${qualify(table)} (${columns.map(q).join(', ')}) VALUES\n  ${values.join(',\n  ')}` });
    }
    group = [];
  };
  for (const row of rows) {
    const given = Object.keys(row).filter((k) => row[k] !== undefined);
    if (group.length === 500 || given.length !== columns.length || given.some((k) => !columns.includes(k))) {
      flush();
      columns = given;
    }
    group.push(row);
  }
  flush();
  return out;
}

/** typeorm_metadata rows as TypeORM's SQLite query runner writes them: no schema or database. */
const METADATA: MetadataDialect = { qualify, materializedViews: false, scope: () => ({}) };

async function compile(op: Op, ctx: CompileContext): Promise<Statement[]> {
  return [...(await compileDdl(op, ctx)), ...metadataStatements(op, METADATA, ctx.typeormMetadataTable)];
}

async function compileDdl(op: Op, ctx: CompileContext): Promise<Statement[]> {
  switch (op.kind) {
    case 'createTable':
      return [{ sql: createTableSql(op.table, op.columns, op.constraints) }, ...(op.indexes ?? []).map((i) => ({ sql: indexSql(op.table, i) }))];
    case 'dropTable':
      return [{ sql: `DROP TABLE ${qualify(op.table)}` }];
    case 'renameTable':
      return [{ sql: `ALTER TABLE ${qualify(op.table)} RENAME TO ${q(op.newName)}` }];
    case 'renameIndex':
    case 'renameConstraint':
      // SQLite renames neither in place: the table is rebuilt with the new name (rows kept).
      return alterTable(op.table, [op], 'auto', ctx);
    case 'addColumn':
    case 'dropColumn':
    case 'alterColumn':
    case 'addConstraint':
    case 'dropConstraint':
    case 'createIndex':
    case 'dropIndex':
      // An exclusion constraint is PostgreSQL's only: nothing to do here.
      if (postgresOnlyConstraint(op)) return [];
      return alterTable(op.table, [op], 'auto', ctx);
    case 'batch': {
      const ops = op.ops.filter((o) => !postgresOnlyConstraint(o));
      return ops.length ? alterTable(op.table, ops, op.recreate, ctx, op.copyFrom) : [];
    }
    case 'createExtension':
    case 'dropExtension':
      // PostgreSQL extensions: SQLite has none to load.
      return [];
    case 'createEnum':
    case 'dropEnum':
    case 'renameEnum':
    case 'alterEnum':
    case 'setTableComment':
      return [];
    case 'addEnumValue':
      throw new MigError('op-invalid', `SQLite has no enum types: cannot add '${op.value}' to ${tableText(op.name)}`, {
        hint: "SQLite keeps an enum column's values in a CHECK: give the column its new values with op.alterColumn(table, column, { type: 'enum', enum: [...] }), or add the value only on PostgreSQL (if (op.dialect === 'postgres'))",
      });
    case 'createView':
      // SQLite has no materialized views: a plain view reads the same rows, always fresh (TypeORM
      // creates the same); a plain view has nothing to index.
      return [{ sql: `CREATE VIEW ${qualify(op.view)} AS ${op.definition.trim()}` }];
    case 'dropView':
      return [{ sql: `DROP VIEW ${qualify(op.view)}` }];
    case 'execute':
      return [op.params?.length ? { sql: op.sql, params: op.params.map(bindable) } : { sql: op.sql }];
    case 'bulkInsert':
      return bulkInsert(op.table, op.rows);
  }
}

function versionTable(table: TableRef): VersionTableSql {
  const t = qualify(table);
  return versionTableSql({
    table: t,
    create: `CREATE TABLE IF NOT EXISTS ${t} (\n  version_num varchar(255) NOT NULL,\n  CONSTRAINT ${q(`${table.name}_pkc`)} PRIMARY KEY (version_num)\n)`,
    exists: `SELECT 1 AS present FROM sqlite_master WHERE type = 'table' AND name = ${stringLiteral(table.name)}`,
    literal: stringLiteral,
  });
}

/** The applied-revision log: a rowid primary key, applied_at as ISO 8601 UTC text (SQLite has no timestamp type). */
function logTable(table: TableRef): LogTableSql {
  return logTableSql({
    table: qualify(table),
    id: 'id INTEGER PRIMARY KEY',
    appliedAt: "applied_at varchar(32) NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
    exists: `SELECT 1 AS present FROM sqlite_master WHERE type = 'table' AND name = ${stringLiteral(table.name)}`,
    literal,
  });
}

export const sqlite: Dialect = {
  name: 'sqlite',
  quote: q,
  qualify,
  literal,
  compile,
  versionTable,
  logTable,
  inline: (s: Statement) => (s.params?.length ? replacePlaceholders(s.sql, 'question', (i) => literal(s.params![i])) : s.sql),
  supportsTransactionalDdl: true,
  migrationAdapter: sqliteMigrationAdapter,
  introspect,
};
