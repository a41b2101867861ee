/** SQLite DDL text: types, literals, column and constraint definitions, CREATE TABLE/INDEX. */
import { MigError } from '../../errors';
import { isSqlExpression, type ColumnDef, type ColumnType, type ConstraintDef, type DefaultValue, type IndexDef, type TableRef } from '../../operations/ops';
import { quoteIdentifier, stringLiteral } from '../sql';

const q = quoteIdentifier;

export function qualify(table: TableRef): string {
  return table.schema ? `${q(table.schema)}.${q(table.name)}` : q(table.name);
}

/**
 * Type names -> the type as declared. The names TypeORM's SQLite driver supports are kept as
 * written (TypeORM compares the declared text: `float` declared as `double` would be a change to
 * it); PostgreSQL's names map to their SQLite counterparts.
 */
const TYPE_NAMES: Record<string, string> = {
  int: 'integer',
  int4: 'integer',
  integer: 'integer',
  varchar: 'varchar',
  'character varying': 'varchar',
  string: 'varchar',
  uuid: 'varchar',
  enum: 'varchar',
  'simple-enum': 'varchar',
  text: 'text',
  citext: 'text',
  'simple-json': 'text',
  'simple-array': 'text',
  bool: 'boolean',
  boolean: 'boolean',
  decimal: 'decimal',
  numeric: 'numeric',
  float8: 'double',
  float4: 'real',
  real: 'real',
  date: 'date',
  time: 'time',
  timetz: 'time',
  'time with time zone': 'time',
  'time without time zone': 'time',
  timestamp: 'datetime',
  timestamptz: 'datetime',
  'timestamp with time zone': 'datetime',
  'timestamp without time zone': 'datetime',
  datetime: 'datetime',
  blob: 'blob',
  bytea: 'blob',
};

/** Types that take a length, and types that take a precision and scale. */
const WITH_LENGTH = new Set(['varchar', 'char', 'character', 'nchar', 'nvarchar', 'varying character', 'native character']);
const WITH_PRECISION = new Set(['decimal', 'numeric']);

export function typeSql(t: ColumnType): string {
  if (t.array) throw new MigError('op-invalid', `SQLite has no array columns (type ${t.type}[])`, { hint: "use 'simple-array' or 'simple-json' (text)" });
  const lower = t.type.trim().toLowerCase();
  const base = TYPE_NAMES[lower] ?? t.type.trim();
  if (WITH_LENGTH.has(base.toLowerCase()) && t.length !== undefined) return `${base}(${t.length})`;
  if (WITH_PRECISION.has(base.toLowerCase()) && t.precision !== undefined) return t.scale !== undefined ? `${base}(${t.precision},${t.scale})` : `${base}(${t.precision})`;
  return base;
}

/** A date as TypeORM stores it in SQLite: UTC, `YYYY-MM-DD HH:MM:SS.SSS`. */
export function dateText(value: Date): string {
  return value.toISOString().replace('T', ' ').replace('Z', '');
}

/** A parameter as the SQLite drivers can bind it, standing for the value literal() writes. */
export function bindable(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return dateText(value);
  if (typeof value === 'object' && value !== null && !Buffer.isBuffer(value)) return JSON.stringify(value);
  return value;
}

export function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number' || typeof value === 'bigint') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new MigError('sql-literal', `Cannot write ${value} as a SQL number`);
    return String(value);
  }
  if (typeof value === 'string') return stringLiteral(value);
  if (value instanceof Date) return stringLiteral(dateText(value));
  if (Buffer.isBuffer(value)) return `X'${value.toString('hex')}'`;
  if (isSqlExpression(value)) return value.sql;
  return stringLiteral(JSON.stringify(value));
}

export const CONSTANT_DEFAULTS = /^(CURRENT_TIMESTAMP|CURRENT_DATE|CURRENT_TIME|NULL|TRUE|FALSE)$/i;

export function defaultSql(value: DefaultValue): string {
  if (isSqlExpression(value)) {
    const text = value.sql.trim();
    // PostgreSQL's now() (TypeORM's `() => 'now()'`): SQLite would accept it and fail on every insert.
    if (/^now\(\s*\)$/i.test(text)) return 'CURRENT_TIMESTAMP';
    if (CONSTANT_DEFAULTS.test(text) || /^\(.*\)$/s.test(text) || /^[-+]?\d+(\.\d+)?$/.test(text) || /^'.*'$/s.test(text)) return text;
    return `(${text})`;
  }
  if (typeof value === 'object' && value !== null) return stringLiteral(JSON.stringify(value));
  return literal(value);
}

export function isIncrement(c: ColumnDef): boolean {
  return c.generated === 'increment' || c.generated === 'identity';
}

export function columnSql(c: ColumnDef, inlinePrimary: boolean): string {
  const parts = [q(c.name)];
  if (isIncrement(c)) {
    if (!inlinePrimary) throw new MigError('op-invalid', `SQLite can auto-increment only a single-column integer primary key (${c.name})`);
    parts.push('integer PRIMARY KEY AUTOINCREMENT');
  } else {
    parts.push(typeSql(c));
    // Right after the type, where TypeORM writes it and looks for it (`"c" varchar CHECK( "c" IN (...`).
    const check = enumCheck(c);
    if (check) parts.push(check);
    if (c.collation) parts.push(`COLLATE ${c.collation}`);
    if (inlinePrimary && c.primary) parts.push('PRIMARY KEY');
  }
  if (!c.nullable || c.primary) parts.push('NOT NULL');
  if (c.unique) parts.push('UNIQUE');
  // A generated column has no default: its value is the expression's.
  if (c.asExpression !== undefined) parts.push(generatedSql(c.asExpression, c.generatedType));
  else if (c.default !== undefined) parts.push(`DEFAULT ${defaultSql(c.default)}`);
  return parts.join(' ');
}

/** `AS (expr) VIRTUAL` (SQLite's default kind, and TypeORM's), or STORED. */
export function generatedSql(expression: string, kind: string | null | undefined): string {
  return `AS (${expression}) ${kind ?? 'VIRTUAL'}`;
}

/** The CHECK that holds an enum column's values, or undefined for other columns. */
export function enumCheck(c: ColumnType & { name: string }): string | undefined {
  if (!c.enum?.length || !/^(simple-)?enum$/i.test(c.type)) return undefined;
  return `CHECK (${q(c.name)} IN (${c.enum.map(stringLiteral).join(', ')}))`;
}

export function constraintSql(c: ConstraintDef): string {
  const name = c.name ? `CONSTRAINT ${q(c.name)} ` : '';
  const cols = (names: string[]) => names.map(q).join(', ');
  switch (c.kind) {
    case 'primaryKey':
      return `${name}PRIMARY KEY (${cols(c.columns)})`;
    case 'unique':
      return `${name}UNIQUE (${cols(c.columns)})`;
    case 'check':
      return `${name}CHECK (${c.expression})`;
    case 'foreignKey': {
      let sql = `${name}FOREIGN KEY (${cols(c.columns)}) REFERENCES ${q(c.referencedTable.name)} (${cols(c.referencedColumns)})`;
      if (c.onDelete && c.onDelete !== 'NO ACTION') sql += ` ON DELETE ${c.onDelete}`;
      if (c.onUpdate && c.onUpdate !== 'NO ACTION') sql += ` ON UPDATE ${c.onUpdate}`;
      if (c.deferrable) sql += ` DEFERRABLE ${c.deferrable}`;
      return sql;
    }
    case 'exclusion':
      throw new MigError('op-invalid', `SQLite has no exclusion constraints (${c.name ?? c.expression})`);
  }
}

/** What SQLite has of a table's constraints: exclusion constraints are PostgreSQL's only (TypeORM leaves them out too). */
export function sqliteConstraints<T extends ConstraintDef>(constraints: T[]): T[] {
  return constraints.filter((c) => c.kind !== 'exclusion');
}

export function createTableSql(table: TableRef, columns: ColumnDef[], constraints: ConstraintDef[]): string {
  // A named single-column key over an auto-increment column (as PostgreSQL's autogenerate writes
  // it) is that column's INTEGER PRIMARY KEY here, where SQLite keeps no key name (nor does TypeORM).
  const pk = constraints.find((c) => c.kind === 'primaryKey');
  const onIncrement = pk && pk.columns.length === 1 && columns.find((c) => c.name === pk.columns[0] && isIncrement(c));
  if (onIncrement) {
    columns = columns.map((c) => (c === onIncrement ? { ...c, primary: true } : c));
    constraints = constraints.filter((c) => c !== pk);
  }
  const hasPkConstraint = constraints.some((c) => c.kind === 'primaryKey');
  const primaries = columns.filter((c) => c.primary || isIncrement(c));
  const inlinePrimary = !hasPkConstraint && primaries.length === 1;
  const defs = columns.map((c) => columnSql(c, inlinePrimary && primaries[0] === c));
  if (!hasPkConstraint && primaries.length > 1) defs.push(`PRIMARY KEY (${primaries.map((c) => q(c.name)).join(', ')})`);
  for (const c of sqliteConstraints(constraints)) defs.push(constraintSql(c));
  // The closing parenthesis on the last line: TypeORM reads a CHECK at the end as `...)` + `)` (end of text).
  return `CREATE TABLE ${qualify(table)} (\n  ${defs.join(',\n  ')})`;
}

export function indexSql(table: TableRef, index: IndexDef): string {
  const cols = index.columns.map((c) => (/[\s()]/.test(c) ? c : q(c))).join(', ');
  let sql = `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${q(index.name)} ON ${qualify(table)} (${cols})`;
  if (index.where) sql += ` WHERE ${index.where}`;
  return sql;
}

