/**
 * SQLite's move-and-copy for what ALTER TABLE cannot do: create the new table under a
 * temporary name, copy every row, drop the old table, rename, re-create indexes and triggers.
 *
 * The runtime runs it with `PRAGMA foreign_keys=OFF` set outside the transaction (dropping a
 * parent would otherwise cascade into its children) and `PRAGMA foreign_key_check` before
 * commit. The rename runs with legacy_alter_table on, so views naming the table do not stop it.
 */
import { MigError } from '../../errors';
import { tableText, type ColumnDef, type Op, type TableRef } from '../../operations/ops';
import { quoteIdentifier, stringLiteral } from '../sql';
import type { SqliteTableSource, Statement } from '../types';
import { mentions, parseCreateTable, printCreateTable, type ColumnConstraint, type SqliteColumn, type SqliteTable } from './create-table';
import { columnSql, constraintSql, defaultSql, indexSql, typeSql } from './ddl';

const q = quoteIdentifier;
const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

function parsedColumn(def: ColumnDef): SqliteColumn {
  return parseCreateTable(`CREATE TABLE x (${columnSql(def, Boolean(def.primary))})`).columns[0];
}

function findColumn(t: SqliteTable, name: string): SqliteColumn {
  const col = t.columns.find((c) => same(c.name, name));
  if (!col) throw new MigError('op-invalid', `Table ${t.name} has no column ${name}`);
  return col;
}

function hasPrimaryKey(t: SqliteTable): boolean {
  return t.constraints.some((k) => k.kind === 'primaryKey') || t.columns.some((c) => c.constraints.some((k) => k.kind === 'primaryKey'));
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

function dropConstraint(t: SqliteTable, op: Extract<Op, { kind: 'dropConstraint' }>): void {
  const before = t.constraints.length;
  t.constraints = t.constraints.filter((k) => !(k.name && same(k.name, op.name)));
  if (t.constraints.length !== before) return;
  for (const c of t.columns) {
    const n = c.constraints.length;
    c.constraints = c.constraints.filter((k) => !(k.name && same(k.name, op.name)));
    if (c.constraints.length !== n) return;
  }
  throw new MigError('op-invalid', `Table ${t.name} has no constraint named ${op.name}`, { hint: 'SQLite keeps only the names written in CREATE TABLE; unnamed constraints cannot be dropped by name' });
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
  for (const op of ops) {
    switch (op.kind) {
      case 'addColumn':
        if (t.columns.some((c) => same(c.name, op.column.name))) throw new MigError('op-invalid', `Table ${t.name} already has a column ${op.column.name}`);
        if ((op.column.primary || op.column.generated === 'increment') && hasPrimaryKey(t)) {
          throw new MigError('op-invalid', `Table ${t.name} already has a primary key; drop it before adding primary column ${op.column.name}`);
        }
        t.columns.push(parsedColumn(op.column));
        break;
      case 'dropColumn':
        indexes = dropColumn(t, indexes, op.column);
        break;
      case 'alterColumn':
        applyAlter(t, op);
        if (op.using !== undefined && op.changes.type) using.set(op.column.toLowerCase(), usingSql(op.using, op.column));
        break;
      case 'addConstraint': {
        if (op.constraint.kind === 'primaryKey' && hasPrimaryKey(t)) throw new MigError('op-invalid', `Table ${t.name} already has a primary key`);
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
      case 'setTableComment':
        break;
      default:
        throw new MigError('op-invalid', `${op.kind} cannot be part of a table rebuild (${tableText(table)})`);
    }
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
