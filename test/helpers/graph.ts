import { expect } from 'chai';
import { RevisionMap, type RevisionSource } from '../../src/script/revision-map';

/** A revision in the tests' shorthand: `rev('c', 'a b', { labels: ['x'], deps: ['y'] })`. */
export function rev(id: string, down = '', opts: { labels?: string[]; deps?: string[] } = {}): RevisionSource {
  return { id, down: down.split(/[\s,]+/).filter(Boolean), branchLabels: opts.labels ?? [], dependsOn: opts.deps ?? [] };
}

export function graph(...revs: RevisionSource[]): RevisionMap {
  return new RevisionMap(revs);
}

export function ids(revs: Iterable<{ id: string } | undefined | null>): (string | null)[] {
  return [...revs].map((r) => (r ? r.id : null));
}

/**
 * Iterates as Alembic's test harness does (inclusive by default) and checks that every
 * revision comes before its parents and dependencies in the result.
 */
export function iterate(
  map: RevisionMap,
  upper: string | string[] | null,
  lower: string | string[] | null,
  opts: { inclusive?: boolean; implicitBase?: boolean; selectForDowngrade?: boolean } = {},
): string[] {
  const result = map.iterate(upper, lower, { inclusive: true, ...opts });
  const position = new Map(result.map((r, i) => [r.id, i]));
  for (const r of result) {
    for (const parent of r.normalizedDown) {
      if (position.has(parent)) expect(position.get(parent)!, `${parent} after ${r.id}`).to.be.greaterThan(position.get(r.id)!);
    }
  }
  return result.map((r) => r.id);
}

export function expectError(fn: () => unknown, pattern: RegExp | string, code?: string): void {
  let error: unknown;
  try {
    fn();
  } catch (err) {
    error = err;
  }
  expect(error, 'expected an error').to.be.instanceOf(Error);
  const message = (error as Error).message;
  // A string is the exact message; a pattern may also match the hint (`message; hint`).
  if (typeof pattern === 'string') expect(message).to.equal(pattern);
  else {
    const line = (error as { line?: string }).line ?? message;
    expect(pattern.test(message) || pattern.test(line), `${JSON.stringify(line)} should match ${pattern}`).to.equal(true);
  }
  if (code) expect((error as { code?: string }).code).to.equal(code);
}
