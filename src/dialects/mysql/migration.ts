/**
 * MySQL's and MariaDB's run lock: GET_LOCK, a named lock of the server held by this session,
 * keyed by the database and the version table (polled with a zero timeout, so a wait can be
 * reported and timed out). Their DDL commits implicitly: the run takes no transaction around a
 * revision, and writes the version table right after each (see types.ts supportsTransactionalDdl).
 */
import { tableText, type TableRef } from '../../operations/ops';
import { plainTransactions, pollLock } from '../adapter';
import { mysqlStringLiteral } from '../sql';
import type { MigrationAdapter, MigrationDb, MigrationLockOptions } from '../types';

/** The lock's name: at most 64 characters, the database and table hashed in. */
export function lockNameSql(table: TableRef): string {
  const key = mysqlStringLiteral(`:${tableText(table)}`);
  return `CONCAT('typeorm-mig:', LEFT(SHA1(CONCAT(IFNULL(DATABASE(), ''), ${key})), 40))`;
}

export function mysqlMigrationAdapter(db: MigrationDb, options: MigrationLockOptions): MigrationAdapter {
  const name = lockNameSql(options.versionTable);
  let locked = false;
  return {
    async acquireMigrationLock() {
      if (db.offline) return;
      await pollLock(db, options, {
        tryLock: async () => (locked = Number((await db.run({ sql: `SELECT GET_LOCK(${name}, 0) AS locked` }, 'internal')).rows[0]?.locked) === 1),
        holder: async () => {
          const id = (await db.run({ sql: `SELECT IS_USED_LOCK(${name}) AS holder` }, 'internal')).rows[0]?.holder;
          return id ? ` (held by connection ${id})` : '';
        },
      });
    },
    async releaseMigrationLock() {
      if (!locked) return;
      locked = false;
      await db.run({ sql: `SELECT RELEASE_LOCK(${name})` }, 'internal');
    },
    // Used only around what is not DDL (the dialect declares no transactional DDL).
    ...plainTransactions(db, 'START TRANSACTION'),
  };
}
