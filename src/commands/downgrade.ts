import { Args, Flags } from '@oclif/core';
import { MigCommand } from '../cli/base-command';
import { runPrinter } from '../cli/run-output';
import { downgrade, type RunResult } from '../runtime/migration';

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
  static flags = {
    sql: Flags.boolean({ summary: 'Print the SQL instead of running it (offline).' }),
    tag: Flags.string({ summary: 'Free text passed to env.ts as context.config.cmdOpts.tag.' }),
    'lock-timeout': Flags.integer({ summary: 'Seconds to wait for another run to finish (default: wait).', min: 0 }),
    verbose: Flags.boolean({ char: 'v', summary: 'Print each SQL statement (and stack traces of errors).' }),
  };

  async run(): Promise<RunResult> {
    const printer = runPrinter({ quiet: this.flags.quiet || this.jsonEnabled() || this.flags.sql, verbose: this.flags.verbose });
    try {
      const result = await downgrade(this.loadConfig(), this.args.target, { sql: this.flags.sql, tag: this.flags.tag, lockTimeout: this.flags['lock-timeout'], events: printer.events });
      if (this.flags.sql && !this.jsonEnabled()) process.stdout.write(result.sql ?? '');
      return result;
    } catch (err) {
      printer.interrupted();
      throw err;
    }
  }
}
