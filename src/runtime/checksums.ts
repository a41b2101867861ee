/**
 * Checksums of revision files and the applied-revision log's meaning (pure, but for reading
 * files): which rows a step writes, and which applied revisions were edited or deleted since.
 *
 * A checksum is the sha256 (hex) of the file's normalized text: a UTF-8 byte order mark dropped,
 * line endings (CRLF, CR) made LF, whitespace at the end of each line and blank lines at the end
 * of the file removed. A checkout with other line endings, or an editor that trims trailing
 * spaces, is therefore not an edit; any other change is.
 *
 * The log is read per revision, newest row last: `upgrade`, `stamp` and `refresh` rows mean the
 * revision is applied with that checksum; `downgrade` and `unstamp` that it is not. A revision
 * without rows (a database migrated before the log existed) is never reported.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LogDirection, LogRowInput } from '../dialects/types';
import type { RevisionHeader } from '../script/revision-file';
import type { Revision, RevisionMap } from '../script/revision-map';
import type { Step } from './steps';

type Map = RevisionMap<RevisionHeader>;

/** The text a checksum is taken of (see the module comment). */
export function normalizeRevisionText(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[ \t\f\v]+$/, ''))
    .join('\n')
    .replace(/\n+$/, '');
}

/** sha256 (hex) of a revision file's normalized text; undefined when the file does not exist. */
export function revisionChecksum(file: string): string | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  return createHash('sha256').update(normalizeRevisionText(text), 'utf8').digest('hex');
}

let version: string | undefined;

/** typeorm-mig's own version (the log's tool_version column). */
export function migVersion(): string {
  version ??= String(JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'package.json'), 'utf8')).version);
  return version;
}

/** One row of the log as read back. */
export interface AppliedLogEntry {
  id: number;
  revision: string;
  direction: LogDirection;
  checksum: string | null;
  /** ISO 8601, UTC. */
  appliedAt: string;
  durationMs: number | null;
  migVersion: string;
}

export function logEntryFromRow(r: Record<string, unknown>): AppliedLogEntry {
  const at = r.applied_at instanceof Date ? r.applied_at.toISOString() : String(r.applied_at);
  return {
    id: Number(r.id),
    revision: String(r.revision),
    direction: String(r.direction) as LogDirection,
    checksum: r.checksum === null || r.checksum === undefined ? null : String(r.checksum),
    appliedAt: at,
    durationMs: r.duration_ms === null || r.duration_ms === undefined ? null : Number(r.duration_ms),
    migVersion: String(r.tool_version),
  };
}

const APPLIED: ReadonlySet<LogDirection> = new Set(['upgrade', 'stamp', 'refresh']);

/** The revisions in the version table and everything below them (dependencies included). */
export function appliedClosure(map: Map, heads: Iterable<string>): Set<string> {
  const known = [...heads].filter((h) => map.has(h));
  return new Set([...map.ancestors(map.revisions(known))].map((r) => r.id));
}

function row(rev: Revision<RevisionHeader>, direction: LogDirection, durationMs: number | null): LogRowInput {
  return { revision: rev.id, direction, checksum: revisionChecksum(rev.source.file) ?? null, durationMs, migVersion: migVersion() };
}

/**
 * The log rows of one step: a revision's upgrade or downgrade; a stamp's revisions that became
 * applied (`stamp`, oldest first) or stopped being applied (`unstamp`, newest first).
 */
export function logRowsForStep(map: Map, step: Step, before: ReadonlySet<string>, after: ReadonlySet<string>, durationMs: number | null): LogRowInput[] {
  if (step.kind === 'revision') return [row(step.revision, step.upgrade ? 'upgrade' : 'downgrade', durationMs)];
  const was = appliedClosure(map, before);
  const now = appliedClosure(map, after);
  // iterate lists newest first: stamps are written oldest first, unstamps newest first.
  const ordered = map.iterate('heads', 'base').filter((r) => was.has(r.id) !== now.has(r.id));
  const added = ordered.filter((r) => now.has(r.id)).reverse();
  const removed = ordered.filter((r) => was.has(r.id));
  return [...added.map((r) => row(r, 'stamp', durationMs)), ...removed.map((r) => row(r, 'unstamp', durationMs))];
}

/** An applied revision whose file changed since its latest log row, or is gone. */
export interface ChangedRevision {
  revision: string;
  change: 'edited' | 'deleted';
  /** The file, as shown in messages (edited ones). */
  path?: string;
  /** The checksum the log holds. */
  loggedChecksum: string | null;
  /** The file's checksum now (edited ones). */
  checksum?: string;
  /** The latest log row's direction and time. */
  loggedAs: LogDirection;
  appliedAt: string;
}

/**
 * The applied revisions whose file was edited after the latest log row that applied them (or
 * recorded their checksum), and those the log says are applied whose file is gone. Revisions
 * without log rows are never reported (the database was migrated before the log existed).
 */
export function changedRevisions(map: Map, heads: readonly string[], log: readonly AppliedLogEntry[]): ChangedRevision[] {
  const latest = new globalThis.Map<string, AppliedLogEntry>();
  for (const entry of log) latest.set(entry.revision, entry);
  const applied = appliedClosure(map, heads);
  const found: ChangedRevision[] = [];
  for (const [id, entry] of latest) {
    if (!APPLIED.has(entry.direction)) continue;
    const base = { revision: id, loggedChecksum: entry.checksum, loggedAs: entry.direction, appliedAt: entry.appliedAt };
    if (!map.has(id)) {
      // A refresh row without a checksum accepted the deletion.
      if (entry.checksum !== null) found.push({ ...base, change: 'deleted' });
      continue;
    }
    if (!applied.has(id) || entry.checksum === null) continue;
    const rev = map.get(id);
    const checksum = revisionChecksum(rev.source.file);
    if (checksum === undefined) found.push({ ...base, change: 'deleted', path: rev.source.path });
    else if (checksum !== entry.checksum) found.push({ ...base, change: 'edited', path: rev.source.path, checksum });
  }
  return found;
}
