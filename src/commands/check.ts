import { checkWithLint } from '../autogenerate';
import { MigCommand } from '../cli/base-command';
import { MigError } from '../errors';
import type { Finding } from '../lint/rules';
import { describe, describeAll, type Op } from '../operations/ops';

export default class Check extends MigCommand<typeof Check> {
  static summary = 'Fail if the entities and the database differ (for CI).';
  static description = `Runs the comparison of revision --autogenerate without writing anything: exit 0 with
"No new upgrade operations detected." when the entities and the database agree, otherwise exit 1
and the operations a new revision would contain. The database must be at the head.`;
  static examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json'];
  static enableJsonFlag = true;

  async run(): Promise<{ operations: Array<{ description: string; op: Op }>; lint?: Finding[] }> {
    const progress = this.progress();
    const { ops, findings } = await checkWithLint(this.loadConfig(), { onProgress: progress }).finally(() => progress());
    const operations = ops.map((op) => ({ description: describe(op), op }));
    if (!ops.length) {
      this.say('No new upgrade operations detected.');
      return { operations };
    }
    if (this.jsonEnabled()) {
      this.logJson({ operations, lint: findings });
      this.exit(1);
    }
    const lines = describeAll(ops);
    for (const line of lines) this.log(`Detected ${line}`);
    if (findings.length) {
      const errors = findings.filter((f) => f.severity === 'error').length;
      const rules = [...new Set(findings.map((f) => f.rule))].join(', ');
      const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
      this.log(`Lint: ${plural(findings.length, 'finding')} on these operations (${plural(errors, 'error')}, ${plural(findings.length - errors, 'warning')}: ${rules}); autogenerate marks them with // mig-lint comments`);
    }
    throw new MigError('check-failed', `New upgrade operations detected: ${lines.length} (listed above)`, {
      hint: 'run `mig revision --autogenerate -m "..."` and review the file',
    });
  }
}
