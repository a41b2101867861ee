/**
 * Temporary user projects: a folder outside this repository with its own package.json and a
 * node_modules whose packages are links to this repository's copies (so no install is needed,
 * yet resolution works exactly as in a separate project).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO = path.resolve(__dirname, '..', '..');
export const BIN = path.join(REPO, 'bin', 'run.js');

export interface ProjectOptions {
  /** Files to write, by path relative to the project. */
  files?: Record<string, string>;
  /** Packages to link into node_modules (default: typeorm, typescript, reflect-metadata, typeorm-mig). */
  packages?: string[];
  /** Which TypeORM line `typeorm` resolves to. */
  typeorm?: '1' | '0.3';
  /** package.json "type". */
  type?: 'module' | 'commonjs';
  /** A fixture folder under test/fixtures to copy first. */
  fixture?: string;
}

const created: string[] = [];

export function makeProject(options: ProjectOptions = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mig-test-'));
  created.push(dir);
  if (options.fixture) fs.cpSync(path.join(REPO, 'test', 'fixtures', options.fixture), dir, { recursive: true });
  const pkgFile = path.join(dir, 'package.json');
  if (!fs.existsSync(pkgFile)) {
    fs.writeFileSync(pkgFile, JSON.stringify({ name: 'fixture-project', private: true, type: options.type ?? 'commonjs' }, null, 2));
  }
  const modules = path.join(dir, 'node_modules');
  fs.mkdirSync(modules, { recursive: true });
  for (const name of options.packages ?? ['typeorm', 'typescript', 'reflect-metadata', 'typeorm-mig']) {
    let source = path.join(REPO, 'node_modules', name);
    if (name === 'typeorm-mig') source = REPO;
    if (name === 'typeorm' && options.typeorm === '0.3') source = path.join(REPO, 'node_modules', 'typeorm-0.3');
    const link = path.join(modules, name);
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(source, link, 'dir');
  }
  for (const [file, content] of Object.entries(options.files ?? {})) {
    const target = path.join(dir, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content);
  }
  return dir;
}

export function removeProjects(): void {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

export interface RunResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs the built `mig` in `cwd` as a user would. */
export function mig(cwd: string, args: string[], env: Record<string, string | undefined> = {}): RunResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', MIG_CONFIG: undefined, ...env },
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Runs a node script in `cwd` (for loading a project's code in a fresh process). */
export function node(cwd: string, script: string, env: Record<string, string | undefined> = {}): RunResult {
  const result = spawnSync(process.execPath, ['-e', script], { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
