import { Args, Flags } from '@oclif/core';
import { MigCommand } from '../cli/base-command';
import { nothingToRun, runFlags } from '../cli/run-output';
import { targetFlags, type TargetRow } from '../cli/targets';
import { upgrade, type RunResult } from '../runtime/migration';
import { ScriptDirectory } from '../script/script-directory';

export default class Upgrade extends MigCommand<typeof Upgrade> {
  static summary = 'Apply revisions up to a target.';
  static description = `TARGET is head, heads (every branch), +N (N more), an id or prefix, LABEL@head, REV+N ...
One transaction covers the run unless transaction_per_migration is set; a failing revision rolls
back and leaves the version table as it was. Concurrent runs wait for each other.
With --sql nothing connects: the SQL script is printed, and TARGET may be a range START:END.
Each step is recorded in the applied-revision log (log_table, default mig_log) with its file's
checksum; an applied revision whose file was edited or deleted since gets a warning line (online
runs; --allow-edited accepts it for this run, mig stamp --refresh-checksums REV from then on).`;
  static examples = [
    '<%= config.bin %> <%= command.id %> head',
    '<%= config.bin %> <%= command.id %> +1',
    '<%= config.bin %> <%= command.id %> billing@head',
    '<%= config.bin %> <%= command.id %> head --sql > upgrade.sql',
    '<%= config.bin %> <%= command.id %> ae1027a6acf:head --sql',
    '<%= config.bin %> <%= command.id %> head --all --concurrency 8   # every target of [mig:targets] / env.ts targets',
    '<%= config.bin %> <%= command.id %> head --targets eu,us',
  ];
  static enableJsonFlag = true;
  static args = {
    target: Args.string({ required: true, description: 'Revision to upgrade to.' }),
  };
  static flags = {
    ...runFlags,
    ...targetFlags,
    'allow-edited': Flags.boolean({ summary: 'Accept applied revisions edited or deleted since they ran (for this run).' }),
  };

  async run(): Promise<RunResult | { targets: Array<Omit<TargetRow, 'data'>> }> {
    const config = this.loadConfig();
    const allow = this.flags['allow-edited'];
    if (this.onManyTargets()) return this.runMigrationOnTargets(config, (c, options) => upgrade(c, this.args.target, options), allow);
    const result = await this.runMigration((options) => upgrade(config, this.args.target, { ...options, events: { ...options.events, changedRevisions: (c) => this.warnChanged(c, allow) } }));
    if (!this.flags.sql && !result.steps.length) this.say(nothingToRun('upgrade', this.args.target, result.heads, ScriptDirectory.fromConfig(config).revisionMap.heads));
    return result;
  }
}
