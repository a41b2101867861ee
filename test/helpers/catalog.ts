/**
 * The database catalog as a list of facts, one readable line each, and the difference of two
 * catalogs: for comparing a database `mig upgrade` built with one TypeORM's synchronize built
 * from the same entities. It reads the catalog itself (pg_catalog; sqlite_master and pragmas),
 * not through mig's introspection, so that it can catch what that introspection misses.
 *
 * PostgreSQL: schemas, tables and their comments, columns (type as format_type gives it,
 * NOT NULL, default expression, identity, generated expression, comment), sequences, every
 * constraint by name with pg_get_constraintdef (primary key, unique, check, foreign key with its
 * actions and deferrability, exclusion), every index by name with pg_get_indexdef (method,
 * columns, predicate), views and materialized views with pg_get_viewdef, extensions, enum types
 * with their labels in order, and the rows of TypeORM's typeorm_metadata table.
 * SQLite: per table the columns from pragma table_xinfo (type, NOT NULL, default, key position,
 * hidden/generated), the table-level clauses of its CREATE TABLE (constraint names, checks,
 * deferrability; whitespace and quoting normalized), the column definitions' extra clauses
 * (AUTOINCREMENT, inline UNIQUE/CHECK, COLLATE, generated expressions), indexes from
 * pragma index_list/index_xinfo (origin, uniqueness, columns, partial predicate), foreign keys
 * from pragma foreign_key_list, views and triggers by their normalized SQL, typeorm_metadata rows.
 * MySQL / MariaDB (information_schema of the current database): tables with engine, collation
 * and comment, columns (COLUMN_TYPE, NOT NULL, default, EXTRA, collation, comment, generation
 * expression), every index by name from STATISTICS (uniqueness, type, key parts with prefix
 * length and order), constraints by name and type, foreign keys with their rules, check clauses,
 * views with their definition, triggers, typeorm_metadata rows.
 *
 * Left out, because they legitimately differ between the two databases: mig's version table and
 * applied-revision log (`mig_version`, `mig_log`, or the names given) and TypeORM's migrations table (`migrations`, or the name
 * given) — one tool's bookkeeping the other does not have — with everything attached to them
 * (their keys, sequences). Column order is not compared (a fact per column, sorted): it does not
 * change what the schema accepts.
 */
import { expect } from 'chai';
import type { TestDb } from './databases';

export interface CatalogOptions {
  /** Bookkeeping tables left out (default: mig_version, mig_log and migrations). */
  ignoreTables?: string[];
}

const DEFAULT_IGNORED = ['mig_version', 'mig_log', 'migrations'];

type Row = Record<string, unknown>;
const s = (v: unknown) => (v === null || v === undefined ? 'null' : String(v));

async function postgresCatalog(db: TestDb, ignored: Set<string>): Promise<string[]> {
  const out: string[] = [];
  const userSchemas = `n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND n.nspname NOT LIKE 'pg_temp_%' AND n.nspname NOT LIKE 'pg_toast_temp_%'`;
  const skip = (table: unknown) => ignored.has(String(table));

  for (const r of await db.query(`SELECT n.nspname AS name FROM pg_namespace n WHERE ${userSchemas}`)) out.push(`schema ${s(r.name)}`);
  for (const r of await db.query(`SELECT extname, n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE extname <> 'plpgsql'`)) {
    out.push(`extension ${s(r.extname)} in ${s(r.schema)}`);
  }
  const enums = await db.query(`
    SELECT n.nspname AS schema, t.typname AS name, string_agg(e.enumlabel, ', ' ORDER BY e.enumsortorder) AS labels
    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid
    WHERE ${userSchemas} GROUP BY n.nspname, t.typname`);
  for (const r of enums) out.push(`enum ${s(r.schema)}.${s(r.name)} (${s(r.labels)})`);

  const relations = await db.query(`
    SELECT c.oid, n.nspname AS schema, c.relname AS name, c.relkind AS kind, obj_description(c.oid, 'pg_class') AS comment,
           CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END AS definition
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE ${userSchemas} AND c.relkind IN ('r', 'p', 'v', 'm', 'f')`);
  const kinds: Record<string, string> = { r: 'table', p: 'partitioned table', v: 'view', m: 'materialized view', f: 'foreign table' };
  const kept = new Set<string>();
  for (const r of relations) {
    if (skip(r.name)) continue;
    kept.add(String(r.oid));
    const what = `${kinds[String(r.kind)]} ${s(r.schema)}.${s(r.name)}`;
    out.push(what);
    if (r.comment !== null) out.push(`${what} comment ${JSON.stringify(r.comment)}`);
    if (r.definition !== null && r.definition !== undefined) out.push(`${what} definition ${normalizeSpace(String(r.definition))}`);
  }
  const keptRel = (oid: unknown) => kept.has(String(oid));

  const columns = await db.query(`
    SELECT a.attrelid AS rel, n.nspname AS schema, c.relname AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
           a.attnotnull AS notnull, pg_get_expr(d.adbin, d.adrelid) AS expr, a.attidentity AS identity, a.attgenerated AS generated,
           col_description(a.attrelid, a.attnum) AS comment, co.collname AS collation
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    LEFT JOIN pg_collation co ON co.oid = a.attcollation AND a.attcollation <> (SELECT oid FROM pg_collation WHERE collname = 'default' LIMIT 1)
    WHERE a.attnum > 0 AND NOT a.attisdropped AND ${userSchemas}`);
  for (const r of columns) {
    if (!keptRel(r.rel)) continue;
    const parts = [s(r.type)];
    if (r.notnull) parts.push('NOT NULL');
    if (r.identity) parts.push(`identity ${r.identity === 'a' ? 'ALWAYS' : 'BY DEFAULT'}`);
    if (r.generated) parts.push(`generated ${r.generated === 's' ? 'STORED' : 'VIRTUAL'} AS ${s(r.expr)}`);
    else if (r.expr !== null) parts.push(`default ${s(r.expr)}`);
    if (r.collation) parts.push(`collate ${s(r.collation)}`);
    if (r.comment !== null) parts.push(`comment ${JSON.stringify(r.comment)}`);
    out.push(`column ${s(r.schema)}.${s(r.table)}.${s(r.name)}: ${parts.join(' ')}`);
  }

  const sequences = await db.query(`
    SELECT n.nspname AS schema, c.relname AS name, format_type(q.seqtypid, NULL) AS type, q.seqstart AS start, q.seqincrement AS inc,
           owner.relname AS owner_table, owner.oid AS owner_oid, a.attname AS owner_column
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_sequence q ON q.seqrelid = c.oid
    LEFT JOIN pg_depend dep ON dep.objid = c.oid AND dep.classid = 'pg_class'::regclass AND dep.refclassid = 'pg_class'::regclass AND dep.deptype IN ('a', 'i')
    LEFT JOIN pg_class owner ON owner.oid = dep.refobjid
    LEFT JOIN pg_attribute a ON a.attrelid = dep.refobjid AND a.attnum = dep.refobjsubid
    WHERE c.relkind = 'S' AND ${userSchemas}`);
  for (const r of sequences) {
    if (r.owner_table !== null && !keptRel(r.owner_oid)) continue;
    const owner = r.owner_table === null ? '' : ` owned by ${s(r.owner_table)}.${s(r.owner_column)}`;
    out.push(`sequence ${s(r.schema)}.${s(r.name)} ${s(r.type)} start ${s(r.start)} increment ${s(r.inc)}${owner}`);
  }

  const constraints = await db.query(`
    SELECT con.conrelid AS rel, n.nspname AS schema, c.relname AS table, con.conname AS name, pg_get_constraintdef(con.oid) AS def
    FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE con.contype IN ('p', 'u', 'c', 'f', 'x') AND ${userSchemas}`);
  for (const r of constraints) {
    if (!keptRel(r.rel)) continue;
    out.push(`constraint ${s(r.schema)}.${s(r.table)} ${s(r.name)}: ${s(r.def)}`);
  }
  // Indexes, including those behind constraints (their definition shows the method too).
  const indexes = await db.query(`
    SELECT i.indrelid AS rel, n.nspname AS schema, ic.relname AS name, pg_get_indexdef(i.indexrelid) AS def, obj_description(ic.oid, 'pg_class') AS comment
    FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_namespace n ON n.oid = ic.relnamespace
    WHERE ${userSchemas}`);
  for (const r of indexes) {
    if (!keptRel(r.rel)) continue;
    out.push(`index ${s(r.schema)}.${s(r.name)}: ${s(r.def)}${r.comment === null ? '' : ` comment ${JSON.stringify(r.comment)}`}`);
  }
  const triggers = await db.query(`
    SELECT t.tgrelid AS rel, t.tgname AS name, pg_get_triggerdef(t.oid) AS def FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT t.tgisinternal AND ${userSchemas}`);
  for (const r of triggers) if (keptRel(r.rel)) out.push(`trigger ${s(r.name)}: ${s(r.def)}`);

  out.push(...(await typeormMetadataRows(db, relations.some((r) => r.name === 'typeorm_metadata' && r.schema === 'public') ? '"typeorm_metadata"' : null)));
  return out;
}

async function typeormMetadataRows(db: TestDb, table: string | null): Promise<string[]> {
  if (!table) return [];
  const rows = await db.query(`SELECT * FROM ${table}`);
  return rows.map((r) => `typeorm_metadata row ${JSON.stringify(Object.fromEntries(Object.keys(r).sort().map((k) => [k, r[k]])))}`);
}

function normalizeSpace(sql: string): string {
  return sql.replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')').replace(/ ,/g, ',').trim().replace(/;$/, '');
}

/**
 * SQL text compared by its tokens: identifiers' quotes made uniform ("x", `x`, [x] -> "x"),
 * whitespace kept only where it separates two words, string literals untouched — TypeORM writes
 * `CHECK("a" IN ('x','y'))` where mig writes `CHECK ("a" IN ('x', 'y'))`, the same clause.
 */
function normalizeSql(sql: string): string {
  let out = '';
  let pendingSpace = false;
  const word = (ch: string | undefined) => ch !== undefined && /[\w$'"]/.test(ch);
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i];
    if (/\s/.test(ch)) {
      pendingSpace = true;
      continue;
    }
    if (pendingSpace && word(out[out.length - 1]) && word(ch)) out += ' ';
    pendingSpace = false;
    const close = ch === "'" ? "'" : ch === '"' ? '"' : ch === '`' ? '`' : ch === '[' ? ']' : null;
    if (close) {
      let j = i + 1;
      while (j < sql.length && !(sql[j] === close && sql[j + 1] !== close)) j += sql[j] === close ? 2 : 1;
      const body = sql.slice(i + 1, j);
      out += ch === "'" ? `'${body}'` : `"${body}"`;
      i = j;
      continue;
    }
    out += ch;
  }
  return out.replace(/;$/, '');
}

/** The top-level, comma-separated items of a CREATE TABLE's parenthesized body. */
function tableItems(sql: string): string[] {
  const open = sql.indexOf('(');
  const items: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = open + 1;
  for (let i = open; i < sql.length; i++) {
    const ch = sql[i];
    if (quote) {
      if (ch === quote) quote = null;
      continue;
    }
    if (ch === "'" || ch === '"' || ch === '`') quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') {
      depth--;
      if (depth === 0) {
        items.push(sql.slice(start, i));
        break;
      }
    } else if (ch === ',' && depth === 1) {
      items.push(sql.slice(start, i));
      start = i + 1;
    }
  }
  return items.map((x) => normalizeSql(x)).filter(Boolean);
}

/**
 * The clauses of a column definition pragma table_xinfo does not show: AUTOINCREMENT, UNIQUE,
 * CHECK (...), COLLATE x, REFERENCES ..., AS (...) / GENERATED ALWAYS AS (...), CONSTRAINT x.
 * (Its type, NOT NULL, DEFAULT and PRIMARY KEY are the pragma's.)
 */
function columnClauses(definition: string): string[] {
  const out: string[] = [];
  const blanked = definition.replace(/'(?:[^']|'')*'/g, (x) => ' '.repeat(x.length));
  /** The parenthesized text starting at the first ( from `from`, and where it ends. */
  const balanced = (from: number): [string, number] => {
    const open = blanked.indexOf('(', from);
    let depth = 0;
    for (let i = open; i >= 0 && i < blanked.length; i++) {
      if (blanked[i] === '(') depth++;
      else if (blanked[i] === ')' && --depth === 0) return [definition.slice(open, i + 1), i + 1];
    }
    return [definition.slice(open), definition.length];
  };
  const re = /\b(AUTOINCREMENT|UNIQUE|CHECK|COLLATE\s*\S+|REFERENCES\s*"[^"]*"\s*(?:\([^)]*\))?|AS|CONSTRAINT\s*"[^"]*"|STORED|VIRTUAL)(?![\w$])/gi;
  for (let m = re.exec(blanked); m; m = re.exec(blanked)) {
    const keyword = m[1].toUpperCase();
    if (keyword === 'CHECK' || keyword === 'AS') {
      const [body, end] = balanced(m.index + m[0].length);
      out.push(`${keyword}${body}`);
      re.lastIndex = end;
    } else out.push(m[1]);
  }
  return out;
}

const TABLE_CLAUSE = /^(CONSTRAINT|PRIMARY\s+KEY|UNIQUE|CHECK|FOREIGN\s+KEY)\b/i;

async function sqliteCatalog(db: TestDb, ignored: Set<string>): Promise<string[]> {
  const out: string[] = [];
  const master = await db.query<{ type: string; name: string; tbl_name: string; sql: string | null }>(`SELECT type, name, tbl_name, sql FROM sqlite_master`);
  const tables = master.filter((m) => m.type === 'table' && !m.name.startsWith('sqlite_') && !ignored.has(m.name));
  for (const m of master) {
    if (m.type === 'view') out.push(`view ${m.name} definition ${normalizeSql(m.sql ?? '')}`);
    if (m.type === 'trigger' && !ignored.has(m.tbl_name)) out.push(`trigger ${m.name}: ${normalizeSql(m.sql ?? '')}`);
  }
  for (const t of tables) {
    const q = `"${t.name.replace(/"/g, '""')}"`;
    out.push(`table ${t.name}`);
    const items = tableItems(t.sql ?? '');
    const columnNames = new Set<string>();
    for (const c of await db.query(`PRAGMA table_xinfo(${q})`)) {
      columnNames.add(String(c.name));
      const hidden = Number(c.hidden);
      const parts = [s(c.type) || '(no type)'];
      if (Number(c.notnull)) parts.push('NOT NULL');
      if (c.dflt_value !== null) parts.push(`default ${s(c.dflt_value)}`);
      if (Number(c.pk)) parts.push(`primary key #${s(c.pk)}`);
      if (hidden) parts.push(hidden === 2 ? 'generated VIRTUAL' : hidden === 3 ? 'generated STORED' : 'hidden');
      out.push(`column ${t.name}.${s(c.name)}: ${parts.join(' ')}`);
    }
    for (const item of items) {
      if (TABLE_CLAUSE.test(item)) {
        // NO ACTION is what an unspecified action is (pragma foreign_key_list shows the actions).
        out.push(`clause ${t.name}: ${item.replace(/\s?ON (DELETE|UPDATE) NO ACTION(?![\w$])/gi, '')}`);
        continue;
      }
      // A column definition: what the pragma does not show (AUTOINCREMENT, inline constraints, COLLATE, AS (...)).
      const name = item.match(/^"((?:[^"]|"")*)"|^(\S+)/);
      const column = name ? (name[1] ?? name[2]).replace(/""/g, '"') : item;
      const rest = item.slice(name ? name[0].length : 0);
      for (const clause of columnClauses(rest)) out.push(`column ${t.name}.${column} clause: ${clause}`);
      if (!columnNames.has(column)) out.push(`unparsed item ${t.name}: ${item}`);
    }
    const sqlOf = new Map(master.filter((m) => m.type === 'index').map((m) => [m.name, m.sql]));
    for (const ix of await db.query(`PRAGMA index_list(${q})`)) {
      const cols = (await db.query(`PRAGMA index_xinfo("${String(ix.name).replace(/"/g, '""')}")`))
        .filter((c) => Number(c.key))
        .map((c) => `${c.name === null ? `expr#${s(c.cid)}` : s(c.name)}${Number(c.desc) ? ' DESC' : ''}${c.coll && c.coll !== 'BINARY' ? ` COLLATE ${s(c.coll)}` : ''}`);
      const origin = { c: 'created', u: 'unique constraint', pk: 'primary key' }[String(ix.origin)] ?? s(ix.origin);
      // Automatic indexes (sqlite_autoindex_<table>_<n>) are named by position: named by what they index.
      const auto = String(ix.name).startsWith('sqlite_autoindex_');
      const label = auto ? `(automatic)` : s(ix.name);
      const sql = sqlOf.get(String(ix.name));
      const where = Number(ix.partial) && sql ? ` WHERE ${normalizeSql(sql.slice(sql.search(/\bWHERE\b/i) + 5))}` : '';
      out.push(`index ${t.name} ${label}: ${origin}${Number(ix.unique) ? ' unique' : ''} (${cols.join(', ')})${where}`);
      if (sql) out.push(`index ${ix.name} sql ${normalizeSql(sql)}`);
    }
    const fks = await db.query(`PRAGMA foreign_key_list(${q})`);
    const byId = new Map<string, Row[]>();
    for (const fk of fks) byId.set(String(fk.id), [...(byId.get(String(fk.id)) ?? []), fk]);
    for (const group of byId.values()) {
      group.sort((a, b) => Number(a.seq) - Number(b.seq));
      const f = group[0];
      out.push(
        `foreign key ${t.name} (${group.map((g) => s(g.from)).join(', ')}) -> ${s(f.table)} (${group.map((g) => s(g.to)).join(', ')}) ON DELETE ${s(f.on_delete)} ON UPDATE ${s(f.on_update)} MATCH ${s(f.match)}`,
      );
    }
  }
  if (tables.some((t) => t.name === 'typeorm_metadata')) out.push(...(await typeormMetadataRows(db, '"typeorm_metadata"')));
  return out;
}

async function mysqlCatalog(db: TestDb, ignored: Set<string>): Promise<string[]> {
  const out: string[] = [];
  const skip = (table: unknown) => ignored.has(String(table));
  const here = 'TABLE_SCHEMA = DATABASE()';
  const tables = await db.query(`SELECT TABLE_NAME AS name, TABLE_TYPE AS type, ENGINE AS engine, TABLE_COLLATION AS collation, TABLE_COMMENT AS comment FROM information_schema.TABLES WHERE ${here}`);
  for (const t of tables) {
    if (skip(t.name)) continue;
    if (t.type === 'VIEW') out.push(`view ${s(t.name)}`);
    else out.push(`table ${s(t.name)} engine ${s(t.engine)} collation ${s(t.collation)} comment ${JSON.stringify(s(t.comment))}`);
  }
  const columns = await db.query(`
    SELECT TABLE_NAME AS t, COLUMN_NAME AS name, COLUMN_TYPE AS type, IS_NULLABLE AS nullable, COLUMN_DEFAULT AS dflt, EXTRA AS extra,
           COLLATION_NAME AS collation, COLUMN_COMMENT AS comment, GENERATION_EXPRESSION AS expr
    FROM information_schema.COLUMNS WHERE ${here}`);
  for (const c of columns) {
    if (skip(c.t)) continue;
    const parts = [s(c.type)];
    if (c.nullable === 'NO') parts.push('NOT NULL');
    if (c.dflt !== null) parts.push(`default ${s(c.dflt)}`);
    if (c.extra) parts.push(`extra ${s(c.extra)}`);
    if (c.collation) parts.push(`collation ${s(c.collation)}`);
    if (c.comment) parts.push(`comment ${JSON.stringify(s(c.comment))}`);
    if (c.expr) parts.push(`as ${s(c.expr)}`);
    out.push(`column ${s(c.t)}.${s(c.name)}: ${parts.join(' ')}`);
  }
  const parts = await db.query(`
    SELECT TABLE_NAME AS t, INDEX_NAME AS name, NON_UNIQUE AS nonUnique, INDEX_TYPE AS type, COLUMN_NAME AS col, SUB_PART AS sub, COLLATION AS ord, SEQ_IN_INDEX AS seq
    FROM information_schema.STATISTICS WHERE ${here} ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`);
  const indexes = new Map<string, Row[]>();
  for (const r of parts) if (!skip(r.t)) indexes.set(`${s(r.t)} ${s(r.name)}`, [...(indexes.get(`${s(r.t)} ${s(r.name)}`) ?? []), r]);
  for (const [name, group] of indexes) {
    const cols = group.map((g) => `${s(g.col)}${g.sub !== null ? `(${s(g.sub)})` : ''}${g.ord === 'D' ? ' DESC' : ''}`);
    out.push(`index ${name}: ${Number(group[0].nonUnique) ? '' : 'unique '}${s(group[0].type)} (${cols.join(', ')})`);
  }
  for (const c of await db.query(`SELECT TABLE_NAME AS t, CONSTRAINT_NAME AS name, CONSTRAINT_TYPE AS type FROM information_schema.TABLE_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()`)) {
    if (!skip(c.t)) out.push(`constraint ${s(c.t)} ${s(c.name)}: ${s(c.type)}`);
  }
  const fkColumns = await db.query(`
    SELECT TABLE_NAME AS t, CONSTRAINT_NAME AS name, COLUMN_NAME AS col, REFERENCED_TABLE_NAME AS rt, REFERENCED_COLUMN_NAME AS rc
    FROM information_schema.KEY_COLUMN_USAGE WHERE ${here} AND REFERENCED_TABLE_NAME IS NOT NULL ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION`);
  const rules = new Map((await db.query(`SELECT TABLE_NAME AS t, CONSTRAINT_NAME AS name, DELETE_RULE AS del, UPDATE_RULE AS upd FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()`)).map((r) => [`${s(r.t)} ${s(r.name)}`, r]));
  const fks = new Map<string, Row[]>();
  for (const r of fkColumns) if (!skip(r.t)) fks.set(`${s(r.t)} ${s(r.name)}`, [...(fks.get(`${s(r.t)} ${s(r.name)}`) ?? []), r]);
  for (const [name, group] of fks) {
    const rule = rules.get(name);
    out.push(`foreign key ${name} (${group.map((g) => s(g.col)).join(', ')}) -> ${s(group[0].rt)} (${group.map((g) => s(g.rc)).join(', ')}) ON DELETE ${s(rule?.del)} ON UPDATE ${s(rule?.upd)}`);
  }
  for (const c of await db.query(`SELECT TABLE_NAME AS t, CONSTRAINT_NAME AS name, CHECK_CLAUSE AS clause FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()`)) {
    if (!skip(c.t)) out.push(`check ${s(c.t)} ${s(c.name)}: ${s(c.clause)}`);
  }
  for (const v of await db.query(`SELECT TABLE_NAME AS name, VIEW_DEFINITION AS definition FROM information_schema.VIEWS WHERE ${here}`)) out.push(`view ${s(v.name)} definition ${normalizeSql(s(v.definition))}`);
  for (const r of await db.query(`SELECT TRIGGER_NAME AS name, EVENT_OBJECT_TABLE AS t, ACTION_TIMING AS timing, EVENT_MANIPULATION AS event, ACTION_STATEMENT AS body FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()`)) {
    if (!skip(r.t)) out.push(`trigger ${s(r.name)} ${s(r.timing)} ${s(r.event)} ON ${s(r.t)}: ${normalizeSql(s(r.body))}`);
  }
  if (tables.some((t) => t.name === 'typeorm_metadata')) out.push(...(await typeormMetadataRows(db, '`typeorm_metadata`')));
  return out;
}

/** The database's catalog: one line per fact, sorted. */
export async function catalog(db: TestDb, options: CatalogOptions = {}): Promise<string[]> {
  const ignored = new Set(options.ignoreTables ?? DEFAULT_IGNORED);
  const lines = db.dialect === 'postgres' ? await postgresCatalog(db, ignored) : db.dialect === 'mysql' ? await mysqlCatalog(db, ignored) : await sqliteCatalog(db, ignored);
  return lines.sort();
}

/**
 * What differs between two catalogs, as lines: `- <fact>` only in `left` (the mig-upgraded
 * database), `+ <fact>` only in `right` (the TypeORM-synchronized one). Empty when they agree.
 */
export function catalogDiff(left: string[], right: string[], labels: [string, string] = ['mig', 'typeorm']): string[] {
  const count = (lines: string[]) => {
    const m = new Map<string, number>();
    for (const l of lines) m.set(l, (m.get(l) ?? 0) + 1);
    return m;
  };
  const a = count(left);
  const b = count(right);
  const out: Array<[string, string]> = [];
  for (const [line, n] of a) for (let i = b.get(line) ?? 0; i < n; i++) out.push([line, `- only ${labels[0]}: ${line}`]);
  for (const [line, n] of b) for (let i = a.get(line) ?? 0; i < n; i++) out.push([line, `+ only ${labels[1]}: ${line}`]);
  return out.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] < y[1] ? -1 : 1)).map((x) => x[1]);
}

/** Fails with the differing lines when the two databases' catalogs differ. */
export async function expectSameCatalog(migDb: TestDb, typeormDb: TestDb, what: string, options: CatalogOptions = {}): Promise<void> {
  const diff = catalogDiff(await catalog(migDb, options), await catalog(typeormDb, options));
  expect(diff, `${what}: the catalogs of the mig-upgraded and the TypeORM-synchronized databases differ:\n${diff.join('\n')}\n`).to.deep.equal([]);
}
