/**
 * SQLite introspection: the live database as a SchemaModel.
 *
 * Four queries, whatever the number of tables: sqlite_master (tables and their CREATE TABLE and
 * CREATE INDEX text), then the columns, index keys and foreign keys of every table at once
 * through the pragma table-valued functions (pragma_table_xinfo, pragma_index_list +
 * pragma_index_xinfo, pragma_foreign_key_list) joined to sqlite_master. The pragmas give what
 * SQLite enforces; the CREATE TABLE text (./create-table.ts) gives what they do not: constraint
 * names, CHECK expressions, AUTOINCREMENT, DEFERRABLE, generated columns' expressions. Index
 * expressions and partial-index predicates come from the CREATE INDEX text, views from their
 * CREATE VIEW. Two more read TypeORM's typeorm_metadata when the table exists: the view
 * definitions and generated-column expressions TypeORM recorded are what it compares.
 *
 * A schema is an attached database: `main` by default (its tables carry no `schema`).
 */
import { MigError } from '../../errors';
import type { CheckDef, ColumnType, ForeignKeyDef, IndexDef, PrimaryKeyDef, ReferentialAction, TableRef, UniqueDef } from '../../operations/ops';
import type { SchemaColumn, SchemaModel, SchemaTable, SchemaView } from '../../schema/model';
import { quoteIdentifier, stringLiteral } from '../sql';
import type { Queryable } from '../types';
import { parseCreateTable, tokenize, type SqliteTable } from './create-table';

export interface IntrospectOptions {
  /** The attached databases to read; default: `main`. */
  schemas?: string[];
  /** Tables to leave out (the version table); a ref without schema means `main`. */
  exclude?: TableRef[];
  /**
   * TypeORM's own tables, left out in every schema read (default: its default names, `migrations`
   * and `typeorm_metadata`). Autogenerate passes `[]` and gives the configured names in `exclude`.
   */
  typeormTables?: string[];
  /**
   * TypeORM's typeorm_metadata table, read (when it exists) for the view definitions and
   * generated-column expressions TypeORM compares (default: `typeorm_metadata`).
   */
  metadataTable?: TableRef;
}

const DEFAULT_SCHEMA = 'main';

/** TypeORM's own bookkeeping tables under their default names: never part of the user's schema. */
const TYPEORM_TABLES = ['migrations', 'typeorm_metadata'];

/** Tables of a schema that can hold user data: no sqlite_* tables, no virtual tables. */
const userTables = (alias: string) => `${alias}.type = 'table' AND ${alias}.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND upper(${alias}.sql) NOT LIKE 'CREATE VIRTUAL %'`;

/** One SELECT per schema, joined with UNION ALL: still one query. */
function perSchema(schemas: string[], select: (schema: string, master: string) => string): string {
  return schemas.map((s) => select(stringLiteral(s), `${quoteIdentifier(s)}.sqlite_master`)).join('\nUNION ALL\n');
}

const MASTER_SQL = (schemas: string[]) =>
  perSchema(schemas, (s, master) => `SELECT ${s} AS schema_name, m.type, m.name, m.tbl_name, m.sql FROM ${master} m WHERE m.type IN ('table', 'index', 'view')`);

/** TypeORM's rows for views and generated columns (its SQLite rows name no schema). */
const METADATA_SQL = (table: string) => `SELECT "type", "table", "name", "value" FROM ${table} WHERE "type" IN ('VIEW', 'GENERATED_COLUMN')`;

const COLUMNS_SQL = (schemas: string[]) =>
  perSchema(
    schemas,
    (s, master) => `SELECT ${s} AS schema_name, m.name AS table_name, c.cid, c.name, c.type, c."notnull" AS not_null, c.dflt_value, c.pk, c.hidden
FROM ${master} m JOIN pragma_table_xinfo(m.name, ${s}) c
WHERE ${userTables('m')}`,
  );

const INDEXES_SQL = (schemas: string[]) =>
  perSchema(
    schemas,
    (s, master) => `SELECT ${s} AS schema_name, m.name AS table_name, il.name AS index_name, il."unique" AS is_unique, il.origin, il.partial,
  ii.seqno, ii.cid, ii.name AS column_name, ii."desc" AS descending
FROM ${master} m JOIN pragma_index_list(m.name, ${s}) il JOIN pragma_index_xinfo(il.name, ${s}) ii
WHERE ${userTables('m')} AND ii.key = 1`,
  );

const FOREIGN_KEYS_SQL = (schemas: string[]) =>
  perSchema(
    schemas,
    (s, master) => `SELECT ${s} AS schema_name, m.name AS table_name, fk.id, fk.seq, fk."table" AS ref_table, fk."from" AS from_column, fk."to" AS to_column,
  fk.on_update, fk.on_delete
FROM ${master} m JOIN pragma_foreign_key_list(m.name, ${s}) fk
WHERE ${userTables('m')}`,
  );

type Row = Record<string, unknown>;

const str = (v: unknown): string => String(v);
const optStr = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : String(v));
const lower = (s: string) => s.toLowerCase();
const sameNames = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => lower(x) === lower(b[i]));

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Named items by name; unnamed ones after them, by their signature. */
function sortNamed<T extends { name?: string }>(items: T[], signature: (item: T) => string): T[] {
  return items.sort((a, b) => {
    if (a.name !== undefined && b.name !== undefined) return byText(a.name, b.name);
    if (a.name !== undefined) return -1;
    if (b.name !== undefined) return 1;
    return byText(signature(a), signature(b));
  });
}

const PRECISION_TYPES = /^(numeric|decimal|float|double|double precision|real|time|timestamp|datetime)$/;

/** A declared type, lower-cased and split: `VARCHAR(200)` -> { type: 'varchar', length: 200 }. */
export function splitSqliteType(declared: string): ColumnType {
  const text = declared.trim().replace(/\s+/g, ' ');
  const m = /^([^()]*?)\s*\(\s*([-+]?\d+)\s*(?:,\s*([-+]?\d+)\s*)?\)\s*$/.exec(text);
  if (!m) return { type: text.toLowerCase() };
  const out: ColumnType = { type: m[1].toLowerCase() };
  if (m[3] !== undefined) {
    out.precision = Number(m[2]);
    out.scale = Number(m[3]);
  } else if (PRECISION_TYPES.test(out.type)) {
    out.precision = Number(m[2]);
  } else {
    out.length = Number(m[2]);
  }
  return out;
}

const ACTIONS = new Set<ReferentialAction>(['CASCADE', 'SET NULL', 'SET DEFAULT', 'RESTRICT', 'NO ACTION']);

function action(v: unknown): ReferentialAction | undefined {
  const text = optStr(v)?.toUpperCase();
  return text && ACTIONS.has(text as ReferentialAction) && text !== 'NO ACTION' ? (text as ReferentialAction) : undefined;
}

/** `"status" IN ('a', 'b')` on this column -> ['a', 'b'] (how enum columns are written). */
function enumValuesOf(expression: string, column: string): string[] | undefined {
  const t = tokenize(expression);
  if (t.length < 5 || !(t[0].kind === 'ident' || t[0].kind === 'word') || lower(t[0].value) !== lower(column)) return undefined;
  if (!(t[1].kind === 'word' && t[1].value.toUpperCase() === 'IN') || t[2].value !== '(' || t[t.length - 1].value !== ')') return undefined;
  const values: string[] = [];
  for (let i = 3; i < t.length - 1; i += 2) {
    if (t[i].kind !== 'string') return undefined;
    values.push(t[i].value);
    const sep = t[i + 1];
    if (!(sep.kind === 'punct' && (sep.value === ',' || (sep.value === ')' && i + 1 === t.length - 1)))) return undefined;
  }
  return values;
}

export interface IndexText {
  /** Each key as written (without ASC/DESC). */
  keys: string[];
  where?: string;
}

/** The keys and the WHERE clause of a CREATE INDEX statement. */
export function parseCreateIndex(sql: string): IndexText {
  const tokens = tokenize(sql);
  let i = tokens.findIndex((t) => t.kind === 'word' && t.value.toUpperCase() === 'ON');
  if (i < 0) throw new MigError('sqlite-parse', `No ON in: ${sql.slice(0, 80)}`);
  while (i < tokens.length && !(tokens[i].kind === 'punct' && tokens[i].value === '(')) i++;
  const keys: string[] = [];
  let depth = 0;
  let itemStart = -1;
  let close = -1;
  const pushItem = (endToken: number) => {
    const items = tokens.slice(itemStart, endToken);
    // ASC/DESC is the order, not the key; the pragma reports it.
    while (items.length > 1 && items[items.length - 1].kind === 'word' && /^(ASC|DESC)$/i.test(items[items.length - 1].value)) items.pop();
    keys.push(sql.slice(items[0].start, items[items.length - 1].end).trim());
  };
  for (let j = i; j < tokens.length; j++) {
    const t = tokens[j];
    if (t.kind === 'punct' && t.value === '(') {
      depth++;
      if (depth === 1) {
        itemStart = j + 1;
        continue;
      }
    } else if (t.kind === 'punct' && t.value === ')') {
      depth--;
      if (depth === 0) {
        pushItem(j);
        close = j;
        break;
      }
    } else if (t.kind === 'punct' && t.value === ',' && depth === 1) {
      pushItem(j);
      itemStart = j + 1;
    }
  }
  if (close < 0) throw new MigError('sqlite-parse', `Unbalanced parentheses in: ${sql.slice(0, 80)}`);
  const out: IndexText = { keys };
  const next = tokens[close + 1];
  if (next && next.kind === 'word' && next.value.toUpperCase() === 'WHERE') {
    out.where = sql
      .slice(next.end)
      .trim()
      .replace(/;\s*$/, '')
      .trim();
  }
  return out;
}

interface TableEntry {
  schema: string;
  name: string;
  sql: string;
  parsed: SqliteTable;
  columns: Row[];
  indexes: Map<string, { rows: Row[]; sql?: string }>;
  fks: Map<number, Row[]>;
}

export async function introspect(db: Queryable, options: IntrospectOptions = {}): Promise<SchemaModel> {
  const schemas = options.schemas?.length ? [...new Set(options.schemas)] : [DEFAULT_SCHEMA];
  // The metadata table is TypeORM's: never part of the user's schema.
  const excluded = new Set([...(options.exclude ?? []), ...(options.metadataTable ? [options.metadataTable] : [])].map((t) => `${lower(t.schema ?? DEFAULT_SCHEMA)}\0${lower(t.name)}`));
  const key = (schema: string, name: string) => `${lower(schema)}\0${lower(name)}`;
  const typeormTables = new Set((options.typeormTables ?? TYPEORM_TABLES).map(lower));

  const masterRows = await db.query(MASTER_SQL(schemas));
  const columnRows = await db.query(COLUMNS_SQL(schemas));
  const indexRows = await db.query(INDEXES_SQL(schemas));
  const fkRows = await db.query(FOREIGN_KEYS_SQL(schemas));
  const metadataTable = options.metadataTable ?? { name: 'typeorm_metadata' };
  const hasMetadata = masterRows.some((r) => str(r.type) === 'table' && lower(str(r.schema_name)) === lower(metadataTable.schema ?? DEFAULT_SCHEMA) && lower(str(r.name)) === lower(metadataTable.name));
  const metadata = new Map<string, string>();
  // TypeORM's table: one of that name with the columns mig reads (a user's table of that name is not it).
  const metadataSchema = stringLiteral(metadataTable.schema ?? DEFAULT_SCHEMA);
  const metadataColumns = hasMetadata ? await db.query(`SELECT count(*) AS n FROM pragma_table_info(${stringLiteral(metadataTable.name)}, ${metadataSchema}) WHERE name IN ('type', 'table', 'name', 'value')`) : [];
  if (Number(metadataColumns[0]?.n) === 4) {
    const qualified = metadataTable.schema ? `${quoteIdentifier(metadataTable.schema)}.${quoteIdentifier(metadataTable.name)}` : quoteIdentifier(metadataTable.name);
    for (const r of await db.query(METADATA_SQL(qualified))) {
      const k = metadataKey(str(r.type), str(r.name), str(r.type) === 'GENERATED_COLUMN' ? optStr(r.table) : undefined);
      // TypeORM reads the first row of a key.
      if (!metadata.has(k) && r.value !== null && r.value !== undefined) metadata.set(k, str(r.value));
    }
  }

  // Every table with data of its own, excluded or not (a foreign key may point at an excluded one).
  const all = new Map<string, TableEntry>();
  const virtual = new Set<string>();
  const indexSql = new Map<string, string>();
  const viewRows: Array<{ schema: string; name: string; sql: string }> = [];
  for (const r of masterRows) {
    const schema = str(r.schema_name);
    const name = str(r.name);
    const sql = optStr(r.sql);
    if (str(r.type) === 'index') {
      if (sql !== undefined) indexSql.set(key(schema, name), sql);
      continue;
    }
    if (str(r.type) === 'view') {
      if (sql !== undefined && !excluded.has(key(schema, name))) viewRows.push({ schema, name, sql });
      continue;
    }
    if (sql === undefined || /^sqlite_/i.test(name)) continue;
    if (/^CREATE\s+VIRTUAL\s/i.test(sql)) {
      virtual.add(key(schema, name));
      continue;
    }
    let parsed: SqliteTable;
    try {
      parsed = parseCreateTable(sql);
    } catch (err) {
      throw new MigError('sqlite-parse', `Cannot read the definition of table ${schema === DEFAULT_SCHEMA ? name : `${schema}.${name}`}: ${(err as Error).message}`, { cause: err });
    }
    all.set(key(schema, name), { schema, name, sql, parsed, columns: [], indexes: new Map(), fks: new Map() });
  }
  for (const r of columnRows) all.get(key(str(r.schema_name), str(r.table_name)))?.columns.push(r);
  for (const r of indexRows) {
    const entry = all.get(key(str(r.schema_name), str(r.table_name)));
    if (!entry) continue;
    const name = str(r.index_name);
    let index = entry.indexes.get(name);
    if (!index) entry.indexes.set(name, (index = { rows: [], sql: indexSql.get(key(entry.schema, name)) }));
    index.rows.push(r);
  }
  for (const r of fkRows) {
    const entry = all.get(key(str(r.schema_name), str(r.table_name)));
    if (!entry) continue;
    const id = Number(r.id);
    entry.fks.set(id, [...(entry.fks.get(id) ?? []), r]);
  }

  /** A virtual table's shadow tables are named `<virtual>_<suffix>` (FTS, R*Tree). */
  const isShadow = (e: TableEntry) => [...virtual].some((v) => key(e.schema, e.name).startsWith(`${v}_`));

  const tables: SchemaTable[] = [];
  for (const entry of all.values()) {
    if (typeormTables.has(lower(entry.name)) || excluded.has(key(entry.schema, entry.name)) || isShadow(entry)) continue;
    const t = table(entry, (schema, name) => all.get(key(schema, name)));
    for (const c of t.columns) {
      // The expression TypeORM compares is the one it recorded (as the entity wrote it).
      const recorded = c.asExpression !== undefined ? metadata.get(metadataKey('GENERATED_COLUMN', c.name, entry.name)) : undefined;
      if (recorded !== undefined) c.asExpression = recorded;
    }
    tables.push(t);
  }
  tables.sort((a, b) => byText(a.schema ?? '', b.schema ?? '') || byText(a.name, b.name));
  const relations = [...[...all.values()].map((e) => ({ schema: e.schema, name: e.name })), ...viewRows];
  const views = viewRows.map((v) => view(v, relations, metadata.get(metadataKey('VIEW', v.name))));
  views.sort((a, b) => byText(a.schema ?? '', b.schema ?? '') || byText(a.name, b.name));
  // Views only where there are some: a model without them has none.
  return { dialect: 'sqlite', tables, enums: [], ...(views.length ? { views } : {}) };
}

const metadataKey = (type: string, name: string, table?: string) => JSON.stringify([type, table ?? null, name]);

/**
 * A view from its CREATE VIEW: the query after AS, or the text typeorm_metadata records. SQLite
 * keeps no dependencies: the tables and views its query names are what it reads (any column).
 */
function view(row: { schema: string; name: string; sql: string }, relations: Array<{ schema: string; name: string }>, recorded: string | undefined): SchemaView {
  let definition: string;
  try {
    definition = parseCreateView(row.sql);
  } catch (err) {
    throw new MigError('sqlite-parse', `Cannot read the definition of view ${row.schema === DEFAULT_SCHEMA ? row.name : `${row.schema}.${row.name}`}: ${(err as Error).message}`, { cause: err });
  }
  const ref = (name: string): TableRef => (row.schema === DEFAULT_SCHEMA ? { name } : { schema: row.schema, name });
  const names = new Set(tokenize(definition).filter((t) => t.kind === 'ident' || t.kind === 'word').map((t) => lower(t.value)));
  const dependsOn = relations
    .filter((r) => lower(r.schema) === lower(row.schema) && lower(r.name) !== lower(row.name) && names.has(lower(r.name)))
    .map((r) => ref(r.name))
    .sort((a, b) => byText(a.name, b.name));
  return {
    ...ref(row.name),
    definition: recorded !== undefined ? recorded.trim() : definition,
    indexes: [],
    ...(dependsOn.length ? { dependsOn } : {}),
    ...(recorded !== undefined ? { recorded: true } : {}),
  };
}

/** The query of a CREATE VIEW statement: what follows `AS` (after the name and any column list). */
export function parseCreateView(sql: string): string {
  const tokens = tokenize(sql);
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'punct' && t.value === '(') depth++;
    else if (t.kind === 'punct' && t.value === ')') depth--;
    else if (depth === 0 && t.kind === 'word' && t.value.toUpperCase() === 'AS' && i >= 2) return sql.slice(t.end).trim().replace(/;\s*$/, '').trim();
  }
  throw new MigError('sqlite-parse', `No AS in: ${sql.slice(0, 80)}`);
}

function table(entry: TableEntry, lookup: (schema: string, name: string) => TableEntry | undefined): SchemaTable {
  const { parsed } = entry;
  const ref = (name: string): TableRef => (entry.schema === DEFAULT_SCHEMA ? { name } : { schema: entry.schema, name });
  const rows = [...entry.columns].sort((a, b) => Number(a.cid) - Number(b.cid));
  const pkRows = rows.filter((r) => Number(r.pk) > 0).sort((a, b) => Number(a.pk) - Number(b.pk));
  const withoutRowid = /\bWITHOUT\s+ROWID\b/i.test(parsed.options);
  // INTEGER PRIMARY KEY is the rowid: never NULL, whatever the pragma's notnull says.
  const rowidAlias = !withoutRowid && pkRows.length === 1 && str(pkRows[0].type).toUpperCase() === 'INTEGER' ? str(pkRows[0].name) : undefined;

  const checks: CheckDef[] = [];
  const uniqueNames: Array<{ name?: string; columns: string[] }> = [];
  const fkClauses: Array<{ name?: string; columns: string[]; table: string; deferrable?: string }> = [];
  let pkName: string | undefined;

  const columns: SchemaColumn[] = rows.map((r) => {
    const name = str(r.name);
    const col: SchemaColumn = { name, ...splitSqliteType(str(r.type ?? '')) };
    const def = parsed.columns.find((c) => lower(c.name) === lower(name));
    let autoincrement = false;
    for (const k of def?.constraints ?? []) {
      if (k.kind === 'check' && k.expression !== undefined) {
        const values = k.name === undefined ? enumValuesOf(k.expression, name) : undefined;
        if (values && col.enum === undefined) col.enum = values;
        else checks.push({ kind: 'check', ...(k.name !== undefined ? { name: k.name } : {}), expression: k.expression });
      } else if (k.kind === 'collate' && k.expression) {
        col.collation = k.expression;
      } else if (k.kind === 'primaryKey') {
        if (k.name !== undefined) pkName = k.name;
        if (k.autoincrement) autoincrement = true;
      } else if (k.kind === 'unique') {
        uniqueNames.push({ name: k.name, columns: [name] });
      } else if (k.kind === 'references' && k.references) {
        fkClauses.push({ name: k.name, columns: [name], table: k.references.table, deferrable: k.references.deferrable });
      }
    }
    col.nullable = Number(r.not_null) === 0 && name !== rowidAlias;
    const dflt = optStr(r.dflt_value);
    if (dflt !== undefined && dflt.toUpperCase() !== 'NULL') col.default = { sql: dflt };
    // table_xinfo's hidden: 2 a VIRTUAL generated column, 3 a STORED one; the expression is in the CREATE TABLE.
    const hidden = Number(r.hidden);
    const expression = def?.constraints.find((k) => k.kind === 'generated')?.expression;
    if ((hidden === 2 || hidden === 3) && expression !== undefined) {
      col.asExpression = expression;
      col.generatedType = hidden === 3 ? 'STORED' : 'VIRTUAL';
    }
    if (autoincrement) col.generated = 'increment';
    return col;
  });

  for (const k of parsed.constraints) {
    if (k.kind === 'primaryKey' && k.name !== undefined) pkName = k.name;
    else if (k.kind === 'unique') uniqueNames.push({ name: k.name, columns: k.columns ?? [] });
    else if (k.kind === 'check' && k.expression !== undefined) checks.push({ kind: 'check', ...(k.name !== undefined ? { name: k.name } : {}), expression: k.expression });
    else if (k.kind === 'foreignKey' && k.references) fkClauses.push({ name: k.name, columns: k.columns ?? [], table: k.references.table, deferrable: k.references.deferrable });
  }

  const primaryKey: PrimaryKeyDef | undefined = pkRows.length
    ? { kind: 'primaryKey', ...(pkName !== undefined ? { name: pkName } : {}), columns: pkRows.map((r) => str(r.name)) }
    : undefined;

  const uniques: UniqueDef[] = [];
  const indexes: IndexDef[] = [];
  const usedUniqueNames = new Set<number>();
  for (const [indexName, index] of entry.indexes) {
    const keyRows = [...index.rows].sort((a, b) => Number(a.seqno) - Number(b.seqno));
    const origin = str(keyRows[0].origin);
    if (origin === 'pk') continue;
    if (origin === 'u') {
      // An autoindex: the UNIQUE constraint is what the table says; its name is in the text.
      const cols = keyRows.map((r) => str(r.column_name));
      const i = uniqueNames.findIndex((u, n) => !usedUniqueNames.has(n) && sameNames(u.columns, cols));
      if (i >= 0) usedUniqueNames.add(i);
      const name = i >= 0 ? uniqueNames[i].name : undefined;
      uniques.push({ kind: 'unique', ...(name !== undefined ? { name } : {}), columns: cols });
      continue;
    }
    const text = index.sql ? parseIndexOrThrow(index.sql, indexName) : { keys: [] as string[] };
    const cols = keyRows.map((r, i) => {
      const desc = Number(r.descending) === 1;
      const cid = Number(r.cid);
      if (cid >= 0) return desc ? `${quoteIdentifier(str(r.column_name))} DESC` : str(r.column_name);
      const base = cid === -1 ? 'rowid' : (text.keys[i] ?? '');
      return desc ? `${base} DESC` : base;
    });
    const def: IndexDef = { name: indexName, columns: cols, unique: Number(keyRows[0].is_unique) === 1 };
    if (Number(keyRows[0].partial) === 1 && text.where !== undefined) def.where = text.where;
    indexes.push(def);
  }

  const foreignKeys: ForeignKeyDef[] = [];
  const usedClauses = new Set<number>();
  for (const fkRowsOfOne of entry.fks.values()) {
    const parts = [...fkRowsOfOne].sort((a, b) => Number(a.seq) - Number(b.seq));
    const refTableWritten = str(parts[0].ref_table);
    const parent = lookup(entry.schema, refTableWritten);
    const refName = parent?.name ?? refTableWritten;
    const cols = parts.map((r) => str(r.from_column));
    let refCols = parts.map((r) => optStr(r.to_column));
    if (refCols.some((c) => c === undefined)) {
      // REFERENCES parent without columns: the parent's primary key.
      const parentPk = (parent?.columns ?? []).filter((r) => Number(r.pk) > 0).sort((a, b) => Number(a.pk) - Number(b.pk));
      refCols = parentPk.map((r) => str(r.name));
    }
    const i = fkClauses.findIndex((c, n) => !usedClauses.has(n) && sameNames(c.columns, cols) && lower(c.table) === lower(refTableWritten));
    if (i >= 0) usedClauses.add(i);
    const clause = i >= 0 ? fkClauses[i] : undefined;
    const fk: ForeignKeyDef = {
      kind: 'foreignKey',
      ...(clause?.name !== undefined ? { name: clause.name } : {}),
      columns: cols,
      referencedTable: ref(refName),
      referencedColumns: refCols as string[],
    };
    const onDelete = action(parts[0].on_delete);
    const onUpdate = action(parts[0].on_update);
    if (onDelete) fk.onDelete = onDelete;
    if (onUpdate) fk.onUpdate = onUpdate;
    if (clause?.deferrable === 'INITIALLY DEFERRED' || clause?.deferrable === 'INITIALLY IMMEDIATE') fk.deferrable = clause.deferrable;
    foreignKeys.push(fk);
  }

  return {
    ...ref(entry.name),
    columns,
    ...(primaryKey ? { primaryKey } : {}),
    uniques: sortNamed(uniques, (u) => u.columns.join(',')),
    foreignKeys: sortNamed(foreignKeys, (f) => `${f.columns.join(',')}>${f.referencedTable.name}`),
    checks: sortNamed(checks, (c) => c.expression),
    indexes: indexes.sort((a, b) => byText(a.name, b.name)),
  };
}

function parseIndexOrThrow(sql: string, name: string): IndexText {
  try {
    return parseCreateIndex(sql);
  } catch (err) {
    throw new MigError('sqlite-parse', `Cannot read the definition of index ${name}: ${(err as Error).message}`, { cause: err });
  }
}
