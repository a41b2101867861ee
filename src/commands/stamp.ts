import { Args, Flags } from '@oclif/core';
import { MigCommand } from '../cli/base-command';
import { runFlags } from '../cli/run-output';
import { targetFlags, type TargetRow } from '../cli/targets';
import { stamp, type RunResult } from '../runtime/migration';

export default class Stamp extends MigCommand<typeof Stamp> {
  static summary = 'Set the version table to revisions without running them.';
  static description = `For a database whose schema is already at a revision (made by hand, by synchronize, or by
another tool): record it. base empties the version table; heads stamps every head; --purge
empties the table first (for a version table pointing at revisions that no longer exist).
Stamps are recorded in the applied-revision log. --refresh-checksums leaves the version table
alone and records the current checksum of each named applied revision (or accepts a deleted one),
so that an edit reviewed after it ran is no longer reported.`;
  static examples = ['<%= config.bin %> <%= command.id %> head', '<%= config.bin %> <%= command.id %> heads', '<%= config.bin %> <%= command.id %> ae1027a6acf --purge', '<%= config.bin %> <%= command.id %> base', '<%= config.bin %> <%= command.id %> --refresh-checksums ae1027a6acf'];
  static enableJsonFlag = true;
  static strict = false;
  static args = {
    revisions: Args.string({ required: true, description: 'Revisions to stamp (ids, head, heads, base, LABEL@head).' }),
  };
  static flags = {
    ...runFlags,
    ...targetFlags,
    purge: Flags.boolean({ summary: 'Empty the version table first.' }),
    'refresh-checksums': Flags.boolean({ summary: "Record the named applied revisions' current checksums in the log; the version table is not changed." }),
  };

  async run(): Promise<RunResult | { targets: Array<Omit<TargetRow, 'data'>> }> {
    const refresh = this.flags['refresh-checksums'];
    const options = { purge: this.flags.purge, refreshChecksums: refresh };
    if (this.onManyTargets()) return this.runMigrationOnTargets(this.loadConfig(), (c, run) => stamp(c, this.positionals, { ...run, ...options }));
    const result = await this.runMigration((options) => stamp(this.loadConfig(), this.positionals, { ...options, purge: this.flags.purge, refreshChecksums: refresh }));
    if (refresh) this.say(result.refreshed?.length ? `Recorded the current checksum of ${result.refreshed.join(', ')}` : 'Nothing recorded: the database has no version table yet');
    return result;
  }
}
