/**
 * How revisions are shown: one-line forms for history/heads/branches and the full log entry
 * for `show` and `-v`, as Alembic prints them, plus the JSON shape of `--json`.
 */
import type { AppliedLogEntry, ChangedRevision } from '../runtime/checksums';
import type { Script } from '../script/script-directory';
import { paint } from './colors';

export interface LineOptions {
  parents?: boolean;
  branches?: boolean;
  doc?: boolean;
  tree?: boolean;
  current?: ReadonlySet<string>;
}

function downText(rev: Script): string {
  return rev.down.length ? rev.down.join(', ') : '<base>';
}

function labels(rev: Script): string[] {
  return [...rev.branchLabels];
}

/** `ae10 -> 27c6 (shopping) (head), add a column` */
export function revisionLine(rev: Script, opts: LineOptions = {}): string {
  let text = paint.id(rev.id);
  if (opts.parents) {
    text = rev.dependsOn.length ? `${downText(rev)} (${rev.dependsOn.join(', ')}) -> ${text}` : `${downText(rev)} -> ${text}`;
  }
  if (opts.branches && rev.branchLabels.size) text += ` ${paint.mark(`(${labels(rev).join(', ')})`)}`;
  if (rev.isRealHead) text += ` ${paint.ok('(head)')}`;
  if (rev.isHead && !rev.isRealHead) text += ` ${paint.ok('(effective head)')}`;
  if (opts.current?.has(rev.id)) text += ` ${paint.mark('(current)')}`;
  if (rev.source.replaces?.length) text += ` (replaces ${rev.source.replaces.join(', ')})`;
  if (opts.tree !== false) {
    if (rev.isBranchPoint) text += ' (branchpoint)';
    if (rev.isMergePoint) text += ' (mergepoint)';
  }
  if (opts.doc) text += `, ${rev.source.message}`;
  return text;
}

/** The full entry: Rev, Parent/Merges, dependencies, branches, path and the header comment. */
export function logEntry(rev: Script, current?: ReadonlySet<string>): string {
  const flags = [rev.isHead ? ' (head)' : '', rev.isBranchPoint ? ' (branchpoint)' : '', rev.isMergePoint ? ' (mergepoint)' : '', current?.has(rev.id) ? ' (current)' : ''];
  const lines = [`Rev: ${rev.id}${flags.join('')}`];
  lines.push(rev.isMergePoint ? `Merges: ${downText(rev)}` : `Parent: ${downText(rev)}`);
  if (rev.dependsOn.length) lines.push(`Also depends on: ${rev.dependsOn.join(', ')}`);
  if (rev.isBranchPoint) lines.push(`Branches into: ${[...rev.nextrev].join(', ')}`);
  if (rev.branchLabels.size) lines.push(`Branch names: ${labels(rev).join(', ')}`);
  if (rev.source.replaces?.length) lines.push(`Replaces: ${rev.source.replaces.join(', ')}`);
  lines.push(`Path: ${rev.source.path}`);
  lines.push('');
  for (const line of (rev.source.doc || rev.source.message).split('\n')) lines.push(line ? `    ${line}` : '');
  lines.push('');
  return lines.join('\n');
}

/** The stable `--json` shape of a revision. */
export interface RevisionJson {
  revision: string;
  downRevisions: string[];
  dependsOn: string[];
  branchLabels: string[];
  message: string;
  createDate: string | null;
  path: string;
  isHead: boolean;
  isEffectiveHead: boolean;
  isBase: boolean;
  isBranchPoint: boolean;
  isMergePoint: boolean;
  nextRevisions: string[];
  isCurrent?: boolean;
  /** A squash revision: the revisions it replaces, oldest first. */
  replaces?: string[];
}

export function revisionJson(rev: Script, current?: ReadonlySet<string>): RevisionJson {
  const json: RevisionJson = {
    revision: rev.id,
    downRevisions: [...rev.down],
    dependsOn: [...rev.dependsOn],
    branchLabels: labels(rev),
    message: rev.source.message,
    createDate: rev.source.createDate ?? null,
    path: rev.source.path,
    isHead: rev.isRealHead,
    isEffectiveHead: rev.isHead && !rev.isRealHead,
    isBase: rev.isBase,
    isBranchPoint: rev.isBranchPoint,
    isMergePoint: rev.isMergePoint,
    nextRevisions: [...rev.nextrev],
  };
  if (current) json.isCurrent = current.has(rev.id);
  if (rev.source.replaces?.length) json.replaces = [...rev.source.replaces];
  return json;
}

const when = (iso: string | undefined) => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC') : '');
const short = (sum: string | null | undefined) => (sum ? sum.slice(0, 12) : 'none');

/**
 * One line per applied revision edited or deleted since the log recorded it (upgrade, check,
 * current --verbose); `accepted`: --allow-edited took it for this run.
 */
export function changedRevisionLine(c: ChangedRevision, accepted = false): string {
  const logged = `${c.loggedAs} on ${when(c.appliedAt)}`;
  const fix = accepted ? 'accepted for this run (--allow-edited)' : `accept it with \`mig stamp --refresh-checksums ${c.revision}\``;
  if (c.change === 'deleted') return `Revision ${c.revision} was applied (${logged}) but its file is gone: restore it, or ${fix}`;
  return `Revision ${c.revision} (${c.path}) was edited after it was applied (${logged}): sha256 ${short(c.checksum)}, the log has ${short(c.loggedChecksum)}; review the change, then ${fix}`;
}

/** `2026-12-06 22:40:01 UTC  upgrade    ae10  12 ms  sha256 1a2b3c4d5e6f  mig 0.1.0, add users` */
export function appliedLogLine(e: AppliedLogEntry, message?: string): string {
  const duration = e.durationMs === null ? '-' : `${e.durationMs} ms`;
  return `${when(e.appliedAt)}  ${e.direction.padEnd(9)}  ${paint.id(e.revision)}  ${duration}  sha256 ${short(e.checksum)}  mig ${e.migVersion}${message ? `, ${message}` : ''}`;
}
