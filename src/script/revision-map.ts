/**
 * The revision graph: revisions linked by their down revisions (and depends_on), with heads,
 * bases, branch labels, and Alembic's identifier grammar. Pure and synchronous: it is built from
 * plain data and never reads a file or a database.
 *
 * The semantics follow Alembic's RevisionMap (alembic/script/revision.py): the same symbols
 * (`head`, `heads`, `base`, ids and unique prefixes, `label@head`, `+N`, `-N`, `rev+N`, ...), the
 * same walk and iteration order. Where Alembic's messages are vague we say more (the candidates
 * of an ambiguous prefix, the file of a broken revision, how to narrow several heads).
 */
import { editDistance } from '../edit-distance';
import { MigError } from '../errors';

export interface RevisionSource {
  id: string;
  /** The versioned parents: empty for a root, two or more for a merge point. */
  down: readonly string[];
  branchLabels?: readonly string[];
  /** Revisions (ids or branch labels) that must be applied first, without a merge. */
  dependsOn?: readonly string[];
  /** Where the revision was read from, for messages. */
  path?: string;
}

const ILLEGAL_ID_CHARS = ['@', '-', '+', ':'];
export const RESERVED_SYMBOLS = ['head', 'heads', 'base', 'current'];
const RELATIVE = /^(?:(.+?)@)?(\w+)?([+-]\d+)$/;

export class Revision<T extends RevisionSource = RevisionSource> {
  readonly id: string;
  /** Versioned down revisions (the parents). */
  readonly down: readonly string[];
  /** The labels declared in this revision's file. */
  readonly ownBranchLabels: readonly string[];
  /** Declared labels plus those propagated from descendants and ancestors. */
  readonly branchLabels = new Set<string>();
  readonly dependsOn: readonly string[];
  /** depends_on resolved to revision ids. */
  resolvedDependencies: string[] = [];
  /** resolvedDependencies minus those already implied by an ancestor. */
  normalizedDependencies: string[] = [];
  /** Children through down revisions only. */
  readonly nextrev = new Set<string>();
  /** Children through down revisions and depends_on. */
  readonly allNextrev = new Set<string>();

  constructor(readonly source: T) {
    this.id = source.id;
    this.down = [...new Set(source.down)];
    this.ownBranchLabels = [...(source.branchLabels ?? [])];
    this.dependsOn = [...(source.dependsOn ?? [])];
    for (const label of this.ownBranchLabels) this.branchLabels.add(label);
  }

  /** Parents and dependencies. */
  get allDown(): string[] {
    return [...new Set([...this.down, ...this.resolvedDependencies])];
  }

  /** Parents and the dependencies not already implied by an ancestor. */
  get normalizedDown(): string[] {
    return [...new Set([...this.down, ...this.normalizedDependencies])];
  }

  get isHead(): boolean {
    return this.nextrev.size === 0;
  }
  get isRealHead(): boolean {
    return this.allNextrev.size === 0;
  }
  get isBase(): boolean {
    return this.down.length === 0;
  }
  get isRealBase(): boolean {
    return this.down.length === 0 && this.dependsOn.length === 0;
  }
  get isBranchPoint(): boolean {
    return this.nextrev.size > 1;
  }
  get isRealBranchPoint(): boolean {
    return this.allNextrev.size > 1;
  }
  get isMergePoint(): boolean {
    return this.down.length > 1;
  }

  toString(): string {
    return this.id;
  }
}

/** `undefined` is "base": the state before any revision. */
type RevOrBase<T extends RevisionSource> = Revision<T> | undefined;

export interface IterateOptions {
  /** Upgrade: revisions of other branches are fine. Downgrade: wind other branches back too. */
  implicitBase?: boolean;
  /** Include the lower revision itself. */
  inclusive?: boolean;
  /** A relative walk that runs out of revisions is an error (else it stops at the end). */
  assertRelativeLength?: boolean;
  /** Collect revisions to remove (downgrade) rather than to apply. */
  selectForDowngrade?: boolean;
}

function where(rev: Revision): string {
  return rev.source.path ? `${rev.id} (${rev.source.path})` : rev.id;
}

export function validateRevisionId(id: string, what = 'revision identifier'): void {
  const bad = ILLEGAL_ID_CHARS.filter((c) => id.includes(c));
  if (bad.length) {
    throw new MigError('invalid-identifier', `Character(s) '${bad.join(', ')}' not allowed in ${what} '${id}'`, {
      hint: 'use letters, digits and _',
    });
  }
  if (!id || /[\s'"`\\/,]/.test(id)) {
    throw new MigError('invalid-identifier', `${what} ${JSON.stringify(id)} is not valid`, { hint: 'use letters, digits and _' });
  }
  if (!/^\w+$/.test(id)) {
    throw new MigError('invalid-identifier', `${what} ${JSON.stringify(id)} has characters other than letters, digits and _`);
  }
  if (RESERVED_SYMBOLS.includes(id)) {
    throw new MigError('invalid-identifier', `'${id}' is a reserved symbol and cannot be a ${what}`);
  }
}

export class RevisionMap<T extends RevisionSource = RevisionSource> {
  /** Revisions by id, in the order they were given (file order): it breaks ties in iteration. */
  private readonly byId = new Map<string, Revision<T>>();
  /** Ids and branch labels: what an identifier can name exactly. */
  private readonly byKey = new Map<string, Revision<T>>();
  private readonly order = new Map<string, number>();
  /** Revisions without children (through down revisions), in file order. */
  readonly heads: readonly string[];
  /** Revisions without children or dependents. */
  readonly realHeads: readonly string[];
  readonly bases: readonly string[];
  readonly realBases: readonly string[];

  constructor(sources: Iterable<T>) {
    const heads = new Set<Revision<T>>();
    const realHeads = new Set<Revision<T>>();
    const bases: Revision<T>[] = [];
    const realBases: Revision<T>[] = [];
    const labelled: Revision<T>[] = [];

    for (const source of sources) {
      validateRevisionId(source.id);
      const rev = new Revision(source);
      if (rev.down.includes(rev.id)) throw cycleError('Self-loop', [rev.id]);
      if (rev.dependsOn.includes(rev.id)) throw cycleError('Dependency self-loop', [rev.id]);
      const existing = this.byId.get(rev.id);
      if (existing) {
        throw new MigError('duplicate-revision', `Revision ${rev.id} is present more than once: ${existing.source.path ?? '?'} and ${source.path ?? '?'}`, {
          hint: 'give one of them a new revision id',
        });
      }
      this.order.set(rev.id, this.byId.size);
      this.byId.set(rev.id, rev);
      this.byKey.set(rev.id, rev);
      if (rev.ownBranchLabels.length) labelled.push(rev);
      heads.add(rev);
      realHeads.add(rev);
      if (rev.isBase) bases.push(rev);
      if (rev.isRealBase) realBases.push(rev);
    }

    for (const rev of labelled) {
      for (const label of rev.ownBranchLabels) {
        validateRevisionId(label, 'branch label');
        const holder = this.byKey.get(label);
        if (holder) {
          throw new MigError(
            'duplicate-branch-label',
            `Branch name '${label}' in revision ${where(rev)} already used by revision ${where(holder)}`,
            { hint: 'branch labels must be unique and differ from every revision id' },
          );
        }
        this.byKey.set(label, rev);
      }
    }

    for (const rev of this.byId.values()) {
      rev.resolvedDependencies = rev.dependsOn.map((dep) => {
        const target = this.byKey.get(dep);
        if (!target) {
          throw new MigError('missing-dependency', `Revision ${where(rev)} depends on '${dep}', which is neither a revision nor a branch label`, {
            hint: 'fix its dependsOn, or restore the missing revision file',
          });
        }
        return target.id;
      });
    }

    for (const rev of this.byId.values()) {
      for (const downId of rev.allDown) {
        const parent = this.byId.get(downId);
        if (!parent) {
          throw new MigError('missing-down-revision', `Revision ${where(rev)} revises '${downId}', which is not present`, {
            hint: 'fix its downRevision, or restore the missing revision file',
          });
        }
        parent.allNextrev.add(rev.id);
        if (rev.down.includes(downId)) {
          parent.nextrev.add(rev.id);
          heads.delete(parent);
        }
        realHeads.delete(parent);
      }
    }

    this.normalizeDependencies();
    this.detectCycles(heads, bases, realHeads, realBases);

    this.heads = [...heads].map((r) => r.id);
    this.realHeads = [...realHeads].map((r) => r.id);
    this.bases = bases.map((r) => r.id);
    this.realBases = realBases.map((r) => r.id);
    this.propagateBranchLabels(labelled);
  }

  /** Dependencies already implied by an ancestor's dependencies are dropped. */
  private normalizeDependencies(): void {
    for (const rev of this.byId.values()) {
      if (!rev.resolvedDependencies.length) continue;
      const kept = new Set(rev.resolvedDependencies);
      for (const ancestor of this.ancestors([rev], false)) {
        if (ancestor !== rev) for (const dep of ancestor.resolvedDependencies) kept.delete(dep);
      }
      rev.normalizedDependencies = [...kept];
    }
  }

  private detectCycles(heads: Set<Revision<T>>, bases: Revision<T>[], realHeads: Set<Revision<T>>, realBases: Revision<T>[]): void {
    if (!this.byId.size) return;
    const all = [...this.byId.keys()];
    const unreachable = (
      fromTop: Iterable<Revision<T>>,
      fromBottom: Iterable<Revision<T>>,
      down: (r: Revision<T>) => Iterable<string>,
      up: (r: Revision<T>) => Iterable<string>,
    ) => {
      const below = new Set([...this.related(down, fromTop)].map((r) => r.id));
      const above = new Set([...this.related(up, fromBottom)].map((r) => r.id));
      return all.filter((id) => !(below.has(id) && above.has(id))).sort();
    };
    if (!heads.size || !bases.length) throw cycleError('Cycle', all);
    let lost = unreachable(heads, bases, (r) => r.down, (r) => r.nextrev);
    if (lost.length) throw cycleError('Cycle', lost);
    if (!realHeads.size || !realBases.length) throw cycleError('Dependency cycle', all);
    lost = unreachable(realHeads, realBases, (r) => r.allDown, (r) => r.allNextrev);
    if (lost.length) throw cycleError('Dependency cycle', lost);
  }

  /**
   * A label applies to its revision, every descendant, and the ancestors back to the nearest
   * branch point or merge point.
   */
  private propagateBranchLabels(labelled: Revision<T>[]): void {
    for (const rev of labelled) {
      for (const node of this.descendants([rev], false)) for (const l of rev.ownBranchLabels) node.branchLabels.add(l);
      let parent: Revision<T> | undefined = rev;
      while (parent && !parent.isRealBranchPoint && !parent.isMergePoint) {
        for (const l of rev.ownBranchLabels) parent.branchLabels.add(l);
        parent = parent.down.length ? this.byId.get(parent.down[0]) : undefined;
      }
    }
  }

  // ----- lookup -----

  get size(): number {
    return this.byId.size;
  }

  /** Every revision, in file order. */
  all(): Revision<T>[] {
    return [...this.byId.values()];
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** The revision with exactly this id (no prefixes, no symbols). */
  get(id: string): Revision<T> {
    const rev = this.byId.get(id);
    if (!rev) throw notFound(id, [...this.byKey.keys()]);
    return rev;
  }

  /** The revision carrying this branch label in its own file. */
  labelHolder(label: string): Revision<T> | undefined {
    const rev = this.byKey.get(label);
    return rev && rev.id !== label ? rev : undefined;
  }

  /**
   * The single head; undefined when there are no revisions. Several heads is an error that
   * says how to narrow.
   */
  currentHead(branch?: string): string | undefined {
    let heads: readonly string[] = this.heads;
    if (branch) heads = this.filterForLineage(heads, branch);
    if (heads.length > 1) throw multipleHeads(heads, branch ? `${branch}@head` : 'head');
    return heads[0];
  }

  /** Resolves one identifier that must name at most one revision (undefined = base). */
  getRevision(id: string | null | undefined): RevOrBase<T> {
    const { ids, branch } = this.resolveNumber(id);
    if (ids.length > 1) throw multipleHeads(ids, id ?? 'base');
    return this.forIdent(ids[0], branch);
  }

  /**
   * Resolves identifiers to revisions: `heads` gives all real heads, `base` nothing,
   * `label@-N` walks down from the branch's heads.
   */
  getRevisions(id: string | readonly (string | null | undefined)[] | null | undefined): RevOrBase<T>[] {
    if (Array.isArray(id)) return (id as (string | null | undefined)[]).flatMap((one) => this.getRevisions(one));
    const { ids, branch } = this.resolveNumber(id as string | null | undefined);
    if (ids.length === 1 && /^-\d+$/.test(ids[0])) {
      let heads = this.getRevisions('heads') as Revision<T>[];
      if (branch !== undefined) heads = heads.filter((h) => h.branchLabels.has(branch));
      return heads.map((h) => this.walk(h, Number(ids[0])) as RevOrBase<T>);
    }
    return ids.map((one) => this.forIdent(one, branch));
  }

  /** Like getRevisions, but every result must be a revision (base is dropped). */
  revisions(id: string | readonly string[] | null | undefined): Revision<T>[] {
    return this.getRevisions(id).filter((r): r is Revision<T> => r !== undefined);
  }

  private resolveNumber(id: string | null | undefined): { ids: string[]; branch?: string } {
    let branch: string | undefined;
    let rest = id;
    if (typeof rest === 'string' && rest.includes('@')) {
      const at = rest.indexOf('@');
      branch = rest.slice(0, at);
      rest = rest.slice(at + 1);
    }
    if (rest === 'heads') {
      return { ids: branch ? this.filterForLineage(this.heads, branch) : [...this.realHeads], branch };
    }
    if (rest === 'head') {
      const head = this.currentHead(branch);
      return { ids: head ? [head] : [], branch };
    }
    if (rest === 'base' || rest === null || rest === undefined || rest === '') return { ids: [], branch };
    return { ids: [rest], branch };
  }

  private resolveBranch(label: string): Revision<T> {
    const rev = this.byKey.get(label);
    if (rev) return rev;
    try {
      const found = this.forIdent(label);
      if (found) return found;
    } catch (err) {
      if ((err as MigError).code !== 'revision-not-found') throw err;
    }
    throw new MigError('branch-not-found', `No such branch: '${label}'`, { hint: '`mig branches` and `mig heads -v` show the branch labels' });
  }

  /** An id, a label or a unique prefix (optionally checked to be on `branch`). */
  private forIdent(id: string | undefined, branch?: string): RevOrBase<T> {
    const branchRev = branch ? this.resolveBranch(branch) : undefined;
    if (id === undefined) return undefined;
    let rev = this.byKey.get(id);
    if (!rev) {
      // Prefixes match ids and labels longer than 3 characters, as in Alembic.
      let candidates = [...this.byKey.keys()].filter((key) => key.length > 3 && key.startsWith(id));
      if (branch) candidates = this.filterForLineage(candidates, branch);
      candidates = [...new Set(candidates.map((key) => this.byKey.get(key)!.id))];
      if (!candidates.length) throw notFound(id, [...this.byKey.keys()]);
      if (candidates.length > 1) {
        const shown = candidates.slice(0, 10).join(', ');
        throw new MigError('revision-ambiguous', `Ambiguous revision '${id}': ${candidates.length} revisions start with it (${shown}${candidates.length > 10 ? ', …' : ''})`, {
          hint: 'give more characters of the id',
        });
      }
      rev = this.byId.get(candidates[0])!;
    }
    if (branchRev && !this.sharesLineage(rev, [branchRev])) {
      throw new MigError('not-on-branch', `Revision ${rev.id} is not a member of branch '${branch}'`);
    }
    return rev;
  }

  /** Keeps the targets that are ancestors or descendants of what `checkAgainst` names. */
  filterForLineage<X extends string | Revision<T>>(targets: Iterable<X>, checkAgainst: string | undefined, includeDependencies = false): X[] {
    const { ids, branch } = this.resolveNumber(checkAgainst);
    const shares: string[] = [];
    if (branch) shares.push(branch);
    shares.push(...ids);
    const against = shares.map((s) => this.forIdent(s)).filter((r): r is Revision<T> => !!r);
    return [...targets].filter((t) => this.sharesLineage(typeof t === 'string' ? (this.forIdent(t) as Revision<T>) : (t as Revision<T>), against, includeDependencies, shares.length === 0));
  }

  private sharesLineage(target: Revision<T>, against: Revision<T>[], includeDependencies = false, vacuous = false): boolean {
    if (vacuous || !against.length) return true;
    const wanted = new Set(against);
    for (const r of this.descendants([target], includeDependencies)) if (wanted.has(r)) return true;
    for (const r of this.ancestors([target], includeDependencies)) if (wanted.has(r)) return true;
    return false;
  }

  // ----- traversal -----

  /** Depth-first over `next(rev)`; each revision once; the targets themselves included. */
  private *related(next: (r: Revision<T>) => Iterable<string>, targets: Iterable<Revision<T>>, checkOverlap = false): Generator<Revision<T>> {
    const seen = new Set<Revision<T>>();
    const targetList = [...targets];
    for (const target of targetList) {
      const todo: Revision<T>[] = [target];
      const reached = new Set<Revision<T>>();
      while (todo.length) {
        const rev = todo.pop()!;
        if (checkOverlap) reached.add(rev);
        if (seen.has(rev)) continue;
        seen.add(rev);
        for (const id of next(rev)) todo.push(this.byId.get(id)!);
        yield rev;
      }
      if (checkOverlap) {
        const overlaps = targetList.filter((t) => t !== target && reached.has(t));
        if (overlaps.length) {
          throw new MigError('revision-overlap', `Requested revision ${target.id} overlaps with other requested revisions ${overlaps.map((r) => r.id).join(', ')}`, {
            hint: 'name only revisions that are not ancestors of each other',
          });
        }
      }
    }
  }

  /** The targets and everything below them. */
  ancestors(targets: Iterable<Revision<T>>, includeDependencies = true, checkOverlap = false): Generator<Revision<T>> {
    return this.related((r) => (includeDependencies ? r.normalizedDown : r.down), targets, checkOverlap);
  }

  /** The targets and everything above them. */
  descendants(targets: Iterable<Revision<T>>, includeDependencies = true, checkOverlap = false): Generator<Revision<T>> {
    return this.related((r) => (includeDependencies ? r.allNextrev : r.nextrev), targets, checkOverlap);
  }

  /**
   * Walks `steps` edges up (+) or down (-) from `start` (undefined = base). Up from base goes to
   * the roots; down past a root reaches base. Returns null when the walk runs out and
   * `noOverwalk`, else stays at the last revision reached.
   */
  walk(start: RevOrBase<T> | 'base', steps: number, branch?: string, noOverwalk = true): RevOrBase<T> | 'base' | null {
    let current: RevOrBase<T> | 'base' = start;
    for (let i = 0; i < Math.abs(steps); i++) {
      let choices: (RevOrBase<T> | 'base')[];
      if (steps > 0) {
        const up = current === undefined || current === 'base' ? this.bases : [...current.nextrev];
        choices = branch ? this.filterForLineage(up.map((id) => this.byId.get(id)!), branch) : up.map((id) => this.byId.get(id)!);
      } else if (current === 'base') {
        choices = [];
      } else {
        const down = current === undefined ? this.heads : current.down;
        choices = down.map((id) => this.byId.get(id)!);
        if (!choices.length) choices = ['base'];
      }
      if (!choices.length) return noOverwalk ? null : current;
      if (choices.length > 1) {
        const from = current === undefined || current === 'base' ? 'base' : current.id;
        const ids = choices.map((c) => (c === undefined || c === 'base' ? 'base' : c.id));
        throw new MigError('ambiguous-walk', `Ambiguous walk: ${steps > 0 ? 'above' : 'below'} ${from} there are ${ids.length} revisions (${ids.join(', ')})`, {
          hint: steps > 0 ? 'name the branch: LABEL@+N or REV+N' : 'name the revision to step from: REV-N',
        });
      }
      current = choices[0];
    }
    return current;
  }

  private parseDowngradeTarget(current: readonly string[], target: string | null | undefined, assertRelativeLength: boolean): { branch?: string; rev: RevOrBase<T> } {
    if (target === null || target === undefined) return { rev: undefined };
    const match = RELATIVE.exec(target);
    if (match) {
      let branch: string | undefined = match[1];
      let symbol: string | undefined = match[2];
      const relativeText = match[3];
      const relative = Number(relativeText);
      if (relative >= 0) {
        if (symbol === undefined) throw relativeOverflow(relativeText);
        const rev = this.walk(this.startOf(symbol), relative, branch, assertRelativeLength);
        if (rev === null) throw walkedTooFar(target);
        return { branch, rev: rev === 'base' ? undefined : rev };
      }
      const fromCurrent = symbol === undefined;
      if (fromCurrent) {
        if (branch) {
          let onBranch: string[] = this.filterForLineage(current, branch);
          if (!onBranch.length) {
            // Other branch heads may depend on the single current head.
            onBranch = this.filterForLineage([...this.allCurrent(current)], branch).map((r) => r.id);
          }
          if (onBranch.length !== 1) {
            throw new MigError('relative-ambiguous', `Relative revision ${target} does not name one current revision of branch '${branch}'`);
          }
          symbol = onBranch[0];
        } else {
          const distinct = [...new Set(current)];
          if (!distinct.length) throw relativeOverflow(relativeText);
          if (distinct.length > 1) {
            throw new MigError('multiple-current', `Relative revision ${target} from several heads (${distinct.join(', ')}) is ambiguous`, {
              hint: `name a branch: LABEL@head${relativeText} or REV${relativeText} (e.g. ${distinct[0]}${relativeText})`,
            });
          }
          symbol = distinct[0];
          branch = symbol;
        }
      }
      const start = branch === undefined ? this.getRevision(symbol) : this.getRevision(`${branch}@${symbol}`);
      const rev = this.walk(start, relative, undefined, assertRelativeLength);
      if (rev === null) throw fromCurrent ? relativeOverflow(relativeText) : walkedTooFar(target);
      return { branch, rev: rev === 'base' ? undefined : rev };
    }
    const at = target.lastIndexOf('@');
    const branch = at > 0 ? target.slice(0, at) : undefined;
    return { branch, rev: this.getRevision(at >= 0 ? target.slice(at + 1) : target) };
  }

  private startOf(symbol: string): RevOrBase<T> | 'base' {
    return symbol === 'base' ? undefined : this.getRevision(symbol);
  }

  private parseUpgradeTarget(current: readonly string[], target: string | readonly string[] | null | undefined, assertRelativeLength: boolean): RevOrBase<T>[] {
    const match = typeof target === 'string' ? RELATIVE.exec(target) : null;
    if (!match) return this.getRevisions(target as string | readonly string[] | null | undefined);
    const [, branch, symbol, relativeText] = match;
    const relative = Number(relativeText);
    if (relative > 0) {
      if (symbol === undefined) {
        let starts: RevOrBase<T>[] = current.length ? this.getRevisions(current) : [undefined];
        if (branch) {
          starts = this.filterForLineage(starts.filter((r): r is Revision<T> => !!r), branch);
          if (!starts.length) {
            // The branch is not at a current head: start from its tip among what is applied.
            const active = this.filterForLineage([...this.ancestors(this.revisions(current))], branch);
            const below = new Set(active.flatMap((r) => r.normalizedDown));
            starts = active.filter((r) => !below.has(r.id));
            if (!starts.length) starts = [undefined];
          }
        }
        if (starts.length > 1) {
          throw new MigError('multiple-current', `Ambiguous upgrade from multiple current revisions (${starts.map((s) => s?.id ?? 'base').join(', ')})`, {
            hint: `name a branch: LABEL@${relativeText} or REV${relativeText}`,
          });
        }
        const rev = this.walk(starts[0], relative, branch, assertRelativeLength);
        if (rev === null) throw relativeOverflow(relativeText);
        return [rev === 'base' ? undefined : rev];
      }
      const rev = this.walk(this.startOf(symbol), relative, branch, assertRelativeLength);
      if (rev === null) throw walkedTooFar(target as string);
      return [rev === 'base' ? undefined : rev];
    }
    if (symbol === undefined) throw relativeOverflow(relativeText);
    const start = branch === undefined ? this.getRevision(symbol) : this.getRevision(`${branch}@${symbol}`);
    const rev = this.walk(start, relative, undefined, assertRelativeLength);
    if (rev === null) throw walkedTooFar(target as string);
    return [rev === 'base' ? undefined : rev];
  }

  /** What is applied when `current` heads are stored, reduced to the tips of each branch. */
  private allCurrent(current: readonly string[]): Set<Revision<T>> {
    const top = new Set(this.revisions(current));
    for (const r of this.ancestors([...top])) top.add(r);
    for (const rev of [...top]) {
      for (const d of this.descendants([rev], false)) {
        if (d !== rev && top.has(d)) {
          top.delete(rev);
          break;
        }
      }
    }
    return top;
  }

  /**
   * The revisions between `upper` and `lower`, newest first (children before their parents and
   * dependencies): the order of `history` and of a downgrade; an upgrade applies them reversed.
   * `selectForDowngrade` collects what to remove from `upper` (the current heads) down to
   * `lower`; otherwise what `upper` needs that `lower` does not have.
   */
  iterate(upper: string | readonly string[] | null | undefined, lower: string | readonly string[] | null | undefined, options: IterateOptions = {}): Revision<T>[] {
    const opts = { implicitBase: false, inclusive: false, assertRelativeLength: true, ...options };
    const { revisions, heads } = opts.selectForDowngrade
      ? this.collectDowngrade(upper, lower as string | null | undefined, opts)
      : this.collectUpgrade(upper, lower, opts);
    return this.topologicalSort(revisions, heads);
  }

  private collectDowngrade(upper: string | readonly string[] | null | undefined, lower: string | null | undefined, opts: Required<Omit<IterateOptions, 'selectForDowngrade'>>) {
    const current = this.currentIds(upper);
    const { branch, rev: target } = this.parseDowngradeTarget(current, lower, opts.assertRelativeLength);
    let roots: Revision<T>[];
    if (target === undefined) roots = this.all().filter((r) => r.isBase);
    else if (opts.inclusive) roots = [target];
    else roots = [...target.nextrev].map((id) => this.byId.get(id)!);

    if (branch && roots.length > 1) {
      const onBranch = new Set([...this.ancestors([this.resolveBranch(branch)], false)].map((r) => r.id));
      roots = roots.filter((r) => onBranch.has(r.id));
      if (!roots.length) throw new MigError('invalid-downgrade', `Not a valid downgrade target from current heads: ${lower}`);
    }

    const heads = this.revisions(upper as string | readonly string[]);
    const toRemove = new Set(this.descendants(roots, true));
    const active = new Set(this.ancestors(heads, true));
    for (const r of [...toRemove]) if (!active.has(r)) toRemove.delete(r);
    if (opts.implicitBase) {
      const kept = new Set(this.ancestors(roots));
      for (const r of active) if (!kept.has(r)) toRemove.add(r);
    }
    if (target !== undefined && !toRemove.size && !heads.includes(target)) {
      throw rangeNotAncestor(lower ?? 'base', upper);
    }
    return { revisions: toRemove, heads };
  }

  private collectUpgrade(upper: string | readonly string[] | null | undefined, lower: string | readonly string[] | null | undefined, opts: Required<Omit<IterateOptions, 'selectForDowngrade'>>) {
    let targets = this.parseUpgradeTarget(this.currentIds(lower), upper, opts.assertRelativeLength).filter((r): r is Revision<T> => !!r);

    if (typeof lower === 'string' && lower.includes('@')) {
      // `branch@...` as the lower bound keeps only targets on that branch.
      let branch = lower.slice(0, lower.indexOf('@'));
      const branchRev = this.getRevision(branch);
      if (branchRev && branchRev.id === branch && branchRev.branchLabels.size === 1) branch = [...branchRev.branchLabels][0];
      targets = targets.filter((t) => t.branchLabels.has(branch));
    }

    const required = new Set(this.ancestors(targets, true, true));
    for (const t of targets) required.add(t);

    let currentRevs: RevOrBase<T>[];
    let lowerBound = lower;
    if (typeof lower === 'string' && RELATIVE.test(lower) && !this.byKey.has(lower)) {
      // A relative lower bound (`-2`) is resolved downward from the upper bound.
      const { rev } = this.parseDowngradeTarget(this.currentIds(upper), lower, opts.assertRelativeLength);
      currentRevs = rev ? [rev] : [];
      lowerBound = rev ? rev.id : undefined;
    } else {
      currentRevs = this.getRevisions(lower as string | readonly string[] | null | undefined);
    }
    const present = currentRevs.filter((r): r is Revision<T> => !!r);
    if (!opts.implicitBase && present.some((r) => !required.has(r))) throw rangeNotAncestor(lower, upper);

    const applied = new Set(this.ancestors(present, true, true));
    const needs = new Set([...required].filter((r) => !applied.has(r)));
    if (opts.inclusive) for (const r of this.revisions(lowerBound as string | readonly string[] | null | undefined)) needs.add(r);
    if (present.length && !opts.implicitBase) {
      const above = new Set(this.descendants(present, false, true));
      for (const r of [...needs]) if (!above.has(r)) needs.delete(r);
    }
    return { revisions: needs, heads: targets };
  }

  /**
   * What to run to go from `current` (stored heads) to `target`, oldest first. Revisions of
   * other branches and dependencies on other roots are included (Alembic's implicit base).
   */
  upgradeRevisions(target: string | readonly string[], current: readonly string[]): Revision<T>[] {
    try {
      return this.iterate(target, current, { implicitBase: true }).reverse();
    } catch (err) {
      throw destinationError(err, target, 'upgrade');
    }
  }

  /** What to undo to go from `current` (stored heads) down to `target`, newest first. */
  downgradeRevisions(target: string, current: readonly string[]): Revision<T>[] {
    const distinct = [...new Set(current)];
    if (target === '-1' && distinct.length === 1) {
      // -1 at a merge undoes the merge (Alembic calls the walk ambiguous): back to both parents.
      const head = this.getRevision(distinct[0]);
      if (head && head.down.length > 1) return [head];
    }
    try {
      return this.iterate(current, target, { selectForDowngrade: true });
    } catch (err) {
      throw destinationError(err, target, 'downgrade');
    }
  }

  /** Identifiers of current revisions as plain ids (for relative targets). */
  private currentIds(ids: string | readonly string[] | null | undefined): string[] {
    if (ids === null || ids === undefined) return [];
    if (typeof ids === 'string') {
      if (RELATIVE.test(ids) && !this.byKey.has(ids)) return [];
      return this.revisions(ids).map((r) => r.id);
    }
    return [...ids];
  }

  /**
   * Orders revisions so that each comes after its parents and dependencies, walking down from
   * `heads` one branch at a time (file order breaks ties); the result is reversed so that the
   * newest comes first, which is the order to remove them and the order of `history`.
   */
  private topologicalSort(revisions: Set<Revision<T>>, heads: Iterable<RevOrBase<T>>): Revision<T>[] {
    const todo = new Set([...revisions].map((r) => r.id));
    const ancestorsOf = (id: string) => new Set([...this.ancestors([this.byId.get(id)!])].map((r) => r.id));
    const currentHeads = [...new Set([...heads].filter((h): h is Revision<T> => !!h && todo.has(h.id)).map((h) => h.id))].sort(
      (a, b) => this.order.get(a)! - this.order.get(b)!,
    );
    const ancestorsByIdx = currentHeads.map(ancestorsOf);
    const output: string[] = [];
    let idx = 0;
    while (currentHeads.length) {
      const candidate = currentHeads[idx];
      const blockedBy = ancestorsByIdx.findIndex((anc, i) => i !== idx && anc.has(candidate));
      if (blockedBy >= 0) {
        // Another head still needs this revision: finish that branch first.
        idx = blockedBy;
        continue;
      }
      if (todo.delete(candidate)) output.push(candidate);
      const rev = this.byId.get(candidate)!;
      const next = rev.normalizedDown.filter((id) => todo.has(id) && !currentHeads.includes(id));
      if (!next.length) {
        currentHeads.splice(idx, 1);
        ancestorsByIdx.splice(idx, 1);
        idx = Math.max(idx - 1, 0);
      } else if (!rev.normalizedDependencies.length && rev.down.length === 1) {
        currentHeads[idx] = next[0];
        ancestorsByIdx[idx].delete(candidate);
      } else {
        currentHeads[idx] = next[0];
        currentHeads.push(...next.slice(1));
        ancestorsByIdx[idx] = ancestorsOf(next[0]);
        ancestorsByIdx.push(...next.slice(1).map(ancestorsOf));
      }
    }
    if (todo.size) {
      // Revisions not reachable from the given heads (callers always pass covering heads).
      throw new Error(`internal: topological sort left ${[...todo].join(', ')}`);
    }
    return output.map((id) => this.byId.get(id)!);
  }
}

function cycleError(kind: string, ids: string[]): MigError {
  return new MigError('cycle', `${kind} is detected in revisions (${ids.join(', ')})`, {
    hint: 'a revision cannot be its own ancestor; fix the downRevision/dependsOn of these files',
  });
}

/** Names close to a mistyped one: symbols, labels, and ids within two edits of it or of their prefix. */
function nearCandidates(id: string, keys: string[]): string[] {
  const names = ['head', 'heads', 'base', ...keys];
  const scored = names
    .map((name) => ({ name, d: Math.min(editDistance(id, name), name.length > id.length ? editDistance(id, name.slice(0, id.length)) : Infinity) }))
    .filter((c) => c.d > 0 && c.d <= Math.max(1, Math.min(2, Math.floor(id.length / 3))));
  return [...new Set(scored.sort((a, b) => a.d - b.d || a.name.localeCompare(b.name)).map((c) => c.name))].slice(0, 3);
}

function notFound(id: string, keys: string[] = []): MigError {
  const near = nearCandidates(id, keys);
  const hint = near.length
    ? `did you mean ${near.map((n) => `'${n}'`).join(' or ')}? \`mig history\` lists the revisions`
    : id.length < 4
      ? 'give at least four characters of a revision id; `mig history` lists them'
      : '`mig history` lists the revisions';
  return new MigError('revision-not-found', `Can't locate revision identified by '${id}'`, { hint });
}

export function multipleHeads(heads: readonly string[], argument: string): MigError {
  return new MigError(
    'multiple-heads',
    `Multiple head revisions are present for given argument '${argument}' (${heads.join(', ')})`,
    { hint: "please specify a specific target revision, '<branchname>@head' to narrow to a specific head, or 'heads' for all heads; `mig merge heads -m MSG` joins them" },
  );
}

function relativeOverflow(relative: string): MigError {
  const n = Math.abs(Number(relative));
  return new MigError('relative-overflow', `Relative revision ${relative} didn't produce ${n} migrations`);
}

function walkedTooFar(target: string): MigError {
  return new MigError('relative-overflow', `Relative revision ${target} walked past the end of the revision graph`);
}

function destinationError(err: unknown, target: string | readonly string[], direction: 'upgrade' | 'downgrade'): unknown {
  if ((err as MigError).code !== 'range-not-ancestor') return err;
  const shown = Array.isArray(target) ? target.join(', ') : String(target);
  return new MigError('invalid-destination', `Destination ${shown} is not a valid ${direction} target from current head(s)`, {
    hint: '`mig current` shows where the database is; `mig history` shows the graph',
  });
}

function rangeNotAncestor(lower: unknown, upper: unknown): MigError {
  const show = (v: unknown) => (v === null || v === undefined || (Array.isArray(v) && !v.length) ? 'base' : Array.isArray(v) ? v.join(', ') : String(v));
  return new MigError('range-not-ancestor', `Revision ${show(lower)} is not an ancestor of revision ${show(upper)}`);
}
