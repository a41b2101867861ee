/**
 * MySQL and MariaDB: ops compiled to their DDL (backquoted identifiers, ENUM as a column type,
 * MODIFY COLUMN restating the whole column, AUTO_INCREMENT), the version table's and the log's
 * SQL. Their DDL commits implicitly, so the run writes the version table after each revision
 * (`supportsTransactionalDdl: false`) and serializes runs with GET_LOCK (migration.ts).
 * Introspection (autogenerate, check) is introspect.ts.
 */
import { MigError } from '../../errors';
import { isSqlExpression, tableText, type ColumnDef, type ColumnState, type ColumnType, type ConstraintDef, type DefaultValue, type IndexDef, type Op, type OpOf, type TableRef } from '../../operations/ops';
import { logTableSql } from '../log-table';
import { metadataStatements, type MetadataDialect } from '../typeorm-metadata';
import { insertRowsSql, versionTableSql } from '../rows';
import { mysqlStringLiteral, quoteMysqlIdentifier, replacePlaceholders } from '../sql';
import type { CompileContext, Dialect, Statement, VersionTableSql } from '../types';
import { columnDefault, introspect } from './introspect';
import { mysqlMigrationAdapter } from './migration';

const q = quoteMysqlIdentifier;
const str = mysqlStringLiteral;

export function qualify(table: TableRef): string {
  return table.schema ? `${q(table.schema)}.${q(table.name)}` : q(table.name);
}

/** TypeORM's type names (and PostgreSQL-flavoured ones a portable history uses) as MySQL types. */
const TYPE_NAMES: Record<string, string> = {
  int: 'int',
  integer: 'int',
  int4: 'int',
  tinyint: 'tinyint',
  smallint: 'smallint',
  int2: 'smallint',
  mediumint: 'mediumint',
  bigint: 'bigint',
  int8: 'bigint',
  float: 'float',
  real: 'double',
  float4: 'float',
  double: 'double',
  'double precision': 'double',
  float8: 'double',
  decimal: 'decimal',
  numeric: 'decimal',
  dec: 'decimal',
  boolean: 'tinyint',
  bool: 'tinyint',
  varchar: 'varchar',
  'character varying': 'varchar',
  nvarchar: 'varchar',
  string: 'varchar',
  char: 'char',
  character: 'char',
  nchar: 'char',
  text: 'text',
  tinytext: 'tinytext',
  mediumtext: 'mediumtext',
  longtext: 'longtext',
  'simple-array': 'text',
  'simple-json': 'text',
  json: 'json',
  jsonb: 'json',
  date: 'date',
  time: 'time',
  datetime: 'datetime',
  timestamp: 'timestamp',
  'timestamp without time zone': 'datetime',
  year: 'year',
  blob: 'blob',
  tinyblob: 'tinyblob',
  mediumblob: 'mediumblob',
  longblob: 'longblob',
  bytea: 'longblob',
  binary: 'binary',
  varbinary: 'varbinary',
  bit: 'bit',
  uuid: 'varchar',
  enum: 'enum',
  'simple-enum': 'enum',
  set: 'set',
};

const FRACTIONAL = new Set(['datetime', 'timestamp', 'time']);
const NUMERIC_TYPES = new Set(['tinyint', 'smallint', 'mediumint', 'int', 'bigint', 'float', 'double', 'decimal', 'bit', 'year']);

/** What the server has that changes how a type is written. */
interface Server {
  /** MariaDB 10.7 and newer: a native UUID type (TypeORM's `mariadb` driver uses it). */
  nativeUuid?: boolean;
  /** MySQL (not MariaDB, not offline): a generated column takes NULL / NOT NULL. */
  generatedNullability?: boolean;
}

/** MariaDB's server versions are 10.x and up (100000 and more), MySQL's 8.x and 9.x. */
function serverOf(ctx: CompileContext): Server {
  const v = ctx.serverVersion;
  return { nativeUuid: v !== undefined && v >= 100700, generatedNullability: v !== undefined && v < 100000 };
}

/** The MySQL type of a column, as TypeORM's MysqlDriver writes it (varchar 255 by default; uuid native on MariaDB 10.7+, else varchar 36). */
export function typeSql(t: ColumnType, server: Server = {}): string {
  // `int unsigned`, `bigint unsigned zerofill`: the integer's attributes follow its type.
  const attributes = /^(.*?)\s+((?:unsigned|signed|zerofill)(?:\s+(?:unsigned|signed|zerofill))*)$/i.exec(t.type.trim());
  if (attributes) return `${typeSql({ ...t, type: attributes[1] }, server)} ${attributes[2].toLowerCase().replace(/\s+/g, ' ')}`;
  const lower = t.type.trim().toLowerCase();
  if (t.array) throw new MigError('op-invalid', `MySQL has no array columns (${t.type}[])`, { hint: "use 'simple-array' or json" });
  const base = TYPE_NAMES[lower];
  if (!base) return t.type.trim();
  if (base === 'enum' || base === 'set') {
    if (!t.enum?.length) throw new MigError('op-invalid', `An ${base} column needs its values (enum: [...])`);
    return `${base}(${t.enum.map(str).join(',')})`;
  }
  if (lower === 'uuid') return server.nativeUuid ? 'uuid' : 'varchar(36)';
  if (lower === 'boolean' || lower === 'bool') return 'tinyint';
  if (base === 'varchar' || base === 'varbinary') return `${base}(${t.length ?? 255})`;
  if (base === 'char' || base === 'binary' || base === 'bit') return t.length !== undefined ? `${base}(${t.length})` : base;
  if (base === 'decimal' || base === 'float' || base === 'double') {
    if (t.precision === undefined) return base;
    return t.scale !== undefined ? `${base}(${t.precision},${t.scale})` : `${base}(${t.precision})`;
  }
  if (FRACTIONAL.has(base) && t.precision !== undefined) return `${base}(${t.precision})`;
  return base;
}

export function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number' || typeof value === 'bigint') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new MigError('sql-literal', `Cannot write ${value} as a SQL number`);
    return String(value);
  }
  if (typeof value === 'string') return str(value);
  if (value instanceof Date) return str(value.toISOString().replace('T', ' ').replace('Z', ''));
  if (Buffer.isBuffer(value)) return `X'${value.toString('hex')}'`;
  if (isSqlExpression(value)) return value.sql;
  return str(JSON.stringify(value));
}

/** A column default: raw SQL as written, JSON and TEXT defaults as expressions (MariaDB and MySQL 8 take them in parentheses). */
function defaultSql(value: DefaultValue, t: ColumnType): string {
  if (isSqlExpression(value)) return value.sql;
  const base = TYPE_NAMES[t.type.trim().toLowerCase()] ?? '';
  // A SET's default is its members, comma-separated (TypeORM's simple-array form).
  if (base === 'set' && Array.isArray(value)) return str(value.join(','));
  // A number on a string column (a numeric enum's member) is its text: a bare number would be an ENUM's index.
  if (typeof value === 'number' && !NUMERIC_TYPES.has(base)) return str(String(value));
  const text = typeof value === 'object' && value !== null ? str(JSON.stringify(value)) : literal(value);
  return /^(json|text|tinytext|mediumtext|longtext|blob|tinyblob|mediumblob|longblob)$/.test(base) ? `(${text})` : text;
}

function columnSql(c: ColumnDef, inlinePrimary: boolean, server: Server): string {
  const parts = [q(c.name), typeSql(c, server)];
  if (c.collation) parts.push(`COLLATE ${c.collation}`);
  if (c.asExpression !== undefined) {
    parts.push(`GENERATED ALWAYS AS (${c.asExpression}) ${c.generatedType ?? 'VIRTUAL'}`);
    // MariaDB refuses NULL / NOT NULL on a generated column; MySQL takes them (as TypeORM writes them there).
    if (server.generatedNullability) parts.push(c.nullable ? 'NULL' : 'NOT NULL');
  } else parts.push(c.nullable && !c.primary ? 'NULL' : 'NOT NULL');
  if (c.default !== undefined && c.asExpression === undefined) parts.push(`DEFAULT ${defaultSql(c.default, c)}`);
  if (c.onUpdate) parts.push(`ON UPDATE ${c.onUpdate}`);
  if (c.generated === 'increment' || c.generated === 'identity') parts.push('AUTO_INCREMENT');
  if (inlinePrimary && c.primary) parts.push('PRIMARY KEY');
  if (c.unique) parts.push('UNIQUE');
  if (c.comment !== undefined && c.comment !== null) parts.push(`COMMENT ${str(c.comment)}`);
  return parts.join(' ');
}

function postgresOnly(what: string): never {
  throw new MigError('op-unsupported', `MySQL and MariaDB have no ${what}`, { hint: 'leave it out of the revision, or guard it with if (op.dialect === "postgres")' });
}

function constraintSql(c: ConstraintDef): string {
  const name = c.name ? `CONSTRAINT ${q(c.name)} ` : '';
  const cols = (names: string[]) => names.map(q).join(', ');
  if ('deferrable' in c && c.deferrable) postgresOnly(`deferrable constraints (${c.name ?? c.kind})`);
  switch (c.kind) {
    case 'primaryKey':
      return `PRIMARY KEY (${cols(c.columns)})`;
    case 'unique':
      return `${name}UNIQUE (${cols(c.columns)})`;
    case 'check':
      return `${name}CHECK (${c.expression})`;
    case 'exclusion':
      return postgresOnly(`exclusion constraints (${c.name ?? c.expression})`);
    case 'foreignKey': {
      const sql = `${name}FOREIGN KEY (${cols(c.columns)}) REFERENCES ${qualify(c.referencedTable)} (${cols(c.referencedColumns)})`;
      // Both rules always, as TypeORM writes them: MariaDB reports an unset rule as RESTRICT, which TypeORM would change.
      return `${sql} ON DELETE ${c.onDelete ?? 'NO ACTION'} ON UPDATE ${c.onUpdate ?? 'NO ACTION'}`;
    }
  }
}

function indexSql(table: TableRef, index: IndexDef): string {
  if (index.where) postgresOnly(`partial indexes (${index.name} WHERE ${index.where})`);
  const using = index.using && index.using.toLowerCase() !== 'btree' ? index.using.toLowerCase() : undefined;
  // FULLTEXT and SPATIAL are kinds of index (the model's `using`, as introspection reads INDEX_TYPE), HASH a method.
  const kind = using === 'fulltext' || using === 'spatial' ? `${using.toUpperCase()} ` : '';
  if (using && using !== 'hash' && !kind) postgresOnly(`${using} indexes (${index.name})`);
  // A column, with a prefix length or a direction (`name(10)`, `created_at DESC`), is a key part; anything else an expression.
  const cols = index.columns
    .map((c) => {
      const part = /^([\w$]+)(\(\d+\))?(\s+(?:ASC|DESC))?$/i.exec(c.trim());
      return part ? `${q(part[1])}${part[2] ?? ''}${part[3] ? ` ${part[3].trim().toUpperCase()}` : ''}` : `(${c})`;
    })
    .join(', ');
  return `CREATE ${index.unique ? 'UNIQUE ' : ''}${kind}INDEX ${q(index.name)} ON ${qualify(table)} (${cols})${using === 'hash' ? ' USING HASH' : ''}`;
}

/** InnoDB needs an AUTO_INCREMENT column to lead a key: the primary key's first column, or a unique one of its own. */
function checkIncrement(table: TableRef, columns: ColumnDef[], keys: string[][]): void {
  for (const c of columns.filter((x) => x.generated === 'increment' || x.generated === 'identity')) {
    if (keys.some((k) => k[0] === c.name)) continue;
    throw new MigError('op-invalid', `${tableText(table)}.${c.name}: an AUTO_INCREMENT column must come first in a key on MySQL`, {
      hint: 'put it first in the primary key (or give it a unique key of its own)',
    });
  }
}

function createTable({ table, columns, constraints, indexes, comment }: OpOf<'createTable'>, server: Server): Statement[] {
  const hasPk = constraints.some((c) => c.kind === 'primaryKey');
  const primaries = columns.filter((c) => c.primary);
  checkIncrement(table, columns, [
    ...constraints.filter((c) => c.kind === 'primaryKey' || c.kind === 'unique').map((c) => (c as { columns: string[] }).columns),
    primaries.map((c) => c.name),
    ...columns.filter((c) => c.unique).map((c) => [c.name]),
    ...(indexes ?? []).map((i) => i.columns),
  ]);
  const inlinePrimary = !hasPk && primaries.length === 1;
  const defs = columns.map((c) => columnSql(c, inlinePrimary, server));
  if (!hasPk && primaries.length > 1) defs.push(`PRIMARY KEY (${primaries.map((c) => q(c.name)).join(', ')})`);
  for (const c of constraints) defs.push(constraintSql(c));
  // InnoDB, as TypeORM's MysqlQueryRunner creates tables (foreign keys need it).
  const tail = ` ENGINE=InnoDB${comment !== undefined ? ` COMMENT=${str(comment)}` : ''}`;
  return [{ sql: `CREATE TABLE ${qualify(table)} (\n  ${defs.join(',\n  ')}\n)${tail}` }, ...(indexes ?? []).map((i) => ({ sql: indexSql(table, i) }))];
}

/**
 * What the server says a column is (online): MODIFY COLUMN restates the whole column, so what an
 * op leaves out must come from here, or NOT NULL, the default, the comment and AUTO_INCREMENT
 * would be lost.
 */
async function liveColumn(ctx: CompileContext, table: TableRef, column: string): Promise<ColumnState | undefined> {
  if (!ctx.query) return undefined;
  const rows = await ctx.query(
    // Aliased: MySQL 8 names information_schema's columns in upper case otherwise.
    `SELECT column_type AS column_type, data_type AS data_type, is_nullable AS is_nullable, column_default AS column_default, extra AS extra, column_comment AS column_comment, collation_name AS collation_name, generation_expression AS generation_expression, VERSION() AS server,
       (SELECT t.table_collation FROM information_schema.tables t WHERE t.table_schema = c.table_schema AND t.table_name = c.table_name) AS table_collation
     FROM information_schema.columns c WHERE ${tableCondition(table)} AND column_name = ${str(column)}`,
  );
  const r = rows[0];
  if (!r) return undefined;
  const extra = String(r.extra ?? '').toLowerCase();
  const raw = r.column_default === null || r.column_default === undefined ? undefined : String(r.column_default);
  const sql = columnDefault(raw, { mariadb: /mariadb/i.test(String(r.server)), extra, dataType: String(r.data_type ?? '') });
  const def: DefaultValue | null = sql === undefined ? null : { sql };
  const generated = /virtual generated|stored generated/.exec(extra);
  const onUpdate = /on update (\S+)/.exec(extra);
  return {
    type: { type: String(r.column_type) },
    nullable: r.is_nullable === 'YES',
    default: generated ? null : def,
    comment: r.column_comment ? String(r.column_comment) : null,
    // The table's own collation is what a column without COLLATE gets (and what introspection,
    // hence alterColumn's existing*, leaves out): restated only where the column has another.
    collation: r.collation_name && r.collation_name !== r.table_collation ? String(r.collation_name) : null,
    generated: /auto_increment/.test(extra) ? 'increment' : null,
    asExpression: generated ? String(r.generation_expression) : null,
    generatedType: generated ? (generated[0].startsWith('stored') ? 'STORED' : 'VIRTUAL') : null,
    onUpdate: onUpdate ? onUpdate[1].toUpperCase() : null,
  };
}

/** The column as it will be, for MODIFY COLUMN: the op's changes, then its existing*, then the server's. */
function restated(op: OpOf<'alterColumn'>, live: ColumnState | undefined): ColumnDef {
  const { changes, existing } = op;
  const known = (key: keyof ColumnState) => key in changes || key in existing || (live !== undefined && key in live);
  const pick = <K extends keyof ColumnState>(key: K): ColumnState[K] => (key in changes ? changes[key] : key in existing ? existing[key] : live?.[key]);
  const type = pick('type');
  const missing = [!type && 'existingType', !known('nullable') && 'existingNullable', !known('default') && 'existingDefault'].filter(Boolean);
  if (missing.length) {
    throw new MigError('op-invalid', `alterColumn ${tableText(op.table)}.${op.column}: MySQL restates the whole column (MODIFY COLUMN), and without the database (--sql) it needs ${missing.join(', ')}`, {
      hint: "give them (existingDefault: null for none), and existingComment / existingGenerated: 'increment' where the column has them, so they are kept",
    });
  }
  const def = pick('default');
  const comment = pick('comment');
  const collation = pick('collation');
  const generated = pick('generated');
  const expression = pick('asExpression');
  const generatedType = pick('generatedType');
  const onUpdate = pick('onUpdate');
  return {
    name: changes.newName ?? op.column,
    ...type!,
    nullable: pick('nullable') ?? true,
    ...(def !== undefined && def !== null ? { default: def } : {}),
    ...(comment !== undefined && comment !== null ? { comment } : {}),
    ...(collation ? { collation } : {}),
    ...(onUpdate ? { onUpdate } : {}),
    ...(generated === 'increment' || generated === 'identity' ? { generated } : {}),
    ...(expression ? { asExpression: expression, ...(generatedType ? { generatedType } : {}) } : {}),
  };
}

async function alterColumn(op: OpOf<'alterColumn'>, ctx: CompileContext): Promise<Statement[]> {
  const t = qualify(op.table);
  const col = q(op.column);
  const { changes } = op;
  const out: Statement[] = [];
  if (op.using) postgresOnly(`USING in a type change (alterColumn ${tableText(op.table)}.${op.column}); MySQL converts the values itself`);
  const live = await liveColumn(ctx, op.table, op.column);
  if (ctx.query && !live) throw new MigError('op-invalid', `alterColumn ${tableText(op.table)}.${op.column}: the database has no such column`, { hint: 'check the table and column names (and the revision order)' });
  const typeNow = changes.type ?? op.existing.type ?? live?.type ?? { type: 'text' };
  if (changes.nullable === false && op.backfill !== undefined) {
    out.push({ sql: `UPDATE ${t} SET ${col} = ${defaultSql(op.backfill, typeNow)} WHERE ${col} IS NULL` });
  }
  const keys = Object.keys(changes).filter((k) => (changes as Record<string, unknown>)[k] !== undefined || k === 'default');
  const rename = changes.newName ? [{ sql: `ALTER TABLE ${t} RENAME COLUMN ${col} TO ${q(changes.newName)}` }] : [];
  if (keys.every((k) => k === 'newName')) return [...out, ...rename];
  if (keys.every((k) => k === 'default' || k === 'newName')) {
    // SET / DROP DEFAULT needs no restated column.
    const d = changes.default;
    out.push({ sql: `ALTER TABLE ${t} ALTER COLUMN ${col} ${d === null || d === undefined ? 'DROP DEFAULT' : `SET DEFAULT ${defaultSql(d, typeNow)}`}` });
    return [...out, ...rename];
  }
  out.push({ sql: `ALTER TABLE ${t} ${changes.newName ? `CHANGE COLUMN ${col}` : 'MODIFY COLUMN'} ${columnSql(restated(op, live), false, serverOf(ctx))}` });
  return out;
}

/**
 * An enum type's new values, on MySQL: each column using it gets its ENUM restated (MODIFY
 * COLUMN, the rest of the column read from the server). A value removed while rows hold it
 * fails, as on PostgreSQL.
 */
async function alterEnumColumns(op: OpOf<'alterEnum'>, ctx: CompileContext): Promise<Statement[]> {
  if (!ctx.query) {
    throw new MigError('op-unsupported', `alterEnum ${tableText(op.name)}: on MySQL each column's ENUM is restated from what the server says the column is, which --sql cannot ask`, {
      hint: "run it online, or write op.alterColumn(table, column, { type: 'enum', enum: [...], existingType, existingNullable, existingDefault }) per column",
    });
  }
  const out: Statement[] = [];
  for (const c of op.columns) {
    if (c.array) postgresOnly(`array columns (${tableText(c.table)}.${c.column})`);
    const changes: OpOf<'alterColumn'>['changes'] = { type: { type: 'enum', enum: [...op.values] }, ...(c.default !== undefined ? { default: c.default } : {}) };
    out.push(...(await alterColumn({ kind: 'alterColumn', table: c.table, column: c.column, changes, existing: {} }, ctx)));
  }
  return out;
}

function bulkInsert(table: TableRef, rows: Record<string, unknown>[]): Statement[] {
  return insertRowsSql(qualify(table), rows, { quote: q, literal, emptyRow: '() VALUES ()' });
}

function dropConstraint(op: OpOf<'dropConstraint'>): Statement {
  const t = qualify(op.table);
  switch (op.type) {
    case 'primaryKey':
      return { sql: `ALTER TABLE ${t} DROP PRIMARY KEY` };
    case 'unique':
      return { sql: `ALTER TABLE ${t} DROP INDEX ${q(op.name)}` };
    case 'foreignKey':
      // The index MySQL made for the key stays, as MySQL keeps it (autogenerate drops it in an op of its own).
      return { sql: `ALTER TABLE ${t} DROP FOREIGN KEY ${q(op.name)}` };
    case 'check':
      return { sql: `ALTER TABLE ${t} DROP CONSTRAINT ${q(op.name)}` };
    case 'exclusion':
      return postgresOnly(`exclusion constraints (${op.name})`);
  }
}

/**
 * DROP INDEX, and (online) the index MySQL makes for a foreign key put back where the dropped
 * one was the last the key could use. MySQL silently drops the index it made for a foreign key
 * (named as the key) when an index created later can serve it, and then refuses to drop that one
 * ("needed in a foreign key constraint"): createTable's foreign key then createIndex on its
 * column, reversed, is DROP INDEX then DROP TABLE. One ALTER TABLE drops the index and adds the
 * key's own back, as MySQL had it before the createIndex.
 */
async function dropIndex(op: OpOf<'dropIndex'>, ctx: CompileContext): Promise<Statement> {
  const t = qualify(op.table);
  const plain: Statement = { sql: `DROP INDEX ${q(op.name)} ON ${t}` };
  if (!ctx.query) return plain;
  const keyParts = await ctx.query(`SELECT index_name AS name, column_name AS col FROM information_schema.statistics WHERE ${tableCondition(op.table)} ORDER BY index_name, seq_in_index`);
  const fkParts = await ctx.query(
    `SELECT constraint_name AS name, column_name AS col FROM information_schema.key_column_usage WHERE ${tableCondition(op.table)} AND referenced_table_name IS NOT NULL ORDER BY constraint_name, ordinal_position`,
  );
  const group = (rows: Record<string, unknown>[]) => {
    const m = new Map<string, string[]>();
    for (const r of rows) m.set(String(r.name), [...(m.get(String(r.name)) ?? []), String(r.col)]);
    return m;
  };
  const indexes = group(keyParts);
  if (!indexes.has(op.name)) return plain;
  // A foreign key can use an index whose leading columns are its columns, in order.
  const serves = (index: string[], fk: string[]) => fk.every((c, i) => index[i] === c);
  const readd: string[] = [];
  for (const [fk, cols] of group(fkParts)) {
    if (!serves(indexes.get(op.name)!, cols)) continue;
    if ([...indexes].some(([name, index]) => name !== op.name && serves(index, cols))) continue;
    readd.push(`ADD INDEX ${q(fk)} (${cols.map(q).join(', ')})`);
  }
  return readd.length ? { sql: `ALTER TABLE ${t} DROP INDEX ${q(op.name)}, ${readd.join(', ')}` } : plain;
}

async function compileDdl(op: Op, ctx: CompileContext): Promise<Statement[]> {
  switch (op.kind) {
    case 'createTable':
      return createTable(op, serverOf(ctx));
    case 'dropTable':
      return [{ sql: `DROP TABLE ${qualify(op.table)}` }];
    case 'renameTable':
      return [{ sql: `RENAME TABLE ${qualify(op.table)} TO ${qualify({ ...op.table, name: op.newName })}` }];
    case 'addColumn':
      checkIncrement(op.table, [op.column], op.column.primary || op.column.unique ? [[op.column.name]] : []);
      return [{ sql: `ALTER TABLE ${qualify(op.table)} ADD COLUMN ${columnSql(op.column, true, serverOf(ctx))}` }];
    case 'dropColumn':
      return [{ sql: `ALTER TABLE ${qualify(op.table)} DROP COLUMN ${q(op.column)}` }];
    case 'alterColumn':
      return alterColumn(op, ctx);
    case 'createIndex':
      if (op.index.concurrently) postgresOnly(`CREATE INDEX CONCURRENTLY (${op.index.name})`);
      return [{ sql: indexSql(op.table, op.index) }];
    case 'dropIndex':
      return [await dropIndex(op, ctx)];
    case 'renameIndex':
      return [{ sql: `ALTER TABLE ${qualify(op.table)} RENAME INDEX ${q(op.name)} TO ${q(op.newName)}` }];
    case 'addConstraint':
      if ('notValid' in op.constraint && op.constraint.notValid) postgresOnly(`NOT VALID constraints (${op.constraint.name ?? op.constraint.kind})`);
      return [{ sql: `ALTER TABLE ${qualify(op.table)} ADD ${constraintSql(op.constraint)}` }];
    case 'dropConstraint':
      return [dropConstraint(op)];
    case 'renameConstraint':
      if (op.type === 'unique') return [{ sql: `ALTER TABLE ${qualify(op.table)} RENAME INDEX ${q(op.name)} TO ${q(op.newName)}` }];
      return postgresOnly(`renaming of ${op.type} constraints (${op.name}); drop it and add it under the new name`);
    // Enums are column types here: the column's type carries the values.
    case 'createEnum':
    case 'dropEnum':
    case 'renameEnum':
      return [];
    case 'alterEnum':
      return alterEnumColumns(op, ctx);
    case 'addEnumValue':
      throw new MigError('op-unsupported', `addEnumValue ${tableText(op.name)}: on MySQL an enum's values belong to each column's type, and this op names no column`, {
        hint: "use op.alterEnum(name, values, { existing, columns: [{ table, column }] }), or op.alterColumn(table, column, { type: 'enum', enum: [...] })",
      });
    case 'setTableComment':
      return [{ sql: `ALTER TABLE ${qualify(op.table)} COMMENT = ${str(op.comment ?? '')}` }];
    case 'createView':
      if (op.materialized) postgresOnly(`materialized views (${tableText(op.view)})`);
      return [{ sql: `CREATE VIEW ${qualify(op.view)} AS ${op.definition}` }];
    case 'dropView':
      if (op.materialized) postgresOnly(`materialized views (${tableText(op.view)})`);
      return [{ sql: `DROP VIEW ${qualify(op.view)}` }];
    case 'createExtension':
    case 'dropExtension':
      return postgresOnly(`extensions (${op.name})`);
    case 'execute':
      return [{ sql: op.sql, params: op.params }];
    case 'bulkInsert':
      return bulkInsert(op.table, op.rows);
    case 'batch': {
      const out: Statement[] = [];
      for (const inner of op.ops) out.push(...(await compileDdl(inner, ctx)));
      return out;
    }
  }
}

/** typeorm_metadata rows as TypeORM's MysqlQueryRunner writes them: `schema` holds the database. */
const METADATA: MetadataDialect = {
  qualify,
  materializedViews: false,
  quote: q,
  literal: str,
  nameType: 'varchar(255)',
  scope: (ref) => ({ schema: ref.schema !== undefined ? str(ref.schema) : 'DATABASE()' }),
};

/** An op's DDL, then the typeorm_metadata rows it keeps (a view's query, a generated column's expression). */
export async function compile(op: Op, ctx: CompileContext): Promise<Statement[]> {
  return [...(await compileDdl(op, ctx)), ...metadataStatements(op, METADATA, ctx.typeormMetadataTable)];
}

/** `schema` of a TableRef is a database here. */
const tableCondition = (table: TableRef) => `table_schema = ${table.schema ? str(table.schema) : 'DATABASE()'} AND table_name = ${str(table.name)}`;

function versionTable(table: TableRef): VersionTableSql {
  const t = qualify(table);
  return versionTableSql({
    table: t,
    create: `CREATE TABLE IF NOT EXISTS ${t} (\n  version_num varchar(255) NOT NULL,\n  PRIMARY KEY (version_num)\n) ENGINE=InnoDB`,
    exists: `SELECT 1 AS present FROM information_schema.tables WHERE ${tableCondition(table)}`,
    literal: str,
  });
}

export const mysql: Dialect = {
  name: 'mysql',
  quote: q,
  qualify,
  literal,
  compile,
  versionTable,
  logTable: (table) =>
    logTableSql({
      table: qualify(table),
      id: 'id int NOT NULL AUTO_INCREMENT PRIMARY KEY',
      // UTC whatever the session's time zone, read back as text (the driver would shift a DATETIME to local time).
      appliedAt: 'applied_at datetime(3) NOT NULL DEFAULT (UTC_TIMESTAMP(3))',
      appliedAtSelect: "DATE_FORMAT(applied_at, '%Y-%m-%dT%H:%i:%s.%fZ') AS applied_at",
      exists: `SELECT 1 AS present FROM information_schema.tables WHERE ${tableCondition(table)}`,
      literal,
    }),
  inline: (s: Statement) => (s.params?.length ? replacePlaceholders(s.sql, 'question', (i) => literal(s.params![i])) : s.sql),
  supportsTransactionalDdl: false,
  migrationAdapter: mysqlMigrationAdapter,
  introspect,
};
