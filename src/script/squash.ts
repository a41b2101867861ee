/**
 * Squash revisions: a revision exporting `replaces = [ids]` stands for a range of older ones,
 * which stay on disk. As Django's squashmigrations, the graph is chosen per database (pure: no
 * file, no database):
 *
 * - nothing of the range applied, all of it, or no database given (history, heads, offline
 *   autogenerate): the squash S is used and the replaced revisions are hidden; every reference
 *   to a replaced id (downRevision, dependsOn) becomes S, and database heads that are replaced
 *   ids become S (the caller rewrites those version-table rows);
 * - part of the range applied (HEAD, the range's last revision, not yet): the old revisions are
 *   used and S is hidden; references to S become HEAD, so S's children hang off HEAD.
 *
 * `replaces` lists the range oldest first; its last id is HEAD (so it is known when its file is
 * gone). When replaced files are deleted S is simply used; a database in the middle of such a
 * range cannot continue without them, and says so.
 */
import { MigError } from '../errors';
import type { RevisionMap, RevisionSource } from './revision-map';

export interface SquashSource extends RevisionSource {
  replaces?: readonly string[];
}

export interface SquashDecision {
  squash: string;
  replaces: string[];
  /** The range's last revision. */
  head: string;
  /** 'squash': S stands for the range; 'replaced': the database is inside it, the old revisions are used. */
  use: 'squash' | 'replaced';
}

/** A version-table row to change so that it names what the resolved graph has. */
export type HeadRewrite = { kind: 'update'; from: string; to: string } | { kind: 'delete'; version: string };

export interface ResolvedRevisions<T> {
  /** The revisions of the graph, references rewritten (unchanged sources are the same objects). */
  sources: T[];
  /** The database's heads in terms of `sources` (when heads were given). */
  heads?: string[];
  /** The rows that make the version table hold `heads`. */
  rewrites: HeadRewrite[];
  /** Ids left out on purpose: replaced revisions of a squash in use, and squashes set aside. */
  hidden: Set<string>;
  decisions: SquashDecision[];
}

/** The graph for a database at `dbHeads` (undefined: no database, the squashes are used). */
export function resolveSquashes<T extends SquashSource>(sources: readonly T[], dbHeads?: readonly string[]): ResolvedRevisions<T> {
  const byId = new Map(sources.map((s) => [s.id, s]));
  const squashes = sources.filter((s) => s.replaces?.length);
  if (!squashes.length) return { sources: [...sources], heads: dbHeads && [...dbHeads], rewrites: [], hidden: new Set(), decisions: [] };
  const replacedBy = new Map<string, string>();
  for (const s of squashes) {
    for (const id of s.replaces!) {
      const other = replacedBy.get(id);
      if (other && other !== s.id) throw invalid(s, `replaces ${id}, which squash ${other} replaces too`);
      if (id === s.id) throw invalid(s, 'replaces itself');
      if (byId.get(id)?.replaces?.length) throw invalid(s, `replaces ${id}, itself a squash`);
      replacedBy.set(id, s.id);
    }
  }
  const applied = dbHeads ? closure(byId, dbHeads) : undefined;
  const mapping = new Map<string, string>();
  const hidden = new Set<string>();
  const decisions: SquashDecision[] = [];
  for (const s of squashes) {
    const replaces = [...new Set(s.replaces!)];
    const head = replaces[replaces.length - 1];
    if (replaces.every((id) => byId.has(id))) {
      const below = closure(byId, [head]);
      const outside = replaces.filter((id) => !below.has(id));
      if (outside.length) throw invalid(s, `lists ${head} last, but ${outside.join(', ')} ${outside.length > 1 ? 'are' : 'is'} not below it: the last id must be the range's HEAD`);
    }
    const done = applied && !applied.has(s.id) && !applied.has(head) ? replaces.filter((id) => applied.has(id)) : [];
    const use = done.length ? 'replaced' : 'squash';
    if (use === 'replaced') {
      const missing = replaces.filter((id) => !byId.has(id));
      if (missing.length) {
        throw new MigError('squash-files-missing', `The database is at ${done.filter((id) => dbHeads!.includes(id)).join(', ') || done.join(', ')}, in the range squash ${s.id} replaces, and the replaced revision files ${missing.join(', ')} are gone`, {
          hint: `restore them (from version control) to upgrade this database: it continues through the old revisions up to ${head}, then through ${s.id}'s children`,
        });
      }
      mapping.set(s.id, head);
      hidden.add(s.id);
    } else {
      for (const id of replaces) {
        mapping.set(id, s.id);
        hidden.add(id);
      }
    }
    decisions.push({ squash: s.id, replaces, head, use });
  }

  const target = (id: string) => {
    for (let n = 0; mapping.has(id) && n <= mapping.size; n++) id = mapping.get(id)!;
    return id;
  };
  const out: T[] = [];
  for (const source of sources) {
    if (hidden.has(source.id)) continue;
    const down = [...new Set(source.down.map(target))].filter((id) => id !== source.id);
    const dependsOn = [...new Set((source.dependsOn ?? []).map(target))].filter((id) => id !== source.id && !down.includes(id));
    // A squash in use carries the branch labels of the revisions it hides.
    const decision = decisions.find((d) => d.squash === source.id && d.use === 'squash');
    const inherited = decision ? decision.replaces.flatMap((id) => byId.get(id)?.branchLabels ?? []) : [];
    const same = down.join() === source.down.join() && dependsOn.join() === (source.dependsOn ?? []).join() && !inherited.length;
    out.push(same ? source : { ...source, down, dependsOn, branchLabels: [...(source.branchLabels ?? []), ...inherited] });
  }

  let heads: string[] | undefined;
  const rewrites: HeadRewrite[] = [];
  if (dbHeads) {
    heads = [];
    for (const h of dbHeads) {
      const to = hidden.has(h) && replacedBy.has(h) ? target(h) : h;
      if (to !== h) rewrites.push(heads.includes(to) ? { kind: 'delete', version: h } : { kind: 'update', from: h, to });
      if (!heads.includes(to)) heads.push(to);
    }
  }
  return { sources: out, heads, rewrites, hidden, decisions };
}

/** The ids `heads` stand for: themselves and everything below them, through the files there are. */
function closure(byId: Map<string, SquashSource>, heads: readonly string[]): Set<string> {
  const labels = new Map<string, string>();
  for (const s of byId.values()) for (const l of s.branchLabels ?? []) labels.set(l, s.id);
  const seen = new Set<string>();
  const todo = [...heads];
  while (todo.length) {
    const id = todo.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const s = byId.get(id);
    if (s) todo.push(...s.down, ...(s.dependsOn ?? []).map((d) => labels.get(d) ?? d));
  }
  return seen;
}

function invalid(s: SquashSource, what: string): MigError {
  return new MigError('squash-invalid', `Squash revision ${s.path ? `${s.id} (${s.path})` : s.id} ${what}`, { hint: 'fix its `replaces` export' });
}

/**
 * What `mig squash BASE:HEAD` replaces: every ancestor-or-self of HEAD that is not an
 * ancestor-or-self of BASE, oldest first (upgrade order), on the graph without a database.
 */
export function squashRange(map: RevisionMap, base: string, head: string): string[] {
  const top = map.getRevision(head);
  if (!top) throw new MigError('squash-range', `HEAD of the range is base: there is nothing to squash`, { hint: 'e.g. mig squash base:head -m "squash"' });
  const bottom = base === 'base' ? undefined : map.getRevision(base);
  const below = new Set(bottom ? [...map.ancestors([bottom])].map((r) => r.id) : []);
  if (bottom && (bottom.id === top.id || !new Set([...map.ancestors([top])].map((r) => r.id)).has(bottom.id))) {
    throw new MigError('squash-range', `${top.id} does not come after ${bottom.id}: HEAD must descend from BASE`, { hint: '`mig history` shows the graph; write the range as BASE:HEAD, older first' });
  }
  const range = map.upgradeRevisions(top.id, []).filter((r) => !below.has(r.id));
  if (range.length < 2) throw new MigError('squash-range', `The range ${base}:${head} holds only ${range.map((r) => r.id).join('')}: nothing to squash`, { hint: 'a squash replaces two or more revisions' });
  return range.map((r) => r.id);
}
