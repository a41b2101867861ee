import { Args, Flags } from '@oclif/core';
import { MigCommand } from '../cli/base-command';
import { runPrinter } from '../cli/run-output';
import { upgrade, type RunResult } from '../runtime/migration';

export default class Upgrade extends MigCommand<typeof Upgrade> {
  static summary = 'Apply revisions up to a target.';
  static description = `TARGET is head, heads (every branch), +N (N more), an id or prefix, LABEL@head, REV+N ...
One transaction covers the run unless transaction_per_migration is set; a failing revision rolls
back and leaves the version table as it was. Concurrent runs wait for each other.
With --sql nothing connects: the SQL script is printed, and TARGET may be a range START:END.`;
  static examples = [
    '<%= config.bin %> <%= command.id %> head',
    '<%= config.bin %> <%= command.id %> +1',
    '<%= config.bin %> <%= command.id %> billing@head',
    '<%= config.bin %> <%= command.id %> head --sql > upgrade.sql',
    '<%= config.bin %> <%= command.id %> ae1027a6acf:head --sql',
  ];
  static enableJsonFlag = true;
  static args = {
    target: Args.string({ required: true, description: 'Revision to upgrade to.' }),
  };
  static flags = {
    sql: Flags.boolean({ summary: 'Print the SQL instead of running it (offline).' }),
    tag: Flags.string({ summary: 'Free text passed to env.ts as context.config.cmdOpts.tag.' }),
    'lock-timeout': Flags.integer({ summary: 'Seconds to wait for another run to finish (default: wait).', min: 0 }),
    verbose: Flags.boolean({ char: 'v', summary: 'Print each SQL statement (and stack traces of errors).' }),
  };

  async run(): Promise<RunResult> {
    const printer = runPrinter({ quiet: this.flags.quiet || this.jsonEnabled() || this.flags.sql, verbose: this.flags.verbose });
    try {
      const result = await upgrade(this.loadConfig(), this.args.target, { sql: this.flags.sql, tag: this.flags.tag, lockTimeout: this.flags['lock-timeout'], events: printer.events });
      if (this.flags.sql && !this.jsonEnabled()) process.stdout.write(result.sql ?? '');
      return result;
    } catch (err) {
      printer.interrupted();
      throw err;
    }
  }
}
