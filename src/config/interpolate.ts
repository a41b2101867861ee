import { MigError } from '../errors';

/** Where `%(NAME)s` finds NAME; `undefined` when the source does not have it. */
export interface InterpolationScope {
  /** The section's options (file values and values set at run time). */
  option(name: string): { value: string; literal: boolean } | undefined;
  here: string;
  env: NodeJS.ProcessEnv;
  /** For messages: `mig.ini [mig]`. */
  where: string;
}

const TOKEN = /%(%|\(([^)]*)\)s|.|$)/g;
const MAX_DEPTH = 10;

/**
 * configparser-style interpolation: `%(NAME)s` is replaced by the option NAME of the same
 * section, then `here` (the ini file's folder), then the environment variable NAME; `%%` is a
 * literal `%`. Values found in options are interpolated in turn.
 */
export function interpolate(key: string, raw: string, scope: InterpolationScope, chain: string[] = [key]): string {
  return raw.replace(TOKEN, (whole, what: string, name: string | undefined) => {
    if (what === '%') return '%';
    if (name === undefined) {
      throw new MigError(
        'config-interpolation',
        `${scope.where} ${chain[0]}: '%' must be followed by '%' or '(NAME)s' in ${JSON.stringify(raw)}`,
        { hint: 'write %% for a literal %' },
      );
    }
    if (!/^[\w.-]+$/.test(name)) {
      throw new MigError('config-interpolation', `${scope.where} ${chain[0]}: bad interpolation name '${name}' in ${JSON.stringify(raw)}`, {
        hint: 'names are letters, digits, _, . and -',
      });
    }
    const found = scope.option(name);
    if (found !== undefined) {
      if (found.literal) return found.value;
      if (chain.includes(name.toLowerCase()) || chain.length > MAX_DEPTH) {
        throw new MigError('config-interpolation', `${scope.where}: interpolation loop ${[...chain, name].join(' -> ')}`, {
          hint: 'an option cannot refer to itself',
        });
      }
      return interpolate(key, found.value, scope, [...chain, name.toLowerCase()]);
    }
    if (name === 'here') return scope.here;
    const fromEnv = scope.env[name];
    if (fromEnv !== undefined) return fromEnv;
    throw new MigError(
      'config-interpolation',
      `${scope.where} ${chain[0]}: '${whole}' names ${name}, which is not an option of the section, not set from env.ts, and not an environment variable`,
      { hint: `define ${name} in the section or export ${name} in the environment` },
    );
  });
}
