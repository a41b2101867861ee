/**
 * Loads the user's TypeScript (env.ts, entities, revisions) into this process with decorator
 * metadata, which TypeORM needs to infer column types.
 *
 * Every .ts/.mts/.cts file (and ES-module JavaScript) of the project is compiled by the project's
 * own `typescript` (transpileModule, with the nearest tsconfig.json) to CommonJS, whatever the
 * package type, so the whole project loads in one module system: CommonJS keeps circular
 * entity imports (User <-> Post) working without `Relation<>`, where ES modules would hit the
 * temporal dead zone. The resolver also follows `.js` specifiers to `.ts` files (ESM style) and
 * tsconfig `paths`. Compiled output is cached by content hash, and the parsed tsconfig by file
 * stamps, so a warm run does not even load the compiler.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as TS from 'typescript';
import { displayPath } from '../config/config';
import { MigError } from '../errors';

const TS_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts'];
/** JavaScript is compiled too when it is an ES module (`.mjs`, or `.js` in a `"type": "module"` package). */
const JS_EXTENSIONS = ['.js', '.mjs'];
const JS_TO_TS: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.jsx': ['.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] };
const CACHE_FORMAT = 1;

/** What a folder's tsconfig.json says, reduced to what compiling and resolving need. */
interface TsConfigInfo {
  configPath?: string;
  /** Compiler options as JSON (enums are numbers). */
  options: Record<string, unknown>;
  paths?: Record<string, string[]>;
  pathsBase?: string;
  baseUrl?: string;
  /** Every file the options came from, with its stamp: the cache entry is valid while they match. */
  stamps: Array<[string, number, number]>;
}

interface CompilerHandle {
  ts: typeof TS;
  version: string;
}

interface ModuleInternals {
  _extensions: Record<string, (module: Module, filename: string) => void>;
  _resolveFilename: (request: string, parent: Module | undefined, isMain: boolean, options?: unknown) => string;
}

const internals = Module as unknown as ModuleInternals;
const state = {
  registered: false,
  cacheDir: undefined as string | undefined,
  compilers: new Map<string, CompilerHandle>(),
  tsVersionByDir: new Map<string, { dir: string; version: string } | null>(),
  tsconfigByDir: new Map<string, TsConfigInfo>(),
  packageTypeByDir: new Map<string, 'module' | 'commonjs'>(),
  previous: new Map<string, ((module: Module, filename: string) => void) | undefined>(),
  stats: { compiled: 0, cached: 0 },
};

export interface RegisterOptions {
  /** Where compiled output is cached (default: node_modules/.cache/typeorm-mig of the project). */
  cacheDir?: string;
  projectRoot: string;
}

/** Installs the .ts loader for this process (once; later calls only set the cache folder if unset). */
export function registerTypeScript(options: RegisterOptions): void {
  state.cacheDir ??= options.cacheDir ?? process.env.MIG_CACHE_DIR ?? defaultCacheDir(options.projectRoot);
  if (state.registered) return;
  state.registered = true;
  for (const ext of [...TS_EXTENSIONS, ...JS_EXTENSIONS]) {
    state.previous.set(ext, internals._extensions[ext]);
    internals._extensions[ext] = loadProjectFile;
  }
  const originalResolve = internals._resolveFilename;
  internals._resolveFilename = function resolveWithTypeScript(request, parent, isMain, opts) {
    try {
      return originalResolve.call(this, request, parent, isMain, opts);
    } catch (err) {
      const from = parent?.filename;
      if ((err as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND' || !from || isInNodeModules(from)) throw err;
      for (const candidate of alternativeRequests(request, from)) {
        try {
          return originalResolve.call(this, candidate, parent, isMain, opts);
        } catch {
          // try the next one
        }
      }
      throw err;
    }
  };
}

/** How many files were compiled and how many came from the cache (for `--verbose` and benches). */
export function loaderStats(): { compiled: number; cached: number } {
  return { ...state.stats };
}

/** Where compiled files (and revision headers) are cached by default: node_modules/.cache/typeorm-mig. */
export function defaultCacheDir(projectRoot: string): string {
  for (let dir = path.resolve(projectRoot); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'node_modules'))) return path.join(dir, 'node_modules', '.cache', 'typeorm-mig');
    if (path.dirname(dir) === dir) break;
  }
  return path.join(os.tmpdir(), `typeorm-mig-cache-${os.userInfo().uid}`);
}

function isInNodeModules(file: string): boolean {
  return file.split(path.sep).includes('node_modules');
}

/**
 * Compiles the project's TypeScript, and its ES-module JavaScript, to CommonJS; anything else
 * (packages in node_modules, CommonJS files) goes to Node's own loader.
 */
function loadProjectFile(module: Module, filename: string): void {
  const ext = path.extname(filename);
  const previous = state.previous.get(ext) ?? state.previous.get('.js');
  const isTs = TS_EXTENSIONS.includes(ext);
  // ES-module JavaScript without a TypeScript compiler at hand is left to Node (require(esm)).
  const compileIt = !isInNodeModules(filename) && (isTs || (isEsm(filename) && findTypescript(path.dirname(filename)) !== null));
  if (!compileIt && previous) return previous(module, filename);
  const source = fs.readFileSync(filename, 'utf8');
  const js = compile(filename, source);
  (module as unknown as { _compile(code: string, file: string): void })._compile(js, filename);
}

/** Compiles one file to CommonJS, from the cache when its content and options are unchanged. */
export function compile(filename: string, source: string): string {
  const dir = path.dirname(filename);
  const tsInfo = typescriptVersion(dir, filename);
  const config = tsconfigFor(dir, tsInfo);
  const options = compileOptions(config, filename);
  const key = crypto
    .createHash('sha256')
    .update(`${CACHE_FORMAT}\0${tsInfo.version}\0${JSON.stringify(options)}\0${filename}\0${source}`)
    .digest('hex');
  const cached = readCache(`${key}.js`);
  if (cached !== undefined) {
    state.stats.cached++;
    return cached;
  }
  const { ts } = compiler(tsInfo, filename);
  const result = ts.transpileModule(source, {
    // .mts/.mjs are emitted as ES modules whatever `module` says; compile them under a .ts/.js name.
    fileName: filename.replace(/\.[mc]ts$/, '.ts').replace(/\.mjs$/, '.js'),
    compilerOptions: options as TS.CompilerOptions,
    reportDiagnostics: true,
    transformers: { before: [importMetaTransformer(ts)] },
  });
  const errors = (result.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error && d.file);
  if (errors.length) {
    const d = errors[0];
    const { line, character } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
    throw new MigError(
      'typescript-syntax',
      `${displayPath(filename)}:${line + 1}:${character + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')} (TS${d.code})`,
      { hint: 'fix the syntax error' },
    );
  }
  state.stats.compiled++;
  writeCache(`${key}.js`, result.outputText);
  return result.outputText;
}

function compileOptions(config: TsConfigInfo, filename: string): Record<string, unknown> {
  const options: Record<string, unknown> = config.configPath
    ? { ...config.options }
    : { target: 9 /* ES2022 */, experimentalDecorators: true, emitDecoratorMetadata: true, esModuleInterop: true };
  for (const drop of [
    'module', 'moduleResolution', 'outDir', 'outFile', 'rootDir', 'rootDirs', 'declaration', 'declarationMap', 'declarationDir',
    'emitDeclarationOnly', 'composite', 'incremental', 'tsBuildInfoFile', 'noEmit', 'sourceMap', 'inlineSources', 'mapRoot',
    'sourceRoot', 'verbatimModuleSyntax', 'isolatedDeclarations', 'configFilePath', 'pathsBasePath', 'paths', 'baseUrl',
    'plugins', 'noEmitOnError', 'importHelpers', 'lib', 'types', 'typeRoots',
  ]) {
    delete options[drop];
  }
  options.module = 1; // CommonJS
  options.inlineSourceMap = true;
  if (isEsm(filename)) options.esModuleInterop = true;
  return options;
}

/** `.mts`/`.mjs`, or `.ts`/`.js` in a package with `"type": "module"`. */
function isEsm(filename: string): boolean {
  if (filename.endsWith('.mts') || filename.endsWith('.mjs')) return true;
  if (filename.endsWith('.cts') || filename.endsWith('.cjs')) return false;
  return packageType(path.dirname(filename)) === 'module';
}

function packageType(dir: string): 'module' | 'commonjs' {
  const known = state.packageTypeByDir.get(dir);
  if (known) return known;
  let type: 'module' | 'commonjs' = 'commonjs';
  const pkg = path.join(dir, 'package.json');
  if (fs.existsSync(pkg)) {
    try {
      type = JSON.parse(fs.readFileSync(pkg, 'utf8')).type === 'module' ? 'module' : 'commonjs';
    } catch {
      type = 'commonjs';
    }
  } else if (path.dirname(dir) !== dir) {
    type = packageType(path.dirname(dir));
  }
  state.packageTypeByDir.set(dir, type);
  return type;
}

/** The project's `typescript` package as the file would import it (folder and version), without loading it. */
function typescriptVersion(dir: string, forFile: string): { dir: string; version: string } {
  const found = findTypescript(dir);
  if (!found) {
    throw new MigError('typescript-missing', `Cannot load ${displayPath(forFile)}: the project has no \`typescript\` package`, {
      hint: 'run `npm install --save-dev typescript` in the project',
    });
  }
  return found;
}

function findTypescript(dir: string): { dir: string; version: string } | null {
  let found = state.tsVersionByDir.get(dir);
  if (found === undefined) {
    found = null;
    try {
      const main = Module.createRequire(path.join(dir, 'x.js')).resolve('typescript');
      let pkgDir = path.dirname(main);
      while (!fs.existsSync(path.join(pkgDir, 'package.json')) && path.dirname(pkgDir) !== pkgDir) pkgDir = path.dirname(pkgDir);
      found = { dir: pkgDir, version: JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version };
    } catch {
      // not installed where the file would find it
    }
    state.tsVersionByDir.set(dir, found);
  }
  return found;
}

function compiler(info: { dir: string; version: string }, forFile: string): CompilerHandle {
  let handle = state.compilers.get(info.dir);
  if (!handle) {
    const ts = require(info.dir) as typeof TS;
    if (typeof ts.transpileModule !== 'function') {
      throw new MigError('typescript-unsupported', `Cannot compile ${displayPath(forFile)}: typescript ${info.version} has no JavaScript compiler API`, {
        hint: 'TypeScript 7 (the native compiler) cannot be used to load files; install typescript@~6.0 or 5.x alongside',
      });
    }
    handle = { ts, version: info.version };
    state.compilers.set(info.dir, handle);
  }
  return handle;
}

/** The tsconfig.json nearest to `dir`, parsed (from the disk cache while its files are unchanged). */
function tsconfigFor(dir: string, tsInfo: { dir: string; version: string }): TsConfigInfo {
  const known = state.tsconfigByDir.get(dir);
  if (known) return known;
  let info: TsConfigInfo;
  const configPath = path.join(dir, 'tsconfig.json');
  if (fs.existsSync(configPath)) {
    info = parseTsconfig(configPath, tsInfo);
  } else if (path.dirname(dir) !== dir) {
    info = tsconfigFor(path.dirname(dir), tsInfo);
  } else {
    info = { options: {}, stamps: [] };
  }
  state.tsconfigByDir.set(dir, info);
  return info;
}

function stamp(file: string): [string, number, number] {
  try {
    const st = fs.statSync(file);
    return [file, st.mtimeMs, st.size];
  } catch {
    return [file, -1, -1];
  }
}

function parseTsconfig(configPath: string, tsInfo: { dir: string; version: string }): TsConfigInfo {
  const cacheName = `tsconfig-${crypto.createHash('sha256').update(`${CACHE_FORMAT}\0${tsInfo.version}\0${configPath}`).digest('hex').slice(0, 32)}.json`;
  const cached = readCache(cacheName);
  if (cached !== undefined) {
    try {
      const info = JSON.parse(cached) as TsConfigInfo;
      if (info.stamps.every(([file, mtime, size]) => {
        const now = stamp(file);
        return now[1] === mtime && now[2] === size;
      })) {
        return info;
      }
    } catch {
      // rebuild below
    }
  }
  const { ts } = compiler(tsInfo, configPath);
  const host: TS.ParseConfigFileHost = {
    ...ts.sys,
    readDirectory: () => [],
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new MigError('tsconfig', `${displayPath(configPath)}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
    },
  };
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, host);
  if (!parsed) throw new MigError('tsconfig', `Cannot read ${displayPath(configPath)}`);
  const fatal = parsed.errors.find((e) => e.category === ts.DiagnosticCategory.Error && e.code !== 18003 && e.code !== 18002);
  if (fatal) {
    throw new MigError('tsconfig', `${displayPath(configPath)}: ${ts.flattenDiagnosticMessageText(fatal.messageText, ' ')} (TS${fatal.code})`);
  }
  const { configFile, ...options } = parsed.options as Record<string, unknown>;
  const extended = (configFile as { extendedSourceFiles?: string[] } | undefined)?.extendedSourceFiles ?? [];
  const info: TsConfigInfo = {
    configPath,
    options: JSON.parse(JSON.stringify(options)),
    paths: options.paths as Record<string, string[]> | undefined,
    pathsBase: (options.pathsBasePath as string | undefined) ?? (options.baseUrl as string | undefined),
    baseUrl: options.baseUrl as string | undefined,
    stamps: [configPath, ...extended].map(stamp),
  };
  writeCache(cacheName, JSON.stringify(info));
  return info;
}

/** Other spellings of an import that TypeScript would resolve: `./x.js` -> `./x.ts`, tsconfig paths, baseUrl. */
function alternativeRequests(request: string, fromFile: string): string[] {
  const out: string[] = [];
  const withTsExtensions = (spec: string) => {
    const ext = path.extname(spec);
    for (const tsExt of JS_TO_TS[ext] ?? []) out.push(spec.slice(0, -ext.length) + tsExt);
  };
  if (request.startsWith('.') || path.isAbsolute(request)) {
    withTsExtensions(request);
    return out;
  }
  let config: TsConfigInfo | undefined;
  try {
    config = tsconfigFor(path.dirname(fromFile), typescriptVersion(path.dirname(fromFile), fromFile));
  } catch {
    return out;
  }
  if (config.paths && config.pathsBase) {
    let best: { prefixLength: number; targets: string[]; star: string } | undefined;
    for (const [pattern, targets] of Object.entries(config.paths)) {
      const star = pattern.indexOf('*');
      if (star < 0) {
        if (pattern === request) best = { prefixLength: Infinity, targets, star: '' };
        continue;
      }
      const prefix = pattern.slice(0, star);
      const suffix = pattern.slice(star + 1);
      if (request.startsWith(prefix) && request.endsWith(suffix) && request.length >= prefix.length + suffix.length) {
        if (!best || prefix.length > best.prefixLength) {
          best = { prefixLength: prefix.length, targets, star: request.slice(prefix.length, request.length - suffix.length) };
        }
      }
    }
    for (const target of best?.targets ?? []) {
      const spec = path.resolve(config.pathsBase, target.replace('*', best!.star));
      out.push(spec);
      withTsExtensions(spec);
    }
  }
  if (config.baseUrl) {
    const spec = path.resolve(config.baseUrl, request);
    out.push(spec);
    withTsExtensions(spec);
  }
  return out;
}

/** `import.meta.url` / `.dirname` / `.filename` in code compiled to CommonJS. */
function importMetaTransformer(ts: typeof TS): TS.TransformerFactory<TS.SourceFile> {
  return (context) => (sourceFile) => {
    const f = context.factory;
    const metaObject = () =>
      f.createObjectLiteralExpression([
        f.createPropertyAssignment('url', urlOfFile()),
        f.createPropertyAssignment('filename', f.createIdentifier('__filename')),
        f.createPropertyAssignment('dirname', f.createIdentifier('__dirname')),
      ]);
    const urlOfFile = () =>
      f.createPropertyAccessExpression(
        f.createCallExpression(
          f.createPropertyAccessExpression(f.createCallExpression(f.createIdentifier('require'), undefined, [f.createStringLiteral('node:url')]), 'pathToFileURL'),
          undefined,
          [f.createIdentifier('__filename')],
        ),
        'href',
      );
    const visit = (node: TS.Node): TS.Node => {
      if (ts.isPropertyAccessExpression(node) && ts.isMetaProperty(node.expression) && node.expression.keywordToken === ts.SyntaxKind.ImportKeyword) {
        if (node.name.text === 'url') return urlOfFile();
        if (node.name.text === 'filename') return f.createIdentifier('__filename');
        if (node.name.text === 'dirname') return f.createIdentifier('__dirname');
      }
      if (ts.isMetaProperty(node) && node.keywordToken === ts.SyntaxKind.ImportKeyword) return metaObject();
      return ts.visitEachChild(node, visit, context);
    };
    return ts.visitNode(sourceFile, visit) as TS.SourceFile;
  };
}

function readCache(name: string): string | undefined {
  if (!state.cacheDir) return undefined;
  try {
    return fs.readFileSync(path.join(state.cacheDir, name), 'utf8');
  } catch {
    return undefined;
  }
}

function writeCache(name: string, content: string): void {
  if (!state.cacheDir) return;
  try {
    fs.mkdirSync(state.cacheDir, { recursive: true });
    const tmp = path.join(state.cacheDir, `.${name}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`);
    fs.writeFileSync(tmp, content);
    fs.renameSync(tmp, path.join(state.cacheDir, name));
  } catch {
    // A cache that cannot be written only costs speed.
  }
}
