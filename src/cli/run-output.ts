/**
 * What `upgrade`, `downgrade` and `stamp` print while they run: one line per step, as Alembic
 * does (`Running upgrade 1a2b3c4d5e6f -> 4d5e6f7a8b9c, add users ... done in 12 ms`), the lock
 * wait, and with --verbose each SQL statement.
 */
import { Flags } from '@oclif/core';
import type { RunEvents, StepInfo } from '../runtime/migration';
import { paint } from './colors';

export function stepText(step: StepInfo): string {
  const from = step.from.length ? step.from.join(', ') : '<base>';
  const to = step.to.length ? step.to.join(', ') : '<base>';
  return `Running ${step.kind} ${from} -> ${to}${step.message ? `, ${step.message}` : ''}`;
}

export interface RunPrinter {
  events: RunEvents;
  /** Ends a step line left open by a failure. */
  interrupted(): void;
}

export function runPrinter(options: { quiet: boolean; verbose: boolean; write?: (text: string) => void }): RunPrinter {
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  let open = false;
  const close = (suffix: string) => {
    if (open) write(`${suffix}\n`);
    open = false;
  };
  if (options.quiet) return { events: {}, interrupted: () => undefined };
  return {
    events: {
      stepStart(step) {
        close('');
        write(`${stepText(step)} ...`);
        open = true;
        if (options.verbose) close('');
      },
      stepDone(step) {
        if (open) close(` ${paint.ok('done')} in ${step.durationMs} ms`);
        else write(`  ${paint.ok('done')} in ${step.durationMs} ms\n`);
      },
      waiting(message) {
        close('');
        write(`${message}\n`);
      },
      statement: options.verbose
        ? (sql, kind) => {
            if (kind === 'internal') return;
            close('');
            write(`  ${sql.replace(/\n/g, '\n  ')}\n`);
          }
        : undefined,
    },
    interrupted: () => close(` ${paint.bad('failed')}`),
  };
}

/** What an upgrade or downgrade that ran nothing says: where the database is. */
export function nothingToRun(kind: 'upgrade' | 'downgrade', target: string, heads: readonly string[], scriptHeads: readonly string[]): string {
  const at = heads.join(', ') || 'base';
  if (kind === 'downgrade') return heads.length ? `Nothing to downgrade: the database (at ${at}) is already at or below ${target}` : 'Already at base';
  if (!scriptHeads.length) return 'Nothing to upgrade: there are no revision files yet';
  const atHeads = heads.length === scriptHeads.length && scriptHeads.every((h) => heads.includes(h));
  return atHeads ? `Already at head (${at})` : `Nothing to upgrade: the database (at ${at}) is already at or past ${target}`;
}

/** The flags of the commands that run migrations (upgrade, downgrade, stamp). */
export const runFlags = {
  sql: Flags.boolean({ summary: 'Print the SQL instead of running it (offline).' }),
  tag: Flags.string({ summary: 'Free text passed to env.ts as context.config.cmdOpts.tag.' }),
  'lock-timeout': Flags.integer({ summary: 'Seconds to wait for another run to finish (default: wait).', min: 0 }),
  verbose: Flags.boolean({ char: 'v', summary: 'Print each SQL statement.' }),
};
