/** What the dialects' migration adapters share (migration.ts of each): the polled lock, plain transactions. */
import { MigError } from '../errors';
import { tableText } from '../operations/ops';
import type { MigrationAdapter, MigrationDb, MigrationLockOptions } from './types';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Waiting for a run lock that is tried without blocking (PostgreSQL's pg_try_advisory_lock,
 * MySQL's GET_LOCK with no timeout): polled, so the wait is told once, with who holds the lock,
 * and given up after `lockTimeout`.
 */
export async function pollLock(
  db: MigrationDb,
  options: MigrationLockOptions,
  lock: {
    /** True when the lock was taken. */
    tryLock(): Promise<boolean>;
    /** Who holds it, for the messages: ` (held by …)`, or '' when unknown. */
    holder(): Promise<string>;
  },
): Promise<void> {
  const started = Date.now();
  let told = false;
  for (;;) {
    if (await lock.tryLock()) return;
    const held = await lock.holder();
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
}

/** Transactions as plain statements: `begin`, COMMIT, ROLLBACK (which never throws: the connection may be gone). */
export function plainTransactions(db: MigrationDb, begin: string): Pick<MigrationAdapter, 'beginTransaction' | 'commitTransaction' | 'rollbackTransaction'> {
  return {
    async beginTransaction() {
      await db.run({ sql: begin }, 'transaction');
    },
    async commitTransaction() {
      await db.run({ sql: 'COMMIT' }, 'transaction');
    },
    async rollbackTransaction() {
      try {
        await db.run({ sql: 'ROLLBACK' }, 'transaction');
      } catch {
        // the server rolls back on its own
      }
    },
  };
}
