import { Flags } from '@oclif/core';
import { MigCommand } from '../cli/base-command';
import { logEntry, revisionJson, revisionLine, type RevisionJson } from '../cli/format';
import { targetFlags, type TargetRow } from '../cli/targets';
import { MigError } from '../errors';
import type { ChangedRevision } from '../runtime/checksums';
import { current } from '../runtime/migration';
import { ScriptDirectory } from '../script/script-directory';

export default class Current extends MigCommand<typeof Current> {
  static summary = 'Show the revisions the database is at.';
  static description = `Reads the version table (never creates it). --check-heads fails unless the database is at
every head: a deployment check. --verbose also warns, one line each, about applied revisions whose
file was edited or deleted since the applied-revision log recorded it.`;
  static examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --verbose',
    '<%= config.bin %> <%= command.id %> --check-heads',
    '<%= config.bin %> <%= command.id %> --all --json   # one object per target',
  ];
  static enableJsonFlag = true;
  static flags = {
    verbose: Flags.boolean({ char: 'v', summary: 'Full entries and the database.' }),
    'check-heads': Flags.boolean({ summary: 'Fail unless the database is at every head revision.' }),
    ...targetFlags,
  };

  async run(): Promise<{ database: string; heads: string[]; revisions: RevisionJson[]; atHeads: boolean; changedRevisions?: ChangedRevision[] } | { targets: Array<Omit<TargetRow, 'data'>> }> {
    const config = this.loadConfig();
    if (this.onManyTargets()) {
      const scripts = ScriptDirectory.fromConfig(config);
      return this.runOnTargets(config, {
        moves: false,
        hint: this.flags['check-heads'] ? 'run `mig upgrade heads --all` (or --targets with the names)' : 'their rows say why they could not be read',
        work: (c) => current(c, { verify: this.flags.verbose }),
        row: (r, _seen, target) => {
          // As one database sees the graph: at the end of a squashed range is at the squash.
          const view = scripts.revisionMapFor(r.heads);
          const atHeads = sameHeads(view.heads, view.map.heads);
          if (r.changedRevisions?.length) this.warnChanged(r.changedRevisions, false, target);
          return {
            to: r.heads,
            detail: atHeads ? 'at head' : 'not at head',
            failed: this.flags['check-heads'] && !atHeads,
            data: { database: r.database, heads: r.heads, atHeads, ...(r.changedRevisions ? { changedRevisions: r.changedRevisions } : {}) },
          };
        },
      });
    }
    const { heads, database, changedRevisions } = await current(config, { verify: this.flags.verbose });
    // The graph as this database sees it: a row at the end of a squashed range is at the squash.
    const view = ScriptDirectory.fromConfig(config).revisionMapFor(heads);
    const map = view.map;
    const stored = new Map(view.rewrites.flatMap((r) => (r.kind === 'update' ? [[r.to, r.from] as const] : [])));
    const known = view.heads.filter((h) => map.has(h)).map((h) => map.get(h));
    const unknown = view.heads.filter((h) => !map.has(h));
    const atHeads = sameHeads(view.heads, map.heads);
    if (this.flags.verbose) this.say(`Current revision(s) for ${database}:`);
    for (const rev of known) {
      const line = this.flags.verbose ? logEntry(rev) : revisionLine(rev, { branches: true, tree: false });
      this.say(stored.has(rev.id) ? `${line} (the version table says ${stored.get(rev.id)}, which it replaces)` : line);
    }
    for (const id of unknown) this.say(`${id} (not among the revision files)`);
    if (changedRevisions) this.warnChanged(changedRevisions);
    if (this.flags['check-heads'] && !atHeads) {
      const missing = map.heads.filter((h) => !view.heads.includes(h));
      throw new MigError('not-at-heads', `Database is not on all head revisions: it is at ${heads.join(', ') || 'base'}, the heads are ${map.heads.join(', ') || 'none'}`, {
        hint: missing.length ? `run \`mig upgrade heads\` (missing: ${missing.join(', ')})` : 'the database is at revisions that are not heads',
      });
    }
    return { database, heads, revisions: known.map((r) => revisionJson(r)), atHeads, ...(changedRevisions ? { changedRevisions } : {}) };
  }
}

function sameHeads(heads: readonly string[], scriptHeads: readonly string[]): boolean {
  const want = new Set(scriptHeads);
  return heads.length === want.size && heads.every((h) => want.has(h));
}
