/**
 * Rename detection: before compare, a table the database has and the entities lack, beside a
 * new one with the same columns, may be that table renamed; so may a dropped column beside an
 * added one of the same type family, nullability and default. Hints (flags, env.ts `renames`)
 * decide first, then `decide` (a prompt) for each candidate, best first; what nobody confirms
 * stays a drop + add, and is returned as `unconfirmed` for the revision to say so.
 *
 * A confirmed rename is applied to the database model (`applyRenames`), so compare sees the
 * renamed table and its indexes and constraints already following it: only what else changed
 * comes out, after the rename ops.
 */
import { canonicalType, renameCompatible } from '../dialects/normalize';
// SQLite's tokenizer reads the identifiers, quoted or bare, and strings of both dialects' SQL.
import { renameIdentifiers } from '../dialects/sqlite/create-table';
import type { DialectName } from '../dialects/types';
import { editDistance } from '../edit-distance';
import { MigError } from '../errors';
import type { Op, TableRef } from '../operations/ops';
import { tableText } from '../operations/ops';
import type { SchemaColumn, SchemaModel, SchemaTable } from '../schema/model';

/** Hints kept in the repository (env.ts `export const renames`) or given as flags. */
export interface RenameHints {
  /** `{ oldTable: 'newTable' }` (schema-qualified keys as `schema.table`). */
  tables?: Record<string, string>;
  /** `{ 'table.oldColumn': 'newColumn' }`; the table under its new name (or its old one). */
  columns?: Record<string, string>;
}

export type RenameCandidate =
  | { kind: 'table'; from: TableRef; to: TableRef; score: number }
  | { kind: 'column'; table: TableRef; from: string; to: string; score: number };

/** Asked for each candidate, best first: true keeps the data (a rename), false writes drop + add. */
export type RenameDecision = (candidate: RenameCandidate) => boolean | Promise<boolean>;

export interface RenamePlan {
  tables: Array<{ from: TableRef; to: TableRef }>;
  columns: Array<{ table: TableRef; from: string; to: string }>;
  /** Candidates left as drop + add (declined, or nobody to ask): one per dropped object. */
  unconfirmed: RenameCandidate[];
}

const key = (t: TableRef) => `${t.schema ?? ''}.${t.name}`;
const ref = (t: TableRef): TableRef => (t.schema ? { schema: t.schema, name: t.name } : { name: t.name });

/** `name` or `schema.name` as a table of the given list: a lookup built once per list. */
function tableFinder(tables: SchemaTable[]): (text: string) => SchemaTable | undefined {
  const unqualified = new Map<string, SchemaTable>();
  const qualified = new Map<string, SchemaTable>();
  const anySchema = new Map<string, SchemaTable>();
  for (const t of tables) {
    if (!t.schema && !unqualified.has(t.name)) unqualified.set(t.name, t);
    if (!qualified.has(`${t.schema}.${t.name}`)) qualified.set(`${t.schema}.${t.name}`, t);
    if (!anySchema.has(t.name)) anySchema.set(t.name, t);
  }
  return (text) => unqualified.get(text) ?? qualified.get(text) ?? anySchema.get(text);
}

/** 0..1: how alike two names are, ignoring case and separators (fullName ~ full_name ~ name). */
export function nameSimilarity(a: string, b: string): number {
  const norm = (s: string) => s.toLowerCase().replace(/[_\-\s]/g, '');
  const x = norm(a);
  const y = norm(b);
  if (x === y) return 1;
  const d = editDistance(x, y);
  const edit = 1 - d / Math.max(x.length, y.length, 1);
  const contained = x.includes(y) || y.includes(x) ? Math.min(x.length, y.length) / Math.max(x.length, y.length) : 0;
  return Math.max(edit, contained ? 0.5 + contained / 2 : 0);
}

function columnScore(dialect: DialectName, from: SchemaColumn, to: SchemaColumn, fromIndex: number, toIndex: number, width: number): number {
  const sameType = canonicalType(dialect, from) === canonicalType(dialect, to) ? 1 : 0;
  const position = 1 - Math.abs(fromIndex - toIndex) / Math.max(width, 1);
  return 0.6 * nameSimilarity(from.name, to.name) + 0.25 * sameType + 0.15 * position;
}

/** The same column names, each of the same type: a table renamed, not rebuilt. */
function sameColumns(dialect: DialectName, a: SchemaTable, b: SchemaTable): boolean {
  if (a.columns.length !== b.columns.length) return false;
  const other = new Map(b.columns.map((c) => [c.name, c]));
  return a.columns.every((c) => {
    const o = other.get(c.name);
    return !!o && canonicalType(dialect, c) === canonicalType(dialect, o);
  });
}

/**
 * Greedy over candidates best first, each side used at most once; returns what stays drop + add:
 * per dropped object its best candidate whose sides no confirmed rename took.
 */
async function choose<T extends RenameCandidate>(candidates: T[], sides: (c: T) => [string, string], decide: RenameDecision | undefined, accept: (c: T) => void): Promise<T[]> {
  const taken = new Set<string>();
  const declined: T[] = [];
  for (const c of [...candidates].sort((a, b) => b.score - a.score)) {
    const [from, to] = sides(c);
    if (taken.has(from) || taken.has(to)) continue;
    if (decide && (await decide(c))) {
      taken.add(from).add(to);
      accept(c);
    } else declined.push(c);
  }
  const flagged = new Set<string>();
  return declined.filter((c) => {
    const [from, to] = sides(c);
    if (taken.has(from) || taken.has(to) || flagged.has(from) || flagged.has(to)) return false;
    flagged.add(from).add(to);
    return true;
  });
}

const gonesAndAdded = (model: SchemaModel, database: SchemaModel) => {
  const modelKeys = new Set(model.tables.map(key));
  const dbKeys = new Set(database.tables.map(key));
  return { gone: database.tables.filter((t) => !modelKeys.has(key(t))), added: model.tables.filter((t) => !dbKeys.has(key(t))) };
};

/** A table hint as a rename; one that names no dropped or no new table is an error. */
function tableHinter(model: SchemaModel, database: SchemaModel): (fromText: string, toText: string) => RenamePlan['tables'][number] {
  const { gone, added } = gonesAndAdded(model, database);
  const findGone = tableFinder(gone);
  const findAdded = tableFinder(added);
  return (fromText, toText) => {
    const what = `rename table ${fromText}=${toText}`;
    const from = findGone(fromText);
    const to = findAdded(toText);
    if (!from) throw new MigError('rename-hint', `${what}: the database has no table ${fromText} that the entities lack`, { hint: `tables only the database has: ${gone.map(tableText).join(', ') || 'none'}` });
    if (!to) throw new MigError('rename-hint', `${what}: the entities have no new table ${toText}`, { hint: `tables only the entities have: ${added.map(tableText).join(', ') || 'none'}` });
    if ((from.schema ?? '') !== (to.schema ?? '')) throw new MigError('rename-hint', `${what}: ${tableText(from)} and ${tableText(to)} are in different schemas, and a rename keeps a table in its schema`, { hint: 'move it with op.execute(ALTER TABLE ... SET SCHEMA ...) in a revision of its own' });
    return { from: ref(from), to: ref(to) };
  };
}

/** A column hint as a rename, over the database with its table renames applied. */
function columnHinter(model: SchemaModel, renamedDb: SchemaModel, tables: RenamePlan['tables']): (target: string, toColumn: string) => RenamePlan['columns'][number] {
  const dbTables = new Map(renamedDb.tables.map((t) => [key(t), t]));
  const oldNames = new Map(tables.map((r) => [r.from.name, r.to]));
  const findTable = tableFinder(model.tables);
  const modelTables = new Map(model.tables.map((t) => [key(t), t]));
  return (target, toColumn) => {
    const what = `rename ${target}=${toColumn}`;
    const dot = target.lastIndexOf('.');
    if (dot <= 0) throw new MigError('rename-hint', `${what}: name the column as table.column`, { hint: 'e.g. --rename users.name=fullName' });
    const tableName = target.slice(0, dot);
    const fromColumn = target.slice(dot + 1);
    const renamedFrom = oldNames.get(tableName);
    const mt = findTable(tableName) ?? (renamedFrom && modelTables.get(key(renamedFrom)));
    const dt = mt && dbTables.get(key(mt));
    if (!mt || !dt) throw new MigError('rename-hint', `${what}: no table ${tableName} is in both the entities and the database`, { hint: 'name a table the database has and the entities keep' });
    if (!dt.columns.some((c) => c.name === fromColumn) || mt.columns.some((c) => c.name === fromColumn)) {
      throw new MigError('rename-hint', `${what}: ${tableText(mt)} has no column ${fromColumn} that the entities drop`, { hint: `columns only the database has: ${dt.columns.filter((c) => !mt.columns.some((m) => m.name === c.name)).map((c) => c.name).join(', ') || 'none'}` });
    }
    if (!mt.columns.some((c) => c.name === toColumn) || dt.columns.some((c) => c.name === toColumn)) {
      throw new MigError('rename-hint', `${what}: the entities add no column ${toColumn} to ${tableText(mt)}`, { hint: `columns only the entities have: ${mt.columns.filter((c) => !dt.columns.some((d) => d.name === c.name)).map((c) => c.name).join(', ') || 'none'}` });
    }
    return { table: ref(mt), from: fromColumn, to: toColumn };
  };
}

const hintedTables = (model: SchemaModel, database: SchemaModel, hints: RenameHints): RenamePlan['tables'] => {
  const hint = tableHinter(model, database);
  return Object.entries(hints.tables ?? {}).map(([from, to]) => hint(from, to));
};

const hintedColumns = (model: SchemaModel, renamedDb: SchemaModel, tables: RenamePlan['tables'], hints: RenameHints): RenamePlan['columns'] => {
  const hint = columnHinter(model, renamedDb, tables);
  return Object.entries(hints.columns ?? {}).map(([target, to]) => hint(target, to));
};

/**
 * The hints that still name a drop and an add, each checked alone (env.ts's hints stay in the
 * repository after their revision: a stale one is passed over, not an error).
 */
export function applicableHints(model: SchemaModel, database: SchemaModel, hints: RenameHints): Required<RenameHints> {
  const out: Required<RenameHints> = { tables: {}, columns: {} };
  const fits = <T>(f: () => T): T | undefined => {
    try {
      return f();
    } catch (err) {
      if (err instanceof MigError) return undefined;
      throw err;
    }
  };
  const tableHint = tableHinter(model, database);
  const tables: RenamePlan['tables'] = [];
  for (const [from, to] of Object.entries(hints.tables ?? {})) {
    const r = fits(() => tableHint(from, to));
    if (r) {
      tables.push(r);
      out.tables[from] = to;
    }
  }
  const columnHint = columnHinter(model, applyRenames(database, { tables, columns: [] }), tables);
  for (const [target, to] of Object.entries(hints.columns ?? {})) if (fits(() => columnHint(target, to))) out.columns[target] = to;
  return out;
}

export async function planRenames(model: SchemaModel, database: SchemaModel, dialect: DialectName, hints: RenameHints = {}, decide?: RenameDecision): Promise<RenamePlan> {
  const plan: RenamePlan = { tables: hintedTables(model, database, hints), columns: [], unconfirmed: [] };
  const { gone, added } = gonesAndAdded(model, database);
  const hintedFrom = new Set(plan.tables.map((r) => key(r.from)));
  const hintedTo = new Set(plan.tables.map((r) => key(r.to)));
  const tableCandidates: RenameCandidate[] = [];
  for (const from of gone.filter((t) => !hintedFrom.has(key(t)))) {
    for (const to of added.filter((t) => !hintedTo.has(key(t)))) {
      if ((from.schema ?? '') === (to.schema ?? '') && sameColumns(dialect, from, to)) tableCandidates.push({ kind: 'table', from: ref(from), to: ref(to), score: nameSimilarity(from.name, to.name) });
    }
  }
  const tableSides = (c: RenameCandidate): [string, string] => (c.kind === 'table' ? [key(c.from), key(c.to)] : ['', '']);
  plan.unconfirmed.push(...(await choose(tableCandidates, tableSides, decide, (c) => c.kind === 'table' && plan.tables.push({ from: c.from, to: c.to }))));

  // Columns of the tables both sides have, once the table renames are applied.
  const renamedDb = applyRenames(database, { ...plan, columns: [] });
  plan.columns.push(...hintedColumns(model, renamedDb, plan.tables, hints));
  const dbTables = new Map(renamedDb.tables.map((t) => [key(t), t]));
  const hintedByTable = new Map<string, RenamePlan['columns']>();
  for (const r of plan.columns) hintedByTable.set(key(r.table), [...(hintedByTable.get(key(r.table)) ?? []), r]);
  const columnCandidates: RenameCandidate[] = [];
  for (const mt of [...model.tables].sort((a, b) => key(a).localeCompare(key(b)))) {
    const dt = dbTables.get(key(mt));
    if (!dt) continue;
    const hinted = hintedByTable.get(key(mt)) ?? [];
    const modelNames = new Set(mt.columns.map((c) => c.name));
    const dbNames = new Set(dt.columns.map((c) => c.name));
    const dropped = dt.columns.filter((c) => !modelNames.has(c.name) && !hinted.some((r) => r.from === c.name));
    const newOnes = mt.columns.filter((c) => !dbNames.has(c.name) && !hinted.some((r) => r.to === c.name));
    const width = Math.max(dt.columns.length, mt.columns.length);
    for (const from of dropped) {
      // A computed column holds no data of its own: nothing to keep.
      if (from.asExpression !== undefined || from.generated !== undefined) continue;
      for (const to of newOnes) {
        if (to.asExpression !== undefined || to.generated !== undefined || !renameCompatible(dialect, from, to)) continue;
        columnCandidates.push({ kind: 'column', table: ref(mt), from: from.name, to: to.name, score: columnScore(dialect, from, to, dt.columns.indexOf(from), mt.columns.indexOf(to), width) });
      }
    }
  }
  const columnSides = (c: RenameCandidate): [string, string] => (c.kind === 'column' ? [`from:${key(c.table)}.${c.from}`, `to:${key(c.table)}.${c.to}`] : ['', '']);
  plan.unconfirmed.push(...(await choose(columnCandidates, columnSides, decide, (c) => c.kind === 'column' && plan.columns.push({ table: c.table, from: c.from, to: c.to }))));
  return plan;
}

const isExpression = (c: string) => /[\s()]/.test(c);

/**
 * The database as it is after the renames: tables and columns under their new names, and what
 * refers to them (keys, indexes, foreign keys of other tables, check and index expressions).
 * Constraint and index names stay: compare renames those the entities name differently.
 */
export function applyRenames(database: SchemaModel, plan: Pick<RenamePlan, 'tables' | 'columns'>): SchemaModel {
  if (!plan.tables.length && !plan.columns.length) return database;
  const tableTo = new Map(plan.tables.map((r) => [key(r.from), r.to]));
  const newRef = (t: TableRef): TableRef => tableTo.get(key(t)) ?? ref(t);
  const byTable = new Map<string, Map<string, string>>();
  for (const r of plan.columns) {
    const k = key(r.table);
    if (!byTable.has(k)) byTable.set(k, new Map());
    byTable.get(k)!.set(r.from, r.to);
  }
  const none = new Map<string, string>();
  const columnsOf = (t: TableRef) => byTable.get(key(newRef(t))) ?? none;
  // One pass over the SQL's identifiers (string literals and function names left alone), as the database rewrites them.
  const renameText = (text: string, renames: Map<string, string>) => (renames.size ? renameIdentifiers(text, (n) => renames.get(n) ?? n) : text);
  const renameList = (cols: string[], renames: Map<string, string>) => cols.map((c) => renames.get(c) ?? (isExpression(c) ? renameText(c, renames) : c));
  const tables = database.tables.map((t): SchemaTable => {
    const to = newRef(t);
    const renames = columnsOf(t);
    return {
      ...t,
      name: to.name,
      columns: t.columns.map((c) => (renames.has(c.name) ? { ...c, name: renames.get(c.name)! } : c)),
      primaryKey: t.primaryKey && { ...t.primaryKey, columns: renameList(t.primaryKey.columns, renames) },
      uniques: t.uniques.map((u) => ({ ...u, columns: renameList(u.columns, renames) })),
      checks: t.checks.map((c) => ({ ...c, expression: renameText(c.expression, renames) })),
      indexes: t.indexes.map((i) => ({ ...i, columns: renameList(i.columns, renames), ...(i.where !== undefined ? { where: renameText(i.where, renames) } : {}) })),
      foreignKeys: t.foreignKeys.map((f) => ({ ...f, columns: renameList(f.columns, renames), referencedTable: newRef(f.referencedTable), referencedColumns: renameList(f.referencedColumns, columnsOf(f.referencedTable)) })),
    };
  });
  return { ...database, tables };
}

/** The ops of the renames, tables first (a column rename names its table by the new name). */
export function renameOps(plan: RenamePlan): Op[] {
  return [
    ...plan.tables.map((r): Op => ({ kind: 'renameTable', table: r.from, newName: r.to.name })),
    ...plan.columns.map((r): Op => ({ kind: 'alterColumn', table: r.table, column: r.from, changes: { newName: r.to }, existing: {} })),
  ];
}

/** The table keys the renames touch (after renaming): compare renames what follows them. */
export function renamedTables(plan: RenamePlan): Set<string> {
  return new Set([...plan.tables.map((r) => key(r.to)), ...plan.columns.map((r) => key(r.table))]);
}

/** The comment autogenerate writes above the drop of an unconfirmed candidate. */
export function unconfirmedNote(c: RenameCandidate): string {
  return c.kind === 'table'
    ? `mig: possible rename of table ${tableText(c.from)} -> ${tableText(c.to)}; run with --rename-table ${tableText(c.from)}=${c.to.name} to keep its data`
    : `mig: possible rename of ${tableText(c.table)}.${c.from} -> ${tableText(c.table)}.${c.to}; run with --rename ${tableText(c.table)}.${c.from}=${c.to} to keep its data`;
}
