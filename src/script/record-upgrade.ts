/**
 * A revision's upgrade ops, recorded without a database: its upgrade(op) runs against an
 * Operations object that keeps each op (offline: op.offline is true) instead of executing it.
 * What the lint checks and what offline autogenerate replays.
 */
import type { DialectName } from '../dialects/types';
import { MigError } from '../errors';
import { loadUserModule } from '../loader/env';
import { Operations } from '../operations/api';
import type { Op } from '../operations/ops';
import type { Script } from './script-directory';

export interface RecordedUpgrade {
  ops: Op[];
  /** The line each op was called from. */
  lines: (number | undefined)[];
  /** Why the ops after some point were not recorded. */
  note?: string;
  /** The revision's `transactional` export (true unless it says false). */
  transactional: boolean;
}

/** The ops of a revision's upgrade, recorded without a database. */
export async function recordUpgrade(revision: Script, dialect: DialectName): Promise<RecordedUpgrade> {
  const file = revision.source.file;
  const mod = loadUserModule(file) as { upgrade?: (op: Operations) => unknown; transactional?: boolean };
  const transactional = mod.transactional !== false;
  if (typeof mod.upgrade !== 'function') throw new MigError('revision-file', `${revision.source.path} has no upgrade(op) function`, { hint: 'export async function upgrade(op) { ... }' });
  const ops: Op[] = [];
  const lines: (number | undefined)[] = [];
  const reads = new MigError('lint-reads-data', 'upgrade() reads the database');
  const op = new Operations({
    dialect,
    offline: true,
    run: async (o) => {
      ops.push(o);
      lines.push(callerLine(new Error().stack ?? '', file));
    },
    query: async () => {
      throw reads;
    },
  });
  try {
    await mod.upgrade(op);
  } catch (err) {
    if (err !== reads) throw err;
    return { ops, lines, transactional, note: 'upgrade() reads the database (op.query); the ops after that are not checked' };
  }
  return { ops, lines, transactional };
}

function callerLine(stack: string, file: string): number | undefined {
  for (const frame of stack.split('\n')) {
    const at = frame.lastIndexOf(`${file}:`);
    if (at < 0) continue;
    const line = Number(/^:(\d+)/.exec(frame.slice(at + file.length))?.[1]);
    if (line) return line;
  }
  return undefined;
}

