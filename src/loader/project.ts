/**
 * The user's project: packages (typeorm, reflect-metadata, drivers) are always resolved from
 * the project, never from typeorm-mig's own folder — a plugin installed into another CLI lives
 * in a different node_modules, and TypeORM's metadata must come from the copy the entities use.
 */
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import { MigError } from '../errors';

export interface ProjectPackage<T = unknown> {
  exports: T;
  version: string;
  /** The package's folder. */
  dir: string;
}

/** A `require` that resolves as a file in `projectDir` would. */
export function projectRequire(projectDir: string): NodeJS.Require {
  return Module.createRequire(path.join(path.resolve(projectDir), '__typeorm_mig__.js'));
}

/** Is the package installed where the project would find it? */
export function hasProjectPackage(projectDir: string, name: string): boolean {
  return packageDir(projectDir, name) !== undefined;
}

/** The folder of package `name` as the project resolves it (works when its exports hide package.json). */
export function packageDir(projectDir: string, name: string): string | undefined {
  for (const paths of Module._nodeModulePaths(path.resolve(projectDir))) {
    const dir = path.join(paths, name);
    if (fs.existsSync(path.join(dir, 'package.json'))) return fs.realpathSync(dir);
  }
  return undefined;
}

/** Loads a package from the project, or fails with what to install. */
export function requireFromProject<T = unknown>(projectDir: string, name: string, purpose: string): ProjectPackage<T> {
  const dir = packageDir(projectDir, name);
  if (!dir) {
    throw new MigError('package-missing', `${purpose} needs the \`${name}\` package, which is not installed in ${projectDir}`, {
      hint: `run \`npm install ${name}\` in the project`,
    });
  }
  const version = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version as string;
  return { exports: projectRequire(projectDir)(name) as T, version, dir };
}

declare module 'node:module' {
  // Present since Node 0.x; typed in @types/node only on the Module class.
  function _nodeModulePaths(from: string): string[];
}
