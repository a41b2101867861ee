/**
 * The operations behind the commands, for programs as much as for the CLI: each takes a
 * Config (or plain options) and returns data; none prints.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ejs from 'ejs';
import { Config, DEFAULT_CONFIG_FILE, displayPath } from './config/config';
import { MigError } from './errors';
import { ScriptDirectory, type NewRevision, type Script } from './script/script-directory';
import { runWriteHooks, type HookRun } from './script/write-hooks';
import { autogenerate, type CompareRunOptions } from './autogenerate';
import { squash as squashRevisions, type SquashResult, type SquashSpec } from './autogenerate/squash';
import type { Op } from './operations/ops';

export const TEMPLATES_DIR = path.resolve(__dirname, '..', 'templates');

export interface TemplateInfo {
  name: string;
  description: string;
}

/** The init templates shipped with typeorm-mig, with the first line of each README. */
export function listTemplates(): TemplateInfo[] {
  return fs
    .readdirSync(TEMPLATES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => {
      const readme = path.join(TEMPLATES_DIR, d.name, 'README');
      const first = fs.existsSync(readme) ? fs.readFileSync(readme, 'utf8').split('\n')[0].trim() : '';
      return { name: d.name, description: first };
    })
    .sort((a, b) => (a.name === 'generic' ? -1 : b.name === 'generic' ? 1 : a.name.localeCompare(b.name)));
}

export interface InitOptions {
  template?: string;
  /** The config file to write (default mig.ini in the working folder). */
  configFile?: string;
  /** The url written into the config file. */
  url?: string;
}

export interface InitResult {
  configFile: string;
  directory: string;
  /** Folders and files created, in order. */
  created: Array<{ path: string; kind: 'directory' | 'file' }>;
}

/**
 * Creates a migration environment: the config file and, in `directory`, env.ts, script.ts.ejs,
 * README and versions/. Refuses without writing anything when the config file exists or the
 * directory is not empty; a failure half-way removes what it created.
 */
export function init(directory: string, options: InitOptions = {}): InitResult {
  const templateName = options.template ?? 'generic';
  const templateDir = path.join(TEMPLATES_DIR, templateName);
  if (!/^[\w-]+$/.test(templateName) || !fs.existsSync(templateDir)) {
    throw new MigError('init-template', `No such template '${templateName}'`, {
      hint: `templates: ${listTemplates().map((t) => t.name).join(', ')} (mig list-templates)`,
    });
  }
  const configFile = path.resolve(options.configFile ?? DEFAULT_CONFIG_FILE);
  const target = path.resolve(directory);
  if (fs.existsSync(configFile)) {
    throw new MigError('init-exists', `${displayPath(configFile)} already exists`, {
      hint: 'remove it first, or write another config with -c FILE',
    });
  }
  if (fs.existsSync(target)) {
    if (!fs.statSync(target).isDirectory()) {
      throw new MigError('init-exists', `${displayPath(target)} exists and is not a directory`, { hint: 'choose another name' });
    }
    if (fs.readdirSync(target).length) {
      throw new MigError('init-exists', `Directory ${displayPath(target)} already exists and is not empty`, { hint: 'choose another name, or empty it' });
    }
  }

  const relative = path.relative(path.dirname(configFile), target).split(path.sep).join('/') || '.';
  const files: Array<{ path: string; content: string }> = [];
  for (const name of fs.readdirSync(templateDir).sort()) {
    const source = path.join(templateDir, name);
    if (name === 'mig.ini.ejs') {
      const text = ejs.render(fs.readFileSync(source, 'utf8'), { scriptLocation: relative, url: options.url ?? 'sqlite:db.sqlite' }, { escape: String });
      files.push({ path: configFile, content: text });
    } else {
      files.push({ path: path.join(target, name), content: fs.readFileSync(source, 'utf8') });
    }
  }

  const created: InitResult['created'] = [];
  try {
    for (const dir of [target, path.join(target, 'versions')]) {
      if (!fs.existsSync(dir)) {
        fs.mkdirSync(dir, { recursive: true });
        created.push({ path: dir, kind: 'directory' });
      }
    }
    for (const file of files) {
      fs.mkdirSync(path.dirname(file.path), { recursive: true });
      fs.writeFileSync(file.path, file.content, { flag: 'wx' });
      created.push({ path: file.path, kind: 'file' });
    }
  } catch (err) {
    for (const item of [...created].reverse()) fs.rmSync(item.path, { recursive: true, force: true });
    throw new MigError('init-write', `Cannot create the migration environment: ${(err as Error).message}`, { cause: err });
  }
  return { configFile, directory: target, created };
}

export interface RevisionResult {
  revision: Script;
  path: string;
  hooks: HookRun[];
}

/** Writes a new (empty) revision; see NewRevision for where it attaches. */
export function revision(config: Config, spec: NewRevision): RevisionResult {
  const script = ScriptDirectory.fromConfig(config);
  const written = script.generateRevision(spec);
  const hooks = runWriteHooks(config, written.path);
  return { ...written, hooks };
}

export interface AutogenerateRevisionResult extends RevisionResult {
  upgradeOps: Op[];
}

/**
 * `mig revision --autogenerate`: compares the entities with the database (or, `fromEmpty`, with
 * an empty schema) and writes the differences as op calls. Writes the empty revision when
 * nothing differs, as Alembic does — unless processRevisionDirectives set `skip`.
 */
export async function autogenerateRevision(config: Config, spec: NewRevision, options: CompareRunOptions = {}): Promise<AutogenerateRevisionResult | { skipped: true; upgradeOps: Op[] }> {
  // --head, --rev-id, labels and the version location are checked before anything connects.
  ScriptDirectory.fromConfig(config).checkNewRevision(spec);
  const generated = await autogenerate(config, spec.message, { basedOn: typeof spec.head === 'string' ? spec.head : undefined, ...options });
  if (!generated.write) return { skipped: true, upgradeOps: generated.upgradeOps };
  const written = ScriptDirectory.fromConfig(config).generateRevision({
    ...spec,
    message: generated.message,
    upgrades: generated.upgrades,
    downgrades: generated.downgrades,
    importNames: generated.importNames,
  });
  return { ...written, hooks: runWriteHooks(config, written.path), upgradeOps: generated.upgradeOps };
}

/** Writes a merge revision whose parents are `revisions` (`heads` merges every head). */
export function merge(config: Config, revisions: string[], spec: Omit<NewRevision, 'head'> = {}): RevisionResult {
  const script = ScriptDirectory.fromConfig(config);
  const parents = script.revisionMap.revisions(revisions);
  const distinct = [...new Set(parents.map((r) => r.id))];
  if (distinct.length < 2) {
    throw new MigError('merge-single', `Nothing to merge: ${revisions.join(' ')} names ${distinct.length ? `only ${distinct[0]}` : 'no revision'}`, {
      hint: 'name two or more heads, or `heads`',
    });
  }
  const written = script.generateRevision({ ...spec, head: distinct });
  return { ...written, hooks: runWriteHooks(config, written.path) };
}

/**
 * `mig squash BASE:HEAD`: one revision (downRevision BASE, `replaces` the range) whose ops take
 * the schema replayed at BASE to the schema replayed at HEAD; the old files stay.
 */
export async function squash(config: Config, spec: SquashSpec): Promise<SquashResult & { hooks: HookRun[] }> {
  const written = await squashRevisions(config, spec);
  return { ...written, hooks: runWriteHooks(config, written.path) };
}

export interface HistoryOptions {
  /** `START:END`, either side optional: ids, `base`, `heads`, `label@head`, `-N` / `+N`. */
  range?: string;
  /** The database's heads, for `current` in the range (`mig history -r current:`). */
  current?: readonly string[];
}

/** Revisions newest first, optionally within a range. */
export function history(config: Config, options: HistoryOptions = {}): Script[] {
  const script = ScriptDirectory.fromConfig(config);
  let base = 'base';
  let head = 'heads';
  if (options.range !== undefined) {
    const range = options.range.trim();
    const colon = range.indexOf(':');
    if (colon < 0) {
      throw new MigError('history-range', `History range requires [start]:[end], [start]:, or :[end] (got '${range}')`, { hint: 'e.g. -r ae10:head, -r -3:, -r :ae10' });
    }
    base = range.slice(0, colon) || 'base';
    head = range.slice(colon + 1) || 'heads';
    const resolve = (bound: string) => {
      if (bound !== 'current') return bound;
      if (!options.current) throw new MigError('history-range', `'current' in a history range needs the database`, { hint: 'use revision ids, head or base' });
      if (options.current.length > 1) throw new MigError('history-range', `'current' is ambiguous: the database is at ${options.current.join(', ')}`, { hint: 'name one of them' });
      return options.current[0] ?? 'base';
    };
    base = resolve(base);
    head = resolve(head);
  }
  try {
    return script.walkRevisions(base, head);
  } catch (err) {
    if ((err as MigError).code === 'range-not-ancestor') {
      throw new MigError('history-range', `Requested range ${base}:${head} does not refer to ancestor/descendant revisions along the same branch`);
    }
    throw err;
  }
}

/** The heads; by default every head, including those other revisions only depend on. */
export function heads(config: Config, options: { resolveDependencies?: boolean } = {}): Script[] {
  const map = ScriptDirectory.fromConfig(config).revisionMap;
  return options.resolveDependencies ? map.revisions('heads') : map.revisions(map.heads);
}

export interface BranchPoint {
  revision: Script;
  children: Script[];
}

/** Every branch point with its children, newest first. */
export function branches(config: Config): BranchPoint[] {
  const script = ScriptDirectory.fromConfig(config);
  const map = script.revisionMap;
  return script
    .walkRevisions()
    .filter((r) => r.isBranchPoint)
    .map((r) => ({ revision: r, children: [...r.nextrev].map((id) => map.get(id)) }));
}

/** The revisions an identifier names (`heads` gives several). */
export function show(config: Config, rev: string | readonly string[]): Script[] {
  const map = ScriptDirectory.fromConfig(config).revisionMap;
  const found = map.revisions(rev);
  if (!found.length) throw new MigError('show-base', `No revision files indicated by symbol '${typeof rev === 'string' ? rev : rev.join(', ')}'`);
  return found;
}
