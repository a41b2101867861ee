import { Flags } from '@oclif/core';
import { history } from '../api';
import { MigCommand } from '../cli/base-command';
import { logEntry, revisionJson, revisionLine, type RevisionJson } from '../cli/format';

export default class History extends MigCommand<typeof History> {
  static summary = 'List revisions, newest first.';
  static description = `Reads only the revision files' headers: no env.ts, no database, no revision code runs.
A range is START:END with either side optional; START and END are ids, prefixes, base, heads,
LABEL@head, or relative (-3: for the last three).`;
  static examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> -r ae10:head',
    '<%= config.bin %> <%= command.id %> -r -3: --verbose',
    '<%= config.bin %> <%= command.id %> --json',
  ];
  static enableJsonFlag = true;
  static flags = {
    'rev-range': Flags.string({ char: 'r', summary: 'Range START:END (either side optional).' }),
    verbose: Flags.boolean({ char: 'v', summary: 'Full entries (and stack traces of errors).' }),
  };

  async run(): Promise<RevisionJson[]> {
    const revisions = history(this.loadConfig(), { range: this.flags['rev-range'] });
    for (const rev of revisions) {
      this.say(this.flags.verbose ? logEntry(rev) : revisionLine(rev, { parents: true, branches: true, doc: true }));
    }
    return revisions.map((r) => revisionJson(r));
  }
}
