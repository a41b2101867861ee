import { Args } from '@oclif/core';
import { show } from '../api';
import { MigCommand } from '../cli/base-command';
import { logEntry, revisionJson, type RevisionJson } from '../cli/format';

export default class Show extends MigCommand<typeof Show> {
  static summary = 'Show the full entry of a revision.';
  static examples = ['<%= config.bin %> <%= command.id %> ae10', '<%= config.bin %> <%= command.id %> head', '<%= config.bin %> <%= command.id %> billing@head --json'];
  static enableJsonFlag = true;
  static args = {
    rev: Args.string({ required: true, description: 'Revision: an id or prefix, head, heads, LABEL@head, REV-1 ...' }),
  };

  async run(): Promise<RevisionJson[]> {
    const revisions = show(this.loadConfig(), this.args.rev);
    for (const rev of revisions) this.say(logEntry(rev));
    return revisions.map((r) => revisionJson(r));
  }
}
