/** SQL text helpers shared by the dialects: quoting, string literals, placeholders. */
import { MigError } from '../errors';

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function stringLiteral(text: string): string {
  if (text.includes('\0')) throw new MigError('sql-literal', 'A string value contains a NUL character, which SQL strings cannot hold');
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * Replaces placeholders (`$1` for PostgreSQL, `?` for SQLite) outside strings, quoted
 * identifiers and comments by `render(index)`.
 */
export function replacePlaceholders(sql: string, style: 'dollar' | 'question', render: (index: number) => string): string {
  let out = '';
  let next = 0;
  for (let i = 0; i < sql.length; ) {
    const ch = sql[i];
    if (ch === "'" || ch === '"') {
      const end = skipQuoted(sql, i, ch);
      out += sql.slice(i, end);
      i = end;
    } else if (ch === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end < 0 ? sql.length : end;
      out += sql.slice(i, stop);
      i = stop;
    } else if (ch === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      const stop = end < 0 ? sql.length : end + 2;
      out += sql.slice(i, stop);
      i = stop;
    } else if (style === 'dollar' && ch === '$' && /\d/.test(sql[i + 1] ?? '') && !/[\w$]/.test(sql[i - 1] ?? '')) {
      let j = i + 1;
      while (/\d/.test(sql[j] ?? '')) j++;
      out += render(Number(sql.slice(i + 1, j)) - 1);
      i = j;
    } else if (style === 'question' && ch === '?') {
      out += render(next++);
      i++;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

function skipQuoted(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return sql.length;
}

/** A MySQL / MariaDB identifier: backquoted. */
export function quoteMysqlIdentifier(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

/** A MySQL / MariaDB string literal: backslashes are escapes there (unless NO_BACKSLASH_ESCAPES), so they are doubled too. */
export function mysqlStringLiteral(text: string): string {
  if (text.includes('\0')) throw new MigError('sql-literal', 'A string value contains a NUL character, which SQL strings cannot hold');
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}
