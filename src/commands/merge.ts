import { Args, Flags } from '@oclif/core';
import { merge } from '../api';
import { MigCommand } from '../cli/base-command';
import { revisionJson, type RevisionJson } from '../cli/format';
import { displayPath } from '../config/config';

export default class Merge extends MigCommand<typeof Merge> {
  static summary = 'Merge two or more revisions into one with a merge revision.';
  static description = 'Writes an empty revision whose down revisions are the given ones; `heads` names every head.';
  static examples = ['<%= config.bin %> <%= command.id %> heads -m "join branches"', '<%= config.bin %> <%= command.id %> ae10 27c6 -m "merge ae10 and 27c6"'];
  static enableJsonFlag = true;
  static strict = false;
  static args = {
    revisions: Args.string({ required: true, description: 'Revisions to merge (ids, prefixes, LABEL@head, or heads).' }),
  };
  static flags = {
    message: Flags.string({ char: 'm', summary: 'Message of the merge revision.' }),
    'branch-label': Flags.string({ summary: 'Branch label of the merge revision.', multiple: true, multipleNonGreedy: true }),
    'rev-id': Flags.string({ summary: 'Revision id to use instead of a random one.' }),
  };

  async run(): Promise<{ revision: RevisionJson; path: string }> {
    const config = this.loadConfig();
    const result = merge(config, this.positionals, {
      message: this.flags.message,
      branchLabels: this.flags['branch-label'],
      revId: this.flags['rev-id'],
    });
    this.say(`Generating ${displayPath(result.path)} ...  done`);
    for (const hook of result.hooks) this.say(`Running post write hook '${hook.name}' ...  done`);
    return { revision: revisionJson(result.revision), path: displayPath(result.path) };
  }
}
