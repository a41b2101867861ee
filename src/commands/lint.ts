import { Args, Flags } from '@oclif/core';
import { MigCommand } from '../cli/base-command';
import { MigError } from '../errors';
import { findingLine, lintDialect, lintRevisions, RULES, type LintReport } from '../lint';
import { current } from '../runtime/migration';

export default class Lint extends MigCommand<typeof Lint> {
  static summary = 'Flag operations that lose data or lock tables, in revisions not applied yet.';
  static description = `Runs each revision's upgrade(op) without a database, recording its operations, and
checks them: drops, narrowing or rewriting type changes, NOT NULL without a backfill, removed enum
values, indexes without CONCURRENTLY, constraints without NOT VALID, renames ... (mig lint --rules
lists them). Without RANGE the revisions the database has not applied yet are checked (this
connects to read the version table); --all checks every revision. Exit 1 on an error-level finding.
Silence one op with \`// mig-lint-disable RULE\` on the line above it, or set a rule's severity
(error, warning, off) in mig.ini's [lint] section.`;
  static examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --all --json',
    '<%= config.bin %> <%= command.id %> ae10:head --dialect postgres',
    '<%= config.bin %> <%= command.id %> --rules',
  ];
  static enableJsonFlag = true;
  static args = {
    range: Args.string({ required: false, description: 'START:END (either side optional).' }),
  };
  static flags = {
    all: Flags.boolean({ summary: 'Check every revision.', exclusive: ['range'] }),
    dialect: Flags.string({ summary: 'The database the revisions run on (default: from the url).', options: ['postgres', 'sqlite'] }),
    rules: Flags.boolean({ summary: 'List the rules and exit.' }),
  };

  async run(): Promise<LintReport | { rules: typeof RULES }> {
    if (this.flags.rules) {
      for (const r of RULES) this.log(`${r.id} (${r.severity}${r.dialects ? `, ${r.dialects.join('/')} only` : ''}): ${r.reason}. Fix: ${r.fix}. From ${r.source}.`);
      return { rules: RULES };
    }
    const config = this.loadConfig();
    const dialect = await lintDialect(config, this.flags.dialect);
    const range = this.args.range;
    const current_ = range === undefined && !this.flags.all ? (await current(config)).heads : undefined;
    const report = await lintRevisions(config, { range, all: this.flags.all, current: current_, dialect });
    const errors = report.findings.filter((f) => f.severity === 'error').length;
    if (this.jsonEnabled()) {
      // oclif prints what run() returns; exiting 1 returns nothing, so the report is printed here.
      if (errors) {
        this.logJson(report);
        this.exit(1);
      }
      return report;
    }
    for (const f of report.findings) this.log(findingLine(f));
    const summary = `${report.revisions.length} revision${report.revisions.length === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${report.findings.length - errors} warning${report.findings.length - errors === 1 ? '' : 's'}`;
    if (errors) throw new MigError('lint-failed', summary, { hint: 'fix them, or silence a reviewed one with // mig-lint-disable RULE above the op' });
    this.say(summary);
    return report;
  }
}
