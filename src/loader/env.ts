/**
 * Runs the project's env.ts (or env.js) for a command that needs the database or the model,
 * with `context.config` pointing at this run's Config, and returns what it exports.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Config } from '../config/config';
import { displayPath } from '../config/config';
import { setRunContext } from '../context';
import { isMigError, MigError } from '../errors';
import { hasProjectPackage, projectRequire } from './project';
import { registerTypeScript } from './typescript';

export interface Environment {
  /** The env file that was run. */
  file: string;
  /**
   * Entity classes / EntitySchemas, or a DataSource (its entities are used); or a function
   * returning (a promise of) one, called only by the commands that read the model.
   */
  targetMetadata?: unknown;
  /** A DataSource or DataSourceOptions replacing mig.ini `url`; or a function returning (a promise of) one. */
  dataSource?: unknown;
  /** The databases of `--all` / `--targets`: a list, or a function returning (a promise of) one. */
  targets?: unknown;
  /** Everything the file exports. */
  exports: Record<string, unknown>;
}

const ENV_NAMES = ['env.ts', 'env.mts', 'env.cts', 'env.js', 'env.cjs', 'env.mjs'];

export function findEnvFile(scriptLocation: string): string {
  for (const name of ENV_NAMES) {
    const file = path.join(scriptLocation, name);
    if (fs.existsSync(file)) return file;
  }
  throw new MigError('env-missing', `No env.ts in ${displayPath(scriptLocation)}`, {
    hint: 'restore it (mig init writes one), or fix script_location',
  });
}

/** Prepares this process to load the project's code: reflect-metadata and the TypeScript loader. */
export function prepareProjectLoading(projectDir: string): void {
  registerTypeScript({ projectRoot: projectDir });
  // TypeORM's decorators need Reflect.getMetadata; use the project's polyfill when it has one.
  if (hasProjectPackage(projectDir, 'reflect-metadata')) projectRequire(projectDir)('reflect-metadata');
  else require('reflect-metadata');
}

export function loadEnvironment(config: Config): Environment {
  const file = findEnvFile(config.scriptLocation);
  prepareProjectLoading(config.here);
  setRunContext({ config });
  const exports = loadUserModule(file) as Record<string, unknown>;
  const pick = (name: string) => exports[name] ?? (exports.default as Record<string, unknown> | undefined)?.[name];
  return { file, targetMetadata: pick('targetMetadata'), dataSource: pick('dataSource'), targets: pick('targets'), exports };
}

/**
 * An env.ts export as a value: a function export (`targetMetadata = () => [User]`,
 * `dataSource = async () => (await import('../src/data-source')).AppDataSource`) is called here,
 * so what it imports loads only for the commands that need it.
 */
export async function evaluateExport(env: Environment, name: 'targetMetadata' | 'dataSource' | 'targets'): Promise<unknown> {
  const value = env[name];
  if (typeof value !== 'function') return value;
  try {
    return await (value as () => unknown)();
  } catch (err) {
    throw explainLoadError(err, env.file);
  }
}

/** `require`s a file of the user's, turning load failures into one clear line. */
export function loadUserModule(file: string): unknown {
  try {
    return require(file);
  } catch (err) {
    throw explainLoadError(err, file);
  }
}

export function explainLoadError(err: unknown, file: string): MigError {
  if (isMigError(err)) return err;
  const e = err as Error & { code?: string; name?: string };
  const where = displayPath(file);
  const message = String(e?.message ?? e).split('\n')[0];
  if (e?.code === 'MODULE_NOT_FOUND' || e?.code === 'ERR_MODULE_NOT_FOUND') {
    const missing = /Cannot find (?:module|package) '([^']+)'/.exec(message)?.[1] ?? '?';
    const from = /imported from (\S+)|Require stack:\n- (\S+)/.exec(String(e.message));
    const importer = from ? displayPath(from[1] ?? from[2]) : where;
    const bare = !missing.startsWith('.') && !path.isAbsolute(missing);
    const pkg = missing.startsWith('@') ? missing.split('/').slice(0, 2).join('/') : missing.split('/')[0];
    return new MigError('load-module-missing', `${importer}: Cannot find module '${missing}'`, {
      hint: bare ? `run \`npm install ${pkg}\` in the project` : 'check the import path',
      cause: err,
    });
  }
  if (e?.name === 'ColumnTypeUndefinedError') {
    return new MigError('load-column-type', `${where}: ${message}`, {
      hint: 'TypeORM infers column types from decorator metadata: set "emitDecoratorMetadata": true and "experimentalDecorators": true in tsconfig.json, or give the column an explicit type',
      cause: err,
    });
  }
  if (e?.name === 'DataTypeNotSupportedError' && /"Object"/.test(message)) {
    return new MigError('load-column-type', `${where}: ${message}`, {
      hint: 'the property type (a union such as string | null, or an imported type alias) gives no runtime type; give the column an explicit type, e.g. @Column("varchar")',
      cause: err,
    });
  }
  if (e instanceof SyntaxError && /await is only valid/.test(message)) {
    return new MigError('load-top-level-await', `${where}: top-level await is not supported in files mig loads`, {
      hint: 'move the await into a function',
      cause: err,
    });
  }
  return new MigError('load-failed', `Error while loading ${where}: ${message}`, {
    hint: 'run with --verbose for the stack trace',
    cause: err,
  });
}
