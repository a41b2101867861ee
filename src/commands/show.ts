import { Args } from '@oclif/core';
import { show } from '../api';
import { MigCommand } from '../cli/base-command';
import { logEntry, revisionJson, type RevisionJson } from '../cli/format';
import { MigError } from '../errors';
import { current } from '../runtime/migration';
import { ScriptDirectory } from '../script/script-directory';

export default class Show extends MigCommand<typeof Show> {
  static summary = 'Show the full entry of a revision.';
  static examples = ['<%= config.bin %> <%= command.id %> ae10', '<%= config.bin %> <%= command.id %> head', '<%= config.bin %> <%= command.id %> current', '<%= config.bin %> <%= command.id %> billing@head --json'];
  static enableJsonFlag = true;
  static args = {
    rev: Args.string({ required: true, description: "Revision: an id or prefix, head, heads, LABEL@head, REV-1 ..., or current (the database's)." }),
  };

  async run(): Promise<RevisionJson[]> {
    const config = this.loadConfig();
    let revisions;
    let marked: Set<string> | undefined;
    if (this.args.rev === 'current') {
      // The graph as the database sees it (squashes): a row at the end of a squashed range names the squash.
      const view = ScriptDirectory.fromConfig(config).revisionMapFor((await current(config)).heads);
      if (!view.heads.length) throw new MigError('show-base', 'The database has no revision applied (it is at base)', { hint: 'run `mig upgrade head`' });
      marked = new Set(view.heads);
      revisions = view.map.revisions(view.heads);
    } else {
      revisions = show(config, this.args.rev);
    }
    for (const rev of revisions) this.say(logEntry(rev, marked));
    return revisions.map((r) => revisionJson(r));
  }
}
