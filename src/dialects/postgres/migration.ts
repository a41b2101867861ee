/**
 * PostgreSQL's run lock and transactions: `pg_try_advisory_lock` keyed by the version table
 * (polled, so a wait can be reported and timed out), then plain BEGIN / COMMIT / ROLLBACK —
 * PostgreSQL's DDL is transactional.
 */
import { MigError } from '../../errors';
import { tableText, type TableRef } from '../../operations/ops';
import { stringLiteral } from '../sql';
import type { MigrationAdapter, MigrationDb, MigrationLockOptions } from '../types';

const MIG_LOCK_CLASS = 5065031; // 'MIG'

/** The advisory lock guarding a version table: one key per database and table. */
export function lockKeySql(table: TableRef): string {
  return `hashtext(${stringLiteral(`typeorm-mig:${tableText(table)}`)})`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function postgresMigrationAdapter(db: MigrationDb, options: MigrationLockOptions): MigrationAdapter {
  const key = lockKeySql(options.versionTable);
  let locked = false;
  return {
    async acquireMigrationLock() {
      if (db.offline) return;
      const started = Date.now();
      let told = false;
      for (;;) {
        const { rows } = await db.run({ sql: `SELECT pg_try_advisory_lock(${MIG_LOCK_CLASS}, ${key}) AS locked` }, 'internal');
        if (rows[0]?.locked === true) {
          locked = true;
          return;
        }
        const holder = await db.run(
          {
            sql: `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = ${MIG_LOCK_CLASS} AND objsubid = 2 AND objid = (CASE WHEN ${key} < 0 THEN ${key}::bigint + 4294967296 ELSE ${key} END)::oid`,
          },
          'internal',
        );
        const pid = holder.rows[0]?.pid;
        const held = pid ? ` (held by server process ${pid})` : '';
        if (!told) {
          options.waiting?.(`Waiting for the migration lock on ${tableText(options.versionTable)}${held} ...`);
          told = true;
        }
        if (options.lockTimeout !== undefined && Date.now() - started >= options.lockTimeout * 1000) {
          throw new MigError('lock-timeout', `Timed out after ${options.lockTimeout} s waiting for the migration lock on ${db.description}${held}`, {
            hint: 'another mig run is migrating this database; wait for it, or raise --lock-timeout',
          });
        }
        await sleep(200);
      }
    },
    async releaseMigrationLock() {
      if (!locked) return;
      locked = false;
      await db.run({ sql: `SELECT pg_advisory_unlock(${MIG_LOCK_CLASS}, ${key})` }, 'internal');
    },
    async beginTransaction() {
      await db.run({ sql: 'BEGIN' }, 'transaction');
    },
    async commitTransaction() {
      await db.run({ sql: 'COMMIT' }, 'transaction');
    },
    async rollbackTransaction() {
      try {
        await db.run({ sql: 'ROLLBACK' }, 'transaction');
      } catch {
        // the connection may be gone; the server rolls back on its own
      }
    },
  };
}
