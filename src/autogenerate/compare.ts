/**
 * compare(model, database) -> the ops that bring the database to the model, in a safe order:
 * new enum types, new tables (parents first) with their indexes, then per existing table (by
 * name) dropped foreign keys, indexes and constraints, added columns, altered columns, new
 * indexes and constraints; then new foreign keys; dropped columns, tables and types last.
 * Every op carries what its reverse needs, so the downgrade is `reverse` of each, in reverse
 * order. On SQLite, a table's changes that ALTER TABLE cannot make are grouped in a batch.
 */
import { canonicalCollation, canonicalDefault, canonicalDefaultSql, canonicalExpression, canonicalType, isUuidDefault, stripParens } from '../dialects/normalize';
import { quoteIdentifier } from '../dialects/sql';
import type { DialectName } from '../dialects/types';
import type { CheckDef, ColumnDef, ColumnState, ColumnType, ConstraintDef, ExclusionDef, ForeignKeyDef, IndexDef, Op, OpOf, PrimaryKeyDef, TableDef, TableRef, UniqueDef, ViewDef } from '../operations/ops';
import { tableText, typeOf } from '../operations/ops';
import type { SchemaColumn, SchemaEnum, SchemaModel, SchemaTable, SchemaView } from '../schema/model';

export type ObjectType = 'table' | 'column' | 'index' | 'unique' | 'foreignKey' | 'check' | 'exclusion' | 'primaryKey' | 'enum' | 'view' | 'extension';

/** The hooks env.ts may export (Alembic's include_object, compare_type, compare_server_default). */
export interface CompareHooks {
  /** Return false to leave an object out of the comparison (`reflected`: it comes from the database). */
  includeObject?(object: { type: ObjectType; name: string; table?: TableRef; reflected: boolean }): boolean;
  /** true = differ, false = equal, undefined = use mig's rule. */
  compareType?(info: { table: TableRef; column: string; database: ColumnType; model: ColumnType }): boolean | undefined;
  compareServerDefault?(info: { table: TableRef; column: string; database: unknown; model: unknown }): boolean | undefined;
}

export interface CompareOptions extends CompareHooks {
  dialect: DialectName;
  /**
   * Tables (`schema.name` keys) a rename touched, or whose foreign keys point at a renamed one:
   * their keys, uniques, foreign keys and indexes that the entities name differently only
   * because of the rename get that name (PostgreSQL: RENAME; SQLite: drop + add in the rebuild).
   */
  renamed?: ReadonlySet<string>;
}

const key = (t: TableRef) => `${t.schema ?? ''}.${t.name}`;
const ref = (t: TableRef): TableRef => (t.schema ? { schema: t.schema, name: t.name } : { name: t.name });
const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const byName = <T extends { name?: string }>(list: T[]) => [...list].sort((a, b) => (a.name ?? '').localeCompare(b.name ?? ''));

/** A column as createTable / addColumn take it. */
function columnDef(c: SchemaColumn, table: SchemaTable): ColumnDef {
  const out: ColumnDef = { ...c };
  delete (out as SchemaColumn).enumSchema;
  if (c.type === 'enum' && c.enumSchema && c.enumName && c.enumSchema !== table.schema) out.enumName = `${c.enumSchema}.${c.enumName}`;
  if (!c.nullable) delete out.nullable;
  return out;
}

/** An unnamed one-column primary key is written on its column (`primary: true`). */
function inlinePrimary(t: SchemaTable): string | undefined {
  return t.primaryKey && !t.primaryKey.name && t.primaryKey.columns.length === 1 ? t.primaryKey.columns[0] : undefined;
}

function tableColumns(t: SchemaTable): ColumnDef[] {
  const primary = inlinePrimary(t);
  return t.columns.map((c) => {
    const def = columnDef(c, t);
    return c.name === primary ? { ...def, primary: true } : def;
  });
}

function constraintsOf(t: SchemaTable): ConstraintDef[] {
  const pk = t.primaryKey && !inlinePrimary(t) ? [t.primaryKey] : [];
  return [...pk, ...byName(t.uniques), ...byName(t.checks), ...byName(t.exclusions ?? []), ...byName(t.foreignKeys)];
}

/**
 * A database table as a definition (what an offline SQLite rebuild copies: `copyFrom`): its
 * columns, constraints and indexes, as compare reads them.
 */
export function tableDefinition(t: SchemaTable, dialect: DialectName): TableDef {
  const table = dialect === 'sqlite' ? withSqliteEnums({ dialect, tables: [t], enums: [] }).tables[0] : t;
  return { columns: tableColumns(table), constraints: constraintsOf(table), indexes: byName(table.indexes) };
}

function fkSignature(fk: ForeignKeyDef, dialect: DialectName): string {
  // InnoDB checks RESTRICT and NO ACTION alike, at once.
  const rule = (r: string | undefined) => (r === undefined || (r === 'RESTRICT' && dialect === 'mysql') ? 'NO ACTION' : r);
  return JSON.stringify([fk.columns, key(fk.referencedTable), fk.referencedColumns, rule(fk.onDelete), rule(fk.onUpdate), fk.deferrable ?? '']);
}

function canonicalWhere(where: string | undefined): string {
  if (!where) return '';
  return where
    .replace(/"/g, '')
    .replace(/::[a-z_ ]+(\[\])?/gi, '')
    .replace(/[()]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/**
 * Index keys as the server deparses them and as written compare alike: quotes, casts, spacing and
 * redundant parentheses aside (`lower((x)::text)` is `lower(x)`, `(lower(x))` too).
 */
function canonicalColumns(columns: string[]): string[] {
  return columns.map((c) => {
    let s = stripParens(canonicalExpression(c.trim()));
    for (let prev = ''; prev !== s; ) {
      prev = s;
      s = s.replace(/(^|[^\w])\(([\w.]+)\)/g, '$1$2');
    }
    return s;
  });
}

/** An index's method; none is btree (PostgreSQL's default; SQLite has only that). */
const indexMethod = (i: IndexDef) => (i.using ?? 'btree').toLowerCase();

function sameIndex(a: IndexDef, b: IndexDef): boolean {
  return !!a.unique === !!b.unique && indexMethod(a) === indexMethod(b) && sameList(canonicalColumns(a.columns), canonicalColumns(b.columns)) && canonicalWhere(a.where) === canonicalWhere(b.where);
}

/** Parents before children among new tables (cycles broken by name order). */
function sortByDependency(tables: SchemaTable[]): SchemaTable[] {
  const byKey = new Map(tables.map((t) => [key(t), t]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const out: SchemaTable[] = [];
  const visit = (t: SchemaTable) => {
    const k = key(t);
    if (done.has(k) || visiting.has(k)) return;
    visiting.add(k);
    for (const fk of t.foreignKeys) {
      const parent = byKey.get(key(fk.referencedTable));
      if (parent && parent !== t) visit(parent);
    }
    visiting.delete(k);
    done.add(k);
    out.push(t);
  };
  for (const t of [...tables].sort((a, b) => key(a).localeCompare(key(b)))) visit(t);
  return out;
}

interface TablePlan {
  table: TableRef;
  dropFks: Op[];
  dropOthers: Op[];
  addColumns: Op[];
  alterColumns: Op[];
  addOthers: Op[];
  addFks: Op[];
  dropColumns: Op[];
  /** Whether SQLite needs a move-and-copy for this table's changes. */
  rebuild: boolean;
}

export function compare(model: SchemaModel, input: SchemaModel, options: CompareOptions): Op[] {
  const dialect = options.dialect;
  const enumRenames = dialect === 'postgres' ? followingEnumRenames(model, input) : [];
  const database = dialect === 'sqlite' ? withSqliteEnums(input) : withEnumsRenamed(input, enumRenames);
  const include = (type: ObjectType, name: string, reflected: boolean, table?: TableRef) => options.includeObject?.({ type, name, table, reflected }) ?? true;

  const modelTables = new Map(model.tables.filter((t) => include('table', t.name, false, t)).map((t) => [key(t), t]));
  const dbTables = new Map(database.tables.filter((t) => include('table', t.name, true, t)).map((t) => [key(t), t]));

  const enumOps = compareEnums(model, database, dialect, options, dbTables);
  enumOps.before.unshift(...enumRenames.map(({ from, to }): Op => ({ kind: 'renameEnum', name: ref(from), newName: to.name })));
  const extensionOps = compareExtensions(model, database, dialect, include);
  const created = sortByDependency([...modelTables.values()].filter((t) => !dbTables.has(key(t))));
  const dropped = sortByDependency([...dbTables.values()].filter((t) => !modelTables.has(key(t)))).reverse();

  const plans: TablePlan[] = [];
  for (const [k, mt] of [...modelTables].sort(([a], [b]) => a.localeCompare(b))) {
    const dt = dbTables.get(k);
    if (dt) plans.push(compareTable(mt, dt, dialect, options, include));
  }
  const retyped = dialect === 'mysql' ? retypedColumns(plans) : new Set<string>();
  if (retyped.size) refitForeignKeys(plans, dbTables, modelTables, retyped);

  const createOps: Op[] = [];
  // A foreign key to a new table created later (a cycle) is added once both exist; on MySQL so is
  // one to a column whose type changes after the new tables are made (both ends must match).
  const lateFks: Op[] = [];
  const pending = new Set(created.map(key));
  for (const t of created) {
    pending.delete(key(t));
    const waits = (f: ForeignKeyDef) => pending.has(key(f.referencedTable)) || f.referencedColumns.some((c) => retyped.has(`${key(f.referencedTable)}.${c}`));
    const late = new Set(dialect !== 'sqlite' ? t.foreignKeys.filter(waits) : []);
    for (const f of late) lateFks.push({ kind: 'addConstraint', table: ref(t), constraint: f });
    createOps.push({ kind: 'createTable', table: ref(t), columns: tableColumns(t), constraints: constraintsOf(t).filter((c) => !late.has(c as ForeignKeyDef)) });
    if (t.comment && dialect !== 'sqlite') createOps.push({ kind: 'setTableComment', table: ref(t), comment: t.comment, existing: null });
    for (const index of byName(t.indexes)) createOps.push({ kind: 'createIndex', table: ref(t), index });
  }

  const dropOps: Op[] = [];
  const droppedFks: Op[] = [];
  for (const t of dropped) {
    // Foreign keys between dropped tables and others go first, so any drop order works.
    for (const fk of byName(t.foreignKeys)) {
      if (fk.name && dialect !== 'sqlite') droppedFks.push({ kind: 'dropConstraint', table: ref(t), name: fk.name, type: 'foreignKey', existing: fk });
    }
    for (const index of byName(t.indexes)) dropOps.push({ kind: 'dropIndex', table: ref(t), name: index.name, existing: index });
    const withoutFks = dialect !== 'sqlite' ? constraintsOf(t).filter((c) => c.kind !== 'foreignKey' || !c.name) : constraintsOf(t);
    dropOps.push({ kind: 'dropTable', table: ref(t), existing: { columns: tableColumns(t), constraints: withoutFks, ...(t.comment ? { comment: t.comment } : {}) } });
  }

  const ops: Op[] = [...enumOps.before, ...droppedFks];
  for (const p of plans) ops.push(...p.dropFks);
  ops.push(...createOps);
  for (const p of plans) {
    const body = [...p.dropOthers, ...p.addColumns, ...p.alterColumns, ...p.addOthers];
    if (dialect === 'sqlite' && p.rebuild) {
      const batchOps = [...body, ...p.addFks, ...p.dropColumns].filter((o) => o.kind !== 'createIndex' && o.kind !== 'dropIndex');
      ops.push(...body.filter((o) => o.kind === 'dropIndex'));
      if (batchOps.length) ops.push({ kind: 'batch', table: p.table, ops: batchOps, recreate: 'auto' });
      ops.push(...body.filter((o) => o.kind === 'createIndex'));
      p.addFks = [];
      p.dropColumns = [];
    } else {
      ops.push(...body);
    }
  }
  ops.push(...lateFks);
  for (const p of plans) ops.push(...p.addFks);
  for (const p of plans) ops.push(...p.dropColumns);
  ops.push(...dropOps);
  // Views are dropped before the tables they read change, and created once they are built.
  const views = compareViews(model, database, dialect, include, [...ops, ...enumOps.before]);
  return [...extensionOps, ...views.before, ...ops, ...views.after, ...enumOps.after];
}

/** `schema.table.column` of each column whose type the plans change. */
function retypedColumns(plans: TablePlan[]): Set<string> {
  return new Set(plans.flatMap((p) => p.alterColumns.flatMap((o) => (o.kind === 'alterColumn' && o.changes.type ? [`${key(p.table)}.${o.column}`] : []))));
}

/**
 * MySQL refuses to change the type of a column a foreign key holds or references (the two must
 * match): such keys are dropped before the change and added again after it.
 */
function refitForeignKeys(plans: TablePlan[], dbTables: Map<string, SchemaTable>, modelTables: Map<string, SchemaTable>, retyped: Set<string>): void {
  for (const p of plans) {
    const dt = dbTables.get(key(p.table));
    const mt = modelTables.get(key(p.table));
    if (!dt || !mt) continue;
    for (const fk of dt.foreignKeys) {
      const holds = fk.columns.some((c) => retyped.has(`${key(p.table)}.${c}`)) || fk.referencedColumns.some((c) => retyped.has(`${key(fk.referencedTable)}.${c}`));
      if (!holds || !fk.name) continue;
      const dropped = (o: Op) => o.kind === 'dropConstraint' && o.name === fk.name;
      if (!p.dropFks.some(dropped)) p.dropFks.push(dropConstraint(p.table, fk));
      const wanted = mt.foreignKeys.find((m) => fkSignature(m, 'mysql') === fkSignature(fk, 'mysql'));
      const added = (o: Op) => o.kind === 'addConstraint' && o.constraint.kind === 'foreignKey' && fkSignature(o.constraint, 'mysql') === fkSignature(fk, 'mysql');
      if (wanted && !p.addFks.some(added)) p.addFks.push({ kind: 'addConstraint', table: p.table, constraint: wanted });
    }
  }
}

/**
 * PostgreSQL extensions the model's types or constraints need and the database lacks, created
 * first (the downgrade, their reverse, drops them last: only those this revision created). One
 * the database has and the model does not need is left alone: it may serve anything.
 */
function compareExtensions(model: SchemaModel, database: SchemaModel, dialect: DialectName, include: (type: ObjectType, name: string, reflected: boolean) => boolean): Op[] {
  if (dialect !== 'postgres') return [];
  const installed = new Set(database.extensions ?? []);
  return [...new Set(model.extensions ?? [])]
    .filter((e) => !installed.has(e) && include('extension', e, false))
    .sort()
    .map((name): Op => ({ kind: 'createExtension', name }));
}

/** Exclusion expressions as written and as pg_get_constraintdef deparses them compare alike. */
function sameExclusion(a: ExclusionDef, b: ExclusionDef): boolean {
  const canonical = (x: string) => canonicalExpression(x.trim()).replace(/[()\s]/g, '').toLowerCase();
  return (a.deferrable ?? '') === (b.deferrable ?? '') && (a.expression.trim() === b.expression.trim() || canonical(a.expression) === canonical(b.expression));
}

/** Per table, the columns whose change a view reading them must not be in the way of (`all`: the table goes). */
type Affected = Map<string, Set<string> | 'all'>;

/**
 * What the table changes take from under a view: a dropped table or column; on PostgreSQL also
 * a column whose type changes (an enum type re-created, too) or whose generation does — the
 * server refuses those while a view reads the column. (SQLite reads a view's query when it runs
 * it, and its table rebuilds keep views working.)
 */
function affectedColumns(ops: Op[], dialect: DialectName): Affected {
  const out: Affected = new Map();
  const add = (t: TableRef, column?: string) => {
    const k = key(t);
    const now = out.get(k);
    if (now === 'all') return;
    if (column === undefined) return void out.set(k, 'all');
    out.set(k, (now ?? new Set()).add(column));
  };
  for (const op of ops.flatMap((o) => (o.kind === 'batch' ? o.ops : [o]))) {
    if (op.kind === 'dropTable') add(op.table);
    else if (op.kind === 'dropColumn') add(op.table, op.column);
    else if (dialect === 'postgres' && op.kind === 'alterColumn' && (op.changes.type || 'asExpression' in op.changes)) add(op.table, op.column);
    else if (dialect === 'postgres' && op.kind === 'alterEnum' && !addsValuesOnly(op.values, op.existing)) for (const c of op.columns) add(c.table, c.column);
  }
  return out;
}

/** An enum change ALTER TYPE ... ADD VALUE makes (values only added): its columns keep their type. */
function addsValuesOnly(values: string[], existing: string[]): boolean {
  const kept = values.filter((v) => existing.includes(v));
  return existing.every((v) => values.includes(v)) && kept.every((v, i) => v === existing[i]);
}

function readsAffected(view: SchemaView, affected: Affected): boolean {
  return (view.dependsOn ?? []).some((d) => {
    const a = affected.get(key(d));
    if (!a) return false;
    if (a === 'all') return true;
    // Columns unknown (SQLite): any change to the table.
    return d.columns === undefined ? a.size > 0 : d.columns.some((c) => a.has(c));
  });
}

/**
 * Views: by name, and by definition as TypeORM compares it (the text typeorm_metadata records,
 * trimmed). A changed one is dropped and created again — nothing is lost, a view holds no rows
 * of its own (a materialized view is filled again). Those no entity declares are dropped only
 * when typeorm_metadata records them (a view TypeORM or mig made); the database's own are left
 * alone. A view in the way of a table change is dropped before it and created again after, and on
 * PostgreSQL so is every view that reads a dropped one. Drops go dependents first, creations in
 * the order of what they read (`dependsOn`, and the views their query names).
 */
function compareViews(model: SchemaModel, database: SchemaModel, dialect: DialectName, include: (type: ObjectType, name: string, reflected: boolean, table?: TableRef) => boolean, tableOps: Op[]): { before: Op[]; after: Op[] } {
  const modelViews = new Map((model.views ?? []).filter((v) => include('view', v.name, false, v)).map((v) => [key(v), v]));
  const dbViews = new Map((database.views ?? []).filter((v) => include('view', v.name, true, v)).map((v) => [key(v), v]));
  const affected = affectedColumns(tableOps, dialect);
  const managed = (k: string) => modelViews.has(k) || !!dbViews.get(k)?.recorded;

  const dropped = new Set<string>();
  for (const [k, dv] of dbViews) {
    const mv = modelViews.get(k);
    if (!mv) {
      if (dv.recorded) dropped.add(k);
    } else if (!dv.recorded || mv.definition.trim() !== dv.definition.trim() || !!mv.materialized !== !!dv.materialized || readsAffected(dv, affected)) {
      // Unrecorded: made again so that typeorm_metadata records it, as TypeORM needs.
      dropped.add(k);
    }
  }
  if (dialect === 'postgres') {
    for (let grew = true; grew; ) {
      grew = false;
      for (const [k, dv] of dbViews) {
        if (dropped.has(k) || !managed(k) || !(dv.dependsOn ?? []).some((d) => dropped.has(key(d)))) continue;
        dropped.add(k);
        grew = true;
      }
    }
  }

  const before: Op[] = [];
  const after: Op[] = [];
  // Drops: a view before those it reads.
  for (const dv of viewOrder([...dropped].map((k) => dbViews.get(k)!), (v) => (v.dependsOn ?? []).map(key)).reverse()) {
    const existing: ViewDef = { definition: dv.definition, ...(dv.materialized ? { materialized: true } : {}), ...(dv.indexes.length ? { indexes: dv.indexes } : {}) };
    before.push({ kind: 'dropView', view: ref(dv), ...(dv.materialized ? { materialized: true } : {}), existing });
  }
  const created = [...modelViews.values()].filter((v) => !dbViews.has(key(v)) || dropped.has(key(v)));
  const names = new Map([...modelViews.values()].map((v) => [v.name.toLowerCase(), key(v)]));
  const reads = (v: SchemaView) => [...(v.dependsOn ?? []).map(key), ...[...names].filter(([n, k]) => k !== key(v) && mentionsName(v.definition, n)).map(([, k]) => k)];
  for (const mv of viewOrder(created, reads)) {
    after.push({
      kind: 'createView',
      view: ref(mv),
      definition: mv.definition.trim(),
      ...(mv.materialized ? { materialized: true } : {}),
      ...(mv.materialized && mv.indexes.length ? { indexes: byName(mv.indexes) } : {}),
    });
  }
  // A kept materialized view's indexes: by name, as a table's.
  for (const [k, mv] of [...modelViews].sort(([a], [b]) => a.localeCompare(b))) {
    const dv = dbViews.get(k);
    if (!dv || dropped.has(k) || !mv.materialized) continue;
    const dbIndexes = new Map(dv.indexes.filter((i) => include('index', i.name, true, mv)).map((i) => [i.name, i]));
    const modelIndexes = new Map(mv.indexes.filter((i) => include('index', i.name, false, mv)).map((i) => [i.name, i]));
    for (const index of byName([...dbIndexes.values()])) {
      const wanted = modelIndexes.get(index.name);
      if (!wanted || !sameIndex(wanted, index)) before.push({ kind: 'dropIndex', table: ref(mv), name: index.name, existing: index });
    }
    for (const index of byName([...modelIndexes.values()])) {
      const existing = dbIndexes.get(index.name);
      if (!existing || !sameIndex(index, existing)) after.push({ kind: 'createIndex', table: ref(mv), index });
    }
  }
  return { before, after };
}

/** Views in an order where each comes after those it reads (by key; cycles broken by name order). */
function viewOrder(views: SchemaView[], reads: (v: SchemaView) => string[]): SchemaView[] {
  const byKey = new Map(views.map((v) => [key(v), v]));
  const done = new Set<string>();
  const out: SchemaView[] = [];
  const visit = (v: SchemaView) => {
    const k = key(v);
    if (done.has(k)) return;
    done.add(k);
    for (const r of reads(v)) {
      const dep = byKey.get(r);
      if (dep) visit(dep);
    }
    out.push(v);
  };
  for (const v of [...views].sort((a, b) => key(a).localeCompare(key(b)))) visit(v);
  return out;
}

/**
 * SQLite's introspector reports an enum column as the declared `varchar` with the values of its
 * CHECK; as the model names it `simple-enum`, so that ops built from the database (a dropped
 * column or table, an altered column's existing type) write the CHECK back.
 */
function withSqliteEnums(database: SchemaModel): SchemaModel {
  return {
    ...database,
    tables: database.tables.map((t) => ({
      ...t,
      columns: t.columns.map((c) => (c.enum?.length && c.type.toLowerCase() === 'varchar' ? { ...c, type: 'simple-enum' } : c)),
    })),
  };
}

function compareTable(mt: SchemaTable, dt: SchemaTable, dialect: DialectName, options: CompareOptions, include: (type: ObjectType, name: string, reflected: boolean, table?: TableRef) => boolean): TablePlan {
  const table = ref(mt);
  const plan: TablePlan = { table, dropFks: [], dropOthers: [], addColumns: [], alterColumns: [], addOthers: [], addFks: [], dropColumns: [], rebuild: false };
  const followsRename = !!options.renamed?.has(key(mt));
  /** A constraint that is the same but for the name a rename gave it. */
  const renameConstraint = (wanted: ConstraintDef, existing: ConstraintDef) => {
    if (!followsRename || !wanted.name || !existing.name || wanted.name === existing.name) return;
    if (dialect === 'postgres') plan.addOthers.push({ kind: 'renameConstraint', table, name: existing.name, newName: wanted.name, type: existing.kind });
    else {
      // SQLite keeps constraint names in the table's definition: the rebuild writes the new one.
      plan.dropOthers.push(dropConstraint(table, existing));
      (existing.kind === 'foreignKey' ? plan.addFks : plan.addOthers).push({ kind: 'addConstraint', table, constraint: wanted });
      plan.rebuild = true;
    }
  };
  const dbColumns = new Map(dt.columns.map((c) => [c.name, c]));
  const modelColumns = new Map(mt.columns.map((c) => [c.name, c]));

  /** Columns re-created (or made plain) for their generation: what is built on them is built again. */
  const rebuilt = new Set<string>();
  for (const mc of mt.columns) {
    if (!include('column', mc.name, false, table)) continue;
    const dc = dbColumns.get(mc.name);
    if (!dc) {
      plan.addColumns.push({ kind: 'addColumn', table, column: columnDef(mc, mt) });
      if (dialect === 'sqlite' && ((!mc.nullable && mc.default === undefined && mc.asExpression === undefined) || (mc.asExpression !== undefined && generatedKind(dialect, mc) === 'STORED'))) plan.rebuild = true;
      continue;
    }
    if (!include('column', dc.name, true, table)) continue;
    if (recreatesColumn(dialect, mc, dc)) {
      // A generated column's expression or kind changed, or a plain column became generated: no
      // ALTER does it, so the column is dropped and added again; its values are computed.
      plan.alterColumns.push({ kind: 'dropColumn', table, column: dc.name, existing: columnDef(dc, dt) }, { kind: 'addColumn', table, column: columnDef(mc, mt) });
      rebuilt.add(mc.name);
      if (dialect === 'sqlite') plan.rebuild = true;
      continue;
    }
    const alter = compareColumn(table, mc, dc, dialect, options, dt);
    if (alter) {
      plan.alterColumns.push(alter);
      if (dialect === 'sqlite') plan.rebuild = true;
      // Made plain: PostgreSQL keeps the column, but the downgrade re-creates it.
      if (dialect === 'postgres' && alter.kind === 'alterColumn' && 'asExpression' in alter.changes) rebuilt.add(mc.name);
    }
  }
  const touches = (columns: string[] = [], expression = '') => columns.some((c) => rebuilt.has(c) || [...rebuilt].some((r) => mentionsName(c, r))) || [...rebuilt].some((r) => mentionsName(expression, r));
  for (const dc of dt.columns) {
    if (modelColumns.has(dc.name) || !include('column', dc.name, true, table)) continue;
    plan.dropColumns.push({ kind: 'dropColumn', table, column: dc.name, existing: columnDef(dc, dt) });
    if (dialect === 'sqlite') {
      const used =
        dt.indexes.some((i) => i.columns.includes(dc.name)) ||
        [...dt.uniques, ...dt.foreignKeys].some((c) => c.columns.includes(dc.name)) ||
        !!dt.primaryKey?.columns.includes(dc.name);
      if (used) plan.rebuild = true;
    }
  }

  // Primary key: by columns (its name is the naming strategy's business).
  if (!sameList(mt.primaryKey?.columns ?? [], dt.primaryKey?.columns ?? []) && include('primaryKey', mt.primaryKey?.name ?? dt.primaryKey?.name ?? '', false, table)) {
    // MySQL: an AUTO_INCREMENT column must stay a key, so a primary key of one such column that
    // comes or goes with its column is the column's (`primary: true`): dropped with it first, or added with it.
    const incrementKey = (pk: PrimaryKeyDef | undefined, columns: SchemaColumn[]) =>
      dialect === 'mysql' && pk?.columns.length === 1 && columns.find((c) => c.name === pk.columns[0])?.generated === 'increment' ? pk.columns[0] : undefined;
    const goes = incrementKey(dt.primaryKey, dt.columns);
    const dropped = goes !== undefined ? plan.dropColumns.findIndex((o) => o.kind === 'dropColumn' && o.column === goes) : -1;
    const comes = incrementKey(mt.primaryKey, mt.columns);
    const added = comes !== undefined ? plan.addColumns.findIndex((o) => o.kind === 'addColumn' && o.column.name === comes) : -1;
    if (dropped >= 0) {
      const [op] = plan.dropColumns.splice(dropped, 1) as Array<OpOf<'dropColumn'>>;
      plan.dropOthers.push({ ...op, existing: { ...op.existing!, primary: true } });
    } else if (dt.primaryKey) plan.dropOthers.push(dropConstraint(table, dt.primaryKey));
    if (added >= 0) {
      const op = plan.addColumns[added] as OpOf<'addColumn'>;
      plan.addColumns[added] = { ...op, column: { ...op.column, primary: true } };
    } else if (mt.primaryKey) plan.addOthers.push({ kind: 'addConstraint', table, constraint: mt.primaryKey });
    if (dialect === 'sqlite') plan.rebuild = true;
  } else if (mt.primaryKey && dt.primaryKey && dialect === 'postgres') renameConstraint(mt.primaryKey, dt.primaryKey);

  // Uniques: by name, then by columns (a differently named one on the same columns is the same).
  // Those on a re-created column are dropped before it and added after.
  const modelUniques = mt.uniques.filter((u) => include('unique', u.name ?? '', false, table));
  const dbUniques = dt.uniques.filter((u) => include('unique', u.name ?? '', true, table));
  for (const u of dbUniques.filter((x) => touches(x.columns))) plan.dropOthers.push(dropConstraint(table, u));
  for (const u of modelUniques.filter((x) => touches(x.columns))) plan.addOthers.push({ kind: 'addConstraint', table, constraint: u });
  matchByNameThenSignature(
    modelUniques.filter((x) => !touches(x.columns)),
    dbUniques.filter((x) => !touches(x.columns)),
    // A change of deferrability is another constraint: dropped and added.
    (u) => JSON.stringify([[...u.columns].sort(), u.deferrable ?? '']),
    (a, b) => sameList(a.columns, b.columns) && (a.deferrable ?? '') === (b.deferrable ?? ''),
    (u) => plan.addOthers.push({ kind: 'addConstraint', table, constraint: u }),
    (u) => plan.dropOthers.push(dropConstraint(table, u)),
    renameConstraint,
  );
  if (dialect === 'sqlite' && plan.addOthers.concat(plan.dropOthers).some((o) => o.kind === 'addConstraint' || o.kind === 'dropConstraint')) plan.rebuild = true;

  // Checks: by name only, as Alembic (the database rewrites expressions). Not on MySQL, where
  // TypeORM leaves them out (the model has none): a check a revision made by hand stays.
  const dbChecks = new Map(dt.checks.filter((c) => c.name).map((c) => [c.name!, c]));
  const modelChecks = new Map(mt.checks.filter((c) => c.name).map((c) => [c.name!, c]));
  for (const c of dialect === 'mysql' ? [] : byName(mt.checks)) {
    if (c.name && (!dbChecks.has(c.name) || touches([], c.expression)) && include('check', c.name, false, table)) {
      plan.addOthers.push({ kind: 'addConstraint', table, constraint: c });
      if (dialect === 'sqlite') plan.rebuild = true;
    }
  }
  for (const c of dialect === 'mysql' ? [] : byName(dt.checks)) {
    if (c.name && (!modelChecks.has(c.name) || touches([], c.expression)) && include('check', c.name, true, table)) {
      plan.dropOthers.push(dropConstraint(table, c));
      if (dialect === 'sqlite') plan.rebuild = true;
    }
  }

  // Exclusion constraints (PostgreSQL): by name and expression; a changed one is dropped and added.
  if (dialect === 'postgres') {
    const dbExclusions = new Map((dt.exclusions ?? []).filter((x) => x.name && include('exclusion', x.name, true, table)).map((x) => [x.name!, x]));
    const modelExclusions = new Map((mt.exclusions ?? []).filter((x) => x.name && include('exclusion', x.name, false, table)).map((x) => [x.name!, x]));
    for (const x of byName([...dbExclusions.values()])) {
      const wanted = modelExclusions.get(x.name!);
      if (!wanted || !sameExclusion(wanted, x) || touches([], x.expression)) plan.dropOthers.push(dropConstraint(table, x));
    }
    for (const x of byName([...modelExclusions.values()])) {
      const existing = dbExclusions.get(x.name!);
      if (!existing || !sameExclusion(x, existing) || touches([], existing.expression)) plan.addOthers.push({ kind: 'addConstraint', table, constraint: x });
    }
  }

  // Foreign keys: by signature (columns, target, actions), the name is not compared.
  const dbFks = new Map(dt.foreignKeys.filter((f) => include('foreignKey', f.name ?? '', true, table)).map((f) => [fkSignature(f, dialect), f]));
  const modelFks = new Map(mt.foreignKeys.filter((f) => include('foreignKey', f.name ?? '', false, table)).map((f) => [fkSignature(f, dialect), f]));
  for (const [sig, fk] of [...modelFks].sort(([a], [b]) => a.localeCompare(b))) {
    if (!dbFks.has(sig) || touches(fk.columns)) {
      plan.addFks.push({ kind: 'addConstraint', table, constraint: fk });
      if (dialect === 'sqlite') plan.rebuild = true;
    }
  }
  for (const [sig, fk] of [...dbFks].sort(([a], [b]) => a.localeCompare(b))) {
    const wanted = modelFks.get(sig);
    if (wanted && !touches(fk.columns)) renameConstraint(wanted, fk);
    if (!modelFks.has(sig) || touches(fk.columns)) {
      if (dialect === 'sqlite') {
        plan.rebuild = true;
        plan.dropOthers.push(dropConstraint(table, fk));
      } else {
        plan.dropFks.push(dropConstraint(table, fk));
        // MySQL keeps the index it made for the key (named as the key, where no index led with its
        // columns); going for good, the key takes it along (the reverse makes it again for the key).
        const ownIndex = dialect === 'mysql' && fk.name && !wanted && !dt.indexes.some((i) => sameList(i.columns.slice(0, fk.columns.length), fk.columns)) && !sameList((dt.primaryKey?.columns ?? []).slice(0, fk.columns.length), fk.columns);
        if (ownIndex && fk.columns.every((c) => modelColumns.has(c))) plan.dropOthers.push({ kind: 'dropIndex', table, name: fk.name!, existing: { name: fk.name!, columns: [...fk.columns], unique: false } });
      }
    }
  }

  // Indexes: by name; a changed definition is dropped and created again. Those the entities
  // declare with `synchronize: false` are the user's: left alone on both sides, as TypeORM does.
  const ignored = new Set(mt.ignoredIndexes ?? []);
  const dbIndexes = new Map(dt.indexes.filter((i) => !ignored.has(i.name) && include('index', i.name, true, table)).map((i) => [i.name, i]));
  const modelIndexes = new Map(mt.indexes.filter((i) => !ignored.has(i.name) && include('index', i.name, false, table)).map((i) => [i.name, i]));
  const renamedIndexes = new Set<string>();
  for (const index of byName(dt.indexes)) {
    if (!dbIndexes.has(index.name)) continue;
    const wanted = modelIndexes.get(index.name);
    // PostgreSQL and MySQL rename an index that only a rename gave another name; SQLite has no ALTER INDEX.
    const follower = !wanted && followsRename && dialect !== 'sqlite' && !touches(index.columns, index.where) ? [...modelIndexes.values()].find((m) => !dbIndexes.has(m.name) && !renamedIndexes.has(m.name) && sameIndex(m, index)) : undefined;
    if (follower) {
      renamedIndexes.add(follower.name);
      plan.addOthers.push({ kind: 'renameIndex', table, name: index.name, newName: follower.name });
    } else if (!wanted || !sameIndex(wanted, index) || touches(index.columns, index.where)) plan.dropOthers.push({ kind: 'dropIndex', table, name: index.name, existing: index });
  }
  for (const index of byName(mt.indexes)) {
    if (!modelIndexes.has(index.name) || renamedIndexes.has(index.name)) continue;
    const existing = dbIndexes.get(index.name);
    if (!existing || !sameIndex(index, existing) || touches(existing.columns, existing.where)) plan.addOthers.push({ kind: 'createIndex', table, index });
  }

  if (dialect !== 'sqlite' && (mt.comment ?? null) !== (dt.comment ?? null)) {
    plan.alterColumns.push({ kind: 'setTableComment', table, comment: mt.comment ?? null, existing: dt.comment ?? null });
  }
  return plan;
}

function dropConstraint(table: TableRef, c: ConstraintDef): Op {
  return { kind: 'dropConstraint', table, name: c.name ?? '', type: c.kind, existing: c };
}

function matchByNameThenSignature<T extends { name?: string }>(
  model: T[],
  db: T[],
  signature: (x: T) => string,
  same: (a: T, b: T) => boolean,
  add: (x: T) => void,
  drop: (x: T) => void,
  matched?: (model: T, db: T) => void,
): void {
  const dbLeft = new Set(db);
  const modelLeft: T[] = [];
  for (const m of byName(model)) {
    const d = [...dbLeft].find((x) => x.name && x.name === m.name);
    if (d && same(m, d)) dbLeft.delete(d);
    else modelLeft.push(m);
  }
  for (const m of modelLeft) {
    const d = [...dbLeft].find((x) => signature(x) === signature(m));
    if (d) {
      dbLeft.delete(d);
      matched?.(m, d);
    } else add(m);
  }
  for (const d of byName([...dbLeft])) drop(d);
}

function compareColumn(table: TableRef, mc: SchemaColumn, dc: SchemaColumn, dialect: DialectName, options: CompareOptions, dt?: SchemaTable): Op | undefined {
  const changes: ColumnState = {};
  const existing: ColumnState = {};
  const mType = typeOf(mc);
  const dType = typeOf(dc);
  const typeHook = options.compareType?.({ table, column: mc.name, database: dType, model: mType });
  const typeDiffers = typeHook ?? (canonicalType(dialect, mType) !== canonicalType(dialect, dType) || enumNameDiffers(mc, dc, table) || sqliteEnumDiffers(dialect, mc, dc));
  existing.type = dType;
  if (typeDiffers) changes.type = mType;

  const mNull = !!mc.nullable;
  const dNull = !!dc.nullable;
  existing.nullable = dNull;
  // MariaDB's generated columns have no NOT NULL (its introspection gives none).
  const nullKnown = !(dialect === 'mysql' && dc.asExpression !== undefined && dc.nullable === undefined);
  if (mNull !== dNull && nullKnown) changes.nullable = mNull;

  // Generated columns' defaults (serial, identity, uuid) are the generation's, not compared.
  const mGenerated = mc.generated ?? (isUuidDefault(dialect, mc.default) ? 'uuid' : undefined);
  const dGenerated = dc.generated ?? (isUuidDefault(dialect, dc.default) ? 'uuid' : undefined);
  // A generation added, removed or changed (serial <-> identity): Alembic reports it, so do we.
  // A uuid generation is a default (gen_random_uuid()): left to the rule above, never altered.
  const mGen = sequenceGeneration(dialect, mGenerated);
  const dGen = sequenceGeneration(dialect, dGenerated);
  const generationChanges = mGenerated !== 'uuid' && dGenerated !== 'uuid' && mGen !== dGen;
  if (generationChanges) {
    existing.generated = dGen ?? null;
    changes.generated = mGen ?? null;
  }
  // PostgreSQL: an identity GENERATED ALWAYS or BY DEFAULT (TypeORM's generatedIdentity).
  const identityKind = (gen: string | undefined, c: SchemaColumn) => (gen === 'identity' && c.generatedIdentity === 'ALWAYS' ? 'ALWAYS' : null);
  if (dialect === 'postgres' && mGen === 'identity' && identityKind(mGen, mc) !== identityKind(dGen, dc)) {
    existing.generatedIdentity = identityKind(dGen, dc);
    changes.generatedIdentity = identityKind(mGen, mc);
  }
  if ((!mGenerated && !dGenerated) || generationChanges) {
    // Defaults besides the generation's (a serial's nextval() is not in either model).
    const mDefault = canonicalDefault(dialect, mc.default, mType);
    const dDefault = canonicalDefault(dialect, dc.default, dType);
    const hook = options.compareServerDefault?.({ table, column: mc.name, database: dc.default, model: mc.default });
    existing.default = dc.default ?? null;
    if (hook ?? mDefault !== dDefault) changes.default = mc.default ?? null;
    // PostgreSQL: an enum column moved to another type keeps no default of the old type (it would
    // not cast): the model's default is set again after the type change, the old one dropped before.
    const enumInvolved = mType.type === 'enum' || dType.type === 'enum';
    if (dialect === 'postgres' && changes.type && enumInvolved && !('default' in changes) && (mc.default !== undefined || dc.default !== undefined)) {
      changes.default = mc.default ?? null;
    }
  }

  // MySQL: a column's collation that is its table's is the one it has without one.
  const tableCollation = canonicalCollation(dialect, dt?.collation);
  const mCollation = ((c) => (c === tableCollation ? null : c))(canonicalCollation(dialect, mc.collation));
  const dCollation = canonicalCollation(dialect, dc.collation);
  existing.collation = dc.collation ?? null;
  if (mCollation !== dCollation) changes.collation = mc.collation ?? null;

  if (dialect !== 'sqlite') {
    const mComment = mc.comment || null;
    const dComment = dc.comment || null;
    existing.comment = dComment;
    if (mComment !== dComment) changes.comment = mComment;
  }
  if (dialect === 'mysql') {
    const mOnUpdate = canonicalOnUpdate(mc.onUpdate, mc);
    const dOnUpdate = canonicalOnUpdate(dc.onUpdate, dc);
    existing.onUpdate = dc.onUpdate ?? null;
    if (mOnUpdate !== dOnUpdate) changes.onUpdate = mc.onUpdate ?? null;
  }
  // A generated column made plain keeps its values (the reverse computes them again).
  if (dc.asExpression !== undefined && mc.asExpression === undefined) {
    changes.asExpression = null;
    existing.asExpression = dc.asExpression;
  }
  if (!Object.keys(changes).length) return undefined;
  const op: Op = { kind: 'alterColumn', table, column: mc.name, changes, existing: pick(existing, changes) };
  if (dialect === 'mysql') {
    // MODIFY COLUMN restates the whole column: what it keeps is said, so that --sql writes it too
    // (a uuid-generating default as well: the generation rule above leaves it out of the comparison).
    const kept: ColumnState = { default: dc.default ?? null, comment: dc.comment || null, onUpdate: dc.onUpdate ?? null, collation: dc.collation ?? null };
    if (dc.asExpression !== undefined) Object.assign(kept, { asExpression: dc.asExpression, generatedType: generatedKind(dialect, dc) });
    for (const [k, v] of Object.entries(kept) as Array<[keyof ColumnState, unknown]>) {
      if (!(k in op.existing) && !(k in changes) && (v !== null || k === 'default')) (op.existing as Record<string, unknown>)[k] = v;
    }
    if (!('generated' in op.existing) && dGen) op.existing.generated = dGen;
  }
  // A type change keeps the column's collation (PostgreSQL gives the new type's default otherwise).
  if (changes.type && !('collation' in changes) && dc.collation) op.existing.collation = dc.collation;
  if ('asExpression' in changes) op.existing.generatedType = generatedKind(dialect, dc);
  if (changes.type && dialect === 'postgres') {
    const using = usingFor(mc, dType, mType);
    if (using) op.using = using;
  }
  return op;
}

/** MySQL's ON UPDATE as it compares: CURRENT_TIMESTAMP, now() and current_timestamp(0) alike. */
function canonicalOnUpdate(text: string | undefined, t: ColumnType): string | null {
  if (!text) return null;
  return canonicalDefaultSql('mysql', text, t);
}

/** A generated column's kind; a column that gives none has its dialect's default (TypeORM's too). */
function generatedKind(dialect: DialectName, c: SchemaColumn): 'STORED' | 'VIRTUAL' {
  return c.generatedType ?? (dialect === 'postgres' ? 'STORED' : 'VIRTUAL');
}

/**
 * Generated-column expressions compare as written (what typeorm_metadata records), or, read from
 * the catalog (PostgreSQL deparses them), quotes, casts, parentheses and spacing aside.
 */
function sameGeneration(a: string, b: string): boolean {
  const canonical = (x: string) => canonicalExpression(x).replace(/[()\s]/g, '');
  return a.trim() === b.trim() || canonical(a) === canonical(b);
}

/** Whether the column must be dropped and added again: made generated, or its expression or kind changed. */
function recreatesColumn(dialect: DialectName, mc: SchemaColumn, dc: SchemaColumn): boolean {
  if (mc.asExpression === undefined) return false;
  if (dc.asExpression === undefined) return true;
  return generatedKind(dialect, mc) !== generatedKind(dialect, dc) || !sameGeneration(mc.asExpression, dc.asExpression);
}

/** Does SQL text (or a column name) name this identifier, quoted or not? */
function mentionsName(text: string, name: string): boolean {
  const lower = name.toLowerCase();
  for (const m of text.matchAll(/"((?:[^"]|"")+)"|([A-Za-z_][\w$]*)/g)) {
    if ((m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]).toLowerCase() === lower) return true;
  }
  return false;
}

/**
 * The generation alterColumn manages: a serial (`increment`) or an identity. On SQLite both are
 * AUTOINCREMENT, on MySQL AUTO_INCREMENT (the introspectors report `increment`), so identity is
 * increment there.
 */
function sequenceGeneration(dialect: DialectName, g: string | undefined): 'increment' | 'identity' | undefined {
  if (g === 'increment') return 'increment';
  if (g === 'identity') return dialect === 'postgres' ? 'identity' : 'increment';
  return undefined;
}

/** The existing state of what changes, plus the type (ALTER TYPE and rebuilds need it). */
function pick(existing: ColumnState, changes: ColumnState): ColumnState {
  const out: ColumnState = { type: existing.type };
  for (const k of Object.keys(changes) as (keyof ColumnState)[]) (out as Record<string, unknown>)[k] = existing[k];
  if ('nullable' in existing && !('nullable' in out)) out.nullable = existing.nullable;
  return out;
}

/** SQLite keeps an enum column's values in a CHECK on the column: other values are another type. */
function sqliteEnumDiffers(dialect: DialectName, mc: SchemaColumn, dc: SchemaColumn): boolean {
  if (dialect !== 'sqlite' || (!mc.enum?.length && !dc.enum?.length)) return false;
  return !sameList(mc.enum ?? [], dc.enum ?? []);
}

function enumNameDiffers(mc: SchemaColumn, dc: SchemaColumn, table: TableRef): boolean {
  if (mc.type !== 'enum' || dc.type !== 'enum') return false;
  const schemaOf = (c: SchemaColumn) => c.enumSchema ?? table.schema ?? '';
  return mc.enumName !== dc.enumName || schemaOf(mc) !== schemaOf(dc);
}

/** `USING "col"::new_type` when PostgreSQL has no implicit cast between the two. */
function usingFor(mc: SchemaColumn, from: ColumnType, to: ColumnType): string | undefined {
  const family = (t: ColumnType) => {
    const x = t.type.toLowerCase();
    if (/char|text|citext/.test(x)) return 'text';
    if (/int|serial|numeric|decimal|float|double|real|money/.test(x)) return 'number';
    if (/timestamp|date|time/.test(x)) return 'time';
    return x;
  };
  if (from.type === 'enum' && to.type === 'enum') return `${quoteIdentifier(mc.name)}::text${to.array ? '[]' : ''}::${typeCastText(mc, to)}`;
  if (!!from.array === !!to.array && family(from) === family(to)) return undefined;
  return `${quoteIdentifier(mc.name)}::${typeCastText(mc, to)}`;
}

function typeCastText(mc: SchemaColumn, t: ColumnType): string {
  if (t.type === 'enum') {
    return `${mc.enumSchema ? `${quoteIdentifier(mc.enumSchema)}.` : ''}${quoteIdentifier(t.enumName ?? '')}${t.array ? '[]' : ''}`;
  }
  const params = t.length !== undefined ? `(${t.length})` : t.precision !== undefined ? `(${t.precision}${t.scale !== undefined ? `,${t.scale}` : ''})` : '';
  return `${t.type}${params}${t.array ? '[]' : ''}`;
}

interface EnumOps {
  before: Op[];
  after: Op[];
}

function compareEnums(model: SchemaModel, database: SchemaModel, dialect: DialectName, options: CompareOptions, dbTables: Map<string, SchemaTable>): EnumOps {
  const out: EnumOps = { before: [], after: [] };
  if (dialect !== 'postgres') return out;
  const include = (e: SchemaEnum, reflected: boolean) => options.includeObject?.({ type: 'enum', name: e.name, reflected }) ?? true;
  const dbEnums = new Map(database.enums.filter((e) => include(e, true)).map((e) => [key(e), e]));
  const modelEnums = new Map(model.enums.filter((e) => include(e, false)).map((e) => [key(e), e]));
  for (const [k, e] of [...modelEnums].sort(([a], [b]) => a.localeCompare(b))) {
    const existing = dbEnums.get(k);
    if (!existing) {
      out.before.push({ kind: 'createEnum', name: ref(e), values: e.values });
    } else if (!sameList(e.values, existing.values)) {
      out.before.push({ kind: 'alterEnum', name: ref(e), values: e.values, existing: existing.values, columns: enumColumns(e, database) });
    }
  }
  // A type no longer in the model is dropped only when no remaining table uses it.
  const usedByKeptTables = new Set<string>();
  const modelByKey = new Map(model.tables.map((m) => [key(m), m]));
  for (const t of database.tables) {
    // A table left out of the comparison keeps its columns, and so the types they use.
    const compared = dbTables.has(key(t));
    const mt = modelByKey.get(key(t));
    if (compared && !mt) continue;
    for (const c of t.columns) {
      if (c.type !== 'enum' || !c.enumName) continue;
      const typeKey = `${c.enumSchema ?? t.schema ?? ''}.${c.enumName}`;
      const stays = !compared || mt!.columns.some((mc) => mc.name === c.name && mc.type === 'enum' && `${mc.enumSchema ?? mt!.schema ?? ''}.${mc.enumName}` === typeKey);
      if (stays) usedByKeptTables.add(typeKey);
    }
  }
  for (const [k, e] of [...dbEnums].sort(([a], [b]) => a.localeCompare(b))) {
    if (!modelEnums.has(k) && !usedByKeptTables.has(k)) out.after.push({ kind: 'dropEnum', name: ref(e), existing: e.values });
  }
  return out;
}

/** `table.column` of each column using enum type `e`, sorted. */
function enumUsers(m: SchemaModel, e: SchemaEnum): string[] {
  const out: string[] = [];
  for (const t of m.tables) for (const c of t.columns) if (c.type === 'enum' && c.enumName === e.name && (c.enumSchema ?? t.schema ?? '') === (e.schema ?? '')) out.push(`${key(t)}.${c.name}`);
  return out.sort();
}

/**
 * Enum types that only follow a rename (of their table or column, or of enumName): one the model
 * no longer has and one the database lacks, in one schema, with the same values, used by the
 * same columns (as the model names them). Renamed, the columns keep their type and values,
 * where a new type would convert every row (USING) and drop the old one.
 */
function followingEnumRenames(model: SchemaModel, database: SchemaModel): Array<{ from: SchemaEnum; to: SchemaEnum }> {
  const dbKeys = new Set(database.enums.map(key));
  const modelKeys = new Set(model.enums.map(key));
  const gone = database.enums.filter((e) => !modelKeys.has(key(e)));
  const out: Array<{ from: SchemaEnum; to: SchemaEnum }> = [];
  for (const to of model.enums.filter((e) => !dbKeys.has(key(e))).sort((a, b) => key(a).localeCompare(key(b)))) {
    const users = enumUsers(model, to);
    if (!users.length) continue;
    const from = gone.find((e) => (e.schema ?? '') === (to.schema ?? '') && sameList(e.values, to.values) && sameList(enumUsers(database, e), users) && !out.some((r) => r.from === e));
    if (from) out.push({ from, to });
  }
  return out;
}

/** The database with those types renamed, as it is once the renames ran. */
function withEnumsRenamed(database: SchemaModel, renames: Array<{ from: SchemaEnum; to: SchemaEnum }>): SchemaModel {
  if (!renames.length) return database;
  const newName = new Map(renames.map((r) => [key(r.from), r.to.name]));
  const enums = database.enums.map((e) => (newName.has(key(e)) ? { ...e, name: newName.get(key(e))! } : e));
  const tables = database.tables.map((t) => ({
    ...t,
    columns: t.columns.map((c) => {
      const k = c.type === 'enum' && c.enumName ? `${c.enumSchema ?? t.schema ?? ''}.${c.enumName}` : undefined;
      return k && newName.has(k) ? { ...c, enumName: newName.get(k)! } : c;
    }),
  }));
  return { ...database, enums, tables };
}

/** The columns of the database that use an enum type (what a recreate must convert). */
function enumColumns(e: SchemaEnum, database: SchemaModel): Array<{ table: TableRef; column: string; array?: boolean; default?: ColumnDef['default'] }> {
  const out: Array<{ table: TableRef; column: string; array?: boolean; default?: ColumnDef['default'] }> = [];
  for (const t of database.tables) {
    for (const c of t.columns) {
      if (c.type === 'enum' && c.enumName === e.name && (c.enumSchema ?? t.schema ?? '') === (e.schema ?? '')) {
        out.push({ table: ref(t), column: c.name, ...(c.array ? { array: true } : {}), ...(c.default !== undefined ? { default: c.default } : {}) });
      }
    }
  }
  return out.sort((a, b) => `${tableText(a.table)}.${a.column}`.localeCompare(`${tableText(b.table)}.${b.column}`));
}
