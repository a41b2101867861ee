import { Flags } from '@oclif/core';
import { history } from '../api';
import { MigCommand } from '../cli/base-command';
import { appliedLogLine, logEntry, revisionJson, revisionLine, type RevisionJson } from '../cli/format';
import { MigError } from '../errors';
import type { AppliedLogEntry } from '../runtime/checksums';
import { appliedLog, current } from '../runtime/migration';
import { ScriptDirectory } from '../script/script-directory';

export default class History extends MigCommand<typeof History> {
  static summary = 'List revisions, newest first.';
  static description = `Reads only the revision files' headers: no env.ts, no database, no revision code runs.
A range is START:END with either side optional; START and END are ids, prefixes, base, heads,
LABEL@head, relative (-3: for the last three), or current (the database's revision).
-i marks the revisions the database is at; it and 'current' read the version table.
--applied prints the database's applied-revision log instead (log_table, default mig_log): every
upgrade, downgrade, stamp and checksum refresh with its time (UTC), duration, the file's sha256
and mig's version, newest first as history lists revisions; --json gives the rows as objects.`;
  static examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> -r ae10:head',
    '<%= config.bin %> <%= command.id %> -r -3: --verbose',
    '<%= config.bin %> <%= command.id %> -i',
    '<%= config.bin %> <%= command.id %> -r current:',
    '<%= config.bin %> <%= command.id %> --json',
    '<%= config.bin %> <%= command.id %> --applied',
  ];
  static enableJsonFlag = true;
  static flags = {
    'rev-range': Flags.string({ char: 'r', summary: 'Range START:END (either side optional).' }),
    verbose: Flags.boolean({ char: 'v', summary: 'Full entries.' }),
    'indicate-current': Flags.boolean({ char: 'i', summary: "Mark the database's current revisions (connects to it)." }),
    applied: Flags.boolean({ summary: "Print the database's applied-revision log, newest first (connects to it).", exclusive: ['rev-range', 'indicate-current'] }),
  };

  async run(): Promise<Array<RevisionJson & { isCurrent?: boolean }> | AppliedLogEntry[]> {
    const config = this.loadConfig();
    if (this.flags.applied) return this.applied(config);
    const range = this.flags['rev-range'];
    const needsDatabase = this.flags['indicate-current'] || (range !== undefined && range.split(':').includes('current'));
    // A row at the end of a squashed range names the squash.
    const heads = needsDatabase ? ScriptDirectory.fromConfig(config).revisionMapFor((await current(config)).heads).heads : undefined;
    const marked = this.flags['indicate-current'] ? new Set(heads) : undefined;
    const revisions = history(config, { range, current: heads });
    for (const rev of revisions) {
      this.say(this.flags.verbose ? logEntry(rev, marked) : revisionLine(rev, { parents: true, branches: true, doc: true, current: marked }));
    }
    return revisions.map((r) => ({ ...revisionJson(r), ...(marked ? { isCurrent: marked.has(r.id) } : {}) }));
  }

  private async applied(config: ReturnType<History['loadConfig']>): Promise<AppliedLogEntry[]> {
    const { database, entries } = await appliedLog(config);
    const newestFirst = [...entries].reverse();
    if (!newestFirst.length) {
      this.say(`No applied-revision log in ${database} yet: upgrade, downgrade and stamp write it`);
      return [];
    }
    let map: ReturnType<typeof ScriptDirectory.fromConfig>['revisionMap'] | undefined;
    try {
      map = ScriptDirectory.fromConfig(config).revisionMap;
    } catch (err) {
      if (!(err instanceof MigError)) throw err;
    }
    for (const e of newestFirst) this.say(appliedLogLine(e, map?.has(e.revision) ? map.get(e.revision).source.message : undefined));
    return newestFirst;
  }
}
