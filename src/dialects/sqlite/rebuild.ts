/**
 * SQLite's move-and-copy for what ALTER TABLE cannot do: create the new table under a
 * temporary name, copy every row, drop the old table, rename, re-create indexes and triggers.
 *
 * The runtime runs it with `PRAGMA foreign_keys=OFF` set outside the transaction (dropping a
 * parent would otherwise cascade into its children) and `PRAGMA foreign_key_check` before
 * commit. The rename runs with legacy_alter_table on, so views naming the table do not stop it.
 */
import { MigError } from '../../errors';
import { tableText, type ColumnDef, type ConstraintDef, type Op, type TableRef } from '../../operations/ops';
import { quoteIdentifier, stringLiteral } from '../sql';
import type { SqliteTableSource, Statement } from '../types';
import { mentions, parseCreateTable, printCreateTable, type ColumnConstraint, type SqliteColumn, type SqliteTable, type TableConstraint } from './create-table';
import { columnSql, constraintSql, defaultSql, generatedSql, indexSql, isIncrement, typeSql } from './ddl';

const q = quoteIdentifier;
const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

function parsedColumn(def: ColumnDef): SqliteColumn {
  // An auto-increment column is its table's INTEGER PRIMARY KEY, written on the column.
  return parseCreateTable(`CREATE TABLE x (${columnSql(def, Boolean(def.primary) || isIncrement(def))})`).columns[0];
}

function findColumn(t: SqliteTable, name: string): SqliteColumn {
  const col = t.columns.find((c) => same(c.name, name));
  if (!col) throw new MigError('op-invalid', `Table ${t.name} has no column ${name}`);
  return col;
}

/** The PRIMARY KEY clauses of the table: table constraints and columns' (a valid table has at most one). */
function primaryKeys(t: SqliteTable): number {
  return t.constraints.filter((k) => k.kind === 'primaryKey').length + t.columns.reduce((n, c) => n + c.constraints.filter((k) => k.kind === 'primaryKey').length, 0);
}

/** The columns of the table's primary key, wherever it is written. */
function primaryKeyColumns(t: SqliteTable): string[] {
  const table = t.constraints.find((k) => k.kind === 'primaryKey');
  if (table) return table.columns ?? [];
  return t.columns.filter((c) => c.constraints.some((k) => k.kind === 'primaryKey')).map((c) => c.name);
}

const sameNames = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => same(x, b[i]));
const sameExpression = (a: string, b: string) => a.replace(/[\s"`]/g, '').toLowerCase() === b.replace(/[\s"`]/g, '').toLowerCase();

/** Does a table constraint have this definition (kind, columns, target; a check: its expression)? */
function tableConstraintIs(k: TableConstraint, def: ConstraintDef): boolean {
  if (k.kind !== def.kind) return false;
  switch (def.kind) {
    case 'primaryKey':
      return !def.columns.length || sameNames(k.columns ?? [], def.columns);
    case 'check':
      return sameExpression(k.expression ?? '', def.expression);
    case 'unique':
      return sameNames(k.columns ?? [], def.columns);
    case 'foreignKey':
      return sameNames(k.columns ?? [], def.columns) && same(k.references?.table ?? '', def.referencedTable.name) && (!k.references?.columns.length || sameNames(k.references.columns, def.referencedColumns));
  }
}

/** Does a column's constraint have this definition (the column being `column`)? */
function columnConstraintIs(k: ColumnConstraint, column: string, def: ConstraintDef): boolean {
  switch (def.kind) {
    case 'primaryKey':
      return k.kind === 'primaryKey' && (!def.columns.length || sameNames([column], def.columns));
    case 'check':
      return k.kind === 'check' && sameExpression(k.expression ?? '', def.expression);
    case 'unique':
      return k.kind === 'unique' && sameNames([column], def.columns);
    case 'foreignKey':
      return (
        k.kind === 'references' &&
        sameNames([column], def.columns) &&
        same(k.references?.table ?? '', def.referencedTable.name) &&
        (!k.references?.columns.length || sameNames(k.references.columns, def.referencedColumns))
      );
    case 'exclusion':
      return false;
  }
}

function isEnumCheck(k: ColumnConstraint, column: string): boolean {
  return k.kind === 'check' && !k.name && mentions(k.expression ?? '', column) && /\bIN\s*\(/i.test(k.expression ?? '');
}

function applyAlter(t: SqliteTable, op: Extract<Op, { kind: 'alterColumn' }>): void {
  const col = findColumn(t, op.column);
  const { changes } = op;
  if (changes.type) {
    col.type = typeSql(changes.type);
    col.constraints = col.constraints.filter((k) => !isEnumCheck(k, col.name));
    if (changes.type.enum?.length && /^(simple-)?enum$/i.test(changes.type.type)) {
      const expression = `${q(col.name)} IN (${changes.type.enum.map(stringLiteral).join(', ')})`;
      // First, right after the type: where TypeORM writes the enum CHECK and looks for it.
      col.constraints.unshift({ kind: 'check', raw: `CHECK (${expression})`, expression });
    }
  }
  if ('collation' in changes) {
    col.constraints = col.constraints.filter((k) => k.kind !== 'collate');
    if (changes.collation) col.constraints.push({ kind: 'collate', raw: `COLLATE ${changes.collation}`, expression: changes.collation });
  }
  if (changes.nullable !== undefined) {
    col.constraints = col.constraints.filter((k) => k.kind !== 'notNull' && k.kind !== 'null');
    if (!changes.nullable) col.constraints.splice(leadingConstraints(col), 0, { kind: 'notNull', raw: 'NOT NULL' });
  }
  if ('default' in changes) {
    col.constraints = col.constraints.filter((k) => k.kind !== 'default');
    if (changes.default !== null && changes.default !== undefined) {
      const expression = defaultSql(changes.default);
      col.constraints.push({ kind: 'default', raw: `DEFAULT ${expression}`, expression });
    }
  }
  if ('asExpression' in changes) {
    // Made plain, the column keeps its values (the copy reads them); made generated, it computes them.
    col.constraints = col.constraints.filter((k) => k.kind !== 'generated');
    if (typeof changes.asExpression === 'string') {
      col.constraints = col.constraints.filter((k) => k.kind !== 'default');
      col.constraints.push({ kind: 'generated', raw: generatedSql(changes.asExpression, changes.generatedType), expression: changes.asExpression });
    }
  }
  if ('generated' in changes && (changes.generated === null || changes.generated === undefined)) {
    // No more AUTOINCREMENT: the column stays the primary key (an INTEGER PRIMARY KEY is still the rowid).
    col.constraints = col.constraints.map((k) => (k.kind === 'primaryKey' && k.autoincrement ? { ...k, autoincrement: false, raw: primaryKeyRaw(k.name, false) } : k));
  }
}

function primaryKeyRaw(name: string | undefined, autoincrement: boolean): string {
  return `${name ? `CONSTRAINT ${q(name)} ` : ''}PRIMARY KEY${autoincrement ? ' AUTOINCREMENT' : ''}`;
}

/**
 * AUTOINCREMENT for `column` (an increment or identity generation): SQLite has it only on the
 * table's single-column INTEGER PRIMARY KEY, written on the column. Applied once every op of the
 * rebuild is (the primary key may be moved onto the column by a later op of the batch).
 */
function makeAutoincrement(t: SqliteTable, column: string): void {
  const col = findColumn(t, column);
  if (!sameNames(primaryKeyColumns(t), [col.name])) {
    throw new MigError('op-invalid', `SQLite can auto-increment only a single-column integer primary key: ${column} is not the primary key of ${t.name}`);
  }
  const tablePk = t.constraints.find((k) => k.kind === 'primaryKey');
  const name = tablePk?.name ?? col.constraints.find((k) => k.kind === 'primaryKey')?.name;
  t.constraints = t.constraints.filter((k) => k.kind !== 'primaryKey');
  col.type = 'integer';
  const at = col.constraints.findIndex((k) => k.kind === 'primaryKey');
  const pk: ColumnConstraint = { kind: 'primaryKey', ...(name ? { name } : {}), raw: primaryKeyRaw(name, true), autoincrement: true };
  if (at >= 0) col.constraints[at] = pk;
  else col.constraints.splice(isEnumCheck(col.constraints[0] ?? { kind: 'null', raw: '' }, col.name) ? 1 : 0, 0, pk);
}

/** Where NOT NULL goes: after a PRIMARY KEY clause and an enum CHECK right after the type, before the rest. */
function leadingConstraints(col: SqliteColumn): number {
  const pk = col.constraints.findIndex((k) => k.kind === 'primaryKey');
  const enumFirst = col.constraints.length > 0 && isEnumCheck(col.constraints[0], col.name) ? 1 : 0;
  return Math.max(pk + 1, enumFirst);
}

function dropColumn(t: SqliteTable, indexes: SqliteTableSource['indexes'], name: string): SqliteTableSource['indexes'] {
  findColumn(t, name);
  t.columns = t.columns.filter((c) => !same(c.name, name));
  t.constraints = t.constraints.filter((k) => !(k.columns?.some((c) => same(c, name)) || (k.expression && mentions(k.expression, name))));
  for (const c of t.columns) c.constraints = c.constraints.filter((k) => !((k.kind === 'check' || k.kind === 'generated') && mentions(k.expression ?? '', name)));
  return indexes.filter((i) => !mentions(i.sql.slice(i.sql.indexOf('(')), name));
}

/**
 * Drops a constraint by its name; one without a name in the table (SQLite's primary key, a unique
 * or foreign key written unnamed: autogenerate gives these name '') by its definition, `existing`
 * (a primary key by its kind alone: a table has one).
 */
function dropConstraint(t: SqliteTable, op: Extract<Op, { kind: 'dropConstraint' }>): void {
  if (op.name && removeFirst(t, (k) => !!k.name && same(k.name, op.name), (k) => !!k.name && same(k.name, op.name))) return;
  const def: ConstraintDef | undefined = op.existing ?? (op.type === 'primaryKey' ? { kind: 'primaryKey', columns: [] } : undefined);
  if (def && def.kind === op.type && removeFirst(t, (k) => tableConstraintIs(k, def), (k, column) => columnConstraintIs(k, column, def))) return;
  if (!op.name) {
    throw new MigError('op-invalid', `Table ${t.name} has no ${op.type} ${def ? describeDef(def) : ''}`.trim(), { hint: 'an unnamed constraint is found by its definition: give existing' });
  }
  throw new MigError('op-invalid', `Table ${t.name} has no constraint named ${op.name}`, { hint: 'SQLite keeps only the names written in CREATE TABLE; give existing to find an unnamed one by its definition' });
}

const INDEX_NAME = /^(\s*CREATE\s+(?:UNIQUE\s+)?INDEX\s+(?:IF\s+NOT\s+EXISTS\s+)?)("(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]|[^\s(]+)/i;
const CONSTRAINT_NAME = /^(\s*CONSTRAINT\s+)("(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]|\S+)/i;

/**
 * A named constraint under its new name. A primary key is not always named here (an INTEGER
 * PRIMARY KEY written on its column, as TypeORM and a PostgreSQL-made createTable give it):
 * renaming one without a name has nothing to do.
 */
function renameConstraint(t: SqliteTable, op: Extract<Op, { kind: 'renameConstraint' }>): void {
  const all: Array<{ name?: string; raw: string }> = [...t.constraints, ...t.columns.flatMap((c) => c.constraints)];
  const k = all.find((x) => !!x.name && same(x.name, op.name));
  if (k) {
    k.name = op.newName;
    k.raw = k.raw.replace(CONSTRAINT_NAME, (_m, head: string) => `${head}${q(op.newName)}`);
    return;
  }
  if (op.type === 'primaryKey') return;
  throw new MigError('op-invalid', `Table ${t.name} has no constraint named ${op.name}`, { hint: 'SQLite keeps only the names written in CREATE TABLE' });
}

function describeDef(def: ConstraintDef): string {
  return def.kind === 'check' ? `CHECK (${def.expression})` : def.kind === 'exclusion' ? `EXCLUDE ${def.expression}` : `on (${def.columns.join(', ')})`;
}

/** Removes the first table or column constraint that matches; false when none does. */
function removeFirst(t: SqliteTable, table: (k: TableConstraint) => boolean, column: (k: ColumnConstraint, column: string) => boolean): boolean {
  const i = t.constraints.findIndex(table);
  if (i >= 0) {
    t.constraints.splice(i, 1);
    return true;
  }
  for (const c of t.columns) {
    const j = c.constraints.findIndex((k) => column(k, c.name));
    if (j >= 0) {
      c.constraints.splice(j, 1);
      return true;
    }
  }
  return false;
}

function usingSql(expression: string, column: string): string {
  if (/::/.test(expression)) {
    throw new MigError('op-invalid', `SQLite cannot run the USING expression of column ${column}: ${expression}`, {
      hint: 'write it in SQLite SQL, e.g. CAST("code" AS integer), or give `using` only on PostgreSQL',
    });
  }
  return expression;
}

/** The statements of a move-and-copy of `table` applying `ops` to its current `source`. */
export function rebuildTable(table: TableRef, source: SqliteTableSource, ops: Op[]): Statement[] {
  const t = parseCreateTable(source.sql);
  const oldColumns = t.columns.map((c) => c.name);
  /** Type changes' USING expressions: the copy selects them instead of the old value. */
  const using = new Map<string, string>();
  let indexes = [...source.indexes];
  /** Columns that get AUTOINCREMENT (a generation added), applied after the other ops. */
  const wantAutoincrement = new Set<string>();
  for (const op of ops) {
    switch (op.kind) {
      case 'addColumn':
        if (t.columns.some((c) => same(c.name, op.column.name))) throw new MigError('op-invalid', `Table ${t.name} already has a column ${op.column.name}`);
        t.columns.push(parsedColumn(op.column));
        break;
      case 'dropColumn':
        indexes = dropColumn(t, indexes, op.column);
        break;
      case 'alterColumn':
        applyAlter(t, op);
        if (op.changes.generated === 'increment' || op.changes.generated === 'identity') wantAutoincrement.add(op.column.toLowerCase());
        else if ('generated' in op.changes) wantAutoincrement.delete(op.column.toLowerCase());
        if (op.using !== undefined && op.changes.type) using.set(op.column.toLowerCase(), usingSql(op.using, op.column));
        break;
      case 'addConstraint': {
        // The primary key an added auto-increment column already carries (a reversed drop of a
        // composite key): nothing more to add.
        if (op.constraint.kind === 'primaryKey' && sameNames(primaryKeyColumns(t), op.constraint.columns) && primaryKeys(t) === 1 && t.columns.some((c) => c.constraints.some((k) => k.autoincrement))) break;
        const parsed = parseCreateTable(`CREATE TABLE x (a, ${constraintSql(op.constraint)})`).constraints[0];
        t.constraints.push(parsed);
        break;
      }
      case 'dropConstraint':
        dropConstraint(t, op);
        break;
      case 'createIndex':
        indexes.push({ name: op.index.name, sql: indexSql(table, op.index) });
        break;
      case 'dropIndex': {
        const n = indexes.length;
        indexes = indexes.filter((i) => !same(i.name, op.name));
        if (indexes.length === n) throw new MigError('op-invalid', `Table ${t.name} has no index ${op.name}`);
        break;
      }
      case 'renameIndex': {
        if (!indexes.some((i) => same(i.name, op.name))) throw new MigError('op-invalid', `Table ${t.name} has no index ${op.name}`);
        indexes = indexes.map((i) => (same(i.name, op.name) ? { ...i, name: op.newName, sql: i.sql.replace(INDEX_NAME, (_m, head: string) => `${head}${q(op.newName)}`) } : i));
        break;
      }
      case 'renameConstraint':
        renameConstraint(t, op);
        break;
      case 'setTableComment':
        break;
      default:
        throw new MigError('op-invalid', `${op.kind} cannot be part of a table rebuild (${tableText(table)})`);
    }
  }

  for (const column of wantAutoincrement) makeAutoincrement(t, column);
  // Checked once every op is applied: a batch may drop the primary key after adding another.
  if (primaryKeys(t) > 1) {
    throw new MigError('op-invalid', `Table ${t.name} already has a primary key`, { hint: 'drop it (dropConstraint) in the same batch before adding another' });
  }

  const temp = `_mig_tmp_${t.name}`;
  const generated = (c: SqliteColumn) => c.constraints.some((k) => k.kind === 'generated');
  const copied = t.columns.filter((c) => !generated(c) && oldColumns.some((o) => same(o, c.name)));
  const name = q(t.name);
  const autoincrement = t.columns.some((c) => c.constraints.some((k) => k.autoincrement));
  const out: Statement[] = [{ sql: printCreateTable(t, temp) }];
  if (copied.length) {
    const values = copied.map((c) => using.get(c.name.toLowerCase()) ?? q(c.name));
    out.push({ sql: `INSERT INTO ${q(temp)} (${copied.map((c) => q(c.name)).join(', ')}) SELECT ${values.join(', ')} FROM ${name}` });
  }
  if (autoincrement) {
    // Keep the AUTOINCREMENT counter, so ids of deleted rows are never handed out again.
    out.push({
      sql: `INSERT INTO sqlite_sequence (name, seq) SELECT ${stringLiteral(temp)}, seq FROM sqlite_sequence WHERE name = ${stringLiteral(t.name)} AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = ${stringLiteral(temp)})`,
    });
    out.push({ sql: `UPDATE sqlite_sequence SET seq = max(seq, (SELECT seq FROM sqlite_sequence WHERE name = ${stringLiteral(t.name)})) WHERE name = ${stringLiteral(temp)}` });
  }
  out.push({ sql: `DROP TABLE ${name}` });
  out.push({ sql: 'PRAGMA legacy_alter_table = 1' });
  out.push({ sql: `ALTER TABLE ${q(temp)} RENAME TO ${name}` });
  out.push({ sql: 'PRAGMA legacy_alter_table = 0' });
  for (const i of indexes) out.push({ sql: i.sql });
  for (const tr of source.triggers) out.push({ sql: tr.sql });
  return out;
}
