import { Flags } from '@oclif/core';
import { history } from '../api';
import { MigCommand } from '../cli/base-command';
import { logEntry, revisionJson, revisionLine, type RevisionJson } from '../cli/format';
import { current } from '../runtime/migration';

export default class History extends MigCommand<typeof History> {
  static summary = 'List revisions, newest first.';
  static description = `Reads only the revision files' headers: no env.ts, no database, no revision code runs.
A range is START:END with either side optional; START and END are ids, prefixes, base, heads,
LABEL@head, relative (-3: for the last three), or current (the database's revision).
-i marks the revisions the database is at; it and 'current' read the version table.`;
  static examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> -r ae10:head',
    '<%= config.bin %> <%= command.id %> -r -3: --verbose',
    '<%= config.bin %> <%= command.id %> -i',
    '<%= config.bin %> <%= command.id %> -r current:',
    '<%= config.bin %> <%= command.id %> --json',
  ];
  static enableJsonFlag = true;
  static flags = {
    'rev-range': Flags.string({ char: 'r', summary: 'Range START:END (either side optional).' }),
    verbose: Flags.boolean({ char: 'v', summary: 'Full entries.' }),
    'indicate-current': Flags.boolean({ char: 'i', summary: "Mark the database's current revisions (connects to it)." }),
  };

  async run(): Promise<Array<RevisionJson & { isCurrent?: boolean }>> {
    const config = this.loadConfig();
    const range = this.flags['rev-range'];
    const needsDatabase = this.flags['indicate-current'] || (range !== undefined && range.split(':').includes('current'));
    const heads = needsDatabase ? (await current(config)).heads : undefined;
    const marked = this.flags['indicate-current'] ? new Set(heads) : undefined;
    const revisions = history(config, { range, current: heads });
    for (const rev of revisions) {
      this.say(this.flags.verbose ? logEntry(rev, marked) : revisionLine(rev, { parents: true, branches: true, doc: true, current: marked }));
    }
    return revisions.map((r) => ({ ...revisionJson(r), ...(marked ? { isCurrent: marked.has(r.id) } : {}) }));
  }
}
