/**
 * PostgreSQL introspection: the live database as a SchemaModel, from pg_catalog.
 *
 * A fixed set of queries (at most ten), whatever the number of tables, views, columns, enum and
 * array columns: the current schema, the tables, the views, then the columns, constraints,
 * indexes and enum types of all those tables at once (table oids passed as one array parameter),
 * what the views read (pg_depend), and TypeORM's typeorm_metadata rows when the table exists.
 * The queries run one after another on the caller's connection, never concurrently.
 *
 * A view's definition and a generated column's expression are the text typeorm_metadata records,
 * when it records them: what TypeORM compares (the catalog's text is deparsed).
 *
 * Values are the catalog's: a type as format_type() names it (split into name and parameters),
 * a default as pg_get_expr() prints it, a check or an index expression as the server deparses it.
 * Making them compare equal to TypeORM's spelling is the comparer's job.
 */
import type { CheckDef, ColumnType, Deferrable, ExclusionDef, ForeignKeyDef, IndexDef, ReferentialAction, TableRef, UniqueDef } from '../../operations/ops';
import type { SchemaColumn, SchemaEnum, SchemaModel, SchemaTable, SchemaView } from '../../schema/model';
import { quoteIdentifier } from '../sql';
import type { Queryable } from '../types';

export interface IntrospectOptions {
  /** The schemas to read; default: `current_schema()`. */
  schemas?: string[];
  /** Without `schemas`: read these too, besides `current_schema()`. */
  extraSchemas?: string[];
  /** Tables to leave out (the version table); a ref without schema means the current schema. */
  exclude?: TableRef[];
  /**
   * TypeORM's own tables, left out in every schema read (default: its default names, `migrations`
   * and `typeorm_metadata`). Autogenerate passes `[]` and gives the configured names in `exclude`.
   */
  typeormTables?: string[];
  /**
   * TypeORM's typeorm_metadata table, read (when it exists) for the view definitions and
   * generated-column expressions TypeORM compares (default: `typeorm_metadata` in the current schema).
   */
  metadataTable?: TableRef;
}

/** TypeORM's own bookkeeping tables under their default names: never part of the user's schema. */
const TYPEORM_TABLES = ['migrations', 'typeorm_metadata'];

// The installed extensions come with it (one query fewer).
const CURRENT_SCHEMA_SQL = `SELECT current_schema() AS current_schema,
  (SELECT json_agg(extname::text ORDER BY extname) FROM pg_catalog.pg_extension)::text AS extensions`;

const TABLES_SQL = `
SELECT c.oid::text AS oid, n.nspname AS schema, c.relname AS name, d.description AS comment
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_description d
  ON d.objoid = c.oid AND d.classoid = 'pg_catalog.pg_class'::regclass AND d.objsubid = 0
WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND n.nspname = ANY($1::text[])
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = 'pg_catalog.pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')`;

const COLUMNS_SQL = `
SELECT a.attrelid::text AS table_oid, a.attnum, a.attname AS name,
  pg_catalog.format_type(a.atttypid, a.atttypmod) AS type_text,
  a.attnotnull AS not_null, a.attidentity AS identity, a.attgenerated AS generated,
  pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) AS default_sql,
  d.description AS comment,
  CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN co.collname END AS collation,
  et.oid::text AS enum_oid, en.nspname AS enum_schema, et.typname AS enum_name,
  EXISTS (
    SELECT 1 FROM pg_catalog.pg_depend dep
    JOIN pg_catalog.pg_class s ON s.oid = dep.objid AND s.relkind = 'S'
    WHERE dep.classid = 'pg_catalog.pg_class'::regclass AND dep.refclassid = 'pg_catalog.pg_class'::regclass
      AND dep.refobjid = a.attrelid AND dep.refobjsubid = a.attnum AND dep.deptype = 'a'
  ) AS owns_sequence
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_catalog.pg_type et ON et.oid = CASE WHEN t.typcategory = 'A' THEN t.typelem ELSE t.oid END AND et.typtype = 'e'
LEFT JOIN pg_catalog.pg_namespace en ON en.oid = et.typnamespace
LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation
LEFT JOIN pg_catalog.pg_description d
  ON d.objoid = a.attrelid AND d.classoid = 'pg_catalog.pg_class'::regclass AND d.objsubid = a.attnum
WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum`;

const CONSTRAINTS_SQL = `
SELECT con.conrelid::text AS table_oid, con.conname AS name, con.contype AS type,
  to_json(con.conkey)::text AS attnums,
  CASE WHEN con.contype = 'f' THEN to_json(ARRAY(
    SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(attnum, i)
    JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.i
  ))::text END AS ref_columns,
  rn.nspname AS ref_schema, rc.relname AS ref_table,
  con.confupdtype AS on_update, con.confdeltype AS on_delete,
  con.condeferrable AS deferrable, con.condeferred AS deferred,
  CASE WHEN con.contype IN ('c', 'x') THEN pg_catalog.pg_get_constraintdef(con.oid, true) END AS definition
FROM pg_catalog.pg_constraint con
LEFT JOIN pg_catalog.pg_class rc ON rc.oid = con.confrelid
LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
WHERE con.conrelid = ANY($1::oid[]) AND con.contype IN ('p', 'u', 'f', 'c', 'x')`;

// Indexes that back a primary key, unique or exclusion constraint are the constraint's, not listed.
const INDEXES_SQL = `
SELECT i.indrelid::text AS table_oid, ic.relname AS name, i.indisunique AS is_unique,
  pg_catalog.pg_get_expr(i.indpred, i.indrelid, true) AS predicate,
  (SELECT am.amname FROM pg_catalog.pg_am am WHERE am.oid = ic.relam) AS method,
  (SELECT json_agg(json_build_array(pg_catalog.pg_get_indexdef(i.indexrelid, k, true), i.indkey[k - 1], i.indoption[k - 1]) ORDER BY k)
   FROM generate_series(1, i.indnkeyatts) k)::text AS keys
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
WHERE i.indrelid = ANY($1::oid[])
  AND NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_constraint con
    WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x')
  )`;

// Views and materialized views, but not those an extension owns (PostGIS's geometry_columns, ...).
const VIEWS_SQL = `
SELECT c.oid::text AS oid, n.nspname AS schema, c.relname AS name, c.relkind = 'm' AS materialized,
  pg_catalog.pg_get_viewdef(c.oid) AS definition
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('v', 'm') AND n.nspname = ANY($1::text[])
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = 'pg_catalog.pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')`;

// What each view's query reads: relations, and their columns (refobjsubid) where it names them.
const VIEW_DEPENDENCIES_SQL = `
SELECT DISTINCT r.ev_class::text AS view_oid, n.nspname AS schema, c.relname AS name, a.attname AS column_name
FROM pg_catalog.pg_rewrite r
JOIN pg_catalog.pg_depend d
  ON d.classid = 'pg_catalog.pg_rewrite'::regclass AND d.objid = r.oid AND d.refclassid = 'pg_catalog.pg_class'::regclass
JOIN pg_catalog.pg_class c ON c.oid = d.refobjid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid AND d.refobjsubid > 0
WHERE r.ev_class = ANY($1::oid[]) AND d.refobjid <> r.ev_class`;

// TypeORM's table: one of that name with the columns mig reads (a user's table of that name is not it).
const METADATA_EXISTS_SQL = `
SELECT count(*) = 5 AS present FROM pg_catalog.pg_attribute
WHERE attrelid = to_regclass($1) AND attname IN ('type', 'schema', 'table', 'name', 'value') AND NOT attisdropped`;

/** TypeORM's rows for views and generated columns (a column's as TypeORM reads them: of this database). */
const METADATA_SQL = (table: string) => `
SELECT "type", "schema", "table", "name", "value" FROM ${table}
WHERE "type" IN ('VIEW', 'MATERIALIZED_VIEW') OR ("type" = 'GENERATED_COLUMN' AND coalesce("database", current_database()) = current_database())`;

// Every enum type of the schemas (listed in the model, unless an extension owns it), and those the
// columns use from elsewhere.
const ENUMS_SQL = `
SELECT t.oid::text AS oid, n.nspname AS schema, t.typname AS name,
  n.nspname = ANY($1::text[])
    AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = 'pg_catalog.pg_type'::regclass AND e.objid = t.oid AND e.deptype = 'e') AS listed,
  (SELECT json_agg(e.enumlabel ORDER BY e.enumsortorder) FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid)::text AS labels
FROM pg_catalog.pg_type t
JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
WHERE t.typtype = 'e' AND (n.nspname = ANY($1::text[]) OR t.oid = ANY($2::oid[]))`;

type Row = Record<string, unknown>;

const str = (v: unknown): string => String(v);
const optStr = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : String(v));
const bool = (v: unknown): boolean => v === true || v === 't' || v === 'true' || v === 1;

/** A JSON array sent as text (independent of the driver's array parsing). */
function jsonList<T>(v: unknown): T[] {
  if (v === null || v === undefined) return [];
  if (Array.isArray(v)) return v as T[];
  return JSON.parse(String(v)) as T[];
}

/** Code-unit order: the same everywhere, unlike localeCompare. */
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

const PRECISION_TYPES = /^(numeric|decimal|time|timestamp|interval)\b/;

/**
 * A type as format_type() prints it, split: `character varying(200)` -> { type: 'character
 * varying', length: 200 }; `numeric(10,2)` -> precision 10, scale 2; `timestamp(3) with time
 * zone` -> { type: 'timestamp with time zone', precision: 3 }; `integer[]` -> array.
 */
export function splitPgType(text: string): ColumnType {
  let rest = text.trim();
  let array = false;
  if (/\[\]$/.test(rest)) {
    array = true;
    rest = rest.replace(/(\[\])+$/, '');
  }
  const out: ColumnType = { type: rest };
  const m = rest.includes('"') ? null : /^([^()]*?)\s*\(\s*(\d+)\s*(?:,\s*(-?\d+)\s*)?\)(.*)$/.exec(rest);
  if (m) {
    out.type = `${m[1]}${m[4]}`.trim().replace(/\s+/g, ' ');
    const first = Number(m[2]);
    if (m[3] !== undefined) {
      out.precision = first;
      out.scale = Number(m[3]);
    } else if (PRECISION_TYPES.test(out.type)) {
      out.precision = first;
    } else {
      out.length = first;
    }
  }
  if (array) out.array = true;
  return out;
}

const ACTIONS: Record<string, ReferentialAction> = {
  a: 'NO ACTION',
  r: 'RESTRICT',
  c: 'CASCADE',
  n: 'SET NULL',
  d: 'SET DEFAULT',
};

/** `CHECK (expr) NOT VALID` -> `expr`. */
function checkExpression(definition: string): string {
  let text = definition.trim();
  for (;;) {
    const stripped = text.replace(/\s+(NOT VALID|NO INHERIT)$/i, '');
    if (stripped === text) break;
    text = stripped;
  }
  const m = /^CHECK\s*\(([\s\S]*)\)$/i.exec(text);
  return m ? m[1].trim() : text;
}

const SERIAL_DEFAULT = /^nextval\('(?:[^']|'')+'::regclass\)$/;

export async function introspect(db: Queryable, options: IntrospectOptions = {}): Promise<SchemaModel> {
  const [current] = await db.query(CURRENT_SCHEMA_SQL);
  const defaultSchema = optStr(current?.current_schema) ?? 'public';
  const extensions = jsonList<string>(current?.extensions).filter((e) => e !== 'plpgsql');
  const schemas = options.schemas?.length ? [...new Set(options.schemas)] : [...new Set([defaultSchema, ...(options.extraSchemas ?? [])])];
  // The metadata table is TypeORM's: never part of the user's schema.
  const excluded = new Set([...(options.exclude ?? []), ...(options.metadataTable ? [options.metadataTable] : [])].map((t) => `${t.schema ?? defaultSchema}\0${t.name}`));
  const ref = (schema: string, name: string): TableRef => (schema === defaultSchema ? { name } : { schema, name });
  const typeormTables = new Set(options.typeormTables ?? TYPEORM_TABLES);

  const tables = new Map<string, { schema: string; table: SchemaTable; attnames: Map<number, string> }>();
  for (const r of await db.query(TABLES_SQL, [schemas])) {
    const schema = str(r.schema);
    const name = str(r.name);
    if (typeormTables.has(name) || excluded.has(`${schema}\0${name}`)) continue;
    const table: SchemaTable = { ...ref(schema, name), columns: [], uniques: [], foreignKeys: [], checks: [], indexes: [] };
    const comment = optStr(r.comment);
    if (comment !== undefined) table.comment = comment;
    tables.set(str(r.oid), { schema, table, attnames: new Map() });
  }
  const oids = [...tables.keys()];

  const views = new Map<string, { schema: string; view: SchemaView; attnames: Map<number, string> }>();
  for (const r of await db.query(VIEWS_SQL, [schemas])) {
    const schema = str(r.schema);
    const name = str(r.name);
    if (excluded.has(`${schema}\0${name}`)) continue;
    const view: SchemaView = { ...ref(schema, name), definition: viewText(str(r.definition)), indexes: [] };
    if (bool(r.materialized)) view.materialized = true;
    views.set(str(r.oid), { schema, view, attnames: new Map() });
  }
  const viewOids = [...views.keys()];
  const materializedOids = viewOids.filter((o) => views.get(o)!.view.materialized);

  // A materialized view's column names, for its indexes' keys.
  const columnRows = await db.query(COLUMNS_SQL, [[...oids, ...materializedOids]]);
  const constraintRows = await db.query(CONSTRAINTS_SQL, [oids]);
  const indexRows = await db.query(INDEXES_SQL, [[...oids, ...materializedOids]]);
  const dependencyRows = viewOids.length ? await db.query(VIEW_DEPENDENCIES_SQL, [viewOids]) : [];
  const metadata = await readMetadata(db, options.metadataTable ?? { name: 'typeorm_metadata' });
  const enumOids = [...new Set(columnRows.map((r) => optStr(r.enum_oid)).filter((o): o is string => o !== undefined))];
  const enumRows = await db.query(ENUMS_SQL, [schemas, enumOids]);

  const enumValues = new Map<string, string[]>();
  const enums: SchemaEnum[] = [];
  for (const r of enumRows) {
    const values = jsonList<string>(r.labels);
    enumValues.set(str(r.oid), values);
    if (bool(r.listed)) enums.push({ ...(str(r.schema) === defaultSchema ? {} : { schema: str(r.schema) }), name: str(r.name), values });
  }

  for (const r of columnRows) {
    const viewEntry = views.get(str(r.table_oid));
    if (viewEntry) viewEntry.attnames.set(Number(r.attnum), str(r.name));
    const entry = tables.get(str(r.table_oid));
    if (!entry) continue;
    entry.attnames.set(Number(r.attnum), str(r.name));
    const col = column(r, entry.schema, enumValues);
    // The expression TypeORM compares is the one it recorded (the catalog's is deparsed).
    const recorded = col.asExpression !== undefined ? metadata.get(metadataKey('GENERATED_COLUMN', entry.schema, col.name, entry.table.name)) : undefined;
    if (recorded !== undefined) col.asExpression = recorded;
    entry.table.columns.push(col);
  }

  for (const r of constraintRows) {
    const entry = tables.get(str(r.table_oid));
    if (!entry) continue;
    const { table } = entry;
    const name = str(r.name);
    const columns = jsonList<number>(r.attnums).map((n) => entry.attnames.get(Number(n)) ?? String(n));
    switch (str(r.type)) {
      case 'p':
        table.primaryKey = { kind: 'primaryKey', name, columns };
        break;
      case 'u': {
        const unique: UniqueDef = { kind: 'unique', name, columns };
        const d = deferrable(r);
        if (d) unique.deferrable = d;
        table.uniques.push(unique);
        break;
      }
      case 'c':
        table.checks.push({ kind: 'check', name, expression: checkExpression(str(r.definition)) });
        break;
      case 'x': {
        const exclusion: ExclusionDef = { kind: 'exclusion', name, expression: exclusionExpression(str(r.definition)) };
        const d = deferrable(r);
        if (d) exclusion.deferrable = d;
        (table.exclusions ??= []).push(exclusion);
        break;
      }
      case 'f': {
        const fk: ForeignKeyDef = {
          kind: 'foreignKey',
          name,
          columns,
          referencedTable: ref(str(r.ref_schema), str(r.ref_table)),
          referencedColumns: jsonList<string>(r.ref_columns),
        };
        const onDelete = ACTIONS[str(r.on_delete)];
        const onUpdate = ACTIONS[str(r.on_update)];
        if (onDelete && onDelete !== 'NO ACTION') fk.onDelete = onDelete;
        if (onUpdate && onUpdate !== 'NO ACTION') fk.onUpdate = onUpdate;
        const d = deferrable(r);
        if (d) fk.deferrable = d;
        table.foreignKeys.push(fk);
        break;
      }
    }
  }

  for (const r of indexRows) {
    const entry = tables.get(str(r.table_oid)) ?? viewIndexTarget(views.get(str(r.table_oid)));
    if (!entry) continue;
    const columns = jsonList<[string, number, number]>(r.keys).map(([text, attnum, option]) => {
      const plain = Number(attnum) !== 0 ? entry.attnames.get(Number(attnum)) : undefined;
      return indexColumn(plain, text, Number(option));
    });
    const index: IndexDef = { name: str(r.name), columns, unique: bool(r.is_unique) };
    const where = optStr(r.predicate);
    if (where !== undefined) index.where = where;
    const method = optStr(r.method);
    if (method !== undefined && method !== 'btree') index.using = method;
    entry.table.indexes.push(index);
  }

  for (const r of dependencyRows) {
    const entry = views.get(str(r.view_oid));
    if (!entry) continue;
    const target = ref(str(r.schema), str(r.name));
    const list = (entry.view.dependsOn ??= []);
    let dep = list.find((d) => d.name === target.name && d.schema === target.schema);
    if (!dep) list.push((dep = { ...target, columns: [] }));
    const columnName = optStr(r.column_name);
    if (columnName !== undefined && !dep.columns!.includes(columnName)) dep.columns!.push(columnName);
  }
  for (const { schema, view } of views.values()) {
    const recorded = metadata.get(metadataKey(view.materialized ? 'MATERIALIZED_VIEW' : 'VIEW', schema, view.name)) ?? metadata.get(metadataKey(view.materialized ? 'VIEW' : 'MATERIALIZED_VIEW', schema, view.name));
    if (recorded !== undefined) {
      view.definition = recorded.trim();
      view.recorded = true;
    }
    view.indexes.sort((a, b) => byText(a.name, b.name));
    for (const d of view.dependsOn ?? []) d.columns!.sort(byText);
    view.dependsOn?.sort((a, b) => byText(a.schema ?? '', b.schema ?? '') || byText(a.name, b.name));
  }

  const out = [...tables.values()].map(({ table }) => finishTable(table));
  const key = (t: { schema?: string; name: string }) => [t.schema ?? '', t.name] as const;
  const order = (a: { schema?: string; name: string }, b: { schema?: string; name: string }) => {
    const [sa, na] = key(a);
    const [sb, nb] = key(b);
    return byText(sa, sb) || byText(na, nb);
  };
  const viewList = [...views.values()].map(({ view }) => view);
  // Views only where there are some: a model without them has none.
  return {
    dialect: 'postgres',
    tables: out.sort(order),
    enums: enums.sort(order),
    ...(viewList.length ? { views: viewList.sort(order) } : {}),
    ...(extensions.length ? { extensions } : {}),
  };
}

/** A constraint row's deferrability (condeferrable, condeferred). */
function deferrable(r: Row): Deferrable | undefined {
  if (!bool(r.deferrable)) return undefined;
  return bool(r.deferred) ? 'INITIALLY DEFERRED' : 'INITIALLY IMMEDIATE';
}

/** `EXCLUDE USING gist (...) DEFERRABLE INITIALLY DEFERRED` -> `USING gist (...)` (deferrability read apart). */
export function exclusionExpression(definition: string): string {
  return definition
    .trim()
    .replace(/^EXCLUDE\s+/i, '')
    .replace(/\s+DEFERRABLE(\s+INITIALLY\s+(DEFERRED|IMMEDIATE))?$/i, '')
    .replace(/\s+INITIALLY\s+(DEFERRED|IMMEDIATE)$/i, '')
    .trim();
}

/** pg_get_viewdef's text without its leading space and final semicolon. */
function viewText(definition: string): string {
  return definition.trim().replace(/;$/, '').trim();
}

/** A materialized view's index rows land in its indexes, with its column names. */
function viewIndexTarget(entry: { view: SchemaView; attnames: Map<number, string> } | undefined): { table: { indexes: IndexDef[] }; attnames: Map<number, string> } | undefined {
  return entry ? { table: entry.view, attnames: entry.attnames } : undefined;
}

const metadataKey = (type: string, schema: string, name: string, table?: string) => JSON.stringify([type, schema, table ?? null, name]);

/** typeorm_metadata's rows by type, schema, table and name (an empty map when there is no such table). */
async function readMetadata(db: Queryable, table: TableRef): Promise<Map<string, string>> {
  const qualified = table.schema ? `${quoteIdentifier(table.schema)}.${quoteIdentifier(table.name)}` : quoteIdentifier(table.name);
  const [exists] = await db.query(METADATA_EXISTS_SQL, [qualified]);
  const out = new Map<string, string>();
  if (!bool(exists?.present)) return out;
  for (const r of await db.query(METADATA_SQL(qualified))) {
    const key = metadataKey(str(r.type), str(r.schema), str(r.name), str(r.type) === 'GENERATED_COLUMN' ? str(r.table) : undefined);
    // TypeORM reads the first row of a key.
    if (!out.has(key) && r.value !== null && r.value !== undefined) out.set(key, str(r.value));
  }
  return out;
}

/** The table with its parts sorted and its keys in one order (stable JSON). */
function finishTable(t: SchemaTable): SchemaTable {
  return {
    ...(t.schema !== undefined ? { schema: t.schema } : {}),
    name: t.name,
    columns: t.columns,
    ...(t.primaryKey ? { primaryKey: t.primaryKey } : {}),
    uniques: sortNamed<UniqueDef>(t.uniques, (u) => u.columns.join(',')),
    foreignKeys: sortNamed<ForeignKeyDef>(t.foreignKeys, (f) => `${f.columns.join(',')}>${f.referencedTable.schema ?? ''}.${f.referencedTable.name}`),
    checks: sortNamed<CheckDef>(t.checks, (c) => c.expression),
    ...(t.exclusions?.length ? { exclusions: sortNamed<ExclusionDef>(t.exclusions, (c) => c.expression) } : {}),
    indexes: t.indexes.sort((a, b) => byText(a.name, b.name)),
    ...(t.comment !== undefined ? { comment: t.comment } : {}),
  };
}

function column(r: Row, tableSchema: string, enumValues: Map<string, string[]>): SchemaColumn {
  const parsed = splitPgType(str(r.type_text));
  const enumOid = optStr(r.enum_oid);
  const col: SchemaColumn = { name: str(r.name), type: parsed.type };
  if (enumOid !== undefined) {
    col.type = 'enum';
    if (parsed.array) col.array = true;
    col.enum = enumValues.get(enumOid) ?? [];
    col.enumName = str(r.enum_name);
    if (str(r.enum_schema) !== tableSchema) col.enumSchema = str(r.enum_schema);
  } else {
    for (const k of ['length', 'precision', 'scale', 'array'] as const) {
      if (parsed[k] !== undefined) (col as unknown as Row)[k] = parsed[k];
    }
  }
  col.nullable = !bool(r.not_null);
  const identity = optStr(r.identity) ?? '';
  const generated = optStr(r.generated) ?? '';
  const defaultSql = optStr(r.default_sql);
  if (identity === 'a' || identity === 'd') {
    col.generated = 'identity';
    if (identity === 'a') col.generatedIdentity = 'ALWAYS';
  } else if (defaultSql !== undefined && (generated === 's' || generated === 'v')) {
    // A generated column: pg_attrdef holds its expression, as the server deparses it.
    col.asExpression = defaultSql;
    col.generatedType = generated === 's' ? 'STORED' : 'VIRTUAL';
  } else if (defaultSql !== undefined && generated === '') {
    // A serial: nextval() of the sequence the column owns. Any other default stays raw SQL.
    if (SERIAL_DEFAULT.test(defaultSql) && bool(r.owns_sequence)) col.generated = 'increment';
    else col.default = { sql: defaultSql };
  }
  const comment = optStr(r.comment);
  if (comment !== undefined) col.comment = comment;
  const collation = optStr(r.collation);
  if (collation !== undefined) col.collation = collation;
  return col;
}

/**
 * One key of an index: the column name (`plain`), or the expression as the server prints it,
 * with a non-default order appended (`"name" DESC`, `lower(email) NULLS FIRST`).
 */
function indexColumn(plain: string | undefined, text: string, option: number): string {
  const desc = (option & 1) !== 0;
  const nullsFirst = (option & 2) !== 0;
  const suffix = `${desc ? ' DESC' : ''}${nullsFirst && !desc ? ' NULLS FIRST' : ''}${!nullsFirst && desc ? ' NULLS LAST' : ''}`;
  if (plain !== undefined) return suffix ? `${quoteIdentifier(plain)}${suffix}` : plain;
  return `${text}${suffix}`;
}
