/**
 * `context`: what env.ts sees of the current run (`import { context } from 'typeorm-mig'`).
 *
 * The state lives on globalThis under a registered symbol: env.ts imports typeorm-mig from the
 * project, which may be another copy than the one running the command (a plugin installed
 * into a host CLI, a global install), and both must see the same run. Runs over several targets
 * at once (`--all`) each see their own Config through an AsyncLocalStorage kept there too.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Config } from './config/config';
import { MigError } from './errors';

interface RunState {
  config: Config;
}

const KEY = Symbol.for('typeorm-mig.context');
const STORAGE = Symbol.for('typeorm-mig.context.storage');
type Holder = { [KEY]?: RunState; [STORAGE]?: AsyncLocalStorage<RunState> };

function storage(): AsyncLocalStorage<RunState> {
  const holder = globalThis as Holder;
  return (holder[STORAGE] ??= new AsyncLocalStorage<RunState>());
}

export function setRunContext(state: RunState | undefined): void {
  // Inside withRunContext the run already has its own: the process-wide one stays as it was.
  if (storage().getStore()) return;
  (globalThis as Holder)[KEY] = state;
}

/** Runs `work` with its own current run: what env.ts sees inside it, whatever runs beside it. */
export function withRunContext<R>(state: RunState, work: () => Promise<R>): Promise<R> {
  return storage().run(state, work);
}

export function currentRun(): RunState | undefined {
  return storage().getStore() ?? (globalThis as Holder)[KEY];
}

export const context = {
  /** The Config of the current run: mig.ini, options set at run time, `cmdOpts.x`. */
  get config(): Config {
    const run = currentRun();
    if (!run) {
      throw new MigError('no-context', 'context.config is only available while mig runs env.ts', {
        hint: 'read it inside env.ts, or pass a Config to the API functions',
      });
    }
    return run.config;
  },

  /** The `-x KEY=VALUE` arguments of the current run. */
  get xArguments(): Record<string, string> {
    return { ...context.config.cmdOpts.x };
  },
};
