/**
 * `mig lint`: runs each revision's upgrade(op) with an `op` that records the operations instead
 * of running them (no database), checks them with ./rules.ts, and applies the project's
 * settings: `[lint]` in mig.ini (a rule's severity, or off) and `// mig-lint-disable <rule>` on
 * the line above an op.
 */
import * as fs from 'node:fs';
import type { Config } from '../config/config';
import { displayPath } from '../config/config';
import { dialectForType } from '../dialects';
import type { DialectName } from '../dialects/types';
import { MigError } from '../errors';
import { loadEnvironment, prepareProjectLoading } from '../loader/env';
import { dataSourceOptions } from '../loader/typeorm';
import type { Op } from '../operations/ops';
import { recordUpgrade } from '../script/record-upgrade';
import { ScriptDirectory, type Script } from '../script/script-directory';
import { lintOps, RULES, ruleById, type Finding, type Severity } from './rules';

export { RULES, lintOps, type Finding, type LintRule, type Severity } from './rules';

export interface LintFinding extends Finding {
  revision: string;
  /** The revision file as shown in messages. */
  path: string;
  /** The line of the op's call in the revision file, when the stack shows it. */
  line?: number;
}

export interface LintOptions {
  /** `START:END` (either side optional), as `mig history -r`. */
  range?: string;
  /** Every revision. */
  all?: boolean;
  /** The database's heads: without range or all, the revisions not applied yet are linted. */
  current?: readonly string[];
  dialect?: DialectName;
}

export interface LintReport {
  dialect: DialectName;
  revisions: string[];
  findings: LintFinding[];
}

export type LintSettings = Map<string, Severity | 'off'>;

/** `[lint]` of mig.ini: `rule-id = error | warning | off`. */
export function lintSettings(config: Config): LintSettings {
  const settings: LintSettings = new Map();
  const section = config.getSection('lint') ?? {};
  for (const [id, raw] of Object.entries(section)) {
    const value = raw.trim().toLowerCase();
    const where = `${displayPath(config.configFileName)} [lint] ${id}`;
    if (!ruleById(id)) throw new MigError('lint-config', `${where}: no lint rule '${id}'`, { hint: `rules: ${RULES.map((r) => r.id).join(', ')}` });
    if (value !== 'error' && value !== 'warning' && value !== 'off') throw new MigError('lint-config', `${where} = ${raw}: not a severity`, { hint: 'write error, warning or off' });
    settings.set(id, value);
  }
  return settings;
}

/** The findings with the project's severities, without the rules it turned off. */
export function applySettings<F extends Finding>(findings: F[], settings: LintSettings): F[] {
  const out: F[] = [];
  for (const f of findings) {
    const set = settings.get(f.rule);
    if (set === 'off') continue;
    out.push(set ? { ...f, severity: set } : f);
  }
  return out;
}

/** The database kind the revisions will run on: --dialect, else env.ts's dataSource or mig.ini's url (as a run picks it). */
export async function lintDialect(config: Config, given?: string): Promise<DialectName> {
  if (given !== undefined) {
    if (given !== 'postgres' && given !== 'sqlite') throw new MigError('lint-dialect', `--dialect ${given}: not a dialect mig knows`, { hint: 'use postgres or sqlite' });
    return given;
  }
  const env = loadEnvironment(config);
  if (!config.url && env.dataSource === undefined) {
    throw new MigError('lint-dialect', 'lint cannot tell which database the revisions run on', { hint: 'give --dialect postgres|sqlite, or set url in mig.ini' });
  }
  const options = await dataSourceOptions(config, env);
  return dialectForType(String(options.type)).name;
}

/** The findings on ops not written to a file yet (autogenerate, check), by the project's [lint] settings. */
export function lintFindings(config: Config, dialect: DialectName, ops: Op[]): Finding[] {
  return applySettings(lintOps(ops, { dialect }), lintSettings(config));
}

export function revisionsToLint(config: Config, options: LintOptions): Script[] {
  const script = ScriptDirectory.fromConfig(config);
  const map = script.revisionMap;
  if (options.all) return script.walkRevisions().reverse();
  if (options.range !== undefined) {
    const range = options.range.trim();
    const colon = range.indexOf(':');
    if (colon < 0) throw new MigError('lint-range', `Lint range requires [start]:[end] (got '${range}')`, { hint: 'e.g. mig lint ae10:head, or --all' });
    return script.walkRevisions(range.slice(0, colon) || 'base', range.slice(colon + 1) || 'heads').reverse();
  }
  return map.upgradeRevisions('heads', options.current ?? []);
}

export async function lintRevisions(config: Config, options: LintOptions = {}): Promise<LintReport> {
  const dialect = options.dialect ?? (await lintDialect(config));
  return lintScripts(config, revisionsToLint(config, options), dialect);
}

export async function lintScripts(config: Config, revisions: Script[], dialect: DialectName): Promise<LintReport> {
  const settings = lintSettings(config);
  const findings: LintFinding[] = [];
  if (revisions.length) {
    prepareProjectLoading(config.here);
    // Revision files compile with inline source maps: with this on, a stack frame gives the line an op was called from.
    process.setSourceMapsEnabled(true);
  }
  for (const revision of revisions) {
    const { ops, lines, note, transactional } = await recordUpgrade(revision, dialect);
    const found: LintFinding[] = lintOps(ops, { dialect, transactional }).map((f) => ({
      ...f,
      revision: revision.id,
      path: revision.source.path,
      ...(lines[f.opIndex] !== undefined ? { line: lines[f.opIndex] } : {}),
    }));
    if (note) found.push({ ...ruleFinding('unanalysed-sql', note, ops.length), revision: revision.id, path: revision.source.path });
    findings.push(...withoutDisabled(applySettings(found, settings), revision.source.file));
  }
  return { dialect, revisions: revisions.map((r) => r.id), findings };
}

function ruleFinding(id: string, subject: string, opIndex: number): Finding {
  const rule = ruleById(id)!;
  return { rule: id, severity: rule.severity, subject, reason: rule.reason, fix: rule.fix, opIndex };
}

const DISABLE = /\/\/\s*mig-lint-disable\b(.*)$/;

/** Findings whose op has `// mig-lint-disable [rule, ...]` on a comment line just above it. */
function withoutDisabled(findings: LintFinding[], file: string): LintFinding[] {
  if (!findings.some((f) => f.line !== undefined)) return findings;
  const text = fs.readFileSync(file, 'utf8').split('\n');
  return findings.filter((f) => {
    if (f.line === undefined) return true;
    for (let i = f.line - 2; i >= 0 && /^\s*\/\//.test(text[i]); i--) {
      const m = DISABLE.exec(text[i]);
      if (!m) continue;
      const rules = m[1].split(/[\s,]+/).filter(Boolean);
      if (!rules.length || rules.includes(f.rule)) return false;
    }
    return true;
  });
}

/** One line per finding: `path:line: error drop-table: drop table users: why; fix: how`. */
export function findingLine(f: LintFinding): string {
  return `${f.path}${f.line ? `:${f.line}` : ''}: ${f.severity} ${f.rule}: ${f.subject}: ${f.reason}; fix: ${f.fix}`;
}
