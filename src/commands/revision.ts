import { Flags } from '@oclif/core';
import { revision } from '../api';
import { MigCommand } from '../cli/base-command';
import { revisionJson, type RevisionJson } from '../cli/format';
import { displayPath } from '../config/config';

export default class Revision extends MigCommand<typeof Revision> {
  static summary = 'Create a new revision file.';
  static description = `Writes a revision from the project's script.ts.ejs whose down revision is the current head
(or --head). With several heads it refuses: name one with --head, or join them with \`mig merge heads\`.
Every check runs before the file is written.`;
  static examples = [
    '<%= config.bin %> <%= command.id %> -m "add users"',
    '<%= config.bin %> <%= command.id %> -m "start billing" --head base --branch-label billing',
    '<%= config.bin %> <%= command.id %> -m "more billing" --head billing@head',
    '<%= config.bin %> <%= command.id %> -m "fix" --head ae1027a6acf --splice',
  ];
  static enableJsonFlag = true;
  static flags = {
    message: Flags.string({ char: 'm', summary: 'Message: the first line of the header and the file name.' }),
    head: Flags.string({ summary: 'Revision the new one is based on: head (default), an id, LABEL@head, or base for a new root.', default: 'head' }),
    splice: Flags.boolean({ summary: 'Allow --head to be a revision that is not a head (starts a branch).' }),
    'branch-label': Flags.string({ summary: 'Branch label of the new revision; repeatable.', multiple: true, multipleNonGreedy: true }),
    'depends-on': Flags.string({ summary: 'Revision or branch label this one depends on; repeatable.', multiple: true, multipleNonGreedy: true }),
    'rev-id': Flags.string({ summary: 'Revision id to use instead of a random one.' }),
    'version-path': Flags.string({ summary: 'Version location to write to (one of version_locations).' }),
  };

  async run(): Promise<{ revision: RevisionJson; path: string }> {
    const config = this.loadConfig();
    const result = revision(config, {
      message: this.flags.message,
      head: this.flags.head,
      splice: this.flags.splice,
      branchLabels: this.flags['branch-label'],
      dependsOn: this.flags['depends-on'],
      revId: this.flags['rev-id'],
      versionPath: this.flags['version-path'],
    });
    this.say(`Generating ${displayPath(result.path)} ...  done`);
    for (const hook of result.hooks) this.say(`Running post write hook '${hook.name}' ...  done`);
    return { revision: revisionJson(result.revision), path: displayPath(result.path) };
  }
}
