/**
 * PostgreSQL's run lock and transactions: `pg_try_advisory_lock` keyed by the version table
 * (polled, so a wait can be reported and timed out), then plain BEGIN / COMMIT / ROLLBACK —
 * PostgreSQL's DDL is transactional.
 */
import { tableText, type TableRef } from '../../operations/ops';
import { plainTransactions, pollLock } from '../adapter';
import { stringLiteral } from '../sql';
import type { MigrationAdapter, MigrationDb, MigrationLockOptions } from '../types';

const MIG_LOCK_CLASS = 5065031; // 'MIG'

/** The advisory lock guarding a version table: one key per database and table. */
export function lockKeySql(table: TableRef): string {
  return `hashtext(${stringLiteral(`typeorm-mig:${tableText(table)}`)})`;
}

export function postgresMigrationAdapter(db: MigrationDb, options: MigrationLockOptions): MigrationAdapter {
  const key = lockKeySql(options.versionTable);
  let locked = false;
  return {
    async acquireMigrationLock() {
      if (db.offline) return;
      await pollLock(db, options, {
        tryLock: async () => (locked = (await db.run({ sql: `SELECT pg_try_advisory_lock(${MIG_LOCK_CLASS}, ${key}) AS locked` }, 'internal')).rows[0]?.locked === true),
        holder: async () => {
          const { rows } = await db.run(
            {
              sql: `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = ${MIG_LOCK_CLASS} AND objsubid = 2 AND objid = (CASE WHEN ${key} < 0 THEN ${key}::bigint + 4294967296 ELSE ${key} END)::oid`,
            },
            'internal',
          );
          return rows[0]?.pid ? ` (held by server process ${rows[0].pid})` : '';
        },
      });
    },
    async releaseMigrationLock() {
      if (!locked) return;
      locked = false;
      await db.run({ sql: `SELECT pg_advisory_unlock(${MIG_LOCK_CLASS}, ${key})` }, 'internal');
    },
    // PostgreSQL DDL is transactional.
    ...plainTransactions(db, 'BEGIN'),
  };
}
