import { Flags } from '@oclif/core';
import { heads } from '../api';
import { MigCommand } from '../cli/base-command';
import { logEntry, revisionJson, revisionLine, type RevisionJson } from '../cli/format';

export default class Heads extends MigCommand<typeof Heads> {
  static summary = 'Show the head revisions.';
  static description = `A revision that other revisions only depend on (depends_on) is shown as an effective head;
--resolve-dependencies leaves those out.`;
  static examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --verbose', '<%= config.bin %> <%= command.id %> --json'];
  static enableJsonFlag = true;
  static flags = {
    verbose: Flags.boolean({ char: 'v', summary: 'Full entries.' }),
    'resolve-dependencies': Flags.boolean({ summary: 'Leave out heads that other revisions depend on.' }),
  };

  async run(): Promise<RevisionJson[]> {
    const revisions = heads(this.loadConfig(), { resolveDependencies: this.flags['resolve-dependencies'] });
    for (const rev of revisions) this.say(this.flags.verbose ? logEntry(rev) : revisionLine(rev, { branches: true, tree: false }));
    return revisions.map((r) => revisionJson(r));
  }
}
