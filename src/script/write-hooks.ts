/**
 * `[post_write_hooks]`: programs run on each new revision file (formatters, linters), as in
 * alembic.ini. `hooks = a, b`; per hook `a.type` is `bin` (a package binary of the project,
 * `a.entrypoint`) or `exec` (`a.executable`, a path or a program on PATH); `a.options` holds the
 * arguments, where REVISION_SCRIPT_FILENAME stands for the file (appended when absent);
 * `a.cwd` sets the working folder.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Config, displayPath } from '../config/config';
import { MigError } from '../errors';

const SECTION = 'post_write_hooks';
const FILE_TOKEN = 'REVISION_SCRIPT_FILENAME';

export interface HookRun {
  name: string;
  command: string[];
}

export function runWriteHooks(config: Config, file: string): HookRun[] {
  const section = config.getSection(SECTION);
  if (!section || !section.hooks?.trim()) return [];
  const runs: HookRun[] = [];
  for (const name of section.hooks.split(/[\s,]+/).filter(Boolean)) {
    const opt = (key: string) => section[`${name}.${key}`.toLowerCase()];
    const where = `${displayPath(config.configFileName)} [${SECTION}] ${name}`;
    const type = opt('type');
    let program: string;
    if (type === 'bin') {
      const entry = opt('entrypoint');
      if (!entry) throw new MigError('write-hook', `${where}.entrypoint is missing`, { hint: 'name the package binary, e.g. prettier' });
      program = findBin(config.here, entry) ?? entry;
    } else if (type === 'exec') {
      const executable = opt('executable');
      if (!executable) throw new MigError('write-hook', `${where}.executable is missing`, { hint: 'give a program name or path' });
      program = executable;
    } else {
      throw new MigError('write-hook', `${where}.type is '${type ?? ''}'`, { hint: 'use bin (a package binary) or exec (a program)' });
    }
    const args = splitArgs(opt('options') ?? '');
    if (!args.includes(FILE_TOKEN)) args.push(FILE_TOKEN);
    const command = [program, ...args.map((a) => (a === FILE_TOKEN ? file : a.split(FILE_TOKEN).join(file)))];
    const cwd = opt('cwd') ? path.resolve(config.here, opt('cwd')!) : config.here;
    const result = spawnSync(command[0], command.slice(1), { cwd, encoding: 'utf8' });
    if (result.error) {
      throw new MigError('write-hook', `post-write hook '${name}' could not run ${command[0]}: ${result.error.message}`, {
        hint: `the revision was written to ${displayPath(file)}`,
      });
    }
    if (result.status !== 0) {
      const output = `${result.stderr ?? ''}${result.stdout ?? ''}`.trim().split('\n').pop();
      throw new MigError('write-hook', `post-write hook '${name}' failed (exit ${result.status})${output ? `: ${output}` : ''}`, {
        hint: `the revision was written to ${displayPath(file)}`,
      });
    }
    runs.push({ name, command });
  }
  return runs;
}

function findBin(from: string, name: string): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', '.bin', name);
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** Splits a command line on spaces, keeping quoted parts together. */
export function splitArgs(text: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? m[3]));
  return out;
}
