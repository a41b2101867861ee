/**
 * The migration environment on disk: `script_location` (env.ts, script.ts.ejs) and the version
 * locations holding revision files. Reads revision headers statically into a RevisionMap and
 * writes new revisions from the project's template — validating the new file before anything
 * is written.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as Ejs from 'ejs';
import { Config, displayPath } from '../config/config';
import { MigError } from '../errors';
import { dateParts, expandFileTemplate, formatCreateDate, newRevisionId, slugify } from './naming';
import { HeaderCache } from './header-cache';
import { parseRevisionSource, readRevisionFile, REVISION_FILE_EXTENSIONS, type RevisionHeader } from './revision-file';
import { RevisionMap, validateRevisionId, type Revision } from './revision-map';
import { resolveSquashes, type ResolvedRevisions } from './squash';

export type Script = Revision<RevisionHeader>;

export interface NewRevision {
  message?: string;
  /** Where to attach: `head` (default), an id or prefix, `label@head`, `base` for a new root, or several for a merge. */
  head?: string | string[];
  splice?: boolean;
  branchLabels?: string[];
  dependsOn?: string[];
  revId?: string;
  versionPath?: string;
  /** Code for the bodies of upgrade() / downgrade() (autogenerate), already indented. */
  upgrades?: string;
  downgrades?: string;
  /** Names the bodies use from typeorm-mig (`sql`): the template imports them with `Operations`, in one line. */
  importNames?: string[];
  /** The same as import lines, for templates written before importNames. */
  imports?: string[];
  /** A squash: the revisions it replaces, oldest first (the template's `replaces`). */
  replaces?: string[];
  /** Extra values for the template. */
  templateArgs?: Record<string, unknown>;
  /** For tests: the creation time. */
  now?: Date;
}

export interface WrittenRevision {
  revision: Script;
  path: string;
}

const TEMPLATE_PATTERN = /^script\.(ts|mts|cts|js|mjs|cjs)\.ejs$/;

/** The graph as one database sees it (squashes resolved for its heads: script/squash.ts). */
export interface DatabaseView extends Omit<ResolvedRevisions<RevisionHeader>, 'sources' | 'heads'> {
  map: RevisionMap<RevisionHeader>;
  heads: string[];
}

export class ScriptDirectory {
  private map?: RevisionMap<RevisionHeader>;
  private headers?: RevisionHeader[];

  constructor(
    readonly config: Config,
    readonly dir: string,
    readonly versionLocations: string[],
  ) {}

  static fromConfig(config: Config): ScriptDirectory {
    const dir = config.scriptLocation;
    if (!fs.existsSync(dir)) {
      throw new MigError('script-location', `script_location '${displayPath(dir)}' (from ${displayPath(config.configFileName)}) does not exist`, {
        hint: 'run `mig init DIRECTORY`, or fix script_location',
      });
    }
    return new ScriptDirectory(config, dir, config.versionLocations);
  }

  /**
   * The revision graph, read from the files once; a squash revision stands for the revisions it
   * replaces (as for a database at none or all of them).
   */
  get revisionMap(): RevisionMap<RevisionHeader> {
    this.map ??= new RevisionMap(resolveSquashes(this.allHeaders()).sources);
    return this.map;
  }

  /** Every file's header as written (replaced revisions included), read once. */
  allHeaders(): RevisionHeader[] {
    this.headers ??= this.readHeaders();
    return this.headers;
  }

  /** The graph for a database at `heads`: squashes used or set aside, heads translated. */
  revisionMapFor(heads: readonly string[]): DatabaseView {
    const resolved = resolveSquashes(this.allHeaders(), heads);
    const map = resolved.decisions.some((d) => d.use === 'replaced') ? new RevisionMap(resolved.sources) : this.revisionMap;
    return { map, heads: resolved.heads!, rewrites: resolved.rewrites, hidden: resolved.hidden, decisions: resolved.decisions };
  }

  /** Every revision file's header, in a stable order (by location, then file name). */
  readHeaders(): RevisionHeader[] {
    const headers: RevisionHeader[] = [];
    const recursive = this.config.recursiveVersionLocations;
    for (const location of this.versionLocations) {
      if (!fs.existsSync(location)) {
        throw new MigError('version-location', `Version location '${displayPath(location)}' does not exist`, {
          hint: 'create it, or fix version_locations / script_location in the config',
        });
      }
      const cache = new HeaderCache(this.config.here, location);
      for (const file of listRevisionFiles(location, recursive)) {
        const absolute = path.resolve(file);
        headers.push(cache.get(absolute, displayPath(file), () => readRevisionFile(absolute, displayPath(file))));
      }
      cache.save();
    }
    return headers;
  }

  /** The script template: the first `script.<ext>.ejs` in script_location. */
  templatePath(): string {
    const names = fs.readdirSync(this.dir).filter((n) => TEMPLATE_PATTERN.test(n)).sort();
    if (!names.length) {
      throw new MigError('script-template', `No revision template (script.ts.ejs) in '${displayPath(this.dir)}'`, {
        hint: 'restore it from `mig init` output, or copy templates/generic/script.ts.ejs from typeorm-mig',
      });
    }
    return path.join(this.dir, names.includes('script.ts.ejs') ? 'script.ts.ejs' : names[0]);
  }

  /** Revisions newest first between `base` and `head` (identifiers or `START:END` bounds). */
  walkRevisions(base = 'base', head = 'heads'): Script[] {
    return this.revisionMap.iterate(head, base, { inclusive: true, assertRelativeLength: false });
  }

  /**
   * Renders, checks and writes a new revision file. Every check (ids, labels, heads, the
   * rendered file's own exports, the resulting graph) runs before the file is written.
   */
  /**
   * Every check of a new revision that needs no file content (id, labels, --head, --depends-on,
   * version location), so a command can refuse a bad one before it connects anywhere.
   */
  checkNewRevision(spec: NewRevision): void {
    this.resolveNew(spec, spec.revId ?? newRevisionId());
  }

  private resolveNew(spec: NewRevision, revId: string): { labels: string[]; parents: string[]; dependsOn: string[]; versionDir: string } {
    const map = this.revisionMap;
    validateRevisionId(revId);
    const existing = this.allHeaders().find((h) => h.id === revId);
    if (existing) {
      throw new MigError('duplicate-revision', `Revision ${revId} already exists (${existing.path})`, { hint: 'choose another --rev-id' });
    }
    const labels = [...new Set(spec.branchLabels ?? [])];
    for (const label of labels) {
      validateRevisionId(label, 'branch label');
      const holder = map.labelHolder(label) ?? (map.has(label) ? map.get(label) : undefined);
      if (holder) {
        throw new MigError('duplicate-branch-label', `Branch name '${label}' is already used by revision ${holder.id} (${holder.source.path})`, {
          hint: 'choose another --branch-label',
        });
      }
    }

    const parents = this.resolveParents(spec.head ?? 'head', Boolean(spec.splice));
    const dependsOn = (spec.dependsOn ?? []).map((dep) => {
      const rev = map.getRevision(dep);
      if (!rev) throw new MigError('revision-not-found', `--depends-on ${dep} names no revision`);
      return rev.branchLabels.has(dep) && map.labelHolder(dep) ? dep : rev.id;
    });
    return { labels, parents, dependsOn, versionDir: this.chooseVersionPath(spec.versionPath, parents) };
  }

  generateRevision(spec: NewRevision): WrittenRevision {
    const revId = spec.revId ?? newRevisionId();
    const { labels, parents, dependsOn, versionDir } = this.resolveNew(spec, revId);
    const parts = dateParts(spec.now ?? new Date(), this.config.timezone);
    const createDate = formatCreateDate(parts);
    const message = spec.message ?? '';
    const templatePath = this.templatePath();
    const ext = TEMPLATE_PATTERN.exec(path.basename(templatePath))![1];
    const fileBase = expandFileTemplate(
      this.config.fileTemplate,
      {
        rev: revId,
        slug: slugify(message, this.config.truncateSlugLength),
        epoch: Math.floor((spec.now ?? new Date()).getTime() / 1000),
        year: parts.year,
        month: parts.month,
        day: parts.day,
        hour: parts.hour,
        minute: parts.minute,
        second: parts.second,
      },
      this.config.where('file_template'),
    ).replace(/[_-]+$/, '');
    const filePath = path.join(versionDir, `${fileBase}.${ext}`);
    if (path.relative(versionDir, filePath).startsWith('..')) {
      throw new MigError('config-option', `${this.config.where('file_template')} makes a path outside the version location: ${filePath}`);
    }
    if (fs.existsSync(filePath)) {
      throw new MigError('revision-exists', `File ${displayPath(filePath)} already exists`, { hint: 'choose another message or --rev-id' });
    }

    const downRevision = parents.length === 0 ? null : parents.length === 1 ? parents[0] : parents;
    const source = renderTemplate(templatePath, {
      config: this.config,
      message: message || 'empty message',
      revision: revId,
      downRevision,
      downRevisions: parents,
      branchLabels: labels.length ? labels : null,
      dependsOn: dependsOn.length ? dependsOn : null,
      replaces: spec.replaces?.length ? spec.replaces : null,
      createDate,
      upgrades: spec.upgrades ?? '',
      downgrades: spec.downgrades ?? '',
      importNames: spec.importNames ?? [],
      imports: spec.imports ?? (spec.importNames?.length ? [`import { ${spec.importNames.join(', ')} } from 'typeorm-mig';`] : []),
      ...spec.templateArgs,
    });

    // The rendered file must declare what we meant: a user's template could drop an export.
    const header = parseRevisionSource(source, filePath, displayPath(filePath));
    const mismatch =
      header.id !== revId
        ? 'revision'
        : header.down.join() !== parents.join()
          ? 'downRevision'
          : header.branchLabels.join() !== labels.join()
            ? 'branchLabels'
            : header.dependsOn.join() !== dependsOn.join()
              ? 'dependsOn'
              : (header.replaces ?? []).join() !== (spec.replaces ?? []).join()
                ? 'replaces'
                : undefined;
    if (mismatch === 'replaces') {
      throw new MigError('script-template', `${displayPath(templatePath)} does not render \`export const replaces\`, which a squash needs`, {
        hint: "add `<% if (locals.replaces) { -%>export const replaces = <%- literal(locals.replaces) %>;\n<% } -%>` after its dependsOn line (as typeorm-mig's templates/generic/script.ts.ejs has)",
      });
    }
    if (mismatch) {
      throw new MigError('script-template', `${displayPath(templatePath)} does not render \`export const ${mismatch}\` as given`, {
        hint: 'the template must keep the revision, downRevision, branchLabels and dependsOn exports',
      });
    }
    // Building the graph with the new revision checks labels, dependencies and cycles.
    const headers = [...this.allHeaders(), header];
    const next = new RevisionMap(resolveSquashes(headers).sources);

    fs.mkdirSync(path.dirname(filePath), { recursive: true });
    writeFileAtomic(filePath, source);
    this.map = next;
    this.headers = headers;
    return { revision: next.get(revId), path: filePath };
  }

  /** The parents of a new revision; each must be a head unless `splice`. */
  private resolveParents(head: string | string[], splice: boolean): string[] {
    const map = this.revisionMap;
    const heads = Array.isArray(head) ? head : [head];
    let revs;
    try {
      revs = map.getRevisions(heads);
    } catch (err) {
      if ((err as MigError).code === 'multiple-heads' && heads.length === 1 && /^(?:\w+@)?head$/.test(heads[0])) {
        throw new MigError(
          'multiple-heads',
          `Multiple heads are present (${map.filterForLineage(map.heads, heads[0].includes('@') ? heads[0].split('@')[0] : undefined).join(', ')}); please specify the head revision on which the new revision should be based, or perform a merge`,
          { hint: 'pass --head REV or --head LABEL@head, or run `mig merge heads -m MSG`' },
        );
      }
      throw err;
    }
    const ids: string[] = [];
    for (const rev of revs) {
      if (!rev) continue;
      if (ids.includes(rev.id)) throw new MigError('duplicate-head', `Duplicate head revisions specified: ${rev.id}`);
      if (!splice && !rev.isHead) {
        throw new MigError('not-a-head', `Revision ${rev.id} is not a head revision`, {
          hint: 'please specify --splice to create a new branch from this revision',
        });
      }
      ids.push(rev.id);
    }
    return ids;
  }

  private chooseVersionPath(requested: string | undefined, parents: string[]): string {
    const locations = this.versionLocations.map((l) => path.resolve(l));
    if (requested !== undefined) {
      const wanted = path.resolve(requested);
      if (!locations.includes(wanted)) {
        throw new MigError('version-location', `Path ${requested} is not represented in current version locations (${locations.map((l) => displayPath(l)).join(', ')})`, {
          hint: 'add it to version_locations in the config',
        });
      }
      return wanted;
    }
    if (locations.length === 1) return locations[0];
    if (parents.length) {
      const parentFile = this.revisionMap.get(parents[0]).source.file;
      const home = locations.find((l) => !path.relative(l, parentFile).startsWith('..'));
      if (home) return home;
    }
    throw new MigError('version-location', 'Multiple version locations present, please specify --version-path', {
      hint: `one of ${locations.map((l) => displayPath(l)).join(', ')}`,
    });
  }
}

/** Revision files of a folder, sorted; skips dot files, `_`-prefixed files, .d.ts and editor backups. */
export function listRevisionFiles(dir: string, recursive: boolean): string[] {
  const names = (fs.readdirSync(dir, { recursive }) as string[]).sort();
  const out: string[] = [];
  for (const name of names) {
    const base = path.basename(name);
    if (base.startsWith('.') || base.startsWith('_') || base.startsWith('#') || base.endsWith('~')) continue;
    if (/\.d\.[mc]?ts$/.test(base)) continue;
    if (!REVISION_FILE_EXTENSIONS.includes(path.extname(base))) continue;
    if (name.split(path.sep).some((part) => part === 'node_modules' || part.startsWith('.'))) continue;
    out.push(path.join(dir, name));
  }
  return out;
}

/** TypeScript/JavaScript source text for a literal value: `'a'`, `['a', 'b']`, `null`. */
export function tsLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(tsLiteral).join(', ')}]`;
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`;
  return JSON.stringify(value);
}

/** Text safe inside a block comment. */
export function commentText(text: string, prefix = ' * '): string {
  return text
    .replace(/\*\//g, '*\\/')
    .split(/\r?\n/)
    .map((line, i) => (i === 0 ? line : `${prefix}${line}`.trimEnd()))
    .join('\n');
}

export function renderTemplate(templatePath: string, data: Record<string, unknown>): string {
  const text = fs.readFileSync(templatePath, 'utf8');
  try {
    return (require('ejs') as typeof Ejs).render(text, { literal: tsLiteral, comment: commentText, ...data }, { filename: templatePath, escape: (s: unknown) => String(s) });
  } catch (err) {
    throw new MigError('script-template', `${displayPath(templatePath)}: ${(err as Error).message.split('\n').filter(Boolean).pop()}`, {
      hint: 'fix the template (it is an ejs template)',
    });
  }
}

/** Writes through a temporary file and a rename, so a crash never leaves half a file. */
export function writeFileAtomic(file: string, content: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(tmp, content, { flag: 'wx' });
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}
