import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ini from 'ini';
import { MigError } from '../errors';
import { interpolate } from './interpolate';

export const DEFAULT_CONFIG_FILE = 'mig.ini';
export const DEFAULT_SECTION = 'mig';
export const DEFAULT_FILE_TEMPLATE = '%(rev)s_%(slug)s';
export const DEFAULT_VERSION_TABLE = 'mig_version';
export const DEFAULT_LOG_TABLE = 'mig_log';

/** The command-line options of the current run, as env.ts sees them (`config.cmdOpts`). */
export interface CmdOpts {
  /** The `-x KEY=VALUE` arguments. */
  x: Record<string, string>;
  [option: string]: unknown;
}

/** One database of a run over several (`--all`, `--targets`): a URL, a PostgreSQL schema, or both. */
export interface Target {
  name: string;
  /** The database URL (default: the config's url or env.ts dataSource). */
  url?: string;
  /** A PostgreSQL schema: the session's search_path and the version table's schema. */
  schema?: string;
  /** The version table's schema when it is not `schema`. */
  versionTableSchema?: string;
}

interface Entry {
  value: string;
  /** Set from code at run time: taken as written, never interpolated. */
  literal: boolean;
}

/**
 * mig.ini and the options of one run. Values read from the file are interpolated
 * (`%(NAME)s`, `%%`); values set with setMainOption / setSectionOption are literal.
 */
export class Config {
  /** Absolute path of the ini file (it may not exist for a Config made in code). */
  readonly configFileName: string;
  /** The ini file's folder: relative paths in the file are relative to it. */
  readonly here: string;
  /** The section holding mig's own options (`-n/--name`, default `mig`). */
  readonly configIniSection: string;
  readonly cmdOpts: CmdOpts;
  /** Set on the Config of one target of a run over several (see `forTarget`). */
  target?: Target;
  private readonly sections = new Map<string, Map<string, Entry>>();
  private readonly env: NodeJS.ProcessEnv;

  constructor(
    options: {
      file?: string;
      section?: string;
      cmdOpts?: Partial<CmdOpts>;
      env?: NodeJS.ProcessEnv;
      /** ini text to use instead of reading `file`. */
      text?: string;
    } = {},
  ) {
    this.configFileName = path.resolve(options.file ?? DEFAULT_CONFIG_FILE);
    this.here = path.dirname(this.configFileName);
    this.configIniSection = options.section ?? DEFAULT_SECTION;
    this.cmdOpts = { ...options.cmdOpts, x: { ...options.cmdOpts?.x } };
    this.env = options.env ?? process.env;
    if (options.text !== undefined) this.parse(options.text);
  }

  /** Reads and parses an ini file; a missing file or a missing section is a MigError. */
  static load(file: string, options: { section?: string; cmdOpts?: Partial<CmdOpts>; env?: NodeJS.ProcessEnv } = {}): Config {
    const absolute = path.resolve(file);
    let text: string;
    try {
      text = fs.readFileSync(absolute, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        throw new MigError('config-missing', `No config file '${displayPath(absolute)}' found`, {
          hint: 'run `mig init migrations` to create one, or pass -c FILE',
        });
      }
      throw new MigError('config-unreadable', `Cannot read config file '${displayPath(absolute)}': ${(err as Error).message}`);
    }
    const config = new Config({ ...options, file: absolute, text });
    if (!config.sections.has(config.configIniSection)) {
      throw new MigError('config-section', `${displayPath(absolute)} has no [${config.configIniSection}] section`, {
        hint:
          config.configIniSection === DEFAULT_SECTION
            ? `add a [${DEFAULT_SECTION}] section with script_location, or name another with -n SECTION`
            : `check -n ${config.configIniSection}, or add that section`,
      });
    }
    return config;
  }

  private parse(text: string): void {
    let parsed: Record<string, unknown>;
    try {
      parsed = ini.parse(text);
    } catch (err) {
      throw new MigError('config-syntax', `${displayPath(this.configFileName)}: ${(err as Error).message}`);
    }
    const visit = (name: string, body: Record<string, unknown>) => {
      const entries = this.section(name, true);
      for (const [key, value] of Object.entries(body)) {
        if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
          // `[a.b]` parses as nested objects; keep the dotted section name.
          visit(name ? `${name}.${key}` : key, value as Record<string, unknown>);
        } else if (name) {
          entries.set(key.toLowerCase(), { value: Array.isArray(value) ? value.join(' ') : String(value ?? ''), literal: false });
        }
      }
    };
    visit('', parsed);
    this.sections.delete('');
  }

  private section(name: string, create: boolean): Map<string, Entry> {
    let section = this.sections.get(name);
    if (!section && create) {
      section = new Map();
      this.sections.set(name, section);
    }
    return section ?? new Map();
  }

  hasSection(name: string): boolean {
    return this.sections.has(name);
  }

  sectionNames(): string[] {
    return [...this.sections.keys()];
  }

  getMainOption(name: string): string | undefined;
  getMainOption(name: string, fallback: string): string;
  getMainOption(name: string, fallback?: string): string | undefined {
    return this.getSectionOption(this.configIniSection, name, fallback as string);
  }

  /** Sets an option of the main section for this run; the value is literal (no `%%` needed). */
  setMainOption(name: string, value: string): void {
    this.setSectionOption(this.configIniSection, name, value);
  }

  getSection(name: string): Record<string, string> | undefined;
  getSection(name: string, fallback: Record<string, string>): Record<string, string>;
  getSection(name: string, fallback?: Record<string, string>): Record<string, string> | undefined {
    const section = this.sections.get(name);
    if (!section) return fallback;
    const out: Record<string, string> = {};
    for (const key of section.keys()) out[key] = this.getSectionOption(name, key) as string;
    return out;
  }

  getSectionOption(section: string, name: string): string | undefined;
  getSectionOption(section: string, name: string, fallback: string): string;
  getSectionOption(section: string, name: string, fallback?: string): string | undefined {
    const entries = this.sections.get(section);
    const key = name.toLowerCase();
    const entry = entries?.get(key);
    if (!entry) return fallback;
    if (entry.literal) return entry.value;
    return interpolate(key, entry.value, {
      option: (other) => entries?.get(other.toLowerCase()),
      here: this.here,
      env: this.env,
      where: `${displayPath(this.configFileName)} [${section}]`,
    });
  }

  /** Sets an option for this run (the file is not written); the value is literal. */
  setSectionOption(section: string, name: string, value: string): void {
    if (typeof value !== 'string') {
      throw new MigError('config-value', `setSectionOption('${section}', '${name}', …) needs a string value, got ${typeof value}`);
    }
    this.section(section, true).set(name.toLowerCase(), { value, literal: true });
  }

  /**
   * This Config for one target: its url, schema and version table schema set for this run, the
   * rest shared; env.ts sees the target's name as `context.config.cmdOpts.target`.
   */
  forTarget(target: Target): Config {
    const copy = new Config({ file: this.configFileName, section: this.configIniSection, cmdOpts: { ...this.cmdOpts, target: target.name }, env: this.env });
    for (const [name, entries] of this.sections) copy.sections.set(name, new Map(entries));
    if (target.url) copy.setMainOption('url', target.url);
    if (target.schema) copy.setMainOption('schema', target.schema);
    if (target.schema || target.versionTableSchema) copy.setMainOption('version_table_schema', target.versionTableSchema ?? target.schema!);
    copy.target = target;
    return copy;
  }

  // ----- typed main options -----

  /** Absolute path of the migration environment (env.ts, script.ts.ejs, versions/). */
  get scriptLocation(): string {
    const value = this.getMainOption('script_location');
    if (!value) {
      throw new MigError('config-option', `${displayPath(this.configFileName)} [${this.configIniSection}] has no script_location`, {
        hint: 'add `script_location = migrations` (relative to the ini file)',
      });
    }
    return path.resolve(this.here, value);
  }

  /** Absolute paths of the folders holding revision files. */
  get versionLocations(): string[] {
    const value = this.getMainOption('version_locations');
    if (!value || !value.trim()) return [path.join(this.scriptLocation, 'versions')];
    return value
      .split(/[\s,]+/)
      .filter(Boolean)
      .map((p) => path.resolve(this.here, p));
  }

  get recursiveVersionLocations(): boolean {
    return this.booleanOption('recursive_version_locations', false);
  }

  /**
   * The revision file name pattern. Read without interpolation, so `%(rev)s` and the
   * alembic.ini spelling `%%(rev)s` both work.
   */
  get fileTemplate(): string {
    const entry = this.sections.get(this.configIniSection)?.get('file_template');
    if (!entry || !entry.value) return DEFAULT_FILE_TEMPLATE;
    return entry.literal ? entry.value : entry.value.replace(/%%/g, '%');
  }

  get truncateSlugLength(): number {
    return this.integerOption('truncate_slug_length', 40);
  }

  get timezone(): string | undefined {
    return this.getMainOption('timezone') || undefined;
  }

  get url(): string | undefined {
    return this.getMainOption('url') || undefined;
  }

  get versionTable(): string {
    return this.getMainOption('version_table') || DEFAULT_VERSION_TABLE;
  }

  /** The applied-revision log's table (`log_table`, default mig_log), in version_table_schema. */
  get logTable(): string {
    const name = this.getMainOption('log_table') || DEFAULT_LOG_TABLE;
    if (name === this.versionTable) throw new MigError('config-option', `${this.where('log_table')} is '${name}', the version table's name`, { hint: 'give the log its own table name (default mig_log)' });
    return name;
  }

  /** The version table's schema: `version_table_schema`, else `schema`. */
  get versionTableSchema(): string | undefined {
    return this.getMainOption('version_table_schema') || this.schema;
  }

  /**
   * `schema`: the PostgreSQL schema a run works in (the session's search_path, so unqualified
   * names in revisions land there); upgrade and stamp create it when missing.
   */
  get schema(): string | undefined {
    return this.getMainOption('schema') || undefined;
  }

  get transactionPerMigration(): boolean {
    return this.booleanOption('transaction_per_migration', false);
  }

  booleanOption(name: string, fallback: boolean): boolean {
    const value = this.getMainOption(name);
    if (value === undefined || value === '') return fallback;
    const v = value.trim().toLowerCase();
    if (['true', 'yes', 'on', '1'].includes(v)) return true;
    if (['false', 'no', 'off', '0'].includes(v)) return false;
    throw new MigError('config-option', `${this.where(name)} is '${value}', not a boolean`, { hint: 'use true or false' });
  }

  integerOption(name: string, fallback: number): number {
    const value = this.getMainOption(name);
    if (value === undefined || value === '') return fallback;
    if (!/^\d+$/.test(value.trim())) {
      throw new MigError('config-option', `${this.where(name)} is '${value}', not a whole number`);
    }
    return Number(value.trim());
  }

  /** `mig.ini [mig] name`, for messages. */
  where(name: string): string {
    return `${displayPath(this.configFileName)} [${this.configIniSection}] ${name}`;
  }
}

/** A path as the user would type it: relative to the working folder when inside it. */
export function displayPath(p: string, cwd = process.cwd()): string {
  const rel = path.relative(cwd, p);
  if (!rel) return '.';
  return rel.startsWith('..') || path.isAbsolute(rel) ? p : rel;
}
