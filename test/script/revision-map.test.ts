/**
 * The revision graph, ported from the scenarios of Alembic's tests/test_revision.py and
 * tests/test_version_traversal.py (same graphs, same expected orders), plus our stricter errors.
 */
import { expect } from 'chai';
import { expectError, graph, ids, iterate, rev } from '../helpers/graph';
import type { MigError } from '../../src/errors';

describe('revision graph', () => {
  describe('heads, bases and lookups', () => {
    const abc = () => graph(rev('a'), rev('b', 'a'), rev('c', 'b'));
    const c1c2 = () => graph(rev('a'), rev('b', 'a'), rev('c1', 'b'), rev('c2', 'b'));

    it('resolves head and base on a single line', () => {
      const map = abc();
      expect(map.getRevision('head')?.id).to.equal('c');
      expect(map.getRevision('base')).to.equal(undefined);
      expect(map.heads).to.deep.equal(['c']);
      expect(map.bases).to.deep.equal(['a']);
    });

    it('refuses head when there are several heads, naming them and how to narrow', () => {
      const map = c1c2();
      expectError(() => map.getRevision('head'), /Multiple head revisions are present for given argument 'head' \(c1, c2\)/, 'multiple-heads');
      expectError(() => map.getRevision('heads'), /given argument 'heads' \(c1, c2\)/, 'multiple-heads');
      expectError(() => map.getRevisions('head'), /Multiple head revisions/);
      try {
        map.getRevision('head');
      } catch (err) {
        expect((err as { hint: string }).hint).to.contain('@head').and.contain("'heads'").and.contain('mig merge heads');
      }
    });

    it('lists all heads in file order for heads', () => {
      expect(ids(c1c2().getRevisions('heads'))).to.deep.equal(['c1', 'c2']);
    });

    it('does not raise for base with several roots', () => {
      expect(graph(rev('a'), rev('b', 'a'), rev('c'), rev('d', 'c')).getRevision('base')).to.equal(undefined);
    });

    it('tolerates a duplicated upper target', () => {
      expect(ids(abc().iterate(['c', 'c'], 'a'))).to.deep.equal(['c', 'b']);
    });

    it('iterates an empty graph without error', () => {
      expect(iterate(graph(), 'head', 'base')).to.deep.equal([]);
    });

    it('resolves a unique prefix and lists every candidate of an ambiguous one', () => {
      const map = graph(rev('ab12cd'), rev('ab12ef', 'ab12cd'), rev('ab99zz', 'ab12ef'));
      expect(map.getRevision('ab99')?.id).to.equal('ab99zz');
      expectError(() => map.getRevision('ab12'), "Ambiguous revision 'ab12': 2 revisions start with it (ab12cd, ab12ef)", 'revision-ambiguous');
    });

    it('matches prefixes only against ids longer than three characters', () => {
      const map = graph(rev('a'), rev('b1', 'a'), rev('b2', 'a'));
      expectError(() => map.getRevision('b'), "Can't locate revision identified by 'b'", 'revision-not-found');
      expect(map.getRevision('b1')?.id).to.equal('b1');
    });
  });

  describe('diamond and long/short branches', () => {
    it('walks a diamond parents-last, siblings in file order', () => {
      const map = graph(rev('a'), rev('b1', 'a'), rev('b2', 'a'), rev('c', 'b1 b2'), rev('d', 'c'));
      expect(iterate(map, 'd', 'a')).to.deep.equal(['d', 'c', 'b1', 'b2', 'a']);
    });

    it('finishes the short branch before the shared ancestor', () => {
      const map = graph(rev('a'), rev('b1', 'a'), rev('b2', 'a'), rev('c1', 'b1'), rev('d11', 'c1'), rev('d12', 'c1'));
      expect(iterate(map, 'heads', 'base')).to.deep.equal(['b2', 'd11', 'd12', 'c1', 'b1', 'a']);
    });
  });

  describe('labelled branches (two chains)', () => {
    const map = graph(
      rev('a', '', { labels: ['abranch'] }),
      rev('b', 'a'),
      rev('somelongername', 'b'),
      rev('c', 'somelongername'),
      rev('d'),
      rev('e', 'd', { labels: ['ebranch'] }),
      rev('someothername', 'e'),
      rev('f', 'someothername'),
    );

    it('propagates a label to descendants and to ancestors back to a branch point', () => {
      expect([...map.get('c').branchLabels]).to.deep.equal(['abranch']);
      expect([...map.get('d').branchLabels]).to.deep.equal(['ebranch']);
      expect([...map.get('f').branchLabels]).to.deep.equal(['ebranch']);
    });

    it('refuses a label used twice, naming both revisions', () => {
      expectError(
        () => graph(rev('a'), rev('b', 'a'), rev('c', 'b', { labels: ['xy1'] }), rev('d'), rev('e', 'd', { labels: ['xy1'] }), rev('f', 'e')),
        /^Branch name 'xy1' in revision e already used by revision c$/,
        'duplicate-branch-label',
      );
    });

    it('refuses a label equal to a revision id', () => {
      expectError(() => graph(rev('a'), rev('b', 'a', { labels: ['a'] })), /Branch name 'a' in revision b already used by revision a/);
    });

    it('resolves label@head, label@heads, label@base and label@rev', () => {
      expect(map.getRevision('ebranch@head')?.id).to.equal('f');
      expect(map.getRevision('abranch@head')?.id).to.equal('c');
      expect(map.getRevision('abranch@heads')?.id).to.equal('c');
      expect(map.getRevision('abranch@base')).to.equal(undefined);
      expect(map.getRevision('ebranch@d')?.id).to.equal('d');
      expect(map.getRevision('ebranch@ebranch')?.id).to.equal('e');
    });

    it('resolves a bare label to the revision that carries it', () => {
      expect(map.getRevision('abranch')?.id).to.equal('a');
      expect(map.getRevision('ebranch')?.id).to.equal('e');
    });

    it('resolves an exact one-character id', () => {
      expect(map.getRevision('e')?.id).to.equal('e');
    });

    it('narrows a prefix by the branch', () => {
      expect(map.getRevision('ebranch@some')?.id).to.equal('someothername');
      expect(map.getRevision('abranch@some')?.id).to.equal('somelongername');
      expectError(() => map.getRevision('some'), /Ambiguous revision 'some': 2 revisions start with it \(somelongername, someothername\)/);
    });

    it('reports a prefix that is too short or unknown', () => {
      expectError(() => map.getRevision('ebranch@sos'), "Can't locate revision identified by 'sos'");
      expectError(() => map.getRevision('abranch@qprstuv'), "Can't locate revision identified by 'qprstuv'");
    });

    it('refuses a revision of another branch', () => {
      expectError(() => map.getRevision('ebranch@b'), "Revision b is not a member of branch 'ebranch'", 'not-on-branch');
      expectError(() => map.getRevision('abranch@d'), "Revision d is not a member of branch 'abranch'");
    });

    it('accepts a revision id, or a prefix of one, in place of a label', () => {
      expect(map.getRevision('e@d')?.id).to.equal('d');
      expect(map.getRevision('someoth@d')?.id).to.equal('d');
    });

    it('reports an unknown branch', () => {
      expectError(() => map.getRevision('x@d'), "No such branch: 'x'", 'branch-not-found');
    });

    it('filters heads for lineage', () => {
      expect(map.filterForLineage([map.get('f')], 'heads').map((r) => r.id)).to.deep.equal(['f']);
      expect(map.filterForLineage(map.bases, 'somelongername@base')).to.deep.equal(['a']);
      expect(map.filterForLineage(map.bases, 'base')).to.deep.equal(['a', 'd']);
    });

    it('iterates between label bounds', () => {
      expect(iterate(map, 'heads', 'ebranch@base')).to.deep.equal(['f', 'someothername', 'e', 'd']);
      expect(iterate(map, 'heads', 'abranch@base')).to.deep.equal(['c', 'somelongername', 'b', 'a']);
      expect(iterate(map, 'ebranch@head', 'base')).to.deep.equal(['f', 'someothername', 'e', 'd']);
      expect(iterate(map, 'abranch@head', 'base')).to.deep.equal(['c', 'somelongername', 'b', 'a']);
      expect(iterate(map, 'heads', 'ebranch@head')).to.deep.equal(['f']);
      expect(iterate(map, 'heads', 'ebranch@d')).to.deep.equal(['f', 'someothername', 'e', 'd']);
      expect(iterate(map, 'heads', 'e@base')).to.deep.equal(['f', 'someothername', 'e', 'd']);
      expect(iterate(map, 'heads', 'c@base')).to.deep.equal(['c', 'somelongername', 'b', 'a']);
    });

    it('walks relative to a branch', () => {
      expect(iterate(map, 'heads', 'ebranch@-2')).to.deep.equal(['f', 'someothername', 'e']);
      expect(iterate(map, 'ebranch@+2', 'base')).to.deep.equal(['e', 'd']);
    });

    it('keeps revisions across a merge for label@head lineage', () => {
      const m = graph(rev('a'), rev('b', 'a'), rev('c1', 'b', { labels: ['c1branch'] }), rev('c2', 'b'), rev('d', 'c1 c2'));
      expect(m.filterForLineage(['c1', 'c2', 'd'], 'c1branch@head')).to.deep.equal(['c1', 'c2', 'd']);
    });
  });

  describe('many branches', () => {
    const map = graph(
      rev('a'),
      rev('b1', 'a'),
      rev('b2', 'a'),
      rev('cb1', 'b1'),
      rev('cb2', 'b2'),
      rev('d1cb1', 'cb1'),
      rev('d2cb1', 'cb1'),
      rev('d1cb2', 'cb2'),
      rev('d2cb2', 'cb2'),
      rev('d3cb2', 'cb2'),
      rev('d1d2cb2', 'd1cb2 d2cb2'),
    );

    it('iterates from a merge point', () => {
      expect(iterate(map, 'd1d2cb2', 'a')).to.deep.equal(['d1d2cb2', 'd1cb2', 'd2cb2', 'cb2', 'b2', 'a']);
    });

    it('iterates from several heads', () => {
      expect(iterate(map, ['d2cb2', 'd3cb2'], 'a')).to.deep.equal(['d2cb2', 'd3cb2', 'cb2', 'b2', 'a']);
      expect(iterate(map, 'd3cb2', 'a')).to.deep.equal(['d3cb2', 'cb2', 'b2', 'a']);
      expect(iterate(map, 'd3cb2', 'base')).to.deep.equal(['d3cb2', 'cb2', 'b2', 'a']);
      expect(iterate(map, ['d3cb2', 'cb1'], 'base')).to.deep.equal(['cb1', 'b1', 'd3cb2', 'cb2', 'b2', 'a']);
    });

    it('keeps only descendants of the lower bound', () => {
      expect(iterate(map, ['d1cb1', 'd2cb2', 'd3cb2'], 'b2')).to.deep.equal(['d2cb2', 'd3cb2', 'cb2', 'b2']);
    });

    it('refuses a range in the wrong direction or across branches', () => {
      expectError(() => map.iterate('b1', 'd1cb1'), 'Revision d1cb1 is not an ancestor of revision b1', 'range-not-ancestor');
      expectError(() => map.iterate('d2cb2', 'b1'), 'Revision b1 is not an ancestor of revision d2cb2');
      expectError(() => map.iterate(null, 'd1cb1'), 'Revision d1cb1 is not an ancestor of revision base');
      expectError(() => map.iterate([], 'd1cb1'), 'Revision d1cb1 is not an ancestor of revision base');
    });
  });

  describe('depends_on making an effective head', () => {
    const map = graph(rev('y1', '', { labels: ['y'] }), rev('x1', '', { labels: ['x'] }), rev('y2', 'y1', { deps: ['x1'] }), rev('x2', 'x1'));
    const down = (current: string | string[], target: string) => iterate(map, current, target, { inclusive: false, selectForDowngrade: true });

    it('downgrades one branch with label@-1', () => {
      expect(down(['x2', 'y2'], 'x@-1')).to.deep.equal(['x2']);
    });

    it('removes the dependent first when the dependency goes', () => {
      expect(down(['x1', 'y2'], 'x@-1')).to.deep.equal(['y2', 'x1']);
      expect(down('y2', 'x@-1')).to.deep.equal(['y2', 'x1']);
    });

    it('lists the dependency-only revision among heads but not among real heads', () => {
      expect(map.heads).to.deep.equal(['y2', 'x2']);
      expect(map.realHeads).to.deep.equal(['y2', 'x2']);
      const m = graph(rev('a1'), rev('b1'), rev('b2', 'b1', { deps: ['a1'] }));
      expect(m.heads).to.deep.equal(['a1', 'b2']);
      expect(m.realHeads).to.deep.equal(['b2']);
    });
  });

  describe('branch travelling', () => {
    const map = graph(
      rev('a1'),
      rev('a2', 'a1'),
      rev('a3', 'a2'),
      rev('b1', 'a3'),
      rev('b2', 'a3'),
      rev('cb1', 'b1'),
      rev('cb2', 'b2'),
      rev('db1', 'cb1'),
      rev('db2', 'cb2'),
      rev('e1b1', 'db1'),
      rev('fe1b1', 'e1b1'),
      rev('e2b1', 'db1'),
      rev('e2b2', 'db2'),
      rev('merge', 'e2b1 e2b2'),
    );

    it('fills in the other side of a merge with implicit base', () => {
      expect(iterate(map, 'merge', 'db1', { implicitBase: true })).to.deep.equal(['merge', 'e2b1', 'db1', 'e2b2', 'db2', 'cb2', 'b2']);
    });

    it('finishes every branch at its branch point', () => {
      expect(iterate(map, ['merge', 'fe1b1'], 'a3')).to.deep.equal(['fe1b1', 'e1b1', 'merge', 'e2b1', 'db1', 'cb1', 'b1', 'e2b2', 'db2', 'cb2', 'b2', 'a3']);
      expect(iterate(map, 'merge', 'a1')).to.deep.equal(['merge', 'e2b1', 'db1', 'cb1', 'b1', 'e2b2', 'db2', 'cb2', 'b2', 'a3', 'a2', 'a1']);
      expect(iterate(map, 'merge', 'b1')).to.deep.equal(['merge', 'e2b1', 'db1', 'cb1', 'b1']);
      expect(iterate(map, 'merge', 'a2')).to.deep.equal(['merge', 'e2b1', 'db1', 'cb1', 'b1', 'e2b2', 'db2', 'cb2', 'b2', 'a3', 'a2']);
      expect(iterate(map, ['merge', 'fe1b1'], 'a1')).to.deep.equal([
        'fe1b1', 'e1b1', 'merge', 'e2b1', 'db1', 'cb1', 'b1', 'e2b2', 'db2', 'cb2', 'b2', 'a3', 'a2', 'a1',
      ]);
    });

    it('ends at several lower bounds, inclusive or not', () => {
      expect(iterate(map, ['merge', 'fe1b1'], ['cb1', 'cb2'])).to.deep.equal(['fe1b1', 'e1b1', 'merge', 'e2b1', 'db1', 'cb1', 'e2b2', 'db2', 'cb2']);
      expect(iterate(map, ['merge', 'fe1b1'], ['cb1', 'cb2'], { inclusive: false })).to.deep.equal(['fe1b1', 'e1b1', 'merge', 'e2b1', 'db1', 'e2b2', 'db2']);
    });

    it('refuses targets that overlap', () => {
      expectError(() => map.iterate(['db1', 'b2', 'fe1b1'], []), 'Requested revision fe1b1 overlaps with other requested revisions db1', 'revision-overlap');
    });

    it('orders independent targets by file order', () => {
      expect(iterate(map, ['e2b1', 'b2', 'fe1b1'], [], { inclusive: false })).to.deep.equal(['b2', 'fe1b1', 'e1b1', 'e2b1', 'db1', 'cb1', 'b1', 'a3', 'a2', 'a1']);
      expect(iterate(map, ['fe1b1'], 'base', { inclusive: false })).to.deep.equal(['fe1b1', 'e1b1', 'db1', 'cb1', 'b1', 'a3', 'a2', 'a1']);
    });

    it('collects ancestors including the revision itself', () => {
      expect(new Set(ids(map.ancestors([map.get('merge')], true, true)))).to.deep.equal(
        new Set(['a1', 'a2', 'a3', 'b1', 'b2', 'cb1', 'cb2', 'db1', 'db2', 'e2b1', 'e2b2', 'merge']),
      );
    });
  });

  describe('a forest of three roots', () => {
    const map = graph(
      rev('base1'),
      rev('base2'),
      rev('base3'),
      rev('a1a', 'base1'),
      rev('a1b', 'base1'),
      rev('a2', 'base2'),
      rev('a3', 'base3'),
      rev('b1a', 'a1a'),
      rev('b1b', 'a1b'),
      rev('b2', 'a2'),
      rev('b3', 'a3'),
      rev('c2', 'b2'),
      rev('d2', 'c2'),
      rev('mergeb3d2', 'b3 d2'),
    );
    const full = ['b1a', 'a1a', 'b1b', 'a1b', 'base1', 'mergeb3d2', 'b3', 'a3', 'base3', 'd2', 'c2', 'b2', 'a2', 'base2'];

    it('iterates every root from heads to base', () => {
      expect(iterate(map, 'heads', 'base')).to.deep.equal(full);
      expect(iterate(map, 'heads', 'base', { inclusive: false })).to.deep.equal(full);
      expect(iterate(map, 'heads', null)).to.deep.equal(full);
    });

    it('refuses overlapping lower bounds', () => {
      expectError(() => map.iterate(['c2'], ['a2', 'b2']), /Requested revision b2 overlaps with other requested revisions a2/);
    });

    it('limits to descendants of the lower bound unless implicit base', () => {
      expect(iterate(map, 'heads', ['c2'], { inclusive: false, implicitBase: true })).to.deep.equal([
        'b1a', 'a1a', 'b1b', 'a1b', 'base1', 'mergeb3d2', 'b3', 'a3', 'base3', 'd2',
      ]);
      expect(iterate(map, 'heads', ['c2'], { inclusive: false })).to.deep.equal(['mergeb3d2', 'd2']);
      expect(iterate(map, 'heads', ['c2'], { implicitBase: true })).to.deep.equal([
        'b1a', 'a1a', 'b1b', 'a1b', 'base1', 'mergeb3d2', 'b3', 'a3', 'base3', 'd2', 'c2',
      ]);
      expect(iterate(map, 'b3', 'base3')).to.deep.equal(['b3', 'a3', 'base3']);
      expect(iterate(map, ['b3', 'b2'], 'base3', { inclusive: false, implicitBase: true })).to.deep.equal(['b2', 'a2', 'base2', 'b3', 'a3']);
    });
  });

  describe('cross-root dependencies (one)', () => {
    const map = graph(
      rev('base1', '', { labels: ['b_1'] }),
      rev('a1a', 'base1'),
      rev('a1b', 'base1'),
      rev('b1a', 'a1a'),
      rev('b1b', 'a1b', { deps: ['a3'] }),
      rev('base2', '', { labels: ['b_2'] }),
      rev('a2', 'base2'),
      rev('b2', 'a2'),
      rev('c2', 'b2', { deps: ['a3'] }),
      rev('d2', 'c2'),
      rev('base3', '', { labels: ['b_3'] }),
      rev('a3', 'base3'),
      rev('b3', 'a3'),
    );

    it('keeps the depended-on branch tip as a head', () => {
      expect(map.heads).to.deep.equal(['b1a', 'b1b', 'd2', 'b3']);
    });

    it('iterates everything in both directions', () => {
      const all = ['b1a', 'a1a', 'b1b', 'a1b', 'base1', 'd2', 'c2', 'b2', 'a2', 'base2', 'b3', 'a3', 'base3'];
      expect(iterate(map, 'heads', 'base')).to.deep.equal(all);
      expect(iterate(map, 'heads', 'base', { selectForDowngrade: true })).to.deep.equal(all);
    });

    it('refuses wrong-direction ranges', () => {
      expectError(() => map.iterate('b2', 'd2'), 'Revision d2 is not an ancestor of revision b2');
      expectError(() => map.iterate('b3', 'd2'), 'Revision d2 is not an ancestor of revision b3');
    });

    it('pulls in dependencies on upgrade and leaves them on downgrade', () => {
      expect(iterate(map, 'b_2@head', 'base')).to.deep.equal(['d2', 'c2', 'b2', 'a2', 'base2', 'a3', 'base3']);
      expect(iterate(map, 'b_2@head', 'b_2@base', { selectForDowngrade: true })).to.deep.equal(['d2', 'c2', 'b2', 'a2', 'base2']);
      expect(iterate(map, 'b_3@head', 'base')).to.deep.equal(['b3', 'a3', 'base3']);
      expect(iterate(map, 'b_3@head', 'base', { selectForDowngrade: true })).to.deep.equal(['b3', 'a3', 'base3']);
      expect(iterate(map, 'b1b@head', 'base')).to.deep.equal(['b1b', 'a1b', 'base1', 'a3', 'base3']);
      expect(iterate(map, 'b1b@head', 'b1b@base', { selectForDowngrade: true })).to.deep.equal(['b1b', 'a1b', 'base1']);
      expect(iterate(map, 'heads', 'b_2@base')).to.deep.equal(['d2', 'c2', 'b2', 'a2', 'base2', 'a3', 'base3']);
      expect(iterate(map, 'heads', 'b_2@base', { selectForDowngrade: true })).to.deep.equal(['d2', 'c2', 'b2', 'a2', 'base2']);
      expect(iterate(map, 'heads', 'b_3@base')).to.deep.equal(['b3', 'a3', 'base3']);
      expect(iterate(map, 'heads', 'b_3@base', { selectForDowngrade: true })).to.deep.equal(['b1b', 'd2', 'c2', 'b3', 'a3', 'base3']);
    });
  });

  describe('cross-root dependencies (two, a label as dependency)', () => {
    const map = graph(
      rev('base1', '', { labels: ['b_1'] }),
      rev('a1', 'base1'),
      rev('b1', 'a1'),
      rev('c1', 'b1'),
      rev('base2', '', { labels: ['b_2'], deps: ['b_1'] }),
      rev('a2', 'base2'),
      rev('b2', 'a2'),
      rev('c2', 'b2'),
      rev('d2', 'c2'),
      rev('base3', '', { labels: ['b_3'] }),
      rev('a3', 'base3'),
      rev('b3', 'a3'),
      rev('c3', 'b3', { deps: ['b2'] }),
      rev('d3', 'c3'),
    );

    it('resolves a label dependency to the labelled revision', () => {
      expect(map.get('base2').resolvedDependencies).to.deep.equal(['base1']);
      expect(map.heads).to.deep.equal(['c1', 'd2', 'd3']);
    });

    it('iterates with dependencies', () => {
      expect(iterate(map, 'heads', 'base')).to.deep.equal(['c1', 'b1', 'a1', 'd2', 'c2', 'd3', 'c3', 'b3', 'a3', 'base3', 'b2', 'a2', 'base2', 'base1']);
      expect(iterate(map, 'b_2@head', 'base')).to.deep.equal(['d2', 'c2', 'b2', 'a2', 'base2', 'base1']);
      expect(iterate(map, 'b_3@head', 'base')).to.deep.equal(['d3', 'c3', 'b3', 'a3', 'base3', 'b2', 'a2', 'base2', 'base1']);
      expect(iterate(map, 'b_1@head', 'base')).to.deep.equal(['c1', 'b1', 'a1', 'base1']);
      expect(iterate(map, 'heads', 'b_1@base')).to.deep.equal(['c1', 'b1', 'a1', 'base1']);
      expect(iterate(map, 'heads', 'b_2@base')).to.deep.equal(['d2', 'c2', 'b2', 'a2', 'base2', 'base1']);
      expect(iterate(map, 'heads', 'b_3@base')).to.deep.equal(['d3', 'c3', 'b3', 'a3', 'base3', 'b2', 'a2', 'base2', 'base1']);
    });
  });

  it('traverses a revision with no parent but a dependency', () => {
    const map = graph(rev('base1'), rev('a1', 'base1'), rev('b1', 'a1'), rev('c2', '', { deps: ['a1'] }), rev('c3', 'c2'));
    expect(iterate(map, 'heads', 'base')).to.deep.equal(['b1', 'c3', 'c2', 'a1', 'base1']);
    expect(map.bases).to.deep.equal(['base1', 'c2']);
    expect(map.realBases).to.deep.equal(['base1']);
  });

  describe('normalized dependencies', () => {
    const map = graph(
      rev('a1'),
      rev('a2', 'a1'),
      rev('a3', 'a2'),
      rev('b1'),
      rev('b2', 'b1', { deps: ['a3'] }),
      rev('b3', 'b2'),
      rev('b4', 'b3', { deps: ['a3'] }),
      rev('b5', 'b4', { deps: ['b4'] }),
    );

    it('drops a dependency an ancestor already has', () => {
      expect(map.get('b4').allDown).to.deep.equal(['b3', 'a3']);
      expect(map.get('b4').normalizedDown).to.deep.equal(['b3']);
      expect(map.get('b5').allDown).to.deep.equal(['b4']);
      expect(map.get('b5').normalizedDown).to.deep.equal(['b4']);
    });

    it('traverses with normalized dependencies', () => {
      const down = { selectForDowngrade: true };
      expect(iterate(map, 'b4', 'b1@base', down)).to.deep.equal(['b4', 'b3', 'b2', 'b1']);
      expect(iterate(map, 'heads', 'base', down)).to.deep.equal(['b5', 'b4', 'b3', 'b2', 'b1', 'a3', 'a2', 'a1']);
      expect(iterate(map, 'heads', 'a2', down)).to.deep.equal(['b5', 'b4', 'b3', 'b2', 'a3', 'a2']);
      expect(iterate(map, 'heads', 'a2', { ...down, implicitBase: true })).to.deep.equal(['b5', 'b4', 'b3', 'b2', 'b1', 'a3', 'a2']);
      expect(iterate(map, 'b5', ['b1'], { implicitBase: true })).to.deep.equal(['b5', 'b4', 'b3', 'b2', 'b1', 'a3', 'a2', 'a1']);
    });

    it('follows a dependency chain to another root', () => {
      const m = graph(
        rev('c1'),
        rev('a1'),
        rev('a2', 'a1', { deps: ['c1'] }),
        rev('a3', 'a2', { deps: ['c1'] }),
        rev('b1'),
        rev('b2', 'b1', { deps: ['a3'] }),
        rev('b3', 'b2'),
        rev('b4', 'b3', { deps: ['a3'] }),
        rev('b5', 'b4'),
      );
      expect(iterate(m, 'b5', ['b1'], { implicitBase: true })).to.deep.equal(['b5', 'b4', 'b3', 'b2', 'b1', 'a3', 'a2', 'a1', 'c1']);
    });
  });

  describe('loops and cycles', () => {
    const cases: Array<[string, () => unknown, RegExp]> = [
      ['solitary self-loop', () => graph(rev('a', 'a')), /^Self-loop is detected in revisions \(a\)$/],
      ['self-loop at the base', () => graph(rev('a', 'a'), rev('b', 'a'), rev('c', 'b')), /^Self-loop is detected in revisions \(a\)$/],
      ['self-loop at the head', () => graph(rev('a'), rev('b', 'a'), rev('c', 'b c')), /^Self-loop is detected in revisions \(c\)$/],
      ['self-loop at a branch point', () => graph(rev('a'), rev('b', 'a b'), rev('c1', 'b'), rev('c2', 'b')), /^Self-loop is detected in revisions \(b\)$/],
      ['self-loop at a merge point', () => graph(rev('a'), rev('b1', 'a'), rev('b2', 'a'), rev('c', 'b1 b2 c')), /^Self-loop is detected in revisions \(c\)$/],
      ['dependency self-loop', () => graph(rev('a', '', { deps: ['a'] })), /^Dependency self-loop is detected in revisions \(a\)$/],
      ['dependency self-loop at the base', () => graph(rev('a', '', { deps: ['a'] }), rev('b', 'a'), rev('c', 'b')), /^Dependency self-loop/],
      ['dependency self-loop at the head', () => graph(rev('a'), rev('b', 'a'), rev('c', 'b', { deps: ['c'] })), /^Dependency self-loop is detected in revisions \(c\)$/],
      ['dependency self-loop at a branch point', () => graph(rev('a'), rev('b', 'a', { deps: ['b'] }), rev('c1', 'b'), rev('c2', 'b')), /\(b\)$/],
      ['dependency self-loop at a merge point', () => graph(rev('a'), rev('b1', 'a'), rev('b2', 'a'), rev('c', 'b1 b2', { deps: ['c'] })), /\(c\)$/],
      ['simple cycle', () => graph(rev('a', 'c'), rev('b', 'a'), rev('c', 'b')), /^Cycle is detected in revisions \(a, b, c\)$/],
      ['cycle beside a good line', () => graph(rev('a', 'c'), rev('b', 'a'), rev('c', 'b'), rev('d'), rev('e', 'd')), /^Cycle is detected in revisions \(a, b, c\)$/],
      ['cycle under a line', () => graph(rev('a', 'c'), rev('b', 'a'), rev('c', 'b'), rev('d', 'c'), rev('e', 'd')), /^Cycle is detected in revisions \([a-e, ]+\)$/],
      ['cycle over a line', () => graph(rev('a'), rev('b', 'a'), rev('c', 'b e'), rev('d', 'c'), rev('e', 'd')), /^Cycle is detected in revisions \([a-e, ]+\)$/],
      ['dependency cycle', () => graph(rev('a', '', { deps: ['c'] }), rev('b', 'a'), rev('c', 'b')), /^Dependency cycle is detected in revisions \(a, b, c\)$/],
      ['dependency cycle beside a line', () => graph(rev('a', '', { deps: ['c'] }), rev('b', 'a'), rev('c', 'b'), rev('d'), rev('e', 'd')), /^Dependency cycle is detected in revisions \(a, b, c\)$/],
      ['dependency cycle under a line', () => graph(rev('a', '', { deps: ['c'] }), rev('b', 'a'), rev('c', 'b'), rev('d', 'c'), rev('e', 'd')), /^Dependency cycle is detected in revisions \([a-e, ]+\)$/],
      ['dependency cycle over a line', () => graph(rev('a'), rev('b', 'a'), rev('c', 'b', { deps: ['e'] }), rev('d', 'c'), rev('e', 'd')), /^Dependency cycle is detected in revisions \([a-e, ]+\)$/],
    ];
    for (const [name, build, message] of cases) {
      it(`detects a ${name}`, () => expectError(build, message, 'cycle'));
    }

    it('does not mistake overlapping id substrings for a loop', () => {
      expect(iterate(graph(rev('user_foo'), rev('user', 'user_foo')), 'heads', null)).to.deep.equal(['user', 'user_foo']);
      expect(iterate(graph(rev('user_foo'), rev('user', '', { deps: ['user_foo'] })), 'heads', null)).to.deep.equal(['user', 'user_foo']);
      expect(iterate(graph(rev('user_foo'), rev('user', 'user_foo', { deps: ['user_foo'] })), 'heads', null)).to.deep.equal(['user', 'user_foo']);
    });
  });

  describe('broken graphs (clearer than Alembic)', () => {
    it('refuses a duplicate revision id, naming both files', () => {
      expectError(
        () => graph({ ...rev('a'), path: 'versions/a_one.ts' }, { ...rev('a'), path: 'versions/a_two.ts' }),
        'Revision a is present more than once: versions/a_one.ts and versions/a_two.ts',
        'duplicate-revision',
      );
    });

    it('refuses a down revision that names no revision, naming the file', () => {
      expectError(() => graph(rev('a'), { ...rev('b', 'zzz'), path: 'versions/b.ts' }), "Revision b (versions/b.ts) revises 'zzz', which is not present", 'missing-down-revision');
    });

    it('refuses a dependency that names nothing', () => {
      expectError(() => graph(rev('a'), rev('b', 'a', { deps: ['nope'] })), /Revision b depends on 'nope', which is neither a revision nor a branch label/);
    });

    it('refuses illegal characters in ids and labels', () => {
      expectError(() => graph(rev('a-b')), "Character(s) '-' not allowed in revision identifier 'a-b'", 'invalid-identifier');
      expectError(() => graph(rev('a', '', { labels: ['x@y'] })), "Character(s) '@' not allowed in branch label 'x@y'");
      expectError(() => graph(rev('head')), /'head' is a reserved symbol/);
    });
  });

  it('walks a large real-world graph in a valid order', () => {
    // A long history with many merges and branch points (Alembic's LargeMapTest shape).
    const revs = [rev('r0')];
    let tips = ['r0'];
    for (let i = 1; i < 150; i++) {
      if (i % 7 === 0 && tips.length > 1) {
        revs.push(rev(`r${i}`, tips.slice(0, 2).join(' ')));
        tips = [`r${i}`, ...tips.slice(2)];
      } else {
        const parent = tips[i % tips.length];
        revs.push(rev(`r${i}`, parent));
        tips = i % 5 === 0 ? [...tips, `r${i}`] : tips.map((t) => (t === parent ? `r${i}` : t));
      }
    }
    const map = graph(...revs);
    const order = iterate(map, 'heads', 'base', { inclusive: false });
    expect(new Set(order)).to.deep.equal(new Set(revs.map((r) => r.id)));
    expect(order).to.have.length(revs.length);
  });
});

describe('upgrade and downgrade paths', () => {
  describe('a straight line', () => {
    const map = graph(rev('a'), rev('b', 'a'), rev('c', 'b'), rev('d', 'c'), rev('e', 'd'));
    const up = (current: string[], target: string) => ids(map.upgradeRevisions(target, current));
    const down = (current: string[], target: string) => ids(map.downgradeRevisions(target, current));

    it('upgrades to a revision', () => {
      expect(up(['c'], 'e')).to.deep.equal(['d', 'e']);
      expect(up([], 'c')).to.deep.equal(['a', 'b', 'c']);
    });

    it('upgrades by relative steps', () => {
      expect(up(['a'], '+2')).to.deep.equal(['b', 'c']);
      expect(up(['a'], '+1')).to.deep.equal(['b']);
      expect(up(['b'], '+3')).to.deep.equal(['c', 'd', 'e']);
      expect(up(['a'], 'b+2')).to.deep.equal(['b', 'c', 'd']);
      expect(up(['a'], 'd-2')).to.deep.equal(['b']);
    });

    it('refuses relative upgrades that go down or past the head', () => {
      expectError(() => up(['b'], '-2'), "Relative revision -2 didn't produce 2 migrations", 'relative-overflow');
      expectError(() => up(['b'], '+5'), "Relative revision +5 didn't produce 5 migrations", 'relative-overflow');
    });

    it('downgrades to a revision, to base, and by relative steps', () => {
      expect(down(['e'], 'c')).to.deep.equal(['e', 'd']);
      expect(down(['c'], 'base')).to.deep.equal(['c', 'b', 'a']);
      expect(down(['c'], '-1')).to.deep.equal(['c']);
      expect(down(['e'], '-3')).to.deep.equal(['e', 'd', 'c']);
      expect(down(['d'], 'a+2')).to.deep.equal(['d']);
      expect(down(['d'], 'c-2')).to.deep.equal(['d', 'c', 'b']);
    });

    it('does nothing when already at the target', () => {
      expect(down([], 'base')).to.deep.equal([]);
      expect(down(['a'], 'a')).to.deep.equal([]);
      expect(down(['e'], 'e')).to.deep.equal([]);
    });

    it('refuses invalid downgrades', () => {
      expectError(() => down(['b'], '-5'), "Relative revision -5 didn't produce 5 migrations");
      expectError(() => down(['b'], '+2'), "Relative revision +2 didn't produce 2 migrations");
      expectError(() => down([], 'b'), 'Destination b is not a valid downgrade target from current head(s)', 'invalid-destination');
      expectError(() => down(['b'], 'c'), 'Destination c is not a valid downgrade target from current head(s)');
    });

    it('refuses a walk past the end from a named revision', () => {
      expectError(() => down(['e'], 'b-5'), /walked past the end/, 'relative-overflow');
      expectError(() => up(['a'], 'c+9'), /walked past the end/, 'relative-overflow');
    });
  });

  describe('two labelled branches', () => {
    const map = graph(
      rev('a'),
      rev('b', 'a'),
      rev('c1', 'b', { labels: ['c1branch'] }),
      rev('d1', 'c1'),
      rev('c2', 'b', { labels: ['c2branch'] }),
      rev('d2', 'c2'),
    );
    const up = (current: string[], target: string | string[]) => ids(map.upgradeRevisions(target, current));
    const down = (current: string[], target: string) => ids(map.downgradeRevisions(target, current));

    it('upgrades one branch or both', () => {
      expect(up(['b'], 'd1')).to.deep.equal(['c1', 'd1']);
      expect(up(['a'], ['d1', 'd2'])).to.deep.equal(['b', 'c2', 'd2', 'c1', 'd1']);
      expect(up(['b'], 'c2branch@head-1')).to.deep.equal(['c2']);
    });

    it('downgrades both branches to below the branch point', () => {
      expect(down(['d1', 'd2'], 'a')).to.deep.equal(['d1', 'c1', 'd2', 'c2', 'b']);
      expect(down(['d2', 'd1'], 'base+2')).to.deep.equal(['d1', 'c1', 'd2', 'c2']);
    });

    it('downgrades one branch by label', () => {
      expect(down(['d2', 'd1'], 'c2branch@base+2')).to.deep.equal(['d2', 'c2']);
      expect(down(['d2', 'd1'], 'c2')).to.deep.equal(['d2']);
      expect(down(['d2', 'd1'], 'c2branch@base+3')).to.deep.equal(['d2']);
      expect(down(['d1', 'd2'], 'c1branch@-1')).to.deep.equal(['d1']);
      expect(down(['d2', 'c1'], 'd2-1')).to.deep.equal(['d2']);
      expect(down(['c1', 'd2'], 'd2-1')).to.deep.equal(['d2']);
      expect(down(['c1', 'd2'], 'c1branch@b')).to.deep.equal(['c1']);
      expect(down(['c1', 'd2'], 'c2branch@b')).to.deep.equal(['d2', 'c2']);
      expect(down(['d1', 'd2'], 'c2@b')).to.deep.equal(['d2', 'c2']);
      expect(down(['d1', 'd2'], 'd1@b')).to.deep.equal(['d1', 'c1']);
      expect(down(['d1', 'd2'], 'c1branch@head-1')).to.deep.equal(['d1']);
    });

    it('refuses -1 from several heads and says how to name the branch (Alembic only warns)', () => {
      expectError(() => down(['d2', 'd1'], '-1'), 'Relative revision -1 from several heads (d2, d1) is ambiguous', 'multiple-current');
      try {
        down(['d2', 'd1'], '-1');
      } catch (err) {
        expect((err as { hint: string }).hint).to.contain('LABEL@head-1').and.contain('d2-1');
      }
    });

    it('upgrades another branch relative to a label', () => {
      expect(up(['c1'], 'c2branch@+1')).to.deep.equal(['c2']);
      expect(up(['c1', 'c2'], 'c2branch@+1')).to.deep.equal(['d2']);
    });

    it('refuses +1 from several current revisions', () => {
      expectError(() => up(['c1', 'c2'], '+1'), /^Ambiguous upgrade from multiple current revisions/, 'multiple-current');
    });

    it('upgrades from base by relative steps', () => {
      expect(up([], 'base+1')).to.deep.equal(['a']);
      expect(up([], '+1')).to.deep.equal(['a']);
    });

    it('downgrades the last revision to base and refuses -1 from nothing', () => {
      expect(down(['a'], '-1')).to.deep.equal(['a']);
      expectError(() => down([], '-1'), "Relative revision -1 didn't produce 1 migrations");
    });

    it('does nothing when the target is a current head', () => {
      expect(down(['d1', 'c2'], 'c2')).to.deep.equal([]);
      expect(down(['d1', 'c2'], 'd1')).to.deep.equal([]);
    });

    it('refuses an ambiguous walk down from a merge', () => {
      const m = graph(rev('a'), rev('b1', 'a'), rev('b2', 'a'), rev('c', 'b1 b2'));
      expectError(() => m.downgradeRevisions('c-2', ['c']), /^Ambiguous walk: below c there are 2 revisions \(b1, b2\)/, 'ambiguous-walk');
    });
  });

  describe('merge points', () => {
    it('upgrades and downgrades across a merge', () => {
      const map = graph(
        rev('a'),
        rev('b', 'a'),
        rev('c1', 'b'),
        rev('d1', 'c1'),
        rev('c2', 'b', { labels: ['c2branch'] }),
        rev('d2', 'c2'),
        rev('e', 'd1 d2'),
        rev('f', 'e'),
      );
      expect(ids(map.upgradeRevisions('f', ['b']))).to.deep.equal(['c2', 'd2', 'c1', 'd1', 'e', 'f']);
      expect(ids(map.downgradeRevisions('b', ['f']))).to.deep.equal(['f', 'e', 'd1', 'c1', 'd2', 'c2']);
    });

    it('upgrades to one side of a merge point branched again', () => {
      const map = graph(rev('a1'), rev('b1', 'a1'), rev('c1', 'b1'), rev('a2'), rev('b2', 'a2'), rev('c2', 'b2'), rev('d1', 'c1 c2'), rev('d2', 'c2'));
      expect(ids(map.upgradeRevisions('d1', ['d2', 'b1']))).to.deep.equal(['c1', 'd1']);
      expect(ids(map.downgradeRevisions('b1', ['d2', 'd1']))).to.deep.equal(['d1', 'c1']);
    });

    it('handles a three-way merge point', () => {
      const map = graph(
        rev('a1'), rev('b1', 'a1'), rev('c1', 'b1'),
        rev('a2'), rev('b2', 'a2'), rev('c2', 'b2'),
        rev('a3'), rev('b3', 'a3'), rev('c3', 'b3'),
        rev('d1', 'c1 c2 c3'), rev('d2', 'c2'), rev('d3', 'c3'),
      );
      expect(ids(map.upgradeRevisions('d1', ['d3', 'd2', 'b1']))).to.deep.equal(['c1', 'd1']);
      expect(ids(map.downgradeRevisions('b1', ['d3', 'd2', 'd1']))).to.deep.equal(['d1', 'c1']);
      expect(ids(map.upgradeRevisions('d1', ['d3', 'b2', 'b1']))).to.deep.equal(['c2', 'c1', 'd1']);
      expect(ids(map.upgradeRevisions('d2', ['d3', 'd1']))).to.deep.equal(['d2']);
    });
  });

  describe('dependencies between branches', () => {
    it('upgrades a forest root by root', () => {
      const map = graph(rev('a1'), rev('b1', 'a1'), rev('a2'), rev('b2', 'a2'));
      expect(ids(map.upgradeRevisions('heads', []))).to.deep.equal(['a2', 'b2', 'a1', 'b1']);
    });

    it('applies a dependency given as a branch label first', () => {
      const map = graph(
        rev('a1', '', { labels: ['lib1'] }),
        rev('b1', 'a1'),
        rev('c1', 'b1', { labels: ['c1lib'] }),
        rev('a2'),
        rev('b2', 'a2'),
        rev('c2', 'b2', { deps: ['c1lib'] }),
        rev('d1', 'c1'),
        rev('e1', 'd1'),
        rev('f1', 'e1'),
      );
      expect(ids(map.upgradeRevisions('c2', ['a2']))).to.deep.equal(['a1', 'b1', 'c1', 'b2', 'c2']);
    });

    it('downgrades over criss-cross dependencies', () => {
      const map = graph(rev('a1'), rev('a2', 'a1'), rev('b1'), rev('b2', 'b1', { deps: ['a2'] }), rev('b3', 'b2'), rev('a3', 'a2', { deps: ['b1'] }));
      expect(ids(map.downgradeRevisions('b1', ['a3', 'b2']))).to.deep.equal(['b2']);
    });

    it('does not duplicate a dependency that is also the parent', () => {
      const map = graph(rev('a1'), rev('a2', 'a1', { deps: ['a1'] }));
      expect(ids(map.upgradeRevisions('a2', []))).to.deep.equal(['a1', 'a2']);
      expect(ids(map.downgradeRevisions('a1', ['a2']))).to.deep.equal(['a2']);
    });

    it('normalizes dependencies implied by an ancestor', () => {
      const map = graph(rev('a1'), rev('a2', 'a1'), rev('a3', 'a2'), rev('b1'), rev('b2', 'b1', { deps: ['a3'] }), rev('b3', 'b2'), rev('b4', 'b3', { deps: ['a3'] }));
      expect(ids(map.downgradeRevisions('b3', ['b4']))).to.deep.equal(['b4']);
    });

    it('downgrades an independent branch, or one a dependency needs', () => {
      const map = graph(
        rev('a'),
        rev('b', 'a'),
        rev('c1', 'b', { labels: ['c1branch'] }),
        rev('d1', 'c1'),
        rev('c2', 'b', { labels: ['c2branch'] }),
        rev('d2', 'c2', { deps: ['c1'] }),
      );
      expect(ids(map.downgradeRevisions('c2branch@b', ['d1', 'd2']))).to.deep.equal(['d2', 'c2']);
      const steps = ids(map.downgradeRevisions('c1branch@b', ['d1', 'd2']));
      expect(new Set(steps)).to.deep.equal(new Set(['c1', 'd1', 'd2']));
      expect(steps.indexOf('c1')).to.be.greaterThan(steps.indexOf('d1')).and.greaterThan(steps.indexOf('d2'));
    });

    it('unmerges several merge points down to base in a fixed order', () => {
      const map = graph(
        rev('a1'), rev('a2'), rev('a3'), rev('amerge', 'a1 a2 a3'),
        rev('b1'), rev('b2'), rev('bmerge', 'b1 b2'),
        rev('c1'), rev('c2'), rev('c3'), rev('cmerge', 'c1 c2 c3'),
        rev('d1', '', { deps: ['a3', 'b2', 'c1'] }),
      );
      expect(ids(map.downgradeRevisions('b2', ['amerge', 'bmerge', 'cmerge', 'd1']))).to.deep.equal(['bmerge']);
      expect(ids(map.downgradeRevisions('d1@base', ['amerge', 'd1', 'b1', 'cmerge']))).to.deep.equal(['d1']);
      expect(ids(map.downgradeRevisions('base', ['amerge', 'b1', 'b2', 'cmerge']))).to.deep.equal([
        'amerge', 'a1', 'b1', 'b2', 'cmerge', 'c1', 'a2', 'a3', 'c2', 'c3',
      ]);
    });
  });
});

describe('a mistyped revision', () => {
  const map = graph(rev('ae1027a6acf1'), rev('27c6a30d7c24', 'ae1027a6acf1', { labels: ['billing'] }));

  it('suggests the near symbols, labels and ids', () => {
    for (const [typed, near] of [
      ['hed', "'head' or 'heads'"],
      ['ae1027a6acf2', "'ae1027a6acf1'"],
      ['biling', "'billing'"],
    ]) {
      try {
        map.getRevisions(typed);
        expect.fail(`${typed} resolved`);
      } catch (err) {
        expect((err as MigError).hint).to.equal(`did you mean ${near}? \`mig history\` lists the revisions`);
      }
    }
  });

  it('suggests nothing when nothing is near', () => {
    expect(() => map.getRevisions('zzzzzzz')).to.throw("Can't locate revision identified by 'zzzzzzz'");
  });
});
