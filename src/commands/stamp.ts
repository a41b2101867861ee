import { Args, Flags } from '@oclif/core';
import { MigCommand } from '../cli/base-command';
import { runPrinter } from '../cli/run-output';
import { stamp, type RunResult } from '../runtime/migration';

export default class Stamp extends MigCommand<typeof Stamp> {
  static summary = 'Set the version table to revisions without running them.';
  static description = `For a database whose schema is already at a revision (made by hand, by synchronize, or by
another tool): record it. base empties the version table; heads stamps every head; --purge
empties the table first (for a version table pointing at revisions that no longer exist).`;
  static examples = ['<%= config.bin %> <%= command.id %> head', '<%= config.bin %> <%= command.id %> heads', '<%= config.bin %> <%= command.id %> ae1027a6acf --purge', '<%= config.bin %> <%= command.id %> base'];
  static enableJsonFlag = true;
  static strict = false;
  static args = {
    revisions: Args.string({ required: true, description: 'Revisions to stamp (ids, head, heads, base, LABEL@head).' }),
  };
  static flags = {
    sql: Flags.boolean({ summary: 'Print the SQL instead of running it (offline).' }),
    tag: Flags.string({ summary: 'Free text passed to env.ts as context.config.cmdOpts.tag.' }),
    purge: Flags.boolean({ summary: 'Empty the version table first.' }),
    'lock-timeout': Flags.integer({ summary: 'Seconds to wait for another run to finish (default: wait).', min: 0 }),
    verbose: Flags.boolean({ char: 'v', summary: 'Print each SQL statement (and stack traces of errors).' }),
  };

  async run(): Promise<RunResult> {
    const printer = runPrinter({ quiet: this.flags.quiet || this.jsonEnabled() || this.flags.sql, verbose: this.flags.verbose });
    try {
      const result = await stamp(this.loadConfig(), this.positionals, {
        sql: this.flags.sql,
        tag: this.flags.tag,
        purge: this.flags.purge,
        lockTimeout: this.flags['lock-timeout'],
        events: printer.events,
      });
      if (this.flags.sql && !this.jsonEnabled()) process.stdout.write(result.sql ?? '');
      return result;
    } catch (err) {
      printer.interrupted();
      throw err;
    }
  }
}
