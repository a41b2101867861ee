/**
 * The applied-revision log's SQL, shared by the dialects: each gives its identity column, its
 * timestamp column and its `exists` query; the rest is the same SQL on both.
 */
import type { LogRowInput, LogTableSql } from './types';

export interface LogTableDialect {
  /** The qualified, quoted table name. */
  table: string;
  /** The primary key column's definition (ascending in write order). */
  id: string;
  /** applied_at's definition: a UTC time the database sets when the row is written. */
  appliedAt: string;
  /** How applied_at is selected, where the driver would not give it back as UTC. */
  appliedAtSelect?: string;
  exists: string;
  literal(value: unknown): string;
}

export function logTableSql(d: LogTableDialect): LogTableSql {
  const columns = ['revision', 'direction', 'checksum', 'duration_ms', 'tool_version'];
  const values = (r: LogRowInput) => [r.revision, r.direction, r.checksum, r.durationMs, r.migVersion].map((v) => (v === null ? 'NULL' : d.literal(v))).join(', ');
  return {
    create: () =>
      `CREATE TABLE IF NOT EXISTS ${d.table} (\n  ${d.id},\n  revision varchar(255) NOT NULL,\n  direction varchar(16) NOT NULL,\n  checksum varchar(64),\n  ${d.appliedAt},\n  duration_ms integer,\n  tool_version varchar(32) NOT NULL\n)`,
    exists: () => d.exists,
    select: () => `SELECT id, revision, direction, checksum, ${d.appliedAtSelect ?? 'applied_at'}, duration_ms, tool_version FROM ${d.table} ORDER BY id`,
    insert: (rows) => `INSERT INTO ${d.table} (${columns.join(', ')}) VALUES ${rows.map((r) => `(${values(r)})`).join(', ')}`,
  };
}
