/**
 * SQLite's run lock and transactions. `foreign_keys` is turned off outside the transaction
 * (SQLite ignores it inside one, and a table rebuild must not cascade) and restored after the
 * run; BEGIN IMMEDIATE takes the write lock at once (waiting with a short busy timeout, so the
 * wait can be reported and timed out), so the version table read next stays true; before
 * COMMIT `foreign_key_check` must find no row the transaction orphaned.
 */
import { MigError } from '../../errors';
import type { MigrationAdapter, MigrationDb, MigrationLockOptions } from '../types';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function sqliteMigrationAdapter(db: MigrationDb, options: MigrationLockOptions): MigrationAdapter {
  /** foreign_keys as it was before the run (offline: assumed on). */
  let foreignKeys = true;
  let prepared = false;
  /** Rows breaking a foreign key when the transaction began, per child and parent table. */
  let orphansBefore = new Map<string, number>();

  /** How many rows of each child table lack their parent (foreign keys are off during a run). */
  async function orphans(): Promise<Map<string, number>> {
    const { rows } = await db.run({ sql: 'PRAGMA foreign_key_check' }, 'internal');
    const counts = new Map<string, number>();
    for (const r of rows) {
      const k = `${r.table} -> ${r.parent}`;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    return counts;
  }

  async function beginImmediate(): Promise<void> {
    const started = Date.now();
    let told = false;
    await db.run({ sql: 'PRAGMA busy_timeout = 200' }, 'internal');
    for (;;) {
      try {
        await db.run({ sql: 'BEGIN IMMEDIATE' }, 'transaction');
        break;
      } catch (err) {
        if (!/SQLITE_BUSY|database is locked/i.test(String((err as Error).message))) throw err;
        if (!told) {
          options.waiting?.(`Waiting for another process to finish writing to ${db.description} ...`);
          told = true;
        }
        if (options.lockTimeout !== undefined && Date.now() - started >= options.lockTimeout * 1000) {
          throw new MigError('lock-timeout', `Timed out after ${options.lockTimeout} s waiting for the write lock on ${db.description}`, {
            hint: 'another process is writing to the database; wait for it, or raise --lock-timeout',
          });
        }
        await sleep(100);
      }
    }
    await db.run({ sql: 'PRAGMA busy_timeout = 30000' }, 'internal');
  }

  return {
    async acquireMigrationLock() {
      if (!db.offline) {
        const { rows } = await db.run({ sql: 'PRAGMA foreign_keys' }, 'internal');
        foreignKeys = Number(rows[0]?.foreign_keys) === 1;
      }
      await db.run({ sql: 'PRAGMA foreign_keys = OFF' }, 'internal');
      prepared = true;
    },
    async releaseMigrationLock() {
      if (!prepared) return;
      prepared = false;
      if (foreignKeys) await db.run({ sql: 'PRAGMA foreign_keys = ON' }, 'internal');
    },
    async beginTransaction() {
      if (db.offline) {
        await db.run({ sql: 'BEGIN IMMEDIATE' }, 'transaction');
        return;
      }
      await beginImmediate();
      orphansBefore = await orphans();
    },
    async commitTransaction() {
      if (!db.offline) {
        // Only rows this transaction orphaned count: a database may already hold some.
        const after = await orphans();
        const added = [...after].filter(([k, n]) => n > (orphansBefore.get(k) ?? 0)).map(([k, n]) => `${k}: ${n - (orphansBefore.get(k) ?? 0)}`);
        if (added.length) {
          throw new MigError('foreign-key-check', `The migration would leave rows whose foreign key has no parent (${added.join(', ')})`, {
            hint: 'fix the data in the revision (or its order); nothing was committed',
          });
        }
      }
      await db.run({ sql: 'COMMIT' }, 'transaction');
    },
    async rollbackTransaction() {
      try {
        await db.run({ sql: 'ROLLBACK' }, 'transaction');
      } catch {
        // the connection may be gone; SQLite rolls back on close
      }
    },
  };
}
