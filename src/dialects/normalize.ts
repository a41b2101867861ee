/**
 * Making equal things compare equal: a column type and a default, as the entities give them or
 * as the catalog reports them, reduced to one canonical text per dialect. This is what keeps
 * autogenerate free of TypeORM's perpetual diffs (boolean 'false' vs false, '{}'::jsonb,
 * ARRAY[]::text[], -1 vs (-1)::integer, now() vs CURRENT_TIMESTAMP, 5 vs 5.0 ...).
 */
import type { ColumnType, DefaultValue, PortableSql } from '../operations/ops';
import { isSqlExpression, NOW_SQL } from '../operations/ops';
import { typeSql as mysqlTypeSql } from './mysql';
import { defaultSql as pgDefaultSql, typeSql as pgTypeSql } from './postgres';
import { defaultSql as sqliteDefaultSql, typeSql as sqliteTypeSql } from './sqlite/ddl';
import type { DialectName } from './types';

/**
 * A column's collation as it compares: none for the type's default (SQLite's BINARY, PostgreSQL's
 * "default"); SQLite's names are keywords (any case), PostgreSQL's identifiers (exact).
 */
export function canonicalCollation(dialect: DialectName, collation: string | null | undefined): string | null {
  if (!collation) return null;
  const c = collation.trim().replace(/^"(.*)"$/, '$1');
  if (dialect === 'sqlite') return c.toUpperCase() === 'BINARY' ? null : c.toUpperCase();
  if (dialect === 'mysql') return c.replace(/^`(.*)`$/, '$1').toLowerCase();
  return c === 'default' ? null : c;
}

/** The canonical text of a column type (enum types compare by their name, elsewhere). */
export function canonicalType(dialect: DialectName, t: ColumnType): string {
  const lower = t.type.trim().toLowerCase();
  if (dialect === 'sqlite') {
    if (lower === 'enum' || lower === 'simple-enum') return sqliteTypeSql({ ...t, type: 'varchar', array: false }).toLowerCase();
    return sqliteTypeSql({ ...t, array: false }).toLowerCase().replace(/\s+/g, ' ');
  }
  if (dialect === 'mysql') return canonicalMysqlType(t);
  if (lower === 'enum' || lower === 'simple-enum') return `enum${t.array ? '[]' : ''}`;
  const shaped: ColumnType = { ...t };
  delete shaped.enum;
  delete shaped.enumName;
  let text = pgTypeSql(shaped).toLowerCase();
  // Defaults the catalog spells out: numeric(p) is numeric(p,0), timestamp(6) is timestamp, char is char(1).
  text = text
    .replace(/^numeric\((\d+)\)/, 'numeric($1,0)')
    .replace(/^(timestamp|timestamptz|time|timetz|interval)\(6\)/, '$1')
    .replace(/^char(?=$|\[)/, 'char(1)')
    .replace(/^bit(?=$|\[)/, 'bit(1)');
  return text;
}

/**
 * MySQL: the type as mig writes it (TypeORM's spelling), with the parameters the server fills
 * in spelled out: decimal is decimal(10,0), char char(1), datetime(0) datetime; an integer's
 * display width is no part of it (the catalog's DATA_TYPE has none). An ENUM's values are.
 */
function canonicalMysqlType(t: ColumnType): string {
  const shaped: ColumnType = { ...t };
  delete shaped.enumName;
  if (!/^(enum|simple-enum|set)\b/i.test(t.type.trim())) delete shaped.enum;
  return mysqlTypeSql(shaped)
    .toLowerCase()
    .replace(/^(tinyint|smallint|mediumint|int|bigint)\(\d+\)/, '$1')
    .replace(/^decimal(?=$|\s)/, 'decimal(10,0)')
    .replace(/^decimal\((\d+)\)/, 'decimal($1,0)')
    .replace(/^(char|binary|bit)(?=$|\s)/, '$1(1)')
    .replace(/^(datetime|timestamp|time)\(0\)/, '$1')
    .replace(/\s+/g, ' ');
}

/** A MySQL string literal ('it''s', 'a\\b') in the standard spelling the comparison reads ('it''s', 'a\b'). */
function standardMysqlLiteral(text: string): string {
  const m = /^'((?:[^'\\]|''|\\.)*)'$/s.exec(text.trim());
  if (!m) return text;
  const value = m[1].replace(/\\(.)/gs, (_, c: string) => ({ n: '\n', t: '\t', r: '\r', '0': '\0', Z: '\x1a' })[c] ?? c).replace(/''/g, "'");
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * MySQL's current-time keywords with their precision, as the server stores them: CURRENT_TIMESTAMP,
 * now() and current_timestamp(0) are one; CURRENT_DATE is curdate(), CURRENT_TIME curtime().
 */
function mysqlNow(text: string): string | undefined {
  const m = /^(current_timestamp|now|localtimestamp|localtime|current_date|curdate|current_time|curtime)(?:\(\s*(\d*)\s*\))?$/i.exec(stripParens(text));
  if (!m) return undefined;
  const word = m[1].toLowerCase();
  if (word === 'current_date' || word === 'curdate') return 'curdate()';
  return `${word === 'current_time' || word === 'curtime' ? 'curtime' : 'current_timestamp'}(${Number(m[2] || 0)})`;
}

const QUOTED = /^'((?:[^']|'')*)'$/s;

export function stripParens(text: string): string {
  let s = text.trim();
  for (;;) {
    if (!(s.startsWith('(') && s.endsWith(')'))) return s;
    // Only when the outer pair belongs together: (a) and (b) must stay.
    let depth = 0;
    let inQuote = false;
    for (let i = 0; i < s.length; i++) {
      const c = s[i];
      if (c === "'") inQuote = !inQuote;
      if (inQuote) continue;
      if (c === '(') depth++;
      if (c === ')') depth--;
      if (depth === 0 && i < s.length - 1) return s;
    }
    s = s.slice(1, -1).trim();
  }
}

/** Removes trailing casts: 'x'::character varying, '{}'::text[], (-1)::integer, 'a'::"Status". */
function stripCasts(text: string): string {
  let s = stripParens(text);
  for (;;) {
    const m = /::(?:"[^"]+"|[a-z_][\w]*)(?:\.(?:"[^"]+"|[a-z_][\w]*))?(?:\s+(?:varying|precision|without time zone|with time zone))*(?:\(\d+(?:,\s*\d+)?\))?(?:\[\])*$/i.exec(s);
    if (!m || m.index === 0) return s;
    s = stripParens(s.slice(0, m.index));
  }
}

function canonicalNumber(text: string): string | undefined {
  return /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text) ? String(Number(text)) : undefined;
}

function canonicalJson(text: string): string | undefined {
  try {
    const value = JSON.parse(text);
    return typeof value === 'object' && value !== null ? `json:${stableJson(value)}` : undefined;
  } catch {
    return undefined;
  }
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * `ARRAY['a'::text, 'b'::text]` and `'{a,b}'` as one text: `array:["a","b"]`. The quoted form
 * only for an array column (or when the type is unknown): on a json column `'{"a": 1}'` is JSON.
 */
function canonicalArray(text: string, braces: boolean): string | undefined {
  const arr = /^ARRAY\s*\[(.*)\]$/is.exec(text);
  if (arr) {
    const items = splitTopLevel(arr[1]).map((item) => {
      const v = stripCasts(item);
      const q = QUOTED.exec(v);
      return q ? q[1].replace(/''/g, "'") : v;
    });
    return `array:${JSON.stringify(items.filter((i) => i !== ''))}`;
  }
  const q = braces ? QUOTED.exec(text) : null;
  if (q && /^\{.*\}$/s.test(q[1])) {
    const body = q[1].replace(/''/g, "'").slice(1, -1);
    if (!body.trim()) return 'array:[]';
    const items = splitTopLevel(body).map((i) => {
      const t = i.trim();
      return t.startsWith('"') ? t.slice(1, -1).replace(/\\(.)/g, '$1') : t;
    });
    return `array:${JSON.stringify(items)}`;
  }
  return undefined;
}

function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      current += c;
      if (c === '\\' && quote === '"') current += text[++i] ?? '';
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    if (c === '(' || c === '[' || c === '{') depth++;
    if (c === ')' || c === ']' || c === '}') depth--;
    if (c === ',' && depth === 0) {
      out.push(current.trim());
      current = '';
      continue;
    }
    current += c;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

const NOW = /^(now\(\)|current_timestamp|transaction_timestamp\(\)|localtimestamp)$/i;
const UUID_FUNCTIONS = /^(gen_random_uuid\(\)|uuid_generate_v4\(\)|public\.uuid_generate_v4\(\)|public\.gen_random_uuid\(\))$/i;

/**
 * TypeORM writes PostgreSQL's datetime keywords as casts of 'now' (CURRENT_DATE is
 * `('now'::text)::date`, CURRENT_TIMESTAMP(3) is `('now'::text)::timestamp(3) with time zone`):
 * the keyword they stand for, lower-cased (now() for a plain timestamp).
 */
function datetimeKeyword(text: string): string | undefined {
  const m = /^\(?\s*'now'::text\s*\)?::(date|time|timestamp)(\(\d+\))?(?:\s+(with|without) time zone)?$/i.exec(text.trim());
  if (!m) return undefined;
  const [, base, precision = '', zone] = m;
  const kind = base.toLowerCase();
  if (kind === 'date') return 'current_date';
  const withZone = zone?.toLowerCase() === 'with';
  if (kind === 'time') return `${withZone ? 'current_time' : 'localtime'}${precision}`;
  if (!precision) return 'now()';
  return `${withZone ? 'current_timestamp' : 'localtimestamp'}${precision}`;
}

/** The canonical text of default SQL as the database would store it. */
export function canonicalDefaultSql(dialect: DialectName, sqlText: string, t?: ColumnType): string {
  if (dialect === 'mysql') {
    const now = mysqlNow(sqlText);
    // MariaDB stores CURRENT_TIMESTAMP(p) on a column of fewer fractional digits as the column's
    // (current_timestamp(3) on a datetime(3) given CURRENT_TIMESTAMP(6), as TypeORM's
    // CreateDateColumn({ precision: 3 }) writes it); MySQL refuses it.
    const fraction = /^current_timestamp\((\d+)\)$/.exec(now ?? '');
    if (fraction && t && /^(datetime|timestamp)$/i.test(t.type.trim()) && Number(fraction[1]) > (t.precision ?? 0)) return `current_timestamp(${t.precision ?? 0})`;
    if (now) return now;
    sqlText = standardMysqlLiteral(stripParens(sqlText));
    // MySQL keeps a boolean as 1/0; any number given to an integer column is its digits.
    if (/^(true|false)$/i.test(sqlText)) sqlText = /^true$/i.test(sqlText) ? '1' : '0';
  }
  const datetime = datetimeKeyword(sqlText);
  if (datetime) return datetime;
  let s = stripCasts(sqlText);
  if (/^null$/i.test(s)) return 'null';
  const array = canonicalArray(s, !t || !!t.array);
  if (array) return array;
  const quoted = QUOTED.exec(s);
  if (quoted) {
    const value = quoted[1].replace(/''/g, "'");
    const json = canonicalJson(value);
    if (json) return json;
    const lower = t?.type.toLowerCase() ?? '';
    if (/int|numeric|decimal|float|double|real|serial/.test(lower)) {
      const n = canonicalNumber(value.trim());
      if (n !== undefined) return n;
    }
    if (/bool/.test(lower)) {
      if (/^(t|true|1|y|yes|on)$/i.test(value)) return 'true';
      if (/^(f|false|0|n|no|off)$/i.test(value)) return 'false';
    }
    return `'${value}'`;
  }
  const n = canonicalNumber(s);
  if (n !== undefined) {
    if (dialect === 'sqlite' && /bool/.test(t?.type.toLowerCase() ?? '')) return n === '0' ? 'false' : 'true';
    return n;
  }
  if (/^true$/i.test(s)) return 'true';
  if (/^false$/i.test(s)) return 'false';
  if (NOW.test(s)) return 'now()';
  if (UUID_FUNCTIONS.test(s)) return 'uuid()';
  if (dialect === 'sqlite' && /^datetime\('now'\)$/i.test(s)) return "datetime('now')";
  return canonicalExpression(s);
}

/**
 * Any other expression as the server deparses it and as written compare alike: casts inside it
 * dropped (`'ABC'::text`, `'my_seq'::regclass`), identifiers unquoted, case and spacing outside
 * string literals normalized (`"substring"('name'::text, 1, 3)` is `substring('name',1,3)`).
 */
export function canonicalExpression(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; ) {
    const c = text[i];
    if (c === "'") {
      let j = i + 1;
      while (j < text.length && !(text[j] === "'" && text[j + 1] !== "'")) j += text[j] === "'" ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    const cast = /^::(?:"[^"]+"|[a-z_][\w]*)(?:\.(?:"[^"]+"|[a-z_][\w]*))?(?:\s+(?:varying|precision|without time zone|with time zone))*(?:\(\d+(?:,\s*\d+)?\))?(?:\[\])*/i.exec(text.slice(i));
    if (cast) {
      i += cast[0].length;
      continue;
    }
    if (c === '"') {
      const end = text.indexOf('"', i + 1);
      if (end > i) {
        out += text.slice(i + 1, end).toLowerCase();
        i = end + 1;
        continue;
      }
    }
    if (/\s/.test(c)) {
      // A space only between two words: `a , b` is `a,b`, `x AND y` keeps its spaces.
      const prev = out[out.length - 1] ?? '';
      let j = i;
      while (j < text.length && /\s/.test(text[j])) j++;
      const next = text[j] ?? '';
      if (/[\w']/.test(prev) && /[\w'"]/.test(next)) out += ' ';
      i = j;
      continue;
    }
    out += c.toLowerCase();
    i++;
  }
  return out;
}

/** The canonical text of a default as a model gives it (a value, or SQL). */
export function canonicalDefault(dialect: DialectName, value: DefaultValue | null | undefined, t: ColumnType): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (isSqlExpression(value)) {
    const c = canonicalDefaultSql(dialect, value.sql, t);
    return c === 'null' ? undefined : c;
  }
  const text = dialect === 'postgres' ? pgDefaultSql(value, t) : dialect === 'mysql' ? mysqlValueSql(value, t) : sqliteDefaultSql(value);
  return canonicalDefaultSql(dialect, text, t);
}

/** A default value as standard SQL text (booleans 1/0, as MySQL keeps them). */
function mysqlValueSql(value: Exclude<DefaultValue, { sql: string }>, t: ColumnType): string {
  if (typeof value === 'boolean') return value ? '1' : '0';
  // A number on a string column (a numeric enum's member) is its text there.
  if (typeof value === 'number') return /^(tinyint|smallint|mediumint|int|integer|bigint|decimal|numeric|dec|fixed|float|double|real|bit|year|bool|boolean)\b/i.test(t.type.trim()) ? String(value) : `'${value}'`;
  // A SET's members, comma-separated.
  const set = Array.isArray(value) && /^set\b/i.test(t.type.trim());
  const text = typeof value === 'string' ? value : set ? (value as unknown[]).join(',') : JSON.stringify(value);
  return `'${text.replace(/'/g, "''")}'`;
}

/** Whether a default expression generates uuids (what a `generated: 'uuid'` column has). */
export function isUuidDefault(dialect: DialectName, value: DefaultValue | null | undefined): boolean {
  return isSqlExpression(value) && canonicalDefaultSql(dialect, value.sql) === 'uuid()';
}

/** PostgreSQL's catalog names (format_type) of types the entities spell short. */
const CATALOG_WORDS: Record<string, string> = {
  'character varying': 'varchar',
  character: 'char',
  'timestamp with time zone': 'timestamptz',
  'timestamp without time zone': 'timestamp',
  'time with time zone': 'timetz',
  'time without time zone': 'time',
};

/** A type name in the words an entity uses (`varchar` for `character varying`); others unchanged. */
export function typeWord(type: string): string {
  return CATALOG_WORDS[type.trim().toLowerCase()] ?? type;
}

interface TypeShape {
  family: 'string' | 'integer' | 'numeric' | 'other';
  /** Characters, bytes of an integer, or precision; Infinity when unbounded. */
  size: number;
  scale?: number;
  text: string;
}

function shapeOf(dialect: DialectName, t: ColumnType): TypeShape {
  // MySQL's integer attributes aside (an unsigned integer holds as many bytes).
  const text = canonicalType(dialect, t).replace(/\s+(unsigned|zerofill)\b/g, '');
  let m: RegExpExecArray | null;
  if (dialect === 'mysql') {
    if (text === 'tinyint') return { family: 'integer', size: 1, text };
    if (text === 'mediumint') return { family: 'integer', size: 3, text };
    if (text === 'tinytext') return { family: 'string', size: 255, text };
    if (/^(medium|long)?text$/.test(text)) return { family: 'string', size: Infinity, text: 'text' };
  }
  if ((m = /^(?:character varying|varchar)(?:\((\d+)\))?$/.exec(text))) return { family: 'string', size: m[1] ? Number(m[1]) : Infinity, text };
  if (text === 'text' || text === 'citext') return { family: 'string', size: Infinity, text };
  if ((m = /^(?:character|char|bpchar)\((\d+)\)$/.exec(text))) return { family: 'string', size: Number(m[1]), text: 'char' };
  if (/^(smallint|int2|smallserial)$/.test(text)) return { family: 'integer', size: 2, text };
  if (/^(integer|int|int4|serial)$/.test(text)) return { family: 'integer', size: 4, text };
  if (/^(bigint|int8|bigserial)$/.test(text)) return { family: 'integer', size: 8, text };
  if ((m = /^(?:numeric|decimal)(?:\((\d+)(?:,\s*(\d+))?\))?$/.exec(text))) return { family: 'numeric', size: m[1] ? Number(m[1]) : Infinity, scale: m[2] ? Number(m[2]) : m[1] ? 0 : Infinity, text };
  return { family: 'other', size: 0, text };
}

/**
 * How a type change treats the values: 'compatible' when PostgreSQL keeps the table as it is
 * (a longer varchar, varchar to text, more numeric precision at the same scale), 'narrowing' when
 * values may not fit, 'rewrite' otherwise.
 */
export function typeChange(dialect: DialectName, from: ColumnType, to: ColumnType): 'compatible' | 'narrowing' | 'rewrite' {
  const a = shapeOf(dialect, from);
  const b = shapeOf(dialect, to);
  if (a.text === b.text && a.size === b.size && a.scale === b.scale && !!from.array === !!to.array) return 'compatible';
  if (!!from.array !== !!to.array) return 'rewrite';
  if (a.family !== b.family || a.family === 'other') return 'rewrite';
  if (b.size < a.size || (b.scale ?? 0) < (a.scale ?? 0)) return 'narrowing';
  if (a.family === 'string') return a.text === 'char' || b.text === 'char' ? 'rewrite' : 'compatible';
  if (a.family === 'numeric') return a.scale === b.scale ? 'compatible' : 'rewrite';
  return 'rewrite'; // a wider integer is a rewrite on PostgreSQL
}

const NUMBER_TYPE = /^(int|integer|int2|int4|int8|tinyint|smallint|mediumint|bigint|numeric|decimal|real|float|float4|float8|double|double precision)(\s+unsigned)?(\s+zerofill)?$/i;
const TEXT_TYPE = /^(varchar|character varying|char|character|text|tinytext|mediumtext|longtext|citext|string|nvarchar|nchar|uuid|simple-enum|enum|year|date|time|timetz|timestamp|timestamptz|datetime|interval|time with time zone|time without time zone|timestamp with time zone|timestamp without time zone)$/i;

const TIMESTAMP_TYPE = /^(timestamp|timestamptz|timestamp with time zone|timestamp without time zone|datetime)$/i;

/**
 * A default read back from the catalog (`{ sql }`) as the value an entity would give for it,
 * when it is a plain literal of the column's type: PostgreSQL's `'42'::character varying` is
 * `'42'` (a cast to the column's own type dropped, '' unescaped), `'5'::integer` and `5` on a
 * number column are `5`, `true`/`false` on a boolean are booleans; SQLite's `'draft'` is
 * `'draft'`, `5` is `5`. Only when writing the value back stores the same default (its canonical
 * text is the same); anything else (a function call, a cast to another type, JSON) stays SQL.
 * The current time as TypeORM's CreateDateColumn writes it (`now()`, SQLite's `datetime('now')`)
 * on a timestamp column is the per-database `now()`, so the revision runs on both.
 */
export function neutralDefault(dialect: DialectName, value: DefaultValue | null | undefined, t: ColumnType): DefaultValue | PortableSql | null | undefined {
  if (!isSqlExpression(value) || t.array) return value;
  // TypeORM's CreateDateColumn default on this database: `now()`, which each database writes its own way.
  if (TIMESTAMP_TYPE.test(t.type.trim()) && stripParens(value.sql.trim()).toLowerCase() === NOW_SQL[dialect]!.toLowerCase()) return { sql: { ...NOW_SQL } };
  const candidate = literalOf(dialect, value.sql.trim(), t);
  if (candidate === undefined) return value;
  return canonicalDefault(dialect, candidate, t) === canonicalDefault(dialect, value, t) ? candidate : value;
}

function literalOf(dialect: DialectName, text: string, t: ColumnType): string | number | boolean | undefined {
  const type = t.type.trim().toLowerCase();
  let s = stripParens(text);
  if (dialect === 'mysql') s = standardMysqlLiteral(s);
  if (dialect === 'postgres') {
    const cast = /^('(?:[^']|'')*'|[-+]?[\d.]+(?:e[-+]?\d+)?)::(.+)$/is.exec(s);
    if (cast) {
      // Only a cast to the column's own type (its name as the catalog or an entity writes it).
      const castTo = cast[2].replace(/\(.*\)$/, '').trim();
      const own = type === 'enum' ? castTo.replace(/"/g, '') === t.enumName : typeWord(castTo).toLowerCase() === typeWord(pgTypeSql({ type }).replace(/\(.*\)$/, '')).toLowerCase();
      if (!own) return undefined;
      s = stripParens(cast[1]);
    }
  }
  const quoted = QUOTED.exec(s);
  if (NUMBER_TYPE.test(type)) {
    const text = quoted ? quoted[1] : s;
    if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text)) return undefined;
    const n = Number(text);
    return Number.isSafeInteger(n) || !Number.isInteger(n) ? n : undefined;
  }
  if (/^bool(ean)?$/.test(type)) {
    if (dialect === 'sqlite' && /^[01]$/.test(s)) return s === '1';
    return /^true$/i.test(s) ? true : /^false$/i.test(s) ? false : undefined;
  }
  if (quoted && (TEXT_TYPE.test(type) || (dialect === 'sqlite' && !/json/.test(type)))) return quoted[1].replace(/''/g, "'");
  return undefined;
}

/**
 * Whether a dropped column and an added one may be one column renamed: the same type family
 * (strings, integers, numerics; any other type only itself), nullability and default. A wider
 * or narrower type of the family is a rename followed by a type change.
 */
export function renameCompatible(dialect: DialectName, a: ColumnType & { nullable?: boolean; default?: DefaultValue | null }, b: ColumnType & { nullable?: boolean; default?: DefaultValue | null }): boolean {
  const x = shapeOf(dialect, a);
  const y = shapeOf(dialect, b);
  const sameFamily = x.family === 'other' || y.family === 'other' ? x.text === y.text : x.family === y.family;
  return sameFamily && !!a.array === !!b.array && !a.nullable === !b.nullable && canonicalDefault(dialect, a.default, a) === canonicalDefault(dialect, b.default, b);
}
