/**
 * `context`: what env.ts sees of the current run (`import { context } from 'typeorm-mig'`).
 *
 * The state lives on globalThis under a registered symbol: env.ts imports typeorm-mig from the
 * project, which may be another copy than the one running the command (a plugin installed
 * into a host CLI, a global install), and both must see the same run.
 */
import type { Config } from './config/config';
import { MigError } from './errors';

interface RunState {
  config: Config;
}

const KEY = Symbol.for('typeorm-mig.context');
type Holder = { [KEY]?: RunState };

export function setRunContext(state: RunState | undefined): void {
  (globalThis as Holder)[KEY] = state;
}

export function currentRun(): RunState | undefined {
  return (globalThis as Holder)[KEY];
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
