/**
 * `mig squash BASE:HEAD`: one revision standing for the range (script/squash.ts decides per
 * database which is used). Its ops are the offline autogenerate's, between two replayed models:
 * the schema at HEAD as the target, the schema at BASE as the database. Nothing connects.
 *
 * What replay cannot see is refused rather than dropped: an upgrade that reads the database,
 * op.execute() SQL (DDL is not replayed; DML moves data the squash would not), bulkInsert, and
 * alterColumn's backfill / using (values a diff does not carry). Renames in the range are kept
 * as renames (hints for the compare), so a database at BASE keeps its data through the squash.
 */
import type { Config } from '../config/config';
import { MigError } from '../errors';
import { loadEnvironment } from '../loader/env';
import { dataSourceOptions } from '../loader/typeorm';
import type { IndexDef, Op, TableRef } from '../operations/ops';
import type { SchemaModel } from '../schema/model';
import { dialectForType } from '../runtime/connection';
import { ScriptDirectory, type Script, type WrittenRevision } from '../script/script-directory';
import { squashRange } from '../script/squash';
import { compareModels, renderRevision, replayRevisions } from './index';
import type { RenameHints } from './renames';
import { emptyModel } from './replay';

export interface SquashSpec {
  /** `BASE:HEAD`: BASE `base` or a revision, HEAD a revision or `head`. */
  range: string;
  message?: string;
  revId?: string;
  versionPath?: string;
  now?: Date;
}

export interface SquashResult extends WrittenRevision {
  /** The replaced revisions, in upgrade order (HEAD last). */
  replaces: string[];
  upgradeOps: Op[];
}

export async function squash(config: Config, spec: SquashSpec): Promise<SquashResult> {
  if (!spec.message?.trim()) throw new MigError('usage', 'mig squash needs a message (-m MSG)', { hint: 'e.g. mig squash base:head -m "squash the first year"' });
  const colon = spec.range.indexOf(':');
  if (colon < 0) throw new MigError('usage', `mig squash takes a range BASE:HEAD (got '${spec.range}')`, { hint: 'e.g. mig squash base:head, mig squash ae10:head' });
  const base = spec.range.slice(0, colon) || 'base';
  const head = spec.range.slice(colon + 1) || 'head';

  const script = ScriptDirectory.fromConfig(config);
  for (const bound of [base, head]) refuseReplaced(script, bound);
  const map = script.revisionMap;
  const ids = squashRange(map, base, head);
  const baseRev = base === 'base' ? undefined : map.getRevision(base);
  const range = ids.map((id) => map.get(id));
  for (const rev of range) {
    if (rev.source.replaces?.length) {
      throw new MigError('squash-overlap', `The range ${base}:${head} holds squash revision ${rev.id} (${rev.source.path}): squashes cannot overlap`, {
        hint: `squash what comes after it (mig squash ${rev.id}:${head} -m MSG)`,
      });
    }
  }
  // Every check that needs no file content runs before a revision is loaded.
  const newSpec = { message: spec.message, head: baseRev?.id ?? 'base', splice: true, revId: spec.revId, versionPath: spec.versionPath, replaces: ids, now: spec.now };
  script.checkNewRevision(newSpec);

  const dsOptions = await dataSourceOptions(config, loadEnvironment(config));
  const dialect = dialectForType(String(dsOptions.type)).name;
  const ops: Op[] = [];
  const replay = async (revisions: Script[], start = emptyModel(dialect), visit?: (r: Script, o: Op[]) => void) => {
    try {
      return await replayRevisions(config, dialect, revisions, start, emptyModel(dialect), visit);
    } catch (err) {
      if ((err as MigError).code !== 'offline-replay') throw err;
      throw new MigError('squash-replay', (err as MigError).message, { hint: 'squash a range that starts after it, or write its change as op calls' });
    }
  };
  const atBase = await replay(baseRev ? map.upgradeRevisions(baseRev.id, []) : []);
  const atHead = await replay(range, atBase, (rev, recorded) => {
    refuseUnsquashable(rev, recorded);
    ops.push(...recorded);
  });
  const comparison = await compareModels(dialect, plainIndexes(atHead), plainIndexes(atBase), rangeRenames(ops));
  const rendered = renderRevision(config, dialect, comparison.upgradeOps, comparison.downgradeOps);
  const written = ScriptDirectory.fromConfig(config).generateRevision({ ...newSpec, upgrades: rendered.upgrades, downgrades: rendered.downgrades, importNames: rendered.importNames });
  return { ...written, replaces: ids, upgradeOps: comparison.upgradeOps };
}

/**
 * The squash is one transactional revision: CREATE INDEX CONCURRENTLY (which a replaced revision
 * ran with `transactional = false`) cannot be in it, so the indexes lose that flag.
 */
function plainIndexes(model: SchemaModel): SchemaModel {
  const plain = (i: IndexDef): IndexDef => {
    const { concurrently: _c, ...rest } = i;
    void _c;
    return rest;
  };
  return { ...model, tables: model.tables.map((t) => ({ ...t, indexes: t.indexes.map(plain) })), ...(model.views ? { views: model.views.map((v) => ({ ...v, indexes: v.indexes?.map(plain) })) } : {}) };
}

/** A bound naming a revision an existing squash replaced (the graph shows the squash instead). */
function refuseReplaced(script: ScriptDirectory, bound: string): void {
  if (['base', 'head', 'heads'].includes(bound) || script.revisionMap.has(bound)) return;
  for (const h of script.allHeaders()) {
    const hit = h.replaces?.find((id) => id === bound || (bound.length > 3 && id.startsWith(bound)));
    if (hit) {
      throw new MigError('squash-overlap', `Revision ${hit} is already replaced by squash ${h.id} (${h.path}): squashes cannot overlap`, { hint: `name ${h.id} instead, or a revision after it` });
    }
  }
}

const DDL = /^\s*(?:create|alter|drop|comment|rename|truncate|grant|revoke)\b/i;

function refuseUnsquashable(rev: Script, ops: Op[]): void {
  const where = `${rev.source.path}`;
  for (const op of ops.flatMap((o) => (o.kind === 'batch' ? [o, ...o.ops] : [o]))) {
    if (op.kind === 'execute') {
      if (DDL.test(op.sql.replace(/\/\*[\s\S]*?\*\/|--[^\n]*/g, ''))) {
        throw new MigError('squash-replay', `${where}: op.execute() runs DDL mig cannot replay, so a squash would lose it`, { hint: 'write the change as op calls, or squash a range without this revision' });
      }
      throw new MigError('squash-data', `${where}: op.execute() moves data, which a squash (schema only) would drop`, { hint: 'squash a range without this revision (e.g. one that ends before it)' });
    }
    const data =
      op.kind === 'bulkInsert' ? `bulkInsert into ${op.table.name}` : op.kind === 'alterColumn' && op.backfill !== undefined ? `alterColumn ${op.table.name}.${op.column} backfill` : op.kind === 'alterColumn' && op.using ? `alterColumn ${op.table.name}.${op.column} using` : undefined;
    if (data) throw new MigError('squash-data', `${where}: ${data} moves data, which a squash (schema only) would drop`, { hint: 'squash a range without this revision (e.g. one that ends before it)' });
  }
}

/**
 * The renames of `ops` composed, as hints from the first name (at BASE) to the last (at HEAD):
 * a table or column created in the range has no first name, and its renames give none.
 */
export function rangeRenames(ops: Op[]): RenameHints {
  const k = (t: TableRef) => (t.schema ? `${t.schema}.${t.name}` : t.name);
  type Tracked = { origin?: string; columns: Map<string, string | undefined> };
  const tables = new Map<string, Tracked>();
  const track = (t: TableRef): Tracked => {
    let x = tables.get(k(t));
    if (!x) tables.set(k(t), (x = { origin: k(t), columns: new Map() }));
    return x;
  };
  const column = (x: Tracked, name: string) => (x.columns.has(name) ? x.columns.get(name) : name);
  for (const op of ops.flatMap((o) => (o.kind === 'batch' ? o.ops : [o]))) {
    if (op.kind === 'createTable') tables.set(k(op.table), { columns: new Map(op.columns.map((c) => [c.name, undefined])) });
    else if (op.kind === 'dropTable') tables.set(k(op.table), { columns: new Map() });
    else if (op.kind === 'renameTable') {
      const x = track(op.table);
      tables.delete(k(op.table));
      tables.set(k({ ...op.table, name: op.newName }), x);
    } else if (op.kind === 'addColumn') track(op.table).columns.set(op.column.name, undefined);
    else if (op.kind === 'alterColumn' && op.changes.newName !== undefined) {
      const x = track(op.table);
      const from = column(x, op.column);
      x.columns.delete(op.column);
      x.columns.set(op.changes.newName, from);
    }
  }
  const hints: Required<RenameHints> = { tables: {}, columns: {} };
  for (const [now, x] of tables) {
    if (!x.origin) continue;
    if (x.origin !== now) hints.tables[x.origin] = now.slice(now.lastIndexOf('.') + 1);
    for (const [name, from] of x.columns) if (from !== undefined && from !== name) hints.columns[`${now}.${from}`] = name;
  }
  return hints;
}
