/**
 * What every mig command shares: the global flags, loading the config, quiet output, and the
 * error convention — one line on stderr (`Error: what is wrong; how to fix it`), exit code 1
 * (2 for bad usage), a stack trace only with --trace (or DEBUG set), passwords masked. -v/--verbose
 * means more detail in a command's output, never stack traces.
 */
import { Command, Errors, Flags, ux, type Interfaces } from '@oclif/core';
import { Config, DEFAULT_CONFIG_FILE, DEFAULT_SECTION } from '../config/config';
import { maskSecrets } from '../config/url';
import { isMigError, MigError } from '../errors';
import type { RunOptions, RunResult } from '../runtime/migration';
import type { ChangedRevision } from '../runtime/checksums';
import { paint } from './colors';
import { changedRevisionLine } from './format';
import { runPrinter } from './run-output';

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

  /**
   * The applied revisions edited or deleted since the log recorded them: one warning line each
   * on stderr (not with -q or --json, whose output carries them).
   */
  protected warnChanged(changed: readonly ChangedRevision[], accepted = false): void {
    if (this.flags?.quiet || this.jsonEnabled()) return;
    for (const c of changed) process.stderr.write(`${paint.warn('Warning:')} ${maskSecrets(changedRevisionLine(c, accepted), this.secrets)}\n`);
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
