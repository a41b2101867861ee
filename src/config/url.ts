import * as path from 'node:path';
import { MigError } from '../errors';

export type DatabaseUrl =
  | { dialect: 'postgres'; url: string }
  | { dialect: 'mysql'; /** `mysql` or `mariadb`, as the URL's scheme says (TypeORM's two types). */ type: 'mysql' | 'mariadb'; url: string }
  | { dialect: 'sqlite'; /** Absolute path, or `:memory:`. */ database: string };

/**
 * `postgres://…` / `postgresql://…`, `mysql://…` / `mariadb://…`, `sqlite:relative/or/absolute/path.db` (relative to `baseDir`,
 * the ini file's folder) or `sqlite::memory:`.
 */
export function parseDatabaseUrl(url: string, baseDir: string, where = 'url'): DatabaseUrl {
  const value = url.trim();
  if (/^postgres(ql)?:\/\//i.test(value)) {
    try {
      new URL(value);
    } catch {
      throw new MigError('config-url', `${where} is not a valid URL: ${maskUrl(value)}`, { hint: 'percent-encode special characters in the user name and password' });
    }
    return { dialect: 'postgres', url: value };
  }
  if (/^(mysql|mariadb):\/\//i.test(value)) {
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      throw new MigError('config-url', `${where} is not a valid URL: ${maskUrl(value)}`, { hint: 'percent-encode special characters in the user name and password' });
    }
    // mysql2 reads mysql:// URLs; mariadb:// names TypeORM's type only.
    return { dialect: 'mysql', type: parsed.protocol === 'mariadb:' ? 'mariadb' : 'mysql', url: value.replace(/^mariadb:/i, 'mysql:') };
  }
  if (/^sqlite:/i.test(value)) {
    const file = value.slice('sqlite:'.length);
    if (file === ':memory:') return { dialect: 'sqlite', database: ':memory:' };
    if (!file || file.startsWith('//')) {
      throw new MigError('config-url', `${where}: '${value}' is not a SQLite URL mig understands`, {
        hint: 'write sqlite:relative/path.db, sqlite:/absolute/path.db or sqlite::memory:',
      });
    }
    return { dialect: 'sqlite', database: path.resolve(baseDir, file) };
  }
  throw new MigError('config-url', `${where}: unsupported database URL '${maskUrl(value).split(':')[0]}:…'`, {
    hint: 'use postgres://user:password@host:port/database, mysql://… (or mariadb://…) or sqlite:path/to/file.db',
  });
}

/** The URL with its password (and any password= parameter) replaced by ***. */
export function maskUrl(url: string): string {
  return url
    .replace(/^([a-z][\w+.-]*:\/\/[^:/?#@]*:)([^@/?#]*)@/i, (_, head: string) => `${head}***@`)
    .replace(/([?&](?:password|pass|pwd)=)[^&#]*/gi, '$1***');
}

/** Masks every URL-embedded password found anywhere in a text (error messages). */
export function maskSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(/([a-z][\w+.-]*:\/\/[^:/?#@\s]*:)([^@/?#\s]*)@/gi, (_, head: string) => `${head}***@`);
  for (const secret of secrets) if (secret && secret.length >= 3) out = out.split(secret).join('***');
  return out;
}
