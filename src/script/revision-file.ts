/**
 * Reads a revision file's identity without running it: the exported `revision`, `downRevision`,
 * `branchLabels`, `dependsOn` and `replaces` (a squash) literals and the header comment. This is what lets `history`,
 * `heads` and friends work on a thousand revisions without compiling or executing any of them.
 */
import * as fs from 'node:fs';
import { MigError } from '../errors';
import type { RevisionSource } from './revision-map';

export interface RevisionHeader extends RevisionSource {
  /** The file as shown in messages (relative to the working folder when inside it). */
  path: string;
  /** The file's absolute path. */
  file: string;
  down: string[];
  branchLabels: string[];
  dependsOn: string[];
  /** A squash revision's replaced revisions, oldest first (the last is the range's head); empty otherwise. */
  replaces?: string[];
  /** The header comment, without comment markers. */
  doc: string;
  /** The first paragraph of the header comment: the -m message. */
  message: string;
  createDate?: string;
}

export const REVISION_FILE_EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'];

const EXPORTS = ['revision', 'downRevision', 'branchLabels', 'dependsOn', 'replaces'] as const;
type ExportName = (typeof EXPORTS)[number];

export function readRevisionFile(file: string, displayName = file): RevisionHeader {
  return parseRevisionSource(fs.readFileSync(file, 'utf8'), file, displayName);
}

export function parseRevisionSource(source: string, file: string, displayName = file): RevisionHeader {
  const values = new Map<ExportName, string[] | null>();
  const fail = (what: string, hint?: string) => new MigError('revision-file', `${displayName}: ${what}`, { hint });
  // `export const name[: type] = ` (TypeScript / ESM) or `exports.name = ` (compiled CommonJS).
  const declaration = /(?:^|[\n;])[ \t]*(?:export\s+(?:const|let|var)\s+(\w+)\s*(?::[^=\n]*)?=|(?:module\.)?exports\.(\w+)\s*=)\s*/g;
  for (let m = declaration.exec(source); m; m = declaration.exec(source)) {
    const name = (m[1] ?? m[2]) as ExportName;
    if (!EXPORTS.includes(name)) continue;
    const literal = readLiteral(source, declaration.lastIndex);
    if (literal === 'skip') continue; // `exports.revision = void 0;` and chained exports in compiled output
    if (literal === undefined) {
      throw fail(`${name} must be a string literal${name === 'revision' ? '' : ', an array of string literals, or null'}`, 'mig reads revision ids without running the file');
    }
    if (values.has(name)) throw fail(`${name} is declared twice`);
    values.set(name, literal.value);
  }
  const revision = values.get('revision');
  if (!values.has('revision') || revision === null || revision === undefined || revision.length !== 1) {
    throw fail("no `export const revision = '<id>'`", 'every revision file declares its id as a string literal');
  }
  if (!values.has('downRevision')) {
    throw fail('no `export const downRevision = ...`', 'use null for a first revision, an id, or an array of ids for a merge');
  }
  const doc = headerComment(source);
  const createDate = /^Create Date:\s*(.+)$/m.exec(doc)?.[1]?.trim();
  return {
    id: revision[0],
    down: values.get('downRevision') ?? [],
    branchLabels: values.get('branchLabels') ?? [],
    dependsOn: values.get('dependsOn') ?? [],
    replaces: values.get('replaces') ?? [],
    path: displayName,
    file,
    doc,
    message: doc.split(/\n\s*\n/)[0].replace(/\s*\n\s*/g, ' ').trim(),
    createDate,
  };
}

/** A string, an array of strings, null/undefined; `undefined` when it is anything else. */
function readLiteral(source: string, start: number): { value: string[] | null } | 'skip' | undefined {
  let i = start;
  const skipSpace = () => {
    while (i < source.length && /\s/.test(source[i])) i++;
  };
  const readString = (): string | undefined => {
    const quote = source[i];
    if (quote !== "'" && quote !== '"' && quote !== '`') return undefined;
    let out = '';
    for (i++; i < source.length; i++) {
      const ch = source[i];
      if (ch === quote) {
        i++;
        return out;
      }
      if (ch === '\\') {
        const next = source[++i];
        out += next === 'n' ? '\n' : next === 't' ? '\t' : next;
      } else if (quote === '`' && ch === '$' && source[i + 1] === '{') {
        return undefined;
      } else if (ch === '\n' && quote !== '`') {
        return undefined;
      } else {
        out += ch;
      }
    }
    return undefined;
  };
  skipSpace();
  if (source.startsWith('void 0', i) || /^(?:module\.)?exports\.\w+\s*=/.test(source.slice(i, i + 80))) return 'skip';
  for (const empty of ['null', 'undefined']) {
    if (source.startsWith(empty, i) && !/\w/.test(source[i + empty.length] ?? '')) return { value: null };
  }
  if (source[i] === '[') {
    i++;
    const items: string[] = [];
    for (;;) {
      skipSpace();
      if (source[i] === ']') {
        i++;
        break;
      }
      const item = readString();
      if (item === undefined) return undefined;
      items.push(item);
      skipSpace();
      if (source[i] === ',') i++;
      else if (source[i] !== ']') return undefined;
    }
    return endOfExpression(source, i) ? { value: items } : undefined;
  }
  const single = readString();
  if (single === undefined) return undefined;
  return endOfExpression(source, i) ? { value: [single] } : undefined;
}

/** After the literal: an optional `as const` / type assertion, then `;`, a newline or the end. */
function endOfExpression(source: string, i: number): boolean {
  const rest = /^[ \t]*(?:as\s+[\w\s[\]|<>]+?)?[ \t]*(?:;|\r?\n|$|\/\/|\/\*)/.exec(source.slice(i, i + 200));
  return rest !== null;
}

/** The leading comment (block or line comments), after a shebang or 'use strict'. */
function headerComment(source: string): string {
  const text = source.replace(/^#!.*\n/, '').replace(/^\s*(['"])use strict\1;?/, '').trimStart();
  if (text.startsWith('/*')) {
    const end = text.indexOf('*/');
    if (end < 0) return '';
    return text
      .slice(2, end)
      .replace(/^\*/, '')
      .split('\n')
      .map((line) => line.replace(/^\s*\* ?/, '').trimEnd())
      .join('\n')
      .replace(/\*\\\//g, '*/')
      .trim();
  }
  const lines: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*\/\/ ?(.*)$/.exec(line);
    if (!m) break;
    lines.push(m[1].trimEnd());
  }
  return lines.join('\n').trim();
}
