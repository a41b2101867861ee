import { Flags } from '@oclif/core';
import { branches } from '../api';
import { MigCommand } from '../cli/base-command';
import { logEntry, revisionJson, revisionLine, type RevisionJson } from '../cli/format';

export default class Branches extends MigCommand<typeof Branches> {
  static summary = 'Show the branch points and where they lead.';
  static examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json'];
  static enableJsonFlag = true;
  static flags = {
    verbose: Flags.boolean({ char: 'v', summary: 'Full entries.' }),
  };

  async run(): Promise<Array<{ revision: RevisionJson; children: RevisionJson[] }>> {
    const points = branches(this.loadConfig());
    for (const point of points) {
      this.say(this.flags.verbose ? logEntry(point.revision) : revisionLine(point.revision, { branches: true }));
      const pad = ' '.repeat(point.revision.id.length);
      for (const child of point.children) this.say(`${pad} -> ${revisionLine(child, { branches: true, doc: this.flags.verbose })}`);
    }
    return points.map((p) => ({ revision: revisionJson(p.revision), children: p.children.map((c) => revisionJson(c)) }));
  }
}
