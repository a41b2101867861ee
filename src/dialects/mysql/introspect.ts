/**
 * MySQL / MariaDB introspection: the live database as a SchemaModel, from information_schema.
 *
 * A fixed set of queries, whatever the number of tables: the current database and server, the
 * tables and views, then the columns, the index key parts (STATISTICS), the foreign keys' columns
 * and rules, the check constraints, and TypeORM's typeorm_metadata rows when the table exists —
 * each for all the databases read at once (the current one, and those the entities name).
 *
 * Values are as TypeORM's MysqlQueryRunner reads them: a type is DATA_TYPE (the display width of
 * an integer is not part of it) with `unsigned` / `zerofill` appended, a length or precision only
 * where the type takes one; a unique constraint is a unique index (MySQL has no other kind); an
 * index named after a foreign key (or, for an unnamed one, after its first column) is the one
 * MySQL made for it, not listed; a JSON column on MariaDB (a LONGTEXT with a json_valid() check
 * of its own) is `json`; a collation is reported only where it is not the table's. A default is
 * kept as SQL text (MariaDB's COLUMN_DEFAULT is SQL; MySQL 8's is the value's text, quoted here
 * unless it is an expression).
 */
import type { CheckDef, ForeignKeyDef, IndexDef, ReferentialAction, TableRef } from '../../operations/ops';
import type { SchemaColumn, SchemaModel, SchemaTable, SchemaView } from '../../schema/model';
import { mysqlStringLiteral, quoteMysqlIdentifier } from '../sql';
import type { IntrospectionOptions, Queryable } from '../types';

type Row = Record<string, unknown>;

const TYPEORM_TABLES = ['migrations', 'typeorm_metadata'];

/** information_schema's column names come back upper- or lower-case depending on the server: read either. */
function get(r: Row, name: string): unknown {
  return name in r ? r[name] : r[name.toLowerCase()];
}
const str = (r: Row, name: string): string => String(get(r, name) ?? '');
const optStr = (r: Row, name: string): string | undefined => {
  const v = get(r, name);
  return v === null || v === undefined ? undefined : String(v);
};
const num = (r: Row, name: string): number | undefined => {
  const v = get(r, name);
  return v === null || v === undefined || v === '' ? undefined : Number(v);
};

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const tableKey = (schema: string, name: string) => `${schema}\0${name}`;

const LENGTH_TYPES = new Set(['char', 'varchar', 'binary', 'varbinary']);
const FRACTIONAL_TYPES = new Set(['datetime', 'timestamp', 'time']);
const INTEGER_TYPES = new Set(['tinyint', 'smallint', 'mediumint', 'int', 'bigint']);

/** `enum('a','it''s')` -> ['a', "it's"]. */
export function enumValues(columnType: string): string[] {
  const body = columnType.slice(columnType.indexOf('(') + 1, columnType.lastIndexOf(')'));
  const out: string[] = [];
  for (const m of body.matchAll(/'((?:[^'\\]|''|\\.)*)'/g)) out.push(m[1].replace(/''/g, "'").replace(/\\(.)/g, '$1'));
  return out;
}

const ACTIONS: Record<string, ReferentialAction> = { CASCADE: 'CASCADE', 'SET NULL': 'SET NULL', 'SET DEFAULT': 'SET DEFAULT', RESTRICT: 'RESTRICT' };

const inList = (schemas: string[]) => schemas.map(mysqlStringLiteral).join(', ');

export async function introspect(db: Queryable, options: IntrospectionOptions): Promise<SchemaModel> {
  const [current] = await db.query('SELECT DATABASE() AS db, VERSION() AS version');
  const defaultSchema = str(current, 'db');
  const mariadb = /mariadb/i.test(str(current, 'version'));
  const schemas = [...new Set([defaultSchema, ...(options.extraSchemas ?? [])])];
  const within = (column: string) => `${column} IN (${inList(schemas)})`;
  const excluded = new Set([...options.exclude, ...(options.metadataTable ? [options.metadataTable] : [])].map((t) => tableKey(t.schema ?? defaultSchema, t.name)));
  const typeormTables = new Set(options.typeormTables ?? TYPEORM_TABLES);
  const ref = (schema: string, name: string): TableRef => (schema === defaultSchema ? { name } : { schema, name });
  const metadataTable = options.metadataTable ?? { name: 'typeorm_metadata' };

  const tables = new Map<string, { schema: string; collation?: string; table: SchemaTable }>();
  const views = new Map<string, { schema: string; view: SchemaView }>();
  let metadataExists = false;
  for (const r of await db.query(`SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, TABLE_COMMENT, TABLE_COLLATION FROM information_schema.TABLES WHERE ${within('TABLE_SCHEMA')}`)) {
    const schema = str(r, 'TABLE_SCHEMA');
    const name = str(r, 'TABLE_NAME');
    const k = tableKey(schema, name);
    if (k === tableKey(metadataTable.schema ?? defaultSchema, metadataTable.name)) metadataExists = true;
    if (excluded.has(k)) continue;
    if (str(r, 'TABLE_TYPE') === 'VIEW') {
      views.set(k, { schema, view: { ...ref(schema, name), definition: '', indexes: [] } });
      continue;
    }
    if (str(r, 'TABLE_TYPE') !== 'BASE TABLE' || typeormTables.has(name)) continue;
    const table: SchemaTable = { ...ref(schema, name), columns: [], uniques: [], foreignKeys: [], checks: [], indexes: [] };
    const comment = optStr(r, 'TABLE_COMMENT');
    if (comment) table.comment = comment;
    const collation = optStr(r, 'TABLE_COLLATION');
    if (collation) table.collation = collation;
    tables.set(k, { schema, collation, table });
  }

  const columnRows = await db.query(
    `SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, COLUMN_DEFAULT, IS_NULLABLE, DATA_TYPE, CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE, DATETIME_PRECISION, COLLATION_NAME, COLUMN_TYPE, EXTRA, COLUMN_COMMENT, GENERATION_EXPRESSION FROM information_schema.COLUMNS WHERE ${within('TABLE_SCHEMA')} ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION`,
  );
  const indexRows = await db.query(
    `SELECT TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME, SUB_PART, COLLATION, INDEX_TYPE FROM information_schema.STATISTICS WHERE ${within('TABLE_SCHEMA')} ORDER BY TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
  );
  const fkRows = await db.query(
    `SELECT k.TABLE_SCHEMA, k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_SCHEMA, k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, r.UPDATE_RULE, r.DELETE_RULE
     FROM information_schema.KEY_COLUMN_USAGE k
     JOIN information_schema.REFERENTIAL_CONSTRAINTS r ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.TABLE_NAME = k.TABLE_NAME AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME
     WHERE ${within('k.TABLE_SCHEMA')} ORDER BY k.TABLE_SCHEMA, k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`,
  );
  // MariaDB names a check per table and says whether it is a column's (its JSON columns' json_valid()); MySQL 8 per database.
  const checkRows = await db.query(
    mariadb
      ? `SELECT CONSTRAINT_SCHEMA AS TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE, LEVEL FROM information_schema.CHECK_CONSTRAINTS WHERE ${within('CONSTRAINT_SCHEMA')}`
      : `SELECT t.TABLE_SCHEMA, t.TABLE_NAME, t.CONSTRAINT_NAME, c.CHECK_CLAUSE, 'Table' AS LEVEL FROM information_schema.TABLE_CONSTRAINTS t
         JOIN information_schema.CHECK_CONSTRAINTS c ON c.CONSTRAINT_SCHEMA = t.CONSTRAINT_SCHEMA AND c.CONSTRAINT_NAME = t.CONSTRAINT_NAME
         WHERE t.CONSTRAINT_TYPE = 'CHECK' AND ${within('t.TABLE_SCHEMA')}`,
  );
  const viewRows = views.size ? await db.query(`SELECT TABLE_SCHEMA, TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS WHERE ${within('TABLE_SCHEMA')}`) : [];
  // TypeORM's table: one of that name with the columns mig reads (a user's table of that name is not it).
  const metadataKeyOf = tableKey(metadataTable.schema ?? defaultSchema, metadataTable.name);
  const metadataColumns = new Set(columnRows.filter((r) => tableKey(str(r, 'TABLE_SCHEMA'), str(r, 'TABLE_NAME')) === metadataKeyOf).map((r) => str(r, 'COLUMN_NAME')));
  const isMetadata = metadataExists && ['type', 'schema', 'table', 'name', 'value'].every((c) => metadataColumns.has(c));
  const metadata = isMetadata ? await readMetadata(db, metadataTable) : new Map<string, string>();

  // A JSON column on MariaDB: a LONGTEXT with a json_valid() check of the column's own.
  const jsonColumns = new Set<string>();
  for (const r of checkRows) {
    const key = tableKey(str(r, 'TABLE_SCHEMA'), str(r, 'TABLE_NAME'));
    const name = str(r, 'CONSTRAINT_NAME');
    const clause = str(r, 'CHECK_CLAUSE').trim();
    if (str(r, 'LEVEL') === 'Column') {
      if (/^json_valid\(`(?:[^`]|``)+`\)$/i.test(clause)) jsonColumns.add(`${key}\0${name}`);
      continue;
    }
    const entry = tables.get(key);
    if (entry) entry.table.checks.push({ kind: 'check', name, expression: clause });
  }

  for (const r of columnRows) {
    const entry = tables.get(tableKey(str(r, 'TABLE_SCHEMA'), str(r, 'TABLE_NAME')));
    if (!entry) continue;
    const col = column(r, entry.collation, mariadb, jsonColumns.has(`${tableKey(entry.schema, entry.table.name)}\0${str(r, 'COLUMN_NAME')}`));
    const recorded = col.asExpression !== undefined ? metadata.get(metadataKey('GENERATED_COLUMN', entry.schema, col.name, entry.table.name)) : undefined;
    if (recorded !== undefined) col.asExpression = recorded;
    entry.table.columns.push(col);
  }

  const fks = new Map<string, { table: SchemaTable; fk: ForeignKeyDef }>();
  for (const r of fkRows) {
    const entry = tables.get(tableKey(str(r, 'TABLE_SCHEMA'), str(r, 'TABLE_NAME')));
    if (!entry) continue;
    const k = `${tableKey(entry.schema, entry.table.name)}\0${str(r, 'CONSTRAINT_NAME')}`;
    let found = fks.get(k);
    if (!found) {
      const fk: ForeignKeyDef = { kind: 'foreignKey', name: str(r, 'CONSTRAINT_NAME'), columns: [], referencedTable: ref(str(r, 'REFERENCED_TABLE_SCHEMA'), str(r, 'REFERENCED_TABLE_NAME')), referencedColumns: [] };
      const onDelete = ACTIONS[str(r, 'DELETE_RULE')];
      const onUpdate = ACTIONS[str(r, 'UPDATE_RULE')];
      if (onDelete) fk.onDelete = onDelete;
      if (onUpdate) fk.onUpdate = onUpdate;
      fks.set(k, (found = { table: entry.table, fk }));
      entry.table.foreignKeys.push(fk);
    }
    found.fk.columns.push(str(r, 'COLUMN_NAME'));
    found.fk.referencedColumns.push(str(r, 'REFERENCED_COLUMN_NAME'));
  }

  const indexes = new Map<string, { entry: { schema: string; table: SchemaTable }; index: IndexDef; primary: boolean }>();
  for (const r of indexRows) {
    const entry = tables.get(tableKey(str(r, 'TABLE_SCHEMA'), str(r, 'TABLE_NAME')));
    if (!entry) continue;
    const name = str(r, 'INDEX_NAME');
    const k = `${tableKey(entry.schema, entry.table.name)}\0${name}`;
    let found = indexes.get(k);
    if (!found) {
      const index: IndexDef = { name, columns: [], unique: Number(get(r, 'NON_UNIQUE')) === 0 };
      const type = str(r, 'INDEX_TYPE').toLowerCase();
      if (type && type !== 'btree') index.using = type;
      indexes.set(k, (found = { entry, index, primary: name === 'PRIMARY' }));
    }
    const columnName = optStr(r, 'COLUMN_NAME') ?? '';
    const subPart = num(r, 'SUB_PART');
    const desc = str(r, 'COLLATION') === 'D';
    found.index.columns.push(subPart !== undefined || desc ? `${columnName}${subPart !== undefined ? `(${subPart})` : ''}${desc ? ' DESC' : ''}` : columnName);
  }
  for (const { entry, index, primary } of indexes.values()) {
    if (primary) {
      entry.table.primaryKey = { kind: 'primaryKey', columns: index.columns };
      continue;
    }
    // The index MySQL made for a foreign key carries its name (TypeORM leaves it out too); for a
    // foreign key given no name (MySQL calls it <table>_ibfk_<n>) it is named after its first
    // column (<column>_<n> when that is taken), on the foreign key's columns.
    if (entry.table.foreignKeys.some((f) => f.name === index.name || madeForUnnamedForeignKey(f, index))) continue;
    entry.table.indexes.push(index);
  }

  for (const r of viewRows) {
    const entry = views.get(tableKey(str(r, 'TABLE_SCHEMA'), str(r, 'TABLE_NAME')));
    if (!entry) continue;
    const recorded = metadata.get(metadataKey('VIEW', entry.schema, entry.view.name));
    entry.view.definition = recorded !== undefined ? recorded.trim() : str(r, 'VIEW_DEFINITION').trim();
    if (recorded !== undefined) entry.view.recorded = true;
  }

  const order = (a: { schema?: string; name: string }, b: { schema?: string; name: string }) => byText(a.schema ?? '', b.schema ?? '') || byText(a.name, b.name);
  const out = [...tables.values()].map(({ table }) => finishTable(table)).sort(order);
  const viewList = [...views.values()].map(({ view }) => view).sort(order);
  return { dialect: 'mysql', tables: out, enums: [], ...(viewList.length ? { views: viewList } : {}) };
}

function madeForUnnamedForeignKey(fk: ForeignKeyDef, index: IndexDef): boolean {
  if (index.unique || !fk.name || !/_ibfk_\d+$/.test(fk.name)) return false;
  const first = fk.columns[0];
  if (index.name !== first && !(index.name.startsWith(`${first}_`) && /^\d+$/.test(index.name.slice(first.length + 1)))) return false;
  return index.columns.length === fk.columns.length && index.columns.every((c, i) => c === fk.columns[i]);
}

function column(r: Row, tableCollation: string | undefined, mariadb: boolean, json: boolean): SchemaColumn {
  const dataType = str(r, 'DATA_TYPE').toLowerCase();
  const columnType = str(r, 'COLUMN_TYPE').toLowerCase();
  const extra = str(r, 'EXTRA').toLowerCase();
  const col: SchemaColumn = { name: str(r, 'COLUMN_NAME'), type: json ? 'json' : dataType };
  if (INTEGER_TYPES.has(dataType) || /^(decimal|float|double)$/.test(dataType)) {
    const attributes = ['unsigned', 'zerofill'].filter((a) => new RegExp(`\\b${a}\\b`).test(columnType));
    if (attributes.length) col.type = `${dataType} ${attributes.join(' ')}`;
  }
  if (dataType === 'enum' || dataType === 'set') {
    col.enum = enumValues(str(r, 'COLUMN_TYPE'));
  } else if (LENGTH_TYPES.has(dataType)) {
    const length = num(r, 'CHARACTER_MAXIMUM_LENGTH');
    if (length !== undefined) col.length = length;
  } else if (dataType === 'bit') {
    const length = num(r, 'NUMERIC_PRECISION');
    if (length !== undefined) col.length = length;
  } else if (dataType === 'decimal') {
    col.precision = num(r, 'NUMERIC_PRECISION');
    col.scale = num(r, 'NUMERIC_SCALE');
  } else if (dataType === 'float' || dataType === 'double') {
    // Only a declared (p,s) is part of the type; NUMERIC_PRECISION is the type's own otherwise.
    const m = /\((\d+)(?:,(\d+))?\)/.exec(columnType);
    if (m) {
      col.precision = Number(m[1]);
      if (m[2] !== undefined) col.scale = Number(m[2]);
    }
  } else if (FRACTIONAL_TYPES.has(dataType)) {
    const precision = num(r, 'DATETIME_PRECISION');
    if (precision) col.precision = precision;
  }
  col.nullable = str(r, 'IS_NULLABLE') === 'YES';
  const generation = /(virtual|stored|persistent) generated/.exec(extra);
  const expression = optStr(r, 'GENERATION_EXPRESSION');
  if (generation && expression) {
    col.asExpression = expression;
    col.generatedType = generation[1] === 'virtual' ? 'VIRTUAL' : 'STORED';
    // MariaDB has no NOT NULL on a generated column (it reports one nullable).
    if (mariadb) delete col.nullable;
  } else {
    const d = defaultOf(r, mariadb, extra, dataType);
    if (d !== undefined) col.default = { sql: d };
  }
  if (/auto_increment/.test(extra)) col.generated = 'increment';
  const onUpdate = /on update ([\w()]+)/.exec(extra);
  if (onUpdate) col.onUpdate = onUpdate[1].toUpperCase();
  const comment = optStr(r, 'COLUMN_COMMENT');
  if (comment) col.comment = comment;
  const collation = optStr(r, 'COLLATION_NAME');
  if (collation && collation !== tableCollation && !json) col.collation = collation;
  return col;
}

const STRING_TYPES = /char|text|enum|set|binary|blob|json|date|time/;

function defaultOf(r: Row, mariadb: boolean, extra: string, dataType: string): string | undefined {
  return columnDefault(optStr(r, 'COLUMN_DEFAULT'), { mariadb, extra, dataType });
}

/**
 * information_schema's COLUMN_DEFAULT as SQL that writes the same default again, or undefined for
 * none. MariaDB keeps SQL text ('member', 5, NULL, current_timestamp()). MySQL 8 keeps a value's
 * text, and an expression (EXTRA DEFAULT_GENERATED) without the parentheses it needs, its string
 * literals with their character set (`_utf8mb4\'{}\'`); CURRENT_TIMESTAMP needs none.
 */
export function columnDefault(raw: string | undefined, column: { mariadb: boolean; extra: string; dataType: string }): string | undefined {
  if (raw === undefined) return undefined;
  if (column.mariadb) return raw === 'NULL' ? undefined : raw;
  if (/^current_timestamp(\(\d*\))?$/i.test(raw)) return raw;
  if (/default_generated/i.test(column.extra)) return `(${raw.replace(/_[a-z0-9]+\\'/gi, "'").replace(/\\'/g, "'")})`;
  return STRING_TYPES.test(column.dataType.toLowerCase()) ? mysqlStringLiteral(raw) : raw;
}

const metadataKey = (type: string, schema: string, name: string, table?: string) => JSON.stringify([type, schema, table ?? null, name]);

/** TypeORM's rows for views and generated columns: on MySQL `schema` holds the database. */
async function readMetadata(db: Queryable, table: TableRef): Promise<Map<string, string>> {
  const qualified = `${table.schema ? `${quoteMysqlIdentifier(table.schema)}.` : ''}${quoteMysqlIdentifier(table.name)}`;
  const out = new Map<string, string>();
  const rows = await db.query(`SELECT \`type\`, \`schema\`, \`table\`, \`name\`, \`value\` FROM ${qualified} WHERE \`type\` IN ('VIEW', 'GENERATED_COLUMN')`);
  for (const r of rows) {
    const type = String(r.type);
    const key = metadataKey(type, String(r.schema ?? ''), String(r.name), type === 'GENERATED_COLUMN' ? String(r.table) : undefined);
    if (!out.has(key) && r.value !== null && r.value !== undefined) out.set(key, String(r.value));
  }
  return out;
}

function finishTable(t: SchemaTable): SchemaTable {
  return {
    ...(t.schema !== undefined ? { schema: t.schema } : {}),
    name: t.name,
    columns: t.columns,
    ...(t.primaryKey ? { primaryKey: t.primaryKey } : {}),
    uniques: [],
    foreignKeys: t.foreignKeys.sort((a, b) => byText(a.name ?? '', b.name ?? '')),
    checks: t.checks.sort((a: CheckDef, b: CheckDef) => byText(a.name ?? '', b.name ?? '')),
    indexes: t.indexes.sort((a, b) => byText(a.name, b.name)),
    ...(t.comment !== undefined ? { comment: t.comment } : {}),
    ...(t.collation !== undefined ? { collation: t.collation } : {}),
  };
}
