import { Args, Flags } from '@oclif/core';
import { squash } from '../api';
import { MigCommand } from '../cli/base-command';
import { revisionJson, type RevisionJson } from '../cli/format';
import { displayPath } from '../config/config';
import { describeAll } from '../operations/ops';

export default class Squash extends MigCommand<typeof Squash> {
  static summary = 'Write one revision that replaces a range of revisions.';
  static description = `Writes a revision whose downRevision is BASE and whose \`replaces\` lists every revision after
BASE up to HEAD (branches and merges inside included). Its upgrade and downgrade are the ops
between the schemas the revisions build at BASE and at HEAD (their upgrades replayed, as
\`revision --autogenerate --offline\` does); nothing connects. The old files stay: a database
in the middle of the range continues through them, any other through the squash.
Refused, naming the revision: an upgrade that reads the database or runs SQL (op.execute),
bulkInsert, and a backfill or USING (data a squash would drop).`;
  static examples = ['<%= config.bin %> <%= command.id %> base:head -m "squash the first year"', '<%= config.bin %> <%= command.id %> ae10:27c6 -m "squash billing"'];
  static enableJsonFlag = true;
  static args = {
    range: Args.string({ required: true, description: 'BASE:HEAD: BASE is base or a revision, HEAD a revision or head.' }),
  };
  static flags = {
    message: Flags.string({ char: 'm', summary: 'Message of the squash revision.' }),
    'rev-id': Flags.string({ summary: 'Revision id to use instead of a random one.' }),
    'version-path': Flags.string({ summary: 'Version location to write to (one of version_locations).' }),
  };

  async run(): Promise<{ revision: RevisionJson; path: string; replaces: string[]; operations: string[] }> {
    const config = this.loadConfig();
    const result = await squash(config, { range: this.args.range, message: this.flags.message, revId: this.flags['rev-id'], versionPath: this.flags['version-path'] });
    const operations = describeAll(result.upgradeOps);
    this.say(`Replacing ${result.replaces.join(', ')}`);
    for (const line of operations) this.say(`Detected ${line}`);
    this.say(`Generating ${displayPath(result.path)} ...  done`);
    for (const hook of result.hooks) this.say(`Running post write hook '${hook.name}' ...  done`);
    return { revision: revisionJson(result.revision), path: displayPath(result.path), replaces: result.replaces, operations };
  }
}
