/**
 * Steps of a run and how each moves the version table, which holds one row per applied head
 * (as Alembic keeps it): a plain step updates a row, a new branch inserts one, a merge deletes
 * all but one of its parents' rows, a downgrade does the reverse. Pure: it works on the
 * revision graph and a set of heads, and returns the row changes as data.
 */
import { MigError } from '../errors';
import type { RevisionHeader } from '../script/revision-file';
import type { Revision, RevisionMap } from '../script/revision-map';

type Script = Revision<RevisionHeader>;
type Map = RevisionMap<RevisionHeader>;

export type RowChange = { kind: 'insert'; version: string } | { kind: 'delete'; version: string } | { kind: 'update'; from: string; to: string };

/** Running one revision's upgrade() or downgrade(). */
export interface RevisionStep {
  kind: 'revision';
  revision: Script;
  upgrade: boolean;
}

/** Moving the version table without running revisions (`mig stamp`). */
export interface StampStep {
  kind: 'stamp';
  from: string[];
  to: string[];
  upgrade: boolean;
  branchMove: boolean;
}

export type Step = RevisionStep | StampStep;

function ancestorIds(map: Map, ids: Iterable<string>): Set<string> {
  return new Set([...map.ancestors(map.revisions([...ids]))].map((r) => r.id));
}

/** A downgrade's parents that no other head still implies. */
function unmergeTargets(map: Map, rev: Script, heads: ReadonlySet<string>): string[] {
  const others = [...heads].filter((h) => h !== rev.id);
  if (!others.length) return [...rev.normalizedDown];
  const implied = ancestorIds(map, others);
  return rev.normalizedDown.filter((id) => !implied.has(id));
}

function revisionRowChanges(map: Map, step: RevisionStep, heads: ReadonlySet<string>): RowChange[] {
  const rev = step.revision;
  const down = rev.normalizedDown;
  if (!step.upgrade && heads.has(rev.id) && (!down.length || !unmergeTargets(map, rev, heads).length)) {
    return [{ kind: 'delete', version: rev.id }];
  }
  if (step.upgrade && (!down.length || !down.some((d) => heads.has(d)))) {
    return [{ kind: 'insert', version: rev.id }];
  }
  if (step.upgrade && down.length > 1 && down.filter((d) => heads.has(d)).length > 1) {
    const others = [...heads].filter((h) => !down.includes(h));
    const implied = others.length ? ancestorIds(map, others) : new Set<string>();
    const from = down.filter((d) => !implied.has(d));
    return [...from.slice(0, -1).map((version) => ({ kind: 'delete' as const, version })), { kind: 'update', from: from[from.length - 1], to: rev.id }];
  }
  if (!step.upgrade && heads.has(rev.id) && down.length > 1) {
    const to = unmergeTargets(map, rev, heads);
    return [...to.slice(0, -1).map((version) => ({ kind: 'insert' as const, version })), { kind: 'update', from: rev.id, to: to[to.length - 1] }];
  }
  let parent: string;
  if (down.length === 1) {
    parent = down[0];
  } else {
    const present = down.filter((d) => heads.has(d));
    if (present.length !== 1) {
      throw new MigError('version-table', `Can't update the version table for ${rev.id}: its down revision is ambiguous (${down.join(', ')})`);
    }
    parent = present[0];
  }
  return [step.upgrade ? { kind: 'update', from: parent, to: rev.id } : { kind: 'update', from: rev.id, to: parent }];
}

function stampRowChanges(step: StampStep, heads: ReadonlySet<string>): RowChange[] {
  if (!step.upgrade && step.branchMove) return [{ kind: 'delete', version: step.from[0] }];
  if (step.upgrade && (step.branchMove || step.from.some((f) => !heads.has(f))) && step.to.some((t) => !heads.has(t))) {
    return [{ kind: 'insert', version: step.to[0] }];
  }
  if (step.from.length > 1 && step.to.length > 1) {
    const gone = step.from.filter((f) => !step.to.includes(f));
    const added = step.to.filter((t) => !step.from.includes(t));
    const pairs = Math.min(gone.length, added.length);
    return [
      ...gone.slice(0, pairs).map((from, i) => ({ kind: 'update' as const, from, to: added[i] })),
      ...gone.slice(pairs).map((version) => ({ kind: 'delete' as const, version })),
      ...added.slice(pairs).map((version) => ({ kind: 'insert' as const, version })),
    ];
  }
  if (step.from.length > 1) {
    return [...step.from.slice(0, -1).map((version) => ({ kind: 'delete' as const, version })), { kind: 'update', from: step.from[step.from.length - 1], to: step.to[0] }];
  }
  if (step.to.length > 1) {
    return [...step.to.slice(0, -1).map((version) => ({ kind: 'insert' as const, version })), { kind: 'update', from: step.from[0], to: step.to[step.to.length - 1] }];
  }
  return [{ kind: 'update', from: step.from[0], to: step.to[0] }];
}

/** The version-table rows a step inserts, updates and deletes, given the heads before it. */
export function rowChanges(map: Map, step: Step, heads: ReadonlySet<string>): RowChange[] {
  return step.kind === 'revision' ? revisionRowChanges(map, step, heads) : stampRowChanges(step, heads);
}

/**
 * The fewest row changes that take the version table from `from` to `to`: what a transaction
 * writes once before it commits, however many steps it ran (updates where a row can be reused).
 */
export function netRowChanges(from: ReadonlySet<string>, to: ReadonlySet<string>): RowChange[] {
  const gone = [...from].filter((v) => !to.has(v));
  const added = [...to].filter((v) => !from.has(v));
  const pairs = Math.min(gone.length, added.length);
  return [
    ...gone.slice(pairs).map((version) => ({ kind: 'delete' as const, version })),
    ...gone.slice(0, pairs).map((f, i) => ({ kind: 'update' as const, from: f, to: added[i] })),
    ...added.slice(pairs).map((version) => ({ kind: 'insert' as const, version })),
  ];
}

/** The heads after applying row changes (also checks they make sense). */
export function applyRowChanges(heads: ReadonlySet<string>, changes: RowChange[]): Set<string> {
  const next = new Set(heads);
  for (const c of changes) {
    if (c.kind === 'insert') {
      if (next.has(c.version)) throw new MigError('version-table', `Version ${c.version} is already in the version table`);
      next.add(c.version);
    } else if (c.kind === 'delete') {
      next.delete(c.version);
    } else {
      if (next.has(c.to)) throw new MigError('version-table', `Version ${c.to} is already in the version table`);
      next.delete(c.from);
      next.add(c.to);
    }
  }
  return next;
}

export function upgradeSteps(map: Map, target: string | readonly string[], heads: readonly string[]): RevisionStep[] {
  return map.upgradeRevisions(target, heads).map((revision) => ({ kind: 'revision', revision, upgrade: true }));
}

export function downgradeSteps(map: Map, target: string, heads: readonly string[]): RevisionStep[] {
  return map.downgradeRevisions(target, heads).map((revision) => ({ kind: 'revision', revision, upgrade: false }));
}

/** Steps that move the version table from `heads` to `targets` without running revisions. */
export function stampSteps(map: Map, targets: readonly string[], heads: readonly string[]): StampStep[] {
  try {
    return stampStepsOf(map, targets.length ? targets : ['base'], heads);
  } catch (err) {
    if ((err as MigError).code === 'multiple-heads') {
      throw new MigError('multiple-heads', `Multiple heads are present; please specify a single target revision (${map.heads.join(', ')})`, {
        hint: "name one, or 'heads' to stamp them all",
      });
    }
    throw err;
  }
}

function stampStepsOf(map: Map, wanted: readonly string[], heads: readonly string[]): StampStep[] {
  const headRevs = map.revisions(heads);
  let filtered: Script[] = [];
  for (const t of wanted) filtered.push(...map.filterForLineage(headRevs, t, true));
  filtered = [...new Set(filtered)];
  let dests = map.getRevisions(wanted as string[]);
  if (!dests.length) dests = [undefined];
  const steps: StampStep[] = [];
  const filteredIds = filtered.map((r) => r.id);
  // Several destinations below the same heads are one step (Alembic makes one per destination,
  // and the second then fails to find its row).
  let down: StampStep | undefined;
  for (const dest of dests) {
    if (!dest) {
      for (const h of filteredIds) steps.push({ kind: 'stamp', from: [h], to: [], upgrade: false, branchMove: true });
      continue;
    }
    if (filteredIds.includes(dest.id)) continue;
    const below = new Set([...map.descendants([dest])].map((r) => r.id));
    const above = new Set([...map.ancestors([dest])].map((r) => r.id));
    if (filteredIds.some((h) => below.has(h))) {
      if (down) down.to.push(dest.id);
      else steps.push((down = { kind: 'stamp', from: filteredIds, to: [dest.id], upgrade: false, branchMove: false }));
    }
    else if (filteredIds.some((h) => above.has(h))) steps.push({ kind: 'stamp', from: filteredIds, to: [dest.id], upgrade: true, branchMove: false });
    else steps.push({ kind: 'stamp', from: [], to: [dest.id], upgrade: true, branchMove: true });
  }
  return steps;
}

/** `a -> b` as the run prints it. */
export function stepLabel(step: Step): { from: string[]; to: string[] } {
  if (step.kind === 'stamp') return { from: step.from, to: step.to };
  const r = step.revision;
  return step.upgrade ? { from: [...r.down], to: [r.id] } : { from: [r.id], to: [...r.down] };
}
