/**
 * SQLite keeps a table's definition only as its CREATE TABLE text. This module parses that
 * text into columns and constraints — keeping each piece's original SQL, so a rebuilt table
 * keeps what mig does not touch (COLLATE, GENERATED, ON CONFLICT, ...) — and prints it back.
 */
import { MigError } from '../../errors';
import { quoteIdentifier } from '../sql';

interface Token {
  kind: 'word' | 'ident' | 'string' | 'number' | 'blob' | 'punct';
  /** Unquoted value for identifiers, upper case for words used as keywords. */
  value: string;
  start: number;
  end: number;
}

export interface ForeignKeyClause {
  table: string;
  columns: string[];
  onDelete?: string;
  onUpdate?: string;
  deferrable?: string;
}

export type ColumnConstraintKind = 'primaryKey' | 'notNull' | 'null' | 'unique' | 'check' | 'default' | 'collate' | 'references' | 'generated';

export interface ColumnConstraint {
  kind: ColumnConstraintKind;
  name?: string;
  /** The clause as written, including a leading `CONSTRAINT name`. */
  raw: string;
  autoincrement?: boolean;
  /** CHECK and GENERATED: the expression inside the parentheses; DEFAULT: the value as written; COLLATE: the collation. */
  expression?: string;
  references?: ForeignKeyClause;
}

export interface SqliteColumn {
  name: string;
  /** The declared type as written (may be empty: SQLite allows columns without a type). */
  type: string;
  constraints: ColumnConstraint[];
}

export interface TableConstraint {
  kind: 'primaryKey' | 'unique' | 'check' | 'foreignKey';
  name?: string;
  raw: string;
  columns?: string[];
  expression?: string;
  references?: ForeignKeyClause;
}

export interface SqliteTable {
  name: string;
  columns: SqliteColumn[];
  constraints: TableConstraint[];
  /** What follows the closing parenthesis: `WITHOUT ROWID`, `STRICT`. */
  options: string;
}

const COLUMN_CONSTRAINT_START = new Set(['CONSTRAINT', 'PRIMARY', 'NOT', 'NULL', 'UNIQUE', 'CHECK', 'DEFAULT', 'COLLATE', 'REFERENCES', 'GENERATED', 'AS']);
const TABLE_CONSTRAINT_START = new Set(['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'CHECK', 'FOREIGN']);

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '-' && sql[i + 1] === '-') {
      while (i < sql.length && sql[i] !== '\n') i++;
    } else if (ch === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 2;
    } else if (ch === '"' || ch === '`' || ch === '[' || ch === "'") {
      const close = ch === '[' ? ']' : ch;
      let j = i + 1;
      let value = '';
      while (j < sql.length) {
        if (sql[j] === close) {
          if (close !== ']' && sql[j + 1] === close) {
            value += close;
            j += 2;
            continue;
          }
          break;
        }
        value += sql[j++];
      }
      tokens.push({ kind: ch === "'" ? 'string' : 'ident', value, start: i, end: j + 1 });
      i = j + 1;
    } else if ((ch === 'x' || ch === 'X') && sql[i + 1] === "'") {
      const end = sql.indexOf("'", i + 2);
      tokens.push({ kind: 'blob', value: sql.slice(i, end + 1), start: i, end: end + 1 });
      i = end + 1;
    } else if (/[A-Za-z_]/.test(ch)) {
      let j = i + 1;
      while (j < sql.length && /[\w$]/.test(sql[j])) j++;
      tokens.push({ kind: 'word', value: sql.slice(i, j), start: i, end: j });
      i = j;
    } else if (/\d/.test(ch) || (ch === '.' && /\d/.test(sql[i + 1] ?? ''))) {
      const m = /^(?:0x[0-9a-f]+|\d*\.?\d+(?:e[+-]?\d+)?)/i.exec(sql.slice(i))!;
      tokens.push({ kind: 'number', value: m[0], start: i, end: i + m[0].length });
      i += m[0].length;
    } else {
      tokens.push({ kind: 'punct', value: ch, start: i, end: i + 1 });
      i++;
    }
  }
  return tokens;
}

const kw = (t: Token | undefined) => (t && t.kind === 'word' ? t.value.toUpperCase() : undefined);

class Cursor {
  i = 0;
  constructor(
    readonly tokens: Token[],
    readonly sql: string,
  ) {}
  peek(offset = 0): Token | undefined {
    return this.tokens[this.i + offset];
  }
  next(): Token {
    const t = this.tokens[this.i++];
    if (!t) throw new MigError('sqlite-parse', `Unexpected end of SQL: ${this.sql.slice(0, 80)}`);
    return t;
  }
  isWord(...words: string[]): boolean {
    const k = kw(this.peek());
    return k !== undefined && words.includes(k);
  }
  expectWord(word: string): void {
    const t = this.next();
    if (kw(t) !== word) throw new MigError('sqlite-parse', `Expected ${word} at "${this.sql.slice(t.start, t.start + 40)}"`);
  }
  expectPunct(p: string): Token {
    const t = this.next();
    if (t.kind !== 'punct' || t.value !== p) throw new MigError('sqlite-parse', `Expected '${p}' at "${this.sql.slice(t.start, t.start + 40)}"`);
    return t;
  }
  /** A name: an identifier or a bare word. */
  name(): string {
    const t = this.next();
    if (t.kind === 'ident' || t.kind === 'word' || t.kind === 'string') return t.value;
    throw new MigError('sqlite-parse', `Expected a name at "${this.sql.slice(t.start, t.start + 40)}"`);
  }
  /** Skips a balanced parenthesised group starting at '('; returns the text inside. */
  group(): string {
    const open = this.expectPunct('(');
    let depth = 1;
    while (depth > 0) {
      const t = this.next();
      if (t.kind === 'punct' && t.value === '(') depth++;
      else if (t.kind === 'punct' && t.value === ')') depth--;
      if (depth === 0) return this.sql.slice(open.end, t.start).trim();
    }
    return '';
  }
  /** `( a, b COLLATE x DESC )` -> ['a', 'b']. */
  nameList(): string[] {
    this.expectPunct('(');
    const names: string[] = [];
    for (;;) {
      names.push(this.name());
      while (!(this.peek()?.kind === 'punct' && (this.peek()!.value === ',' || this.peek()!.value === ')'))) {
        if (this.peek()?.kind === 'punct' && this.peek()!.value === '(') this.group();
        else this.next();
      }
      if (this.next().value === ')') return names;
    }
  }
}

function foreignKeyClause(c: Cursor): ForeignKeyClause {
  c.expectWord('REFERENCES');
  const fk: ForeignKeyClause = { table: c.name(), columns: [] };
  if (c.peek()?.kind === 'punct' && c.peek()!.value === '(') fk.columns = c.nameList();
  for (;;) {
    if (c.isWord('ON')) {
      c.next();
      const which = kw(c.next());
      let action: string;
      if (c.isWord('SET')) {
        c.next();
        action = `SET ${kw(c.next())}`;
      } else if (c.isWord('NO')) {
        c.next();
        c.expectWord('ACTION');
        action = 'NO ACTION';
      } else {
        action = kw(c.next())!;
      }
      if (which === 'DELETE') fk.onDelete = action;
      else fk.onUpdate = action;
    } else if (c.isWord('MATCH')) {
      c.next();
      c.next();
    } else if (c.isWord('NOT') && kw(c.peek(1)) === 'DEFERRABLE') {
      c.next();
      c.next();
      if (c.isWord('INITIALLY')) {
        c.next();
        c.next();
      }
    } else if (c.isWord('DEFERRABLE')) {
      c.next();
      fk.deferrable = 'INITIALLY IMMEDIATE';
      if (c.isWord('INITIALLY')) {
        c.next();
        fk.deferrable = `INITIALLY ${kw(c.next())}`;
      }
    } else {
      return fk;
    }
  }
}

/** Skips an `ON CONFLICT x` clause. */
function conflictClause(c: Cursor): void {
  if (c.isWord('ON') && kw(c.peek(1)) === 'CONFLICT') {
    c.next();
    c.next();
    c.next();
  }
}

function columnConstraint(c: Cursor): ColumnConstraint {
  const start = c.peek()!.start;
  let name: string | undefined;
  if (c.isWord('CONSTRAINT')) {
    c.next();
    name = c.name();
  }
  const word = kw(c.peek());
  const out = (kind: ColumnConstraintKind, extra: Partial<ColumnConstraint> = {}): ColumnConstraint => ({
    kind,
    ...(name !== undefined ? { name } : {}),
    raw: c.sql.slice(start, c.tokens[c.i - 1].end),
    ...extra,
  });
  switch (word) {
    case 'PRIMARY': {
      c.next();
      c.expectWord('KEY');
      if (c.isWord('ASC', 'DESC')) c.next();
      conflictClause(c);
      let autoincrement = false;
      if (c.isWord('AUTOINCREMENT')) {
        c.next();
        autoincrement = true;
      }
      return out('primaryKey', { autoincrement });
    }
    case 'NOT':
      c.next();
      c.expectWord('NULL');
      conflictClause(c);
      return out('notNull');
    case 'NULL':
      c.next();
      conflictClause(c);
      return out('null');
    case 'UNIQUE':
      c.next();
      conflictClause(c);
      return out('unique');
    case 'CHECK': {
      c.next();
      const expression = c.group();
      return out('check', { expression });
    }
    case 'DEFAULT': {
      c.next();
      const first = c.peek()!;
      let expression: string;
      if (first.kind === 'punct' && first.value === '(') {
        c.group();
        expression = c.sql.slice(first.start, c.tokens[c.i - 1].end);
      } else if (first.kind === 'punct' && (first.value === '-' || first.value === '+')) {
        c.next();
        const n = c.next();
        expression = c.sql.slice(first.start, n.end);
      } else {
        const t = c.next();
        expression = c.sql.slice(t.start, t.end);
      }
      return out('default', { expression });
    }
    case 'COLLATE': {
      c.next();
      const collation = c.name();
      return out('collate', { expression: collation });
    }
    case 'REFERENCES':
      return { ...out('references'), references: foreignKeyClause(c), raw: c.sql.slice(start, c.tokens[c.i - 1].end) };
    case 'GENERATED':
    case 'AS': {
      if (word === 'GENERATED') {
        c.next();
        c.expectWord('ALWAYS');
      }
      c.expectWord('AS');
      const expression = c.group();
      if (c.isWord('STORED', 'VIRTUAL')) c.next();
      return out('generated', { expression });
    }
    default:
      throw new MigError('sqlite-parse', `Unexpected "${c.sql.slice(start, start + 40)}" in a column definition`);
  }
}

function column(c: Cursor, end: number): SqliteColumn {
  const name = c.name();
  const typeStart = c.peek()?.start ?? end;
  let typeEnd = typeStart;
  while (c.i < c.tokens.length && c.peek()!.start < end && !COLUMN_CONSTRAINT_START.has(kw(c.peek()) ?? '')) {
    const t = c.peek()!;
    if (t.kind === 'punct' && t.value === '(') c.group();
    else c.next();
    typeEnd = c.tokens[c.i - 1].end;
  }
  const type = typeEnd > typeStart ? c.sql.slice(typeStart, typeEnd).trim() : '';
  const constraints: ColumnConstraint[] = [];
  while (c.i < c.tokens.length && c.peek()!.start < end) constraints.push(columnConstraint(c));
  return { name, type, constraints };
}

function tableConstraint(c: Cursor): TableConstraint {
  const start = c.peek()!.start;
  let name: string | undefined;
  if (c.isWord('CONSTRAINT')) {
    c.next();
    name = c.name();
  }
  const done = (kind: TableConstraint['kind'], extra: Partial<TableConstraint>): TableConstraint => ({
    kind,
    ...(name !== undefined ? { name } : {}),
    raw: c.sql.slice(start, c.tokens[c.i - 1].end),
    ...extra,
  });
  const word = kw(c.next());
  if (word === 'PRIMARY') {
    c.expectWord('KEY');
    const columns = c.nameList();
    conflictClause(c);
    return done('primaryKey', { columns });
  }
  if (word === 'UNIQUE') {
    const columns = c.nameList();
    conflictClause(c);
    return done('unique', { columns });
  }
  if (word === 'CHECK') return done('check', { expression: c.group() });
  if (word === 'FOREIGN') {
    c.expectWord('KEY');
    const columns = c.nameList();
    const references = foreignKeyClause(c);
    return done('foreignKey', { columns, references });
  }
  throw new MigError('sqlite-parse', `Unexpected table constraint "${c.sql.slice(start, start + 40)}"`);
}

export function parseCreateTable(sql: string): SqliteTable {
  const c = new Cursor(tokenize(sql), sql);
  c.expectWord('CREATE');
  if (c.isWord('TEMP', 'TEMPORARY')) c.next();
  c.expectWord('TABLE');
  if (c.isWord('IF')) {
    c.next();
    c.expectWord('NOT');
    c.expectWord('EXISTS');
  }
  let name = c.name();
  if (c.peek()?.kind === 'punct' && c.peek()!.value === '.') {
    c.next();
    name = c.name();
  }
  c.expectPunct('(');
  // Find each top-level item's end: the comma or closing parenthesis at depth 1.
  const ends: number[] = [];
  let depth = 1;
  let j = c.i;
  for (; j < c.tokens.length; j++) {
    const t = c.tokens[j];
    if (t.kind !== 'punct') continue;
    if (t.value === '(') depth++;
    else if (t.value === ')') {
      depth--;
      if (depth === 0) {
        ends.push(t.start);
        break;
      }
    } else if (t.value === ',' && depth === 1) ends.push(t.start);
  }
  if (depth !== 0) throw new MigError('sqlite-parse', `Unbalanced parentheses in: ${sql.slice(0, 80)}`);
  const close = c.tokens[j];
  const table: SqliteTable = { name, columns: [], constraints: [], options: sql.slice(close.end).trim().replace(/;$/, '').trim() };
  for (const end of ends) {
    if (TABLE_CONSTRAINT_START.has(kw(c.peek()) ?? '')) {
      table.constraints.push(tableConstraint(c));
    } else {
      table.columns.push(column(c, end));
    }
    c.next(); // the comma or the closing parenthesis
  }
  return table;
}

const q = quoteIdentifier;

export function printCreateTable(table: SqliteTable, name = table.name): string {
  const items = [
    ...table.columns.map((col) => [q(col.name), col.type, ...col.constraints.map((k) => k.raw)].filter(Boolean).join(' ')),
    ...table.constraints.map((k) => k.raw),
  ];
  // The closing parenthesis on the last line, as createTableSql writes it (TypeORM's CHECK parsing needs it).
  return `CREATE TABLE ${q(name)} (\n  ${items.join(',\n  ')})${table.options ? ` ${table.options}` : ''}`;
}

/** Does an SQL expression mention this column (as a whole identifier)? */
export function mentions(expression: string, columnName: string): boolean {
  return tokenize(expression).some((t) => (t.kind === 'ident' || t.kind === 'word') && t.value.toLowerCase() === columnName.toLowerCase());
}

/** `sql` with every identifier renamed by `rename` (function names are left alone). */
export function renameIdentifiers(sql: string, rename: (name: string) => string): string {
  const tokens = tokenize(sql);
  let out = '';
  let at = 0;
  tokens.forEach((t, i) => {
    const next = tokens[i + 1];
    if (t.kind !== 'ident' && t.kind !== 'word') return;
    if (t.kind === 'word' && next?.kind === 'punct' && next.value === '(') return;
    const to = rename(t.value);
    if (to === t.value) return;
    out += `${sql.slice(at, t.start)}${q(to)}`;
    at = t.end;
  });
  return out + sql.slice(at);
}
