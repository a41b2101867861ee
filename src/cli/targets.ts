/**
 * The flags and output of commands run on many targets (`--all`, `--targets a,b`): one line per
 * target as it ends, then a summary table (target, from, to, time, result).
 */
import { Flags } from '@oclif/core';
import { paint } from './colors';

export const targetFlags = {
  all: Flags.boolean({ summary: 'Run on every target ([mig:targets] in mig.ini, env.ts targets).', helpGroup: 'TARGETS' }),
  targets: Flags.string({ summary: 'Run on these targets (names, comma-separated).', helpGroup: 'TARGETS' }),
  concurrency: Flags.integer({ summary: 'How many targets run at the same time.', default: 4, min: 1, helpGroup: 'TARGETS' }),
  'fail-fast': Flags.boolean({ summary: 'Start no more targets once one has failed.', helpGroup: 'TARGETS' }),
};

/** One target's line of the summary, and of --json. */
export interface TargetRow {
  target: string;
  /** The revisions it was at, and is at now (undefined: not known, e.g. it could not connect). */
  from?: string[];
  to?: string[];
  durationMs: number;
  result: 'ok' | 'failed' | 'skipped';
  /** What happened: "2 steps", "at head", the error's line. */
  detail: string;
  /** What the command adds to the row in --json (current: database, heads, atHeads). */
  data?: Record<string, unknown>;
}

const revs = (heads: string[] | undefined) => (heads === undefined ? '?' : heads.length ? heads.join(',') : 'base');
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** The line printed as a target ends: `tenant_a: base -> 3c4d5e6f7a8b, 2 revisions (0.31 s)`. */
export function targetLine(row: TargetRow, columns: { from: boolean }): string {
  const where = columns.from ? `${revs(row.from)} -> ${revs(row.to)}, ` : row.to ? `${revs(row.to)}, ` : '';
  if (row.result === 'skipped') return `${row.target}: ${paint.warn('skipped')} (--fail-fast, after a failure)`;
  if (row.result === 'failed') return `${row.target}: ${paint.bad('failed')}${row.to ? ` at ${revs(row.to)}` : ''}: ${row.detail}`;
  return `${row.target}: ${where}${row.detail} (${seconds(row.durationMs)})`;
}

/**
 * The summary table; FROM left out for commands that move nothing (current), AT too for those
 * that do not read where targets are (check).
 */
export function targetTable(rows: TargetRow[], columns: { from: boolean }): string {
  const at = !columns.from && rows.some((r) => r.to !== undefined);
  const header = ['TARGET', ...(columns.from ? ['FROM', 'TO'] : at ? ['AT'] : []), 'TIME', 'RESULT'];
  const body = rows.map((r) => [
    r.target,
    ...(r.result === 'skipped' ? ['-', '-'].slice(0, columns.from ? 2 : at ? 1 : 0) : columns.from ? [revs(r.from), revs(r.to)] : at ? [revs(r.to)] : []),
    r.result === 'skipped' ? '-' : seconds(r.durationMs),
    r.result === 'ok' ? r.detail : `${r.result}${r.detail ? `: ${r.detail}` : ''}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => cells[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), ...body.map(line)].join('\n');
}

/** The last line: how many targets failed (or were skipped). */
export function targetTotals(rows: TargetRow[]): { failed: TargetRow[]; skipped: TargetRow[]; text: string } {
  const failed = rows.filter((r) => r.result === 'failed');
  const skipped = rows.filter((r) => r.result === 'skipped');
  const parts = [`${rows.length - failed.length - skipped.length} ok`, `${failed.length} failed`, ...(skipped.length ? [`${skipped.length} skipped`] : [])];
  return { failed, skipped, text: `${rows.length} target${rows.length === 1 ? '' : 's'}: ${parts.join(', ')}` };
}
