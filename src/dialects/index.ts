/**
 * The dialects mig knows, by TypeORM DataSource type: the one place a new dialect is registered
 * (its code lives in its own folder, src/dialects/<name>/).
 */
import { MigError } from '../errors';
import { mysql } from './mysql';
import { postgres } from './postgres';
import { sqlite } from './sqlite';
import type { Dialect, DialectName } from './types';

const BY_TYPE: Record<string, Dialect> = { postgres, sqlite, 'better-sqlite3': sqlite, mysql, mariadb: mysql };
const BY_NAME: Record<DialectName, Dialect> = { postgres, sqlite, mysql };

export function dialectNamed(name: DialectName): Dialect {
  return BY_NAME[name];
}

/** The dialect for a DataSource `type`, or one line saying which types mig supports. */
export function dialectForType(type: string): Dialect {
  const dialect = Object.hasOwn(BY_TYPE, type) ? BY_TYPE[type] : undefined;
  if (!dialect) throw new MigError('unsupported-database', `mig supports PostgreSQL, SQLite, MySQL and MariaDB; the DataSource type is '${type}'`);
  return dialect;
}
