/**
 * Squash revisions resolved per database (script/squash.ts), as plain data: the history
 * a -> b1, a -> b2, merge m, then c, with S squashing b1, b2, m (a:m), for a database before,
 * inside, at the end of and after the range, with no database, and with the old files deleted.
 */
import { expect } from 'chai';
import { RevisionMap } from '../../src/script/revision-map';
import { resolveSquashes, squashRange, type SquashSource } from '../../src/script/squash';
import { expectError, rev } from '../helpers/graph';

const squash = (id: string, down: string, replaces: string[], opts: { labels?: string[] } = {}): SquashSource => ({ ...rev(id, down, opts), replaces });

const OLD = [rev('a'), rev('b1', 'a'), rev('b2', 'a'), rev('m', 'b1 b2'), rev('c', 'm')];
const S = squash('s', 'a', ['b1', 'b2', 'm']);
const ALL = [...OLD, S];

function resolved(sources: SquashSource[], heads?: string[]) {
  const r = resolveSquashes(sources, heads);
  const map = new RevisionMap(r.sources);
  const edges = Object.fromEntries(map.all().map((x) => [x.id, [...x.down]]));
  return { ...r, map, edges };
}

describe('squash resolution (script/squash.ts)', () => {
  it('without a database the squash is used: the replaced revisions hidden, references to them made S', () => {
    const r = resolved(ALL);
    expect(r.edges).to.deep.equal({ a: [], c: ['s'], s: ['a'] });
    expect(r.map.heads).to.deep.equal(['c']);
    expect([...r.hidden].sort()).to.deep.equal(['b1', 'b2', 'm']);
    expect(r.decisions).to.deep.equal([{ squash: 's', replaces: ['b1', 'b2', 'm'], head: 'm', use: 'squash' }]);
    expect(r.heads).to.equal(undefined);
    expect(r.map.upgradeRevisions('head', []).map((x) => x.id)).to.deep.equal(['a', 's', 'c']);
  });

  it('a database before the range (base, or at BASE) uses the squash; its heads stay', () => {
    for (const heads of [[], ['a']]) {
      const r = resolved(ALL, heads);
      expect(r.edges).to.deep.equal({ a: [], c: ['s'], s: ['a'] });
      expect(r.heads).to.deep.equal(heads);
      expect(r.rewrites).to.deep.equal([]);
    }
  });

  it('a database inside the range uses the old revisions; S is hidden and its children hang off HEAD', () => {
    for (const heads of [['b1'], ['b2'], ['b1', 'b2']]) {
      const r = resolved(ALL, heads);
      expect(r.edges, heads.join()).to.deep.equal({ a: [], b1: ['a'], b2: ['a'], m: ['b1', 'b2'], c: ['m'] });
      expect(r.heads).to.deep.equal(heads);
      expect(r.rewrites).to.deep.equal([]);
      expect([...r.hidden]).to.deep.equal(['s']);
      expect(r.decisions[0].use).to.equal('replaced');
      expect(r.map.upgradeRevisions('head', heads).map((x) => x.id)).to.include.members(['m', 'c']);
    }
    // A revision written after the squash (child of S) follows HEAD.
    const r = resolved([...ALL, rev('d', 's')], ['b1']);
    expect(r.edges.d).to.deep.equal(['m']);
  });

  it('a database at HEAD uses the squash, its row made S; after the range nothing is rewritten', () => {
    const atHead = resolved(ALL, ['m']);
    expect(atHead.edges).to.deep.equal({ a: [], c: ['s'], s: ['a'] });
    expect(atHead.heads).to.deep.equal(['s']);
    expect(atHead.rewrites).to.deep.equal([{ kind: 'update', from: 'm', to: 's' }]);
    expect(atHead.map.upgradeRevisions('head', atHead.heads!).map((x) => x.id)).to.deep.equal(['c']);

    for (const heads of [['c'], ['s']]) {
      const after = resolved(ALL, heads);
      expect(after.heads).to.deep.equal(heads);
      expect(after.rewrites).to.deep.equal([]);
      expect(after.decisions[0].use).to.equal('squash');
    }
  });

  it('with the replaced files deleted the squash is used, and a database at HEAD is translated', () => {
    const gone = [rev('a'), rev('c', 'm'), S];
    expect(resolved(gone).edges).to.deep.equal({ a: [], c: ['s'], s: ['a'] });
    const atHead = resolved(gone, ['m']);
    expect(atHead.heads).to.deep.equal(['s']);
    expect(atHead.rewrites).to.deep.equal([{ kind: 'update', from: 'm', to: 's' }]);
    expect(resolved(gone, ['c']).heads).to.deep.equal(['c']);
  });

  it('a database inside a range whose files are gone is one clear error', () => {
    const gone = [rev('a'), rev('c', 'm'), S];
    expectError(() => resolveSquashes(gone, ['b1']), /^The database is at b1, in the range squash s replaces, and the replaced revision files b1, b2, m are gone$/, 'squash-files-missing');
    // Some files kept, some gone: still stuck.
    expectError(() => resolveSquashes([...gone, rev('b1', 'a')], ['b1']), /files b2, m are gone/, 'squash-files-missing');
  });

  it('dependsOn on a replaced revision becomes S; branch labels of replaced revisions move to S', () => {
    const sources = [rev('a'), rev('b1', 'a', { labels: ['feature'] }), rev('m', 'b1'), rev('x', '', { deps: ['b1'] }), squash('s', 'a', ['b1', 'm'])];
    const r = resolveSquashes(sources);
    const map = new RevisionMap(r.sources);
    expect(map.get('x').dependsOn).to.deep.equal(['s']);
    expect(map.getRevision('feature')!.id).to.equal('s');
    const inside = new RevisionMap(resolveSquashes(sources, ['b1']).sources);
    expect(inside.get('x').dependsOn).to.deep.equal(['b1']);
    expect(inside.getRevision('feature')!.id).to.equal('b1');
  });

  it('a branch off the middle of the range: references become S; a database on it is inside the range', () => {
    const sources = [...ALL, rev('x', 'b1')];
    expect(resolved(sources).edges.x).to.deep.equal(['s']);
    const onBranch = resolved(sources, ['x']);
    expect(onBranch.decisions[0].use).to.equal('replaced');
    expect(onBranch.edges.x).to.deep.equal(['b1']);
  });

  it('refuses a replaces whose last id is not the range HEAD (while the files are there to tell)', () => {
    expectError(() => resolveSquashes([...OLD, squash('s', 'a', ['b1', 'm', 'b2'])]), /^Squash revision s lists b2 last, but b1, m are not below it: the last id must be the range's HEAD$/, 'squash-invalid');
  });

  it('refuses overlapping or nested squashes', () => {
    expectError(() => resolveSquashes([...ALL, squash('t', 'a', ['b2', 'm'])]), /^Squash revision t replaces b2, which squash s replaces too$/, 'squash-invalid');
    expectError(() => resolveSquashes([...ALL, squash('t', '', ['a', 's'])]), /^Squash revision t replaces s, itself a squash$/, 'squash-invalid');
  });
});

describe('squash range (script/squash.ts squashRange)', () => {
  const map = new RevisionMap(OLD);

  it('is every ancestor-or-self of HEAD not below BASE, in upgrade order', () => {
    expect(squashRange(map, 'a', 'm')).to.deep.equal(['b2', 'b1', 'm']);
    expect(squashRange(map, 'base', 'm')).to.deep.equal(['a', 'b2', 'b1', 'm']);
    expect(squashRange(map, 'b1', 'head')).to.deep.equal(['b2', 'm', 'c']);
  });

  it('refuses a HEAD that does not descend from BASE, a range of one, and base as HEAD', () => {
    expectError(() => squashRange(map, 'm', 'a'), /^a does not come after m: HEAD must descend from BASE$/, 'squash-range');
    expectError(() => squashRange(map, 'b1', 'b2'), /^b2 does not come after b1/, 'squash-range');
    expectError(() => squashRange(map, 'm', 'm'), /^m does not come after m/, 'squash-range');
    expectError(() => squashRange(map, 'm', 'c'), /^The range m:c holds only c: nothing to squash$/, 'squash-range');
    expectError(() => squashRange(map, 'a', 'base'), /nothing to squash/, 'squash-range');
  });
});
