import { Args } from '@oclif/core';
import { MigCommand } from '../cli/base-command';
import { nothingToRun, runFlags } from '../cli/run-output';
import { targetFlags, type TargetRow } from '../cli/targets';
import { downgrade, type RunResult } from '../runtime/migration';
import { ScriptDirectory } from '../script/script-directory';

export default class Downgrade extends MigCommand<typeof Downgrade> {
  static summary = 'Revert revisions down to a target.';
  static description = `TARGET is -1 (the last revision), -N, base (everything), an id or prefix, LABEL@base,
LABEL@head-1, REV-N ... With several heads applied, a relative target must name its branch.
With --sql nothing connects: the SQL script is printed, and TARGET must be a range START:END.`;
  static examples = [
    '<%= config.bin %> <%= command.id %> -1',
    '<%= config.bin %> <%= command.id %> base',
    '<%= config.bin %> <%= command.id %> billing@base',
    '<%= config.bin %> <%= command.id %> head:base --sql',
  ];
  static enableJsonFlag = true;
  static args = {
    target: Args.string({ required: true, description: 'Revision to downgrade to.' }),
  };
  static flags = { ...runFlags, ...targetFlags };

  async run(): Promise<RunResult | { targets: Array<Omit<TargetRow, 'data'>> }> {
    const config = this.loadConfig();
    if (this.onManyTargets()) return this.runMigrationOnTargets(config, (c, options) => downgrade(c, this.args.target, options));
    const result = await this.runMigration((options) => downgrade(config, this.args.target, options));
    if (!this.flags.sql && !result.steps.length) this.say(nothingToRun('downgrade', this.args.target, result.heads, ScriptDirectory.fromConfig(config).revisionMap.heads));
    return result;
  }
}
