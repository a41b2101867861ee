import { check } from '../autogenerate';
import { MigCommand } from '../cli/base-command';
import { MigError } from '../errors';
import { describe, describeAll, type Op } from '../operations/ops';

export default class Check extends MigCommand<typeof Check> {
  static summary = 'Fail if the entities and the database differ (for CI).';
  static description = `Runs the comparison of revision --autogenerate without writing anything: exit 0 with
"No new upgrade operations detected." when the entities and the database agree, otherwise exit 1
and the operations a new revision would contain. The database must be at the head.`;
  static examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json'];
  static enableJsonFlag = true;

  async run(): Promise<{ operations: Array<{ description: string; op: Op }> }> {
    const progress = this.progress();
    const ops = await check(this.loadConfig(), { onProgress: progress }).finally(() => progress());
    const operations = ops.map((op) => ({ description: describe(op), op }));
    if (!ops.length) {
      this.say('No new upgrade operations detected.');
      return { operations };
    }
    if (this.jsonEnabled()) {
      this.logJson({ operations });
      this.exit(1);
    }
    const lines = describeAll(ops);
    for (const line of lines) this.log(`Detected ${line}`);
    throw new MigError('check-failed', `New upgrade operations detected: ${lines.length} (listed above)`, {
      hint: 'run `mig revision --autogenerate -m "..."` and review the file',
    });
  }
}
