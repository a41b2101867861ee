/**
 * How each step moves the version table (one row per head), ported from Alembic's
 * test_version_traversal.py and test_version_table.py: inserts for new branches, updates along a
 * line, deletes at merges and branch ends, and the reverse on the way down.
 */
import { expect } from 'chai';
import { RevisionMap, type RevisionSource } from '../../src/script/revision-map';
import type { RevisionHeader } from '../../src/script/revision-file';
import { applyRowChanges, downgradeSteps, netRowChanges, rowChanges, stampSteps, upgradeSteps, type RowChange, type Step } from '../../src/runtime/steps';
import { expectError, rev } from '../helpers/graph';

type Map = RevisionMap<RevisionHeader>;

function graph(...revs: RevisionSource[]): Map {
  return new RevisionMap(revs.map((r) => ({ ...r, file: '', doc: '', message: r.id, down: [...r.down], branchLabels: [...(r.branchLabels ?? [])], dependsOn: [...(r.dependsOn ?? [])], path: r.id })));
}

function text(c: RowChange): string {
  return c.kind === 'update' ? `UPDATE ${c.from}->${c.to}` : `${c.kind.toUpperCase()} ${c.version}`;
}

/** Applies steps to heads the way the runtime does; returns the row changes and the final heads. */
function walk(map: Map, steps: Step[], start: string[]): { actions: string[]; heads: string[] } {
  let heads = new Set(start);
  const actions: string[] = [];
  for (const step of steps) {
    const changes = rowChanges(map, step, heads);
    actions.push(...changes.map(text));
    heads = applyRowChanges(heads, changes);
  }
  return { actions, heads: [...heads].sort() };
}

const up = (map: Map, target: string | string[], current: string[]) => walk(map, upgradeSteps(map, target, current), current);
const down = (map: Map, target: string, current: string[]) => walk(map, downgradeSteps(map, target, current), current);
const stamp = (map: Map, targets: string[], current: string[]) => walk(map, stampSteps(map, targets, current), current);

describe('version table rows per step', () => {
  describe('a straight line', () => {
    const map = graph(rev('a'), rev('b', 'a'), rev('c', 'b'), rev('d', 'c'), rev('e', 'd'));

    it('inserts the first revision and updates along the line', () => {
      expect(up(map, 'c', [])).to.deep.equal({ actions: ['INSERT a', 'UPDATE a->b', 'UPDATE b->c'], heads: ['c'] });
      expect(up(map, 'e', ['c'])).to.deep.equal({ actions: ['UPDATE c->d', 'UPDATE d->e'], heads: ['e'] });
    });

    it('updates down the line and deletes the last row at base', () => {
      expect(down(map, 'c', ['e'])).to.deep.equal({ actions: ['UPDATE e->d', 'UPDATE d->c'], heads: ['c'] });
      expect(down(map, 'base', ['c'])).to.deep.equal({ actions: ['UPDATE c->b', 'UPDATE b->a', 'DELETE a'], heads: [] });
      expect(down(map, '-3', ['e'])).to.deep.equal({ actions: ['UPDATE e->d', 'UPDATE d->c', 'UPDATE c->b'], heads: ['b'] });
    });

    it('stamps by updating, and base by deleting', () => {
      expect(stamp(map, ['base'], ['d'])).to.deep.equal({ actions: ['DELETE d'], heads: [] });
      expect(stamp(map, ['c'], ['e'])).to.deep.equal({ actions: ['UPDATE e->c'], heads: ['c'] });
      expect(stamp(map, ['head'], [])).to.deep.equal({ actions: ['INSERT e'], heads: ['e'] });
      expect(stamp(map, ['e'], ['e'])).to.deep.equal({ actions: [], heads: ['e'] });
    });
  });

  describe('two labelled branches', () => {
    const map = graph(rev('a'), rev('b', 'a'), rev('c1', 'b', { labels: ['c1branch'] }), rev('d1', 'c1'), rev('c2', 'b', { labels: ['c2branch'] }), rev('d2', 'c2'));

    it('inserts a row for the second branch and deletes it on the way back', () => {
      expect(up(map, ['d1', 'd2'], ['a'])).to.deep.equal({ actions: ['UPDATE a->b', 'UPDATE b->c2', 'UPDATE c2->d2', 'INSERT c1', 'UPDATE c1->d1'], heads: ['d1', 'd2'] });
      expect(down(map, 'a', ['d1', 'd2'])).to.deep.equal({ actions: ['UPDATE d1->c1', 'DELETE c1', 'UPDATE d2->c2', 'UPDATE c2->b', 'UPDATE b->a'], heads: ['a'] });
    });

    it('moves one branch by label', () => {
      expect(up(map, 'c2branch@head-1', ['b'])).to.deep.equal({ actions: ['UPDATE b->c2'], heads: ['c2'] });
      expect(down(map, 'base+2', ['d2', 'd1'])).to.deep.equal({ actions: ['UPDATE d1->c1', 'DELETE c1', 'UPDATE d2->c2', 'UPDATE c2->b'], heads: ['b'] });
      expect(down(map, 'c2branch@base+2', ['d2', 'd1'])).to.deep.equal({ actions: ['UPDATE d2->c2', 'DELETE c2'], heads: ['d1'] });
      expect(down(map, 'c1branch@-1', ['d1', 'd2'])).to.deep.equal({ actions: ['UPDATE d1->c1'], heads: ['c1', 'd2'] });
      expect(down(map, 'c1branch@b', ['c1', 'd2'])).to.deep.equal({ actions: ['DELETE c1'], heads: ['d2'] });
      expect(up(map, 'c2branch@+1', ['c1'])).to.deep.equal({ actions: ['INSERT c2'], heads: ['c1', 'c2'] });
      expect(up(map, 'c2branch@+1', ['c1', 'c2'])).to.deep.equal({ actions: ['UPDATE c2->d2'], heads: ['c1', 'd2'] });
    });

    it('stamps across branches', () => {
      expect(stamp(map, ['b'], ['d1', 'c2'])).to.deep.equal({ actions: ['DELETE d1', 'UPDATE c2->b'], heads: ['b'] });
      expect(stamp(map, ['c1branch@base'], ['d1', 'c2'])).to.deep.equal({ actions: ['DELETE d1'], heads: ['c2'] });
      expect(stamp(map, ['c2branch@head'], ['d1', 'c2'])).to.deep.equal({ actions: ['UPDATE c2->d2'], heads: ['d1', 'd2'] });
    });
  });

  describe('merge points', () => {
    const map = graph(rev('a'), rev('b', 'a'), rev('c1', 'b'), rev('d1', 'c1'), rev('c2', 'b', { labels: ['c2branch'] }), rev('d2', 'c2'), rev('e', 'd1 d2'), rev('f', 'e'));

    it('deletes all but one parent row at a merge, and inserts them back going down', () => {
      expect(up(map, 'f', ['b'])).to.deep.equal({
        actions: ['UPDATE b->c2', 'UPDATE c2->d2', 'INSERT c1', 'UPDATE c1->d1', 'DELETE d1', 'UPDATE d2->e', 'UPDATE e->f'],
        heads: ['f'],
      });
      expect(down(map, 'b', ['f'])).to.deep.equal({
        actions: ['UPDATE f->e', 'INSERT d1', 'UPDATE e->d2', 'UPDATE d1->c1', 'DELETE c1', 'UPDATE d2->c2', 'UPDATE c2->b'],
        heads: ['b'],
      });
    });

    it('stamps across a merge point as one step', () => {
      expect(stamp(map, ['c2'], ['e'])).to.deep.equal({ actions: ['UPDATE e->c2'], heads: ['c2'] });
      expect(stamp(map, ['a'], ['e'])).to.deep.equal({ actions: ['UPDATE e->a'], heads: ['a'] });
      expect(stamp(map, ['e'], ['c2'])).to.deep.equal({ actions: ['UPDATE c2->e'], heads: ['e'] });
      expect(stamp(map, ['c2branch@head'], ['d1', 'c2'])).to.deep.equal({ actions: ['DELETE d1', 'UPDATE c2->f'], heads: ['f'] });
      expect(stamp(map, ['e'], ['d1', 'c2'])).to.deep.equal({ actions: ['DELETE d1', 'UPDATE c2->e'], heads: ['e'] });
      expect(stamp(map, ['e'], ['b'])).to.deep.equal({ actions: ['UPDATE b->e'], heads: ['e'] });
    });

    it('updates through a merge point where only one parent is a head', () => {
      const m = graph(rev('a1'), rev('b1', 'a1'), rev('c1', 'b1'), rev('a2'), rev('b2', 'a2'), rev('c2', 'b2'), rev('d1', 'c1 c2'), rev('d2', 'c2'));
      expect(up(m, 'd1', ['d2', 'b1'])).to.deep.equal({ actions: ['UPDATE b1->c1', 'UPDATE c1->d1'], heads: ['d1', 'd2'] });
      expect(down(m, 'b1', ['d2', 'd1'])).to.deep.equal({ actions: ['UPDATE d1->c1', 'UPDATE c1->b1'], heads: ['b1', 'd2'] });
    });

    it('merges three parents and breaks a branch out again', () => {
      const m = graph(
        rev('a1'), rev('b1', 'a1'), rev('c1', 'b1'),
        rev('a2'), rev('b2', 'a2'), rev('c2', 'b2'),
        rev('a3'), rev('b3', 'a3'), rev('c3', 'b3'),
        rev('d1', 'c1 c2 c3'), rev('d2', 'c2'), rev('d3', 'c3'),
      );
      expect(up(m, 'd1', ['d3', 'b2', 'b1'])).to.deep.equal({ actions: ['UPDATE b2->c2', 'UPDATE b1->c1', 'DELETE c1', 'UPDATE c2->d1'], heads: ['d1', 'd3'] });
      expect(up(m, 'd2', ['d3', 'd1'])).to.deep.equal({ actions: ['INSERT d2'], heads: ['d1', 'd2', 'd3'] });
    });

    it('handles twin merge points over the same parents', () => {
      const m = graph(rev('a'), rev('b1', 'a'), rev('b2', 'a'), rev('b3', 'a'), rev('c1', 'b1 b2 b3'), rev('c2', 'b1 b2 b3'), rev('d1', 'c1'), rev('d2', 'c2'));
      let heads = new Set(['a']);
      const expected: Array<[string, string[]]> = [['b3', ['b3']], ['b1', ['b1', 'b3']], ['b2', ['b1', 'b2', 'b3']], ['c2', ['c2']], ['d2', ['d2']], ['c1', ['c1', 'd2']], ['d1', ['d1', 'd2']]];
      for (const [id, after] of expected) {
        heads = applyRowChanges(heads, rowChanges(m, { kind: 'revision', revision: m.get(id), upgrade: true }, heads));
        expect([...heads].sort(), id).to.deep.equal(after);
      }
    });

    it('handles merge points that share only some parents', () => {
      const m = graph(rev('a'), rev('b1', 'a'), rev('b2', 'a'), rev('b3', 'a'), rev('c1', 'b1 b2'), rev('c2', 'b2 b3'), rev('d1', 'c1'), rev('d2', 'c2'));
      let heads = new Set(['a']);
      const expected: Array<[string, string[]]> = [['b2', ['b2']], ['b3', ['b2', 'b3']], ['c2', ['c2']], ['d2', ['d2']], ['b1', ['b1', 'd2']], ['c1', ['c1', 'd2']], ['d1', ['d1', 'd2']]];
      for (const [id, after] of expected) {
        heads = applyRowChanges(heads, rowChanges(m, { kind: 'revision', revision: m.get(id), upgrade: true }, heads));
        expect([...heads].sort(), id).to.deep.equal(after);
      }
    });
  });

  describe('dependencies', () => {
    it('deletes a row whose parent another head implies through a dependency', () => {
      const m = graph(rev('a1', '', { labels: ['lib1'] }), rev('b1', 'a1'), rev('c1', 'b1'), rev('a2'), rev('b2', 'a2'), rev('c2', 'b2', { deps: ['c1'] }), rev('d1', 'c1'), rev('e1', 'd1'), rev('f1', 'e1'));
      expect(walk(m, [{ kind: 'revision', revision: m.get('d1'), upgrade: false }], ['c2', 'd1'])).to.deep.equal({ actions: ['DELETE d1'], heads: ['c2'] });
      expect(stamp(m, ['b1'], ['e1', 'c2'])).to.deep.equal({ actions: ['DELETE e1', 'UPDATE c2->b1'], heads: ['b1'] });
    });

    it('keeps a dependency implied by the remaining heads', () => {
      const m = graph(rev('a1'), rev('a2', 'a1'), rev('b1'), rev('b2', 'b1', { deps: ['a2'] }), rev('b3', 'b2'), rev('a3', 'a2', { deps: ['b1'] }));
      expect(down(m, 'b1', ['a3', 'b2'])).to.deep.equal({ actions: ['DELETE b2'], heads: ['a3'] });
      const n = graph(rev('a1'), rev('a2', 'a1'), rev('a3', 'a2'), rev('b1'), rev('b2', 'b1', { deps: ['a3'] }), rev('b3', 'b2'), rev('b4', 'b3', { deps: ['a3'] }));
      expect(down(n, 'b3', ['b4'])).to.deep.equal({ actions: ['UPDATE b4->b3'], heads: ['b3'] });
    });

    it('merges a dependency given as a branch label', () => {
      const m = graph(rev('a1', '', { labels: ['lib1'] }), rev('b1', 'a1'), rev('c1', 'b1', { labels: ['c1lib'] }), rev('a2'), rev('b2', 'a2'), rev('c2', 'b2', { deps: ['c1lib'] }));
      expect(up(m, 'c2', ['a2'])).to.deep.equal({ actions: ['INSERT a1', 'UPDATE a1->b1', 'UPDATE b1->c1', 'UPDATE a2->b2', 'DELETE b2', 'UPDATE c1->c2'], heads: ['c2'] });
    });

    it('unmerges overmerged heads down to base', () => {
      const m = graph(
        rev('a1'), rev('a2'), rev('a3'), rev('amerge', 'a1 a2 a3'),
        rev('b1'), rev('b2'), rev('bmerge', 'b1 b2'),
        rev('c1'), rev('c2'), rev('c3'), rev('cmerge', 'c1 c2 c3'),
        rev('d1', '', { deps: ['a3', 'b2', 'c1'] }),
      );
      expect(down(m, 'b2', ['amerge', 'bmerge', 'cmerge', 'd1'])).to.deep.equal({ actions: ['UPDATE bmerge->b1'], heads: ['amerge', 'b1', 'cmerge', 'd1'] });
      expect(down(m, 'd1@base', ['amerge', 'd1', 'b1', 'cmerge'])).to.deep.equal({ actions: ['UPDATE d1->b2'], heads: ['amerge', 'b1', 'b2', 'cmerge'] });
      expect(down(m, 'base', ['amerge', 'b1', 'b2', 'cmerge']).heads).to.deep.equal([]);
    });

    it('does not duplicate a dependency that is also the parent', () => {
      const m = graph(rev('a1'), rev('a2', 'a1', { deps: ['a1'] }));
      expect(up(m, 'a2', [])).to.deep.equal({ actions: ['INSERT a1', 'UPDATE a1->a2'], heads: ['a2'] });
      expect(down(m, 'a1', ['a2'])).to.deep.equal({ actions: ['UPDATE a2->a1'], heads: ['a1'] });
    });
  });

  describe('a forest', () => {
    const map = graph(rev('a1'), rev('b1', 'a1'), rev('a2'), rev('b2', 'a2'));

    it('stamps every head with one insert each, and does nothing when already there', () => {
      expect(stamp(map, ['heads'], [])).to.deep.equal({ actions: ['INSERT b1', 'INSERT b2'], heads: ['b1', 'b2'] });
      expect(stamp(map, ['heads'], ['b1', 'b2'])).to.deep.equal({ actions: [], heads: ['b1', 'b2'] });
    });

    it('refuses head when there are several', () => {
      expectError(() => stamp(map, ['head'], []), /^Multiple heads are present; please specify a single target revision/, 'multiple-heads');
    });
  });
});

describe('going below a merge', () => {
  const map = graph(rev('a'), rev('b1', 'a'), rev('b2', 'a'), rev('m', 'b1 b2'));

  it('downgrade -1 at a merge undoes the merge and leaves both parents (Alembic calls it an ambiguous walk)', () => {
    expect(down(map, '-1', ['m'])).to.deep.equal({ actions: ['INSERT b1', 'UPDATE m->b2'], heads: ['b1', 'b2'] });
  });

  it('stamps both parents of the merge in one step (Alembic fails on the second row)', () => {
    expect(stamp(map, ['b1', 'b2'], ['m'])).to.deep.equal({ actions: ['INSERT b1', 'UPDATE m->b2'], heads: ['b1', 'b2'] });
  });
});

describe('the rows a transaction writes', () => {
  const net = (from: string[], to: string[]) => netRowChanges(new Set(from), new Set(to)).map(text);

  it('writes the net change once: an update along a line, inserts and deletes for branches and merges', () => {
    expect(net(['a'], ['e'])).to.deep.equal(['UPDATE a->e']);
    expect(net([], ['e'])).to.deep.equal(['INSERT e']);
    expect(net(['e'], [])).to.deep.equal(['DELETE e']);
    expect(net(['b1', 'b2'], ['m'])).to.deep.equal(['DELETE b2', 'UPDATE b1->m']);
    expect(net(['m'], ['b1', 'b2'])).to.deep.equal(['UPDATE m->b1', 'INSERT b2']);
    expect(net(['x', 'y'], ['x', 'y'])).to.deep.equal([]);
  });
});
