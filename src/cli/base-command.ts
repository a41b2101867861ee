/**
 * What every mig command shares: the global flags, loading the config, quiet output, and the
 * error convention — one line on stderr (`Error: what is wrong; how to fix it`), exit code 1
 * (2 for bad usage), a stack trace only with --trace (or DEBUG set), passwords masked. -v/--verbose
 * means more detail in a command's output, never stack traces.
 */
import { Command, Errors, Flags, ux, type Interfaces } from '@oclif/core';
import { Config, DEFAULT_CONFIG_FILE, DEFAULT_SECTION } from '../config/config';
import { maskSecrets } from '../config/url';
import { withRunContext } from '../context';
import { isMigError, MigError } from '../errors';
import { current, type RunOptions, type RunResult } from '../runtime/migration';
import type { ChangedRevision } from '../runtime/checksums';
import { paint } from './colors';
import { changedRevisionLine } from './format';
import { runPrinter } from './run-output';
import { targetLine, targetTable, targetTotals, type TargetRow } from './targets';
import { eachTarget, loadTargets, selectTargets, type TargetOutcome } from '../runtime/targets';

export type CommandFlags<T extends typeof Command> = Interfaces.InferredFlags<(typeof MigCommand)['baseFlags'] & T['flags']>;
export type CommandArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>;

export abstract class MigCommand<T extends typeof Command = typeof Command> extends Command {
  static baseFlags = {
    config: Flags.string({
      char: 'c',
      summary: 'Config file.',
      env: 'MIG_CONFIG',
      default: DEFAULT_CONFIG_FILE,
      helpGroup: 'GLOBAL',
    }),
    name: Flags.string({
      char: 'n',
      summary: 'Section of the config file holding mig options.',
      default: DEFAULT_SECTION,
      helpGroup: 'GLOBAL',
    }),
    x: Flags.string({
      char: 'x',
      summary: 'KEY=VALUE argument for env.ts (context.config.cmdOpts.x); repeatable.',
      multiple: true,
      multipleNonGreedy: true,
      helpGroup: 'GLOBAL',
    }),
    quiet: Flags.boolean({ char: 'q', summary: 'Print nothing but errors.', helpGroup: 'GLOBAL' }),
    verbose: Flags.boolean({ char: 'v', summary: 'More detail, where the command has it (see its flags).', helpGroup: 'GLOBAL' }),
    trace: Flags.boolean({ summary: 'Show the stack trace of an error (also with DEBUG set).', helpGroup: 'GLOBAL' }),
  };

  protected flags!: CommandFlags<T>;
  protected args!: CommandArgs<T>;
  /** Every positional argument (for commands taking several). */
  protected positionals: string[] = [];
  /** Strings never to print (the database password once known). */
  protected secrets: string[] = [];

  async init(): Promise<void> {
    await super.init();
    const ctor = this.ctor as unknown as T & typeof MigCommand;
    const { args, argv, flags } = await this.parse({
      flags: ctor.flags,
      baseFlags: (super.ctor as typeof MigCommand).baseFlags,
      enableJsonFlag: ctor.enableJsonFlag,
      args: ctor.args,
      strict: ctor.strict,
    });
    this.flags = flags as CommandFlags<T>;
    this.args = args as CommandArgs<T>;
    this.positionals = argv as string[];
  }

  protected loadConfig(extra: Record<string, unknown> = {}): Config {
    const g = this.flags;
    const config = Config.load(g.config, { section: g.name, cmdOpts: { ...extra, x: parseX(g.x ?? []) } });
    try {
      const url = config.url;
      if (url) {
        const password = /^[a-z][\w+.-]*:\/\/[^:/?#@]*:([^@/?#]*)@/i.exec(url)?.[1];
        if (password) this.secrets.push(password, decodeURIComponentSafe(password));
      }
    } catch {
      // an unreadable url is reported by the command that needs it
    }
    return config;
  }

  /**
   * Progress of long work on a terminal (a spinner on stderr with what is being done); nothing
   * when stderr is not a terminal, with -q or with --json. Call the result with no message to stop.
   */
  protected progress(): (message?: string) => void {
    if (!process.stderr.isTTY || this.flags?.quiet || this.jsonEnabled()) return () => undefined;
    let started = false;
    return (message?: string) => {
      if (message === undefined) {
        if (started) ux.action.stop();
        started = false;
      } else if (!started) {
        ux.action.start(message);
        started = true;
      } else {
        ux.action.status = message;
      }
    };
  }

  /**
   * Runs upgrade, downgrade or stamp with the run flags (`runFlags`): the per-revision lines
   * while it runs, the script on stdout with --sql, and the result for --json.
   */
  protected async runMigration(run: (options: RunOptions) => Promise<RunResult>): Promise<RunResult> {
    const f = this.flags as unknown as { sql?: boolean; tag?: string; 'lock-timeout'?: number; verbose?: boolean; quiet?: boolean };
    const printer = runPrinter({ quiet: Boolean(f.quiet || this.jsonEnabled() || f.sql), verbose: Boolean(f.verbose) });
    try {
      const result = await run({ sql: f.sql, tag: f.tag, lockTimeout: f['lock-timeout'], events: printer.events });
      if (f.sql && !this.jsonEnabled()) process.stdout.write(result.sql ?? '');
      return result;
    } catch (err) {
      printer.interrupted();
      throw err;
    }
  }

  /** Is this run on several targets (`--all`, `--targets`; see cli/targets.ts `targetFlags`)? */
  protected onManyTargets(): boolean {
    const f = this.flags as unknown as { all?: boolean; targets?: string; sql?: boolean };
    if (f.all && f.targets !== undefined) throw new MigError('usage', '--all and --targets both given', { hint: 'use --all for every target, or --targets a,b for some' });
    const many = Boolean(f.all || f.targets !== undefined);
    if (many && f.sql) throw new MigError('usage', '--sql writes one script; it does not run on several targets', { hint: 'drop --all/--targets, or set the url (or -x) per script' });
    return many;
  }

  /**
   * Runs `spec.work` on the targets of --all / --targets (at most --concurrency at once), prints
   * a line per target as it ends and a summary table, and fails (exit 1) when any target failed,
   * naming them. With --json the rows are the output.
   */
  protected async runOnTargets<R>(
    config: Config,
    spec: {
      /** Whether the command moves targets (a FROM column), or only reads where they are. */
      moves: boolean;
      /** The work on one target; `seen.from` set as soon as its revisions are read. */
      work(config: Config, seen: { from?: string[] }): Promise<R>;
      row(value: R, seen: { from?: string[] }, target: string): { from?: string[]; to?: string[]; detail: string; failed?: boolean; data?: Record<string, unknown> };
      /** After a failure: the revisions the target is at now. */
      whereNow?(config: Config): Promise<string[]>;
      /** The hint of the error naming the failed targets. */
      hint?: string;
    },
  ): Promise<{ targets: Array<Omit<TargetRow, 'data'>> }> {
    const f = this.flags as unknown as { targets?: string; concurrency?: number; 'fail-fast'?: boolean };
    const names = f.targets?.split(',').map((n) => n.trim()).filter(Boolean);
    const targets = selectTargets(await loadTargets(config), names, config);
    const columns = { from: spec.moves };
    const quiet = Boolean(this.flags?.quiet) || this.jsonEnabled();
    const rows = new Map<string, TargetRow>();
    const rowOf = async (o: TargetOutcome<R>, seen: { from?: string[] }): Promise<TargetRow> => {
      const target = o.target.name;
      if (o.result === 'skipped') return { target, durationMs: 0, result: 'skipped', detail: '' };
      if (o.result === 'failed') {
        const targetConfig = config.forTarget(o.target);
        const now = spec.whereNow ? await withRunContext({ config: targetConfig }, () => spec.whereNow!(targetConfig)).catch(() => undefined) : undefined;
        return { target, from: seen.from, to: now, durationMs: o.durationMs, result: 'failed', detail: this.errorLine(o.error) };
      }
      const r = spec.row(o.value as R, seen, target);
      return { target, from: r.from ?? seen.from, to: r.to, durationMs: o.durationMs, result: r.failed ? 'failed' : 'ok', detail: r.detail, ...(r.data ? { data: r.data } : {}) };
    };
    const seenBy = new Map<string, { from?: string[] }>();
    await eachTarget(
      config,
      targets,
      (targetConfig, target) => {
        const seen = {};
        seenBy.set(target.name, seen);
        return spec.work(targetConfig, seen);
      },
      {
        concurrency: f.concurrency ?? 4,
        failFast: f['fail-fast'],
        done: async (o) => {
          const row = await rowOf(o, seenBy.get(o.target.name) ?? {});
          rows.set(row.target, row);
          if (!quiet) this.log(maskSecrets(targetLine(row, columns), this.secrets));
        },
      },
    );
    const ordered = targets.map((t) => rows.get(t.name)!);
    if (!quiet) {
      this.log('');
      this.log(maskSecrets(targetTable(ordered, columns), this.secrets));
    }
    const totals = targetTotals(ordered);
    if (!quiet) this.log(totals.text);
    const json = { targets: ordered.map(({ data, ...row }) => ({ ...row, ...data })) };
    if (this.jsonEnabled()) {
      if (totals.failed.length || totals.skipped.length) {
        this.logJson(json);
        this.exit(1);
      }
      return json;
    }
    if (totals.failed.length) {
      throw new MigError('targets-failed', `${totals.failed.length} of ${ordered.length} targets failed: ${totals.failed.map((r) => r.target).join(', ')} (listed above)`, {
        hint: spec.hint ?? 'fix them and run the command again: each target goes on from the revisions it is at',
      });
    }
    return json;
  }

  /** An error as the one line a failed target's row shows (passwords masked). */
  private errorLine(err: unknown): string {
    const line = isMigError(err) ? err.line : err instanceof Error ? err.message : String(err);
    return maskSecrets(oneLine(line), this.secrets);
  }

  /**
   * upgrade, downgrade or stamp on the targets of --all / --targets: `run` with the run flags on
   * each (no per-revision lines: a line per target instead).
   */
  protected runMigrationOnTargets(config: Config, run: (config: Config, options: RunOptions) => Promise<RunResult>, allowEdited = false): Promise<{ targets: Array<Omit<TargetRow, 'data'>> }> {
    const f = this.flags as unknown as { tag?: string; 'lock-timeout'?: number };
    return this.runOnTargets(config, {
      moves: true,
      work: (c, seen) =>
        run(c, {
          tag: f.tag,
          lockTimeout: f['lock-timeout'],
          events: {
            begun: (heads) => (seen.from = heads),
            changedRevisions: (changed) => this.warnChanged(changed, allowEdited, c.target?.name),
          },
        }),
      row: (r) => ({ from: r.before, to: r.heads, detail: r.steps.length ? `${r.steps.length} step${r.steps.length === 1 ? '' : 's'}` : 'nothing to do' }),
      whereNow: async (c) => (await current(c)).heads,
    });
  }

  /**
   * The applied revisions edited or deleted since the log recorded them: one warning line each
   * on stderr (not with -q or --json, whose output carries them).
   */
  protected warnChanged(changed: readonly ChangedRevision[], accepted = false, target?: string): void {
    if (this.flags?.quiet || this.jsonEnabled()) return;
    for (const c of changed) process.stderr.write(`${paint.warn('Warning:')} ${target ? `${target}: ` : ''}${maskSecrets(changedRevisionLine(c, accepted), this.secrets)}\n`);
  }

  /** Informational output: suppressed by -q and by --json. */
  protected say(message = ''): void {
    if (!this.flags?.quiet) this.log(message);
  }

  async catch(err: Error & { exitCode?: number; oclif?: { exit?: number } }): Promise<unknown> {
    if (err instanceof Errors.ExitError) throw err;
    const trace = Boolean(this.flags?.trace ?? this.argv.includes('--trace')) || Boolean(process.env.DEBUG);
    const mig = isMigError(err);
    const usage = mig ? err.code === 'usage' : err instanceof Errors.CLIError && err.oclif?.exit === 2;
    const known = mig || usage;
    const exit = usage ? 2 : 1;
    // Inside a host CLI the commands are the host's: hints name its binary.
    const named = (text: string) => (this.config.bin === 'mig' ? text : text.replace(/`mig /g, `\`${this.config.bin} `));
    const line = maskSecrets(named(oneLine(mig ? err.line : err.message)), this.secrets);
    if (this.jsonEnabled()) {
      this.logJson({ error: { code: mig ? err.code : usage ? 'usage' : 'internal', message: line } });
    } else {
      process.stderr.write(`${paint.bad('Error:')} ${line}\n`);
      if (trace) {
        for (let e: unknown = err; e instanceof Error; e = (e as { cause?: unknown }).cause) {
          process.stderr.write(`${maskSecrets(e.stack ?? String(e), this.secrets)}\n`);
        }
      } else if (!known) {
        process.stderr.write('(this is a bug in typeorm-mig or an error from your code; run with --trace for the stack trace)\n');
      }
    }
    this.exit(exit);
  }
}

function oneLine(text: string): string {
  return text
    .split('\n')
    .map((l) => l.trim())
    // oclif's usage errors carry advice about other flags and a help pointer: not this error's.
    .filter((l) => l && !/^(Note:|See more help with|The following error occurred:?$|Alternatively, you can use)/.test(l))
    .join(' ')
    .replace(/:\s*\./g, ':')
    .replace(/\s+/g, ' ')
    .trim();
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** `-x KEY=VALUE` values as a record. */
export function parseX(values: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const value of values) {
    const eq = value.indexOf('=');
    if (eq <= 0) throw new MigError('usage', `-x expects KEY=VALUE, got '${value}'`);
    out[value.slice(0, eq)] = value.slice(eq + 1);
  }
  return out;
}
