/**
 * Row statements the dialects share: the version table's rows (each dialect gives its CREATE and
 * its existence query) and bulkInsert's INSERTs where VALUES takes DEFAULT (PostgreSQL, MySQL;
 * SQLite has none and groups rows itself).
 */
import type { Statement, VersionTableSql } from './types';

export function versionTableSql(d: { table: string; create: string; exists: string; literal(value: string): string }): VersionTableSql {
  const t = d.table;
  const v = d.literal;
  return {
    create: () => d.create,
    exists: () => d.exists,
    select: () => `SELECT version_num FROM ${t}`,
    insert: (version) => `INSERT INTO ${t} (version_num) VALUES (${v(version)})`,
    update: (from, to) => `UPDATE ${t} SET version_num = ${v(to)} WHERE version_num = ${v(from)}`,
    delete: (version) => `DELETE FROM ${t} WHERE version_num = ${v(version)}`,
    deleteAll: () => `DELETE FROM ${t}`,
  };
}

/**
 * INSERTs of `rows`, 500 a statement. As in TypeORM, a key left out or undefined is the column's
 * default (DEFAULT); rows with no value at all are `emptyRow` each.
 */
export function insertRowsSql(
  table: string,
  rows: Record<string, unknown>[],
  d: { quote(name: string): string; literal(value: unknown): string; emptyRow: string },
): Statement[] {
  if (!rows.length) return [];
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r).filter((k) => r[k] !== undefined)))];
  if (!columns.length) return rows.map(() => ({ sql: `INSERT INTO ${table} ${d.emptyRow}` }));
  const out: Statement[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    const values = rows.slice(i, i + 500).map((r) => `(${columns.map((c) => (r[c] !== undefined ? d.literal(r[c]) : 'DEFAULT')).join(', ')})`);
    out.push({ sql: `INSERT INTO ${table} (${columns.map(d.quote).join(', ')}) VALUES\n  ${values.join(',\n  ')}` });
  }
  return out;
}
