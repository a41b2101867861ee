/**
 * Temporary copies of example-app/ wired as `npm install` would wire them: node_modules links
 * to this repository's TypeORM 0.3, sqlite3, pg, reflect-metadata, typescript and @types/node,
 * and typeorm-mig is this repository (its built bin/run.js is node_modules/.bin/mig).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { makeProject, REPO, type RunResult } from '../helpers/project';

export const EXAMPLE_APP = path.join(REPO, 'example-app');
export const EXAMPLE_PACKAGES = ['typeorm', 'typescript', 'reflect-metadata', 'typeorm-mig', 'sqlite3', 'pg', '@types/node'];

export interface ExampleCopy {
  /** Keep the committed revisions (default) or start with an empty versions/ folder. */
  history?: boolean;
  /** Leave out mig.ini and migrations/: the project as it was before it adopted mig. */
  withoutMig?: boolean;
}

export function copyExampleApp(options: ExampleCopy = {}): string {
  const dir = makeProject({ typeorm: '0.3', packages: EXAMPLE_PACKAGES });
  fs.cpSync(EXAMPLE_APP, dir, {
    recursive: true,
    filter: (src) => !['node_modules', 'dist'].includes(path.basename(src)) && !src.endsWith('.sqlite'),
  });
  fs.mkdirSync(path.join(dir, 'node_modules', '.bin'), { recursive: true });
  fs.symlinkSync(path.join('..', 'typeorm-mig', 'bin', 'run.js'), path.join(dir, 'node_modules', '.bin', 'mig'));
  if (options.withoutMig) {
    fs.rmSync(path.join(dir, 'migrations'), { recursive: true });
    fs.rmSync(path.join(dir, 'mig.ini'));
  } else if (options.history === false) {
    const versions = path.join(dir, 'migrations', 'versions');
    for (const f of fs.readdirSync(versions)) fs.rmSync(path.join(versions, f));
  }
  return dir;
}

/** Runs a program in `cwd` with plain output; DATABASE_URL unset unless given. */
export function run(cwd: string, command: string, args: string[], env: Record<string, string | undefined> = {}): RunResult {
  const r = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', MIG_CONFIG: undefined, DATABASE_URL: undefined, ...env },
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function expectOk(r: RunResult, what: string): string {
  expect(r.status, `${what}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`).to.equal(0);
  return r.stdout;
}

/** Runs the example's TypeScript (src/*.ts or a script) in a fresh process with mig's loader. */
export function runTs(dir: string, source: string, env: Record<string, string | undefined> = {}): RunResult {
  const script = `
    require('reflect-metadata');
    require('typeorm-mig/dist/loader/typescript').registerTypeScript({ projectRoot: process.cwd() });
    ${source}`;
  return run(dir, process.execPath, ['-e', script], env);
}

/** Rows of a query on a SQLite file. */
export function sqlite<R = Record<string, unknown>>(file: string, sql: string, params: unknown[] = []): R[] {
  const db = new Database(file, { fileMustExist: true });
  try {
    const stmt = db.prepare(sql);
    return (stmt.reader ? stmt.all(...params) : (stmt.run(...params), [])) as R[];
  } finally {
    db.close();
  }
}

/** The tables of a SQLite file, without SQLite's own. */
export function sqliteTables(file: string): string[] {
  return sqlite<{ name: string }>(file, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").map((r) => r.name);
}

/** What TypeORM's own schema builder would still change for the app's DataSource (its independent verdict). */
export function typeormPending(dir: string, env: Record<string, string | undefined> = {}): string[] {
  const r = runTs(
    dir,
    `const { AppDataSource } = require('./src/data-source.ts');
    (async () => {
      await AppDataSource.initialize();
      const log = await AppDataSource.driver.createSchemaBuilder().log();
      console.log(JSON.stringify(log.upQueries.map((q) => q.query)));
      await AppDataSource.destroy();
    })(); // a rejection ends the process with exit code 1 and its stack`,
    env,
  );
  expectOk(r, 'TypeORM schema builder');
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}
