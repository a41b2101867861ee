/**
 * Many databases at once (tenants, shards): the targets a project names, and running one piece
 * of work on each with bounded concurrency. Every target gets its own Config (`forTarget`) and,
 * through `withRunContext`, its own `context.config` for env.ts, so targets can run side by side
 * in one process.
 */
import type { Config, Target } from '../config/config';
import { displayPath } from '../config/config';
import { parseDatabaseUrl } from '../config/url';
import { withRunContext } from '../context';
import { MigError } from '../errors';
import { evaluateExport, loadEnvironment } from '../loader/env';

export type { Target } from '../config/config';

/** The section naming targets: `[mig:targets]` for the main section `mig`. */
export function targetsSection(config: Config): string {
  return `${config.configIniSection}:targets`;
}

/**
 * The targets of mig.ini `[mig:targets]` (one per key: a URL, or `schema:NAME` for a PostgreSQL
 * schema of the config's database), then env.ts `targets` (a list, or a function returning one,
 * of URLs, schema names, or `{ name, url?, schema?, versionTableSchema? }`; a name alone leaves
 * the database to env.ts `dataSource`, which sees it as `context.config.cmdOpts.target`).
 */
export async function loadTargets(config: Config): Promise<Target[]> {
  const targets: Target[] = [];
  const section = targetsSection(config);
  for (const [key, value] of Object.entries(config.getSection(section, {}))) {
    targets.push(targetFromText(config, key, value, `${displayPath(config.configFileName)} [${section}] ${key}`));
  }
  const env = loadEnvironment(config);
  if (env.targets !== undefined) {
    const listed = await evaluateExport(env, 'targets');
    const where = `${displayPath(env.file)}: targets`;
    if (!Array.isArray(listed)) {
      throw new MigError('env-targets', `${where} must be a list (or a function returning one), got ${listed === null ? 'null' : typeof listed}`, {
        hint: "export const targets = ['tenant_a', 'tenant_b'] (schemas) or [{ name: 'eu', url: 'postgres://…' }]",
      });
    }
    listed.forEach((item, i) => targets.push(targetFromExport(config, item, `${where}[${i}]`)));
  }
  const seen = new Set<string>();
  for (const t of targets) {
    if (seen.has(t.name)) throw new MigError('config-targets', `Two targets are named '${t.name}'`, { hint: `give each target of [${section}] and env.ts targets its own name` });
    seen.add(t.name);
  }
  return targets;
}

function checkName(name: string, where: string): string {
  if (!/^[^\s,]+$/.test(name)) throw new MigError('config-targets', `${where}: target name '${name}' has a space or a comma`, { hint: 'name targets with letters, digits, _ . - (they are listed in --targets a,b)' });
  return name;
}

function checkUrl(config: Config, url: string, where: string): string {
  parseDatabaseUrl(url, config.here, where);
  return url;
}

const SCHEMA_PREFIX = /^schema:/i;
const URL_LIKE = /^[a-z][\w+.-]*:/i;

function targetFromText(config: Config, name: string, value: string, where: string): Target {
  checkName(name, where);
  const text = value.trim();
  if (SCHEMA_PREFIX.test(text)) return { name, schema: schemaName(text.replace(SCHEMA_PREFIX, ''), where) };
  return { name, url: checkUrl(config, text, where) };
}

function schemaName(text: string, where: string): string {
  const schema = text.trim();
  if (!schema) throw new MigError('config-targets', `${where}: no schema name after 'schema:'`, { hint: 'write schema:tenant_a' });
  return schema;
}

function targetFromExport(config: Config, item: unknown, where: string): Target {
  if (typeof item === 'string') {
    if (SCHEMA_PREFIX.test(item)) return { name: checkName(item.replace(SCHEMA_PREFIX, ''), where), schema: schemaName(item.replace(SCHEMA_PREFIX, ''), where) };
    if (URL_LIKE.test(item)) return { name: checkName(nameOfUrl(config, item, where), where), url: item };
    return { name: checkName(item, where), schema: schemaName(item, where) };
  }
  if (!item || typeof item !== 'object') throw new MigError('env-targets', `${where} is ${item === null ? 'null' : typeof item}, not a target`, { hint: "give a URL, a schema name, or { name, url?, schema? }" });
  const o = item as Record<string, unknown>;
  for (const key of ['name', 'url', 'schema', 'versionTableSchema']) {
    if (o[key] !== undefined && typeof o[key] !== 'string') throw new MigError('env-targets', `${where}.${key} must be a string`);
  }
  const url = o.url as string | undefined;
  const schema = o.schema as string | undefined;
  // A name alone: env.ts dataSource picks the database from context.config.cmdOpts.target.
  if (!url && !schema && !o.name) throw new MigError('env-targets', `${where} has no name, url or schema`, { hint: "give { name: 'eu', url: 'postgres://…' } or { name: 'acme', schema: 'acme' }" });
  const name = (o.name as string | undefined) ?? schema ?? nameOfUrl(config, url!, where);
  return {
    name: checkName(name, where),
    ...(url ? { url: checkUrl(config, url, where) } : {}),
    ...(schema ? { schema: schemaName(schema, where) } : {}),
    ...(o.versionTableSchema ? { versionTableSchema: o.versionTableSchema as string } : {}),
  };
}

/** A URL target's default name: a SQLite file's name without extension, a PostgreSQL database's name. */
function nameOfUrl(config: Config, url: string, where: string): string {
  const parsed = parseDatabaseUrl(url, config.here, where);
  if (parsed.dialect === 'sqlite') return parsed.database.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '') || parsed.database;
  // A PostgreSQL or MySQL URL: the database's name.
  const db = decodeURIComponent(new URL(parsed.url).pathname.replace(/^\//, ''));
  if (!db) throw new MigError('env-targets', `${where}: the URL names no database to name the target after`, { hint: "give { name: '…', url: '…' }" });
  return db;
}

/** The targets `--targets a,b` names, in that order; every target without names. */
export function selectTargets(all: Target[], names: string[] | undefined, config: Config): Target[] {
  if (!all.length) {
    throw new MigError('no-targets', 'No targets: --all and --targets need databases to run on', {
      hint: `name them in a [${targetsSection(config)}] section of ${displayPath(config.configFileName)} (name = URL or schema:NAME) or export targets from env.ts`,
    });
  }
  if (!names) return all;
  const byName = new Map(all.map((t) => [t.name, t]));
  const unknown = names.filter((n) => !byName.has(n));
  if (unknown.length) {
    throw new MigError('unknown-target', `--targets: no target named ${unknown.map((n) => `'${n}'`).join(', ')}`, {
      hint: `the targets are ${all.map((t) => t.name).join(', ')}`,
    });
  }
  return [...new Set(names)].map((n) => byName.get(n)!);
}

export interface TargetOutcome<R> {
  target: Target;
  /** 'skipped': not started, after a failure with `failFast`. */
  result: 'ok' | 'failed' | 'skipped';
  value?: R;
  error?: unknown;
  durationMs: number;
}

export interface EachTargetOptions<R> {
  /** How many targets run at the same time (at least 1). */
  concurrency: number;
  /** After the first failure, start no more targets (those running finish). */
  failFast?: boolean;
  /** Told as each target ends, in the order they end (awaited before its worker goes on). */
  done?(outcome: TargetOutcome<R>): void | Promise<void>;
}

/**
 * Runs `work` on every target, at most `concurrency` at once, each with its own Config and
 * context. A failure is recorded, not thrown: the others go on (unless `failFast`).
 * The outcomes come back in the targets' order.
 */
export async function eachTarget<R>(config: Config, targets: Target[], work: (config: Config, target: Target) => Promise<R>, options: EachTargetOptions<R>): Promise<TargetOutcome<R>[]> {
  const outcomes: TargetOutcome<R>[] = new Array(targets.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (next < targets.length) {
      const index = next++;
      const target = targets[index];
      let outcome: TargetOutcome<R>;
      if (failed && options.failFast) {
        outcome = { target, result: 'skipped', durationMs: 0 };
      } else {
        const targetConfig = config.forTarget(target);
        const started = performance.now();
        try {
          const value = await withRunContext({ config: targetConfig }, () => work(targetConfig, target));
          outcome = { target, result: 'ok', value, durationMs: Math.round(performance.now() - started) };
        } catch (error) {
          failed = true;
          outcome = { target, result: 'failed', error, durationMs: Math.round(performance.now() - started) };
        }
      }
      outcomes[index] = outcome;
      await options.done?.(outcome);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, targets.length)) }, worker));
  return outcomes;
}
