/**
 * PostgreSQL: DDL for every operation. A type change is ALTER COLUMN ... TYPE ... USING, never
 * DROP + ADD; identifiers are always quoted; values are escaped literals.
 */
import { MigError } from '../../errors';
import {
  isSqlExpression,
  tableText,
  type ColumnDef,
  type ColumnType,
  type ConstraintDef,
  type DefaultValue,
  type IndexDef,
  type Op,
  type OpOf,
  type TableRef,
} from '../../operations/ops';
import { quoteIdentifier, replacePlaceholders, stringLiteral } from '../sql';
import { logTableSql } from '../log-table';
import { insertRowsSql, versionTableSql } from '../rows';
import { metadataStatements, type MetadataDialect } from '../typeorm-metadata';
import type { CompileContext, Dialect, LogTableSql, Statement, VersionTableSql } from '../types';
import { introspect } from './introspect';
import { postgresMigrationAdapter } from './migration';

const q = quoteIdentifier;

export function qualify(table: TableRef): string {
  return table.schema ? `${q(table.schema)}.${q(table.name)}` : q(table.name);
}

/** TypeORM's type names (and PostgreSQL's synonyms) -> the type as written in DDL. */
const TYPE_NAMES: Record<string, string> = {
  int: 'integer',
  int4: 'integer',
  integer: 'integer',
  int2: 'smallint',
  smallint: 'smallint',
  int8: 'bigint',
  bigint: 'bigint',
  varchar: 'varchar',
  'character varying': 'varchar',
  nvarchar: 'varchar',
  string: 'varchar',
  char: 'char',
  character: 'char',
  nchar: 'char',
  text: 'text',
  citext: 'citext',
  bool: 'boolean',
  boolean: 'boolean',
  decimal: 'numeric',
  numeric: 'numeric',
  float: 'double precision',
  float8: 'double precision',
  double: 'double precision',
  'double precision': 'double precision',
  float4: 'real',
  real: 'real',
  money: 'money',
  date: 'date',
  time: 'time',
  'time without time zone': 'time',
  timetz: 'timetz',
  'time with time zone': 'timetz',
  timestamp: 'timestamp',
  'timestamp without time zone': 'timestamp',
  datetime: 'timestamp',
  timestamptz: 'timestamptz',
  'timestamp with time zone': 'timestamptz',
  interval: 'interval',
  uuid: 'uuid',
  json: 'json',
  jsonb: 'jsonb',
  'simple-json': 'text',
  'simple-array': 'text',
  bytea: 'bytea',
  blob: 'bytea',
  xml: 'xml',
  inet: 'inet',
  cidr: 'cidr',
  macaddr: 'macaddr',
  tsvector: 'tsvector',
  tsquery: 'tsquery',
};

const TIME_TYPES = new Set(['time', 'timetz', 'timestamp', 'timestamptz', 'interval']);

/** An enum column's type name: its enumName, else as TypeORM's buildEnumName makes it (`<table>_<column lower-cased>_enum`). */
export function enumTypeName(table: TableRef, column: { name: string; enumName?: string }): string {
  return column.enumName ?? `${table.name}_${column.name.toLowerCase()}_enum`;
}

/** The PostgreSQL type of a column (`column` is needed for an enum's default type name). */
export function typeSql(t: ColumnType, column?: { table: TableRef; name: string }): string {
  const lower = t.type.trim().toLowerCase();
  let sql: string;
  // simple-enum is an enum type here, as TypeORM's driver makes it (a CHECK on SQLite).
  if (lower === 'enum' || lower === 'simple-enum') {
    const name = t.enumName ?? (column ? enumTypeName(column.table, column) : undefined);
    if (!name) throw new MigError('op-invalid', 'An enum type needs enumName');
    sql = column?.table.schema && !name.includes('.') ? `${q(column.table.schema)}.${q(name)}` : q(name);
  } else {
    const base = TYPE_NAMES[lower] ?? t.type.trim();
    sql = base;
    if (base === 'varchar' || base === 'char') {
      if (t.length !== undefined) sql += `(${t.length})`;
    } else if (base === 'numeric') {
      if (t.precision !== undefined) sql += t.scale !== undefined ? `(${t.precision},${t.scale})` : `(${t.precision})`;
    } else if (TIME_TYPES.has(base)) {
      if (t.precision !== undefined) sql += `(${t.precision})`;
    } else if (t.length !== undefined && /^(bit|varbit|bit varying)$/.test(base)) {
      sql += `(${t.length})`;
    }
  }
  return t.array ? `${sql}[]` : sql;
}

export function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number' || typeof value === 'bigint') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new MigError('sql-literal', `Cannot write ${value} as a SQL number`);
    return String(value);
  }
  if (typeof value === 'string') return stringLiteral(value);
  if (value instanceof Date) return stringLiteral(value.toISOString());
  if (Buffer.isBuffer(value)) return `'\\x${value.toString('hex')}'::bytea`;
  if (isSqlExpression(value)) return value.sql;
  return stringLiteral(JSON.stringify(value));
}

/** The number types whose defaults TypeORM writes quoted and PostgreSQL keeps as a cast string. */
const NUMBER_TYPES = new Set(['smallint', 'integer', 'bigint', 'numeric', 'real', 'double precision']);

/** A column default for a column of type `t`. */
export function defaultSql(value: DefaultValue, t: ColumnType): string {
  if (isSqlExpression(value)) return value.sql;
  if (Array.isArray(value) && t.array) {
    const items = value.map((v) => (v === null ? 'NULL' : `"${String(v).replace(/["\\]/g, (c) => `\\${c}`)}"`));
    return stringLiteral(`{${items.join(',')}}`);
  }
  if (typeof value === 'object' && value !== null) return stringLiteral(JSON.stringify(value));
  // Quoted, as TypeORM writes every number: PostgreSQL keeps `'1.5'::real`, `'0'::numeric`,
  // `'5'::bigint` (TypeORM compares that text; a bare number would be stored as a numeric constant
  // and differ to it). On integer columns both are kept as the plain number. On a column that is
  // not a number (text, an enum of a numeric TypeScript enum, bit, boolean) the number is its
  // text: PostgreSQL has no integer-to-enum or -bit cast.
  if (typeof value === 'number' && Number.isFinite(value)) {
    if (!Number.isInteger(value) || NUMBER_TYPES.has(TYPE_NAMES[t.type.trim().toLowerCase()] ?? '') || !NUMERIC_TYPE.test(t.type)) return stringLiteral(String(value));
  }
  return literal(value);
}

const NUMERIC_TYPE = /int|serial|numeric|decimal|float|double|real|money|oid/i;

function serialType(t: ColumnType): string {
  const base = TYPE_NAMES[t.type.trim().toLowerCase()];
  if (base === 'bigint') return 'bigserial';
  if (base === 'smallint') return 'smallserial';
  return 'serial';
}

function columnSql(table: TableRef, c: ColumnDef, inlinePrimary: boolean): string {
  const parts = [q(c.name)];
  if (c.generated === 'increment') parts.push(serialType(c));
  else parts.push(typeSql(c, { table, name: c.name }));
  if (c.collation) parts.push(collateSql(c.collation));
  if (c.generated === 'identity') parts.push(`GENERATED ${c.generatedIdentity === 'ALWAYS' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY`);
  if (c.asExpression !== undefined) parts.push(`GENERATED ALWAYS AS (${c.asExpression}) ${c.generatedType ?? 'STORED'}`);
  if (!c.nullable || c.primary) parts.push('NOT NULL');
  // A generated column has no default: its value is the expression's.
  if (c.default !== undefined && c.asExpression === undefined) parts.push(`DEFAULT ${defaultSql(c.default, c)}`);
  else if (c.generated === 'uuid') parts.push('DEFAULT gen_random_uuid()');
  if (inlinePrimary && c.primary) parts.push('PRIMARY KEY');
  if (c.unique) parts.push('UNIQUE');
  return parts.join(' ');
}

/** COLLATE "name", or the type's default collation for none. */
function collateSql(collation: string | null | undefined): string {
  return `COLLATE ${collation ? q(collation) : 'pg_catalog."default"'}`;
}

function constraintSql(c: ConstraintDef): string {
  const name = c.name ? `CONSTRAINT ${q(c.name)} ` : '';
  const cols = (names: string[]) => names.map(q).join(', ');
  switch (c.kind) {
    case 'primaryKey':
      return `${name}PRIMARY KEY (${cols(c.columns)})`;
    case 'unique':
      return `${name}UNIQUE (${cols(c.columns)})${c.deferrable ? ` DEFERRABLE ${c.deferrable}` : ''}`;
    case 'check':
      return `${name}CHECK (${c.expression})`;
    case 'exclusion':
      return `${name}EXCLUDE ${c.expression.trim()}${c.deferrable ? ` DEFERRABLE ${c.deferrable}` : ''}`;
    case 'foreignKey': {
      let sql = `${name}FOREIGN KEY (${cols(c.columns)}) REFERENCES ${qualify(c.referencedTable)} (${cols(c.referencedColumns)})`;
      if (c.onDelete && c.onDelete !== 'NO ACTION') sql += ` ON DELETE ${c.onDelete}`;
      if (c.onUpdate && c.onUpdate !== 'NO ACTION') sql += ` ON UPDATE ${c.onUpdate}`;
      if (c.deferrable) sql += ` DEFERRABLE ${c.deferrable}`;
      return sql;
    }
  }
}

function commentStatements(table: TableRef, columns: ColumnDef[]): Statement[] {
  return columns.filter((c) => c.comment !== undefined && c.comment !== null).map((c) => ({ sql: `COMMENT ON COLUMN ${qualify(table)}.${q(c.name)} IS ${stringLiteral(c.comment!)}` }));
}

function indexSql(table: TableRef, index: IndexDef): string {
  const cols = index.columns.map((c) => (/[\s()]/.test(c) ? c : q(c))).join(', ');
  const using = index.using && index.using.toLowerCase() !== 'btree' ? ` USING ${index.using.toLowerCase()}` : '';
  let sql = `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${index.concurrently ? 'CONCURRENTLY ' : ''}${q(index.name)} ON ${qualify(table)}${using} (${cols})`;
  if (index.where) sql += ` WHERE ${index.where}`;
  return sql;
}

function createTable({ table, columns, constraints, indexes, comment }: Extract<Op, { kind: 'createTable' }>): Statement[] {
  const hasPkConstraint = constraints.some((c) => c.kind === 'primaryKey');
  const primaries = columns.filter((c) => c.primary);
  const inlinePrimary = !hasPkConstraint && primaries.length === 1;
  const defs = columns.map((c) => columnSql(table, c, inlinePrimary));
  if (!hasPkConstraint && primaries.length > 1) defs.push(`PRIMARY KEY (${primaries.map((c) => q(c.name)).join(', ')})`);
  for (const c of constraints) defs.push(constraintSql(c));
  const out = [{ sql: `CREATE TABLE ${qualify(table)} (\n  ${defs.join(',\n  ')}\n)` }, ...commentStatements(table, columns)];
  if (comment !== undefined) out.push({ sql: `COMMENT ON TABLE ${qualify(table)} IS ${stringLiteral(comment)}` });
  return [...out, ...(indexes ?? []).map((i) => ({ sql: indexSql(table, i) }))];
}

/**
 * A generated column's expression changed on an existing column. Removed (`null`): DROP
 * EXPRESSION keeps the values a stored column holds (a virtual one holds none to keep). Set:
 * PostgreSQL cannot make a column generated, so it is dropped and added again, computed from the
 * row — what it held is replaced by the expression's values.
 */
function expressionChange(op: OpOf<'alterColumn'>): Statement[] | undefined {
  if (!('asExpression' in op.changes)) return undefined;
  const t = qualify(op.table);
  const { changes, existing } = op;
  if (changes.asExpression === null || changes.asExpression === undefined) {
    if (existing.generatedType === 'VIRTUAL') {
      throw new MigError('op-invalid', `alterColumn ${tableText(op.table)}.${op.column}: PostgreSQL cannot turn a virtual generated column into a plain one in place`, {
        hint: 'add a plain column, copy the values into it (UPDATE), drop the generated column and rename the new one',
      });
    }
    return [{ sql: `ALTER TABLE ${t} ALTER COLUMN ${q(op.column)} DROP EXPRESSION` }];
  }
  const type = changes.type ?? existing.type;
  if (!type) throw new MigError('op-invalid', `alterColumn ${tableText(op.table)}.${op.column}: giving a column an expression re-creates it, which needs its type`, { hint: 'give existingType' });
  const nullable = changes.nullable ?? existing.nullable ?? true;
  const comment = 'comment' in changes ? changes.comment : existing.comment;
  const column: ColumnDef = { name: changes.newName ?? op.column, ...type, nullable, asExpression: changes.asExpression, ...(changes.generatedType ? { generatedType: changes.generatedType } : {}) };
  return [
    { sql: `ALTER TABLE ${t} DROP COLUMN ${q(op.column)}` },
    { sql: `ALTER TABLE ${t} ADD COLUMN ${columnSql(op.table, column, false)}` },
    ...(comment !== undefined && comment !== null ? commentStatements(op.table, [{ ...column, comment }]) : []),
  ];
}

function alterColumn(op: Extract<Op, { kind: 'alterColumn' }>): Statement[] {
  const t = qualify(op.table);
  const col = q(op.column);
  const replaced = expressionChange(op);
  if (replaced && typeof op.changes.asExpression === 'string') return replaced;
  const out: Statement[] = [...(replaced ?? [])];
  const alter = (what: string) => out.push({ sql: `ALTER TABLE ${t} ALTER COLUMN ${col} ${what}` });
  const { changes, existing } = op;
  const generation = 'generated' in changes || 'generatedIdentity' in changes ? generationChange(op) : undefined;
  if (generation) out.push(...generation.before);
  const newType = changes.type;
  const typeForDefault = newType ?? existing.type ?? { type: 'text' };
  const oldDefault = existing.default;
  const keepDefault = !('default' in changes) && oldDefault !== undefined && oldDefault !== null;
  // A default of the old type may not cast by itself: drop it before the type change (a new one is set after).
  const dropFirst = Boolean(newType) && (keepDefault || 'default' in changes);
  if (dropFirst) alter('DROP DEFAULT');
  // A type change takes the new type's default collation unless told: the collation asked for, or the one the column has.
  const collatable = (ct: ColumnType) => /^(varchar|char|text|citext)\b/.test(typeSql(ct));
  const collation = 'collation' in changes ? collateSql(changes.collation) : existing.collation && newType && collatable(newType) ? collateSql(existing.collation) : '';
  if (!newType && 'collation' in changes) {
    if (!existing.type) throw new MigError('op-invalid', `alterColumn ${op.column}: a collation change needs the column's type on PostgreSQL`, { hint: "give existingType (e.g. existingType: 'varchar(100)')" });
    alter(`TYPE ${typeSql(existing.type, { table: op.table, name: op.column })} ${collation}`);
  }
  if (newType) {
    const typeText = typeSql(newType, { table: op.table, name: op.column });
    // To an enum type from another type PostgreSQL has no implicit cast: through text, unless told
    // (the reverse of an autogenerated change carries no USING).
    const isEnum = (t: ColumnType) => /^(simple-)?enum$/i.test(t.type.trim());
    const fromOther = isEnum(newType) && existing.type && !(isEnum(existing.type) && existing.type.enumName === newType.enumName);
    const using = op.using ?? (fromOther ? `${col}::text${newType.array ? '[]' : ''}::${typeText}` : undefined);
    alter(`TYPE ${typeText}${collation ? ` ${collation}` : ''}${using ? ` USING ${using}` : ''}`);
    if (keepDefault) alter(`SET DEFAULT ${defaultSql(oldDefault!, newType)}`);
  }
  if (changes.nullable === false && op.backfill !== undefined) {
    out.push({ sql: `UPDATE ${t} SET ${col} = ${defaultSql(op.backfill, typeForDefault)} WHERE ${col} IS NULL` });
  }
  if ('nullable' in changes && changes.nullable !== undefined) alter(changes.nullable ? 'DROP NOT NULL' : 'SET NOT NULL');
  if ('default' in changes) {
    if (changes.default !== null && changes.default !== undefined) alter(`SET DEFAULT ${defaultSql(changes.default, typeForDefault)}`);
    else if (!dropFirst) alter('DROP DEFAULT');
  }
  if (generation) out.push(...generation.after);
  if ('comment' in changes) {
    out.push({ sql: `COMMENT ON COLUMN ${t}.${col} IS ${changes.comment === null || changes.comment === undefined ? 'NULL' : stringLiteral(changes.comment)}` });
  }
  if (changes.newName) out.push({ sql: `ALTER TABLE ${t} RENAME COLUMN ${col} TO ${q(changes.newName)}` });
  return out;
}

/**
 * A generation changed on an existing column: the old one removed first (an identity dropped; a
 * serial's nextval() default dropped with the sequence it owns), the new one added after the type,
 * NOT NULL and default changes (an identity needs NOT NULL and no default): GENERATED BY DEFAULT
 * AS IDENTITY, or a sequence owned by the column as its default (what serial makes). Either way the
 * sequence then starts after the column's largest value, so that rows already there do not collide.
 */
function generationChange(op: OpOf<'alterColumn'>): { before: Statement[]; after: Statement[] } {
  const t = qualify(op.table);
  const col = q(op.column);
  const before: Statement[] = [];
  const after: Statement[] = [];
  const alter = (list: Statement[], what: string) => list.push({ sql: `ALTER TABLE ${t} ALTER COLUMN ${col} ${what}` });
  const kind = op.changes.generatedIdentity === 'ALWAYS' ? 'ALWAYS' : 'BY DEFAULT';
  // Only an identity's kind: changed in place.
  if (!('generated' in op.changes)) {
    if ((op.existing.generatedIdentity === 'ALWAYS' ? 'ALWAYS' : 'BY DEFAULT') !== kind) alter(after, `SET GENERATED ${kind}`);
    return { before, after };
  }
  const from = op.existing.generated ?? null;
  const to = op.changes.generated ?? null;
  if (from === to) return { before, after };
  const sequenceOf = `pg_get_serial_sequence(${stringLiteral(t)}, ${stringLiteral(op.column)})`;
  const restart = { sql: `SELECT setval(${sequenceOf}, coalesce(max(${col}), 0) + 1, false) FROM ${t}` };
  if (from === 'identity') alter(before, 'DROP IDENTITY IF EXISTS');
  else if (from === 'increment') {
    alter(before, 'DROP DEFAULT');
    before.push({ sql: `DO $$ BEGIN EXECUTE 'DROP SEQUENCE IF EXISTS ' || ${sequenceOf}; END $$` });
  }
  if (to === 'identity') {
    alter(after, `ADD GENERATED ${kind} AS IDENTITY`);
    after.push(restart);
  } else if (to === 'increment') {
    const type = op.changes.type ?? op.existing.type;
    const seqName = serialSequenceName(op.table.name, op.column);
    const seq = qualify({ ...op.table, name: seqName });
    const as = type && ['integer', 'bigint', 'smallint'].includes(TYPE_NAMES[type.type.trim().toLowerCase()] ?? '') ? ` AS ${TYPE_NAMES[type.type.trim().toLowerCase()]}` : '';
    after.push({ sql: `CREATE SEQUENCE ${seq}${as} OWNED BY ${t}.${col}` });
    alter(after, `SET DEFAULT nextval(${stringLiteral(seq)}::regclass)`);
    after.push(restart);
  } else if (to !== null) {
    throw new MigError('op-invalid', `alterColumn ${op.column}: PostgreSQL cannot make an existing column generated '${to}'`, { hint: "a uuid column gets its values from a default: give default: sql('gen_random_uuid()')" });
  }
  return { before, after };
}

const NAMEDATALEN = 64;

/** The longest prefix of `text` of at most `bytes` UTF-8 bytes that does not cut a character (pg_mbcliplen). */
function clipBytes(text: string, bytes: number): string {
  let out = '';
  for (const ch of text) {
    if (Buffer.byteLength(out + ch) > bytes) break;
    out += ch;
  }
  return out;
}

/**
 * The sequence PostgreSQL makes for a serial column (makeObjectName): `<table>_<column>_seq`
 * within 63 bytes, the longer of the two names cut first, a byte at a time.
 */
export function serialSequenceName(table: string, column: string): string {
  let n1 = Buffer.byteLength(table);
  let n2 = Buffer.byteLength(column);
  const available = NAMEDATALEN - 1 - ('seq'.length + 2);
  while (n1 + n2 > available) {
    if (n1 > n2) n1--;
    else n2--;
  }
  return `${clipBytes(table, n1)}_${clipBytes(column, n2)}_seq`;
}

function bulkInsert(table: TableRef, rows: Record<string, unknown>[]): Statement[] {
  return insertRowsSql(qualify(table), rows, { quote: q, literal, emptyRow: 'DEFAULT VALUES' });
}

/** New values only: ADD VALUE in place. Otherwise the type is recreated and its columns converted. */
function alterEnum(op: OpOf<'alterEnum'>): Statement[] {
  const kept = op.values.filter((v) => op.existing.includes(v));
  const addOnly = op.existing.every((v) => op.values.includes(v)) && kept.every((v, i) => v === op.existing[i]);
  if (addOnly) {
    const out: Statement[] = [];
    op.values.forEach((v, i) => {
      if (op.existing.includes(v)) return;
      const next = op.values.slice(i + 1).find((x) => op.existing.includes(x));
      const where = next !== undefined ? ` BEFORE ${stringLiteral(next)}` : '';
      out.push({ sql: `ALTER TYPE ${qualify(op.name)} ADD VALUE ${stringLiteral(v)}${where}` });
    });
    return out;
  }
  const oldName = `${op.name.name}_old`;
  const old = qualify({ ...op.name, name: oldName });
  const type = qualify(op.name);
  const out: Statement[] = [{ sql: `ALTER TYPE ${type} RENAME TO ${q(oldName)}` }, { sql: `CREATE TYPE ${type} AS ENUM (${op.values.map(stringLiteral).join(', ')})` }];
  for (const c of op.columns) {
    const target = `${qualify(c.table)}`;
    if (c.default !== undefined) out.push({ sql: `ALTER TABLE ${target} ALTER COLUMN ${q(c.column)} DROP DEFAULT` });
    const cast = c.array ? `${q(c.column)}::text[]::${type}[]` : `${q(c.column)}::text::${type}`;
    out.push({ sql: `ALTER TABLE ${target} ALTER COLUMN ${q(c.column)} TYPE ${type}${c.array ? '[]' : ''} USING ${cast}` });
    if (c.default !== undefined) out.push({ sql: `ALTER TABLE ${target} ALTER COLUMN ${q(c.column)} SET DEFAULT ${defaultSql(c.default, { type: 'enum', enumName: op.name.name })}` });
  }
  out.push({ sql: `DROP TYPE ${old}` });
  return out;
}

/**
 * A renamed table's serial and identity sequences follow it (`users_id_seq` -> `people_id_seq`),
 * as TypeORM's renameTable does: TypeORM reads a serial's default by its sequence name. Only
 * sequences under the name PostgreSQL gave them are renamed; one named otherwise is the user's.
 */
function renameOwnedSequences(table: TableRef, newName: string): Statement {
  const renamed = qualify({ ...table, name: newName });
  return {
    sql: [
      'DO $mig$ DECLARE r record; BEGIN',
      '  FOR r IN SELECT n.nspname, s.relname, a.attname FROM pg_catalog.pg_class s',
      '    JOIN pg_catalog.pg_namespace n ON n.oid = s.relnamespace',
      "    JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = s.oid AND d.deptype IN ('a', 'i')",
      '    JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid',
      `    WHERE s.relkind = 'S' AND d.refobjid = ${stringLiteral(renamed)}::regclass AND s.relname = ${stringLiteral(table.name)} || '_' || a.attname || '_seq'`,
      '  LOOP',
      `    EXECUTE format('ALTER SEQUENCE %I.%I RENAME TO %I', r.nspname, r.relname, ${stringLiteral(newName)} || '_' || r.attname || '_seq');`,
      '  END LOOP;',
      'END $mig$',
    ].join('\n'),
  };
}

export function compileSync(op: Op): Statement[] {
  switch (op.kind) {
    case 'createTable':
      return createTable(op);
    case 'dropTable':
      return [{ sql: `DROP TABLE ${qualify(op.table)}` }];
    case 'renameTable':
      return [{ sql: `ALTER TABLE ${qualify(op.table)} RENAME TO ${q(op.newName)}` }, renameOwnedSequences(op.table, op.newName)];
    case 'addColumn':
      return [{ sql: `ALTER TABLE ${qualify(op.table)} ADD COLUMN ${columnSql(op.table, op.column, true)}` }, ...commentStatements(op.table, [op.column])];
    case 'dropColumn':
      return [{ sql: `ALTER TABLE ${qualify(op.table)} DROP COLUMN ${q(op.column)}` }];
    case 'alterColumn':
      return alterColumn(op);
    case 'createIndex':
      return [{ sql: indexSql(op.table, op.index) }];
    case 'dropIndex': {
      const name = op.table.schema ? `${q(op.table.schema)}.${q(op.name)}` : q(op.name);
      return [{ sql: `DROP INDEX ${op.concurrently ? 'CONCURRENTLY ' : ''}${name}` }];
    }
    case 'addConstraint': {
      const c = op.constraint;
      const notValid = (c.kind === 'foreignKey' || c.kind === 'check') && c.notValid ? ' NOT VALID' : '';
      return [{ sql: `ALTER TABLE ${qualify(op.table)} ADD ${constraintSql(c)}${notValid}` }];
    }
    case 'dropConstraint':
      return [{ sql: `ALTER TABLE ${qualify(op.table)} DROP CONSTRAINT ${q(op.name)}` }];
    case 'renameIndex': {
      const name = op.table.schema ? `${q(op.table.schema)}.${q(op.name)}` : q(op.name);
      return [{ sql: `ALTER INDEX ${name} RENAME TO ${q(op.newName)}` }];
    }
    case 'renameConstraint':
      return [{ sql: `ALTER TABLE ${qualify(op.table)} RENAME CONSTRAINT ${q(op.name)} TO ${q(op.newName)}` }];
    case 'createEnum':
      return [{ sql: `CREATE TYPE ${qualify(op.name)} AS ENUM (${op.values.map(stringLiteral).join(', ')})` }];
    case 'dropEnum':
      return [{ sql: `DROP TYPE ${qualify(op.name)}` }];
    case 'renameEnum':
      return [{ sql: `ALTER TYPE ${qualify(op.name)} RENAME TO ${q(op.newName)}` }];
    case 'addEnumValue': {
      const where = op.before !== undefined ? ` BEFORE ${stringLiteral(op.before)}` : op.after !== undefined ? ` AFTER ${stringLiteral(op.after)}` : '';
      return [{ sql: `ALTER TYPE ${qualify(op.name)} ADD VALUE ${stringLiteral(op.value)}${where}` }];
    }
    case 'alterEnum':
      return alterEnum(op);
    case 'setTableComment':
      return [{ sql: `COMMENT ON TABLE ${qualify(op.table)} IS ${op.comment === null ? 'NULL' : stringLiteral(op.comment)}` }];
    case 'createView':
      return [
        { sql: `CREATE ${op.materialized ? 'MATERIALIZED ' : ''}VIEW ${qualify(op.view)} AS ${op.definition.trim()}` },
        ...(op.materialized ? (op.indexes ?? []) : []).map((i) => ({ sql: indexSql(op.view, i) })),
      ];
    case 'dropView':
      // A materialized view's indexes go with it.
      return [{ sql: `DROP ${op.materialized ? 'MATERIALIZED ' : ''}VIEW ${qualify(op.view)}` }];
    case 'createExtension':
      return [{ sql: `CREATE EXTENSION IF NOT EXISTS ${q(op.name)}` }];
    case 'dropExtension':
      return [{ sql: `DROP EXTENSION IF EXISTS ${q(op.name)}` }];
    case 'execute':
      return [{ sql: op.sql, params: op.params }];
    case 'bulkInsert':
      return bulkInsert(op.table, op.rows);
    case 'batch':
      // PostgreSQL alters tables in place: a batch is its operations.
      return op.ops.flatMap((inner) => compileSync(inner));
  }
}

function versionTable(table: TableRef): VersionTableSql {
  const t = qualify(table);
  return versionTableSql({
    table: t,
    create: `CREATE TABLE IF NOT EXISTS ${t} (\n  version_num varchar(255) NOT NULL,\n  CONSTRAINT ${q(`${table.name}_pkc`)} PRIMARY KEY (version_num)\n)`,
    exists: `SELECT 1 AS present WHERE to_regclass(${stringLiteral(t)}) IS NOT NULL`,
    literal: stringLiteral,
  });
}

/** The applied-revision log: a serial id, applied_at by the server's clock (clock_timestamp(), not the transaction's start). */
function logTable(table: TableRef): LogTableSql {
  const t = qualify(table);
  return logTableSql({
    table: t,
    id: 'id serial PRIMARY KEY',
    appliedAt: 'applied_at timestamptz NOT NULL DEFAULT clock_timestamp()',
    exists: `SELECT 1 AS present WHERE to_regclass(${stringLiteral(t)}) IS NOT NULL`,
    literal,
  });
}

export { lockKeySql } from './migration';

/** typeorm_metadata rows as TypeORM's PostgreSQL query runner writes them: schema (and a column's database) named. */
const METADATA: MetadataDialect = {
  qualify,
  materializedViews: true,
  scope: (ref, kind) => {
    const schema = ref.schema !== undefined ? stringLiteral(ref.schema) : 'current_schema()';
    return kind === 'column' ? { database: 'current_database()', schema } : { schema };
  },
};

/** The columns an op creates or re-creates (a batch's too). */
function newColumns(op: Op): Array<{ table: TableRef; column: ColumnDef | { name: string; generatedType?: string | null } }> {
  switch (op.kind) {
    case 'createTable':
      return op.columns.map((column) => ({ table: op.table, column }));
    case 'addColumn':
      return [{ table: op.table, column: op.column }];
    case 'alterColumn':
      return typeof op.changes.asExpression === 'string' ? [{ table: op.table, column: { name: op.column, generatedType: op.changes.generatedType } }] : [];
    case 'batch':
      return op.ops.flatMap(newColumns);
    default:
      return [];
  }
}

/** Virtual generated columns came with PostgreSQL 18: an older server gets one clear line, not a syntax error. */
function requireVirtualColumns(op: Op, ctx: CompileContext): void {
  if (ctx.serverVersion === undefined || ctx.serverVersion >= 180000) return;
  const virtual = newColumns(op).find((c) => c.column.generatedType === 'VIRTUAL');
  if (!virtual) return;
  const version = `${Math.floor(ctx.serverVersion / 10000)}`;
  throw new MigError('op-invalid', `PostgreSQL ${version} has no virtual generated columns (${tableText(virtual.table)}.${virtual.column.name}); they came in PostgreSQL 18`, {
    hint: "use generatedType: 'STORED' (what TypeORM supports on PostgreSQL)",
  });
}

export const postgres: Dialect = {
  name: 'postgres',
  quote: q,
  qualify,
  literal,
  async compile(op: Op, ctx: CompileContext) {
    requireVirtualColumns(op, ctx);
    return [...compileSync(op), ...metadataStatements(op, METADATA, ctx.typeormMetadataTable)];
  },
  versionTable,
  logTable,
  inline: (s: Statement) => (s.params?.length ? replacePlaceholders(s.sql, 'dollar', (i) => literal(s.params![i])) : s.sql),
  supportsTransactionalDdl: true,
  migrationAdapter: postgresMigrationAdapter,
  introspect,
  schemaSession: {
    exists: (schema) => `SELECT 1 AS found FROM pg_namespace WHERE nspname = ${stringLiteral(schema)}`,
    create: (schema) => `CREATE SCHEMA IF NOT EXISTS ${q(schema)}`,
    // public stays second, as django-tenants has it: extensions and shared objects installed
    // there (uuid_generate_v4) still resolve; what a revision creates goes to the first.
    use: (schema) => `SET search_path TO ${schema === 'public' ? q(schema) : `${q(schema)}, public`}`,
  },
};
