/**
 * Revision headers cached by file (path, size, mtime, ctime): a map of a thousand revisions
 * parses only the files that changed since the last command. The cache sits with the compile
 * cache (`MIG_CACHE_DIR`, default node_modules/.cache/typeorm-mig); losing it costs a re-read.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultCacheDir } from '../loader/typescript';
import type { RevisionHeader } from './revision-file';

type Entry = { size: number; mtimeMs: number; ctimeMs: number; header: Omit<RevisionHeader, 'path'> };

// 2: headers carry `replaces`.
const VERSION = 2;

export class HeaderCache {
  private entries: Record<string, Entry> = {};
  private readonly seen: Record<string, Entry> = {};
  private dirty = false;
  private readonly file: string;

  constructor(projectRoot: string, location: string) {
    const dir = process.env.MIG_CACHE_DIR ?? defaultCacheDir(projectRoot);
    const key = crypto.createHash('sha1').update(`${VERSION}\0${path.resolve(location)}`).digest('hex').slice(0, 16);
    this.file = path.join(dir, `headers-${key}.json`);
    try {
      this.entries = JSON.parse(fs.readFileSync(this.file, 'utf8'));
    } catch {
      this.entries = {};
    }
  }

  /** The header of `file`: cached when the file is unchanged, else `read` (and cached). */
  get(file: string, displayName: string, read: () => RevisionHeader): RevisionHeader {
    const st = fs.statSync(file);
    const hit = this.entries[file];
    if (hit && hit.size === st.size && hit.mtimeMs === st.mtimeMs && hit.ctimeMs === st.ctimeMs) {
      this.seen[file] = hit;
      return { ...hit.header, path: displayName };
    }
    const header = read();
    const { path: _shown, ...rest } = header;
    this.seen[file] = { size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, header: rest };
    this.dirty = true;
    return header;
  }

  /** Writes the entries of the files seen (removed files drop out); never fails a command. */
  save(): void {
    if (!this.dirty && Object.keys(this.seen).length === Object.keys(this.entries).length) return;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
      fs.writeFileSync(tmp, JSON.stringify(this.seen));
      fs.renameSync(tmp, this.file);
    } catch {
      // a read-only cache folder only costs the next run a re-read
    }
  }
}
