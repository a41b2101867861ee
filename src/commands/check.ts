import { Flags } from '@oclif/core';
import { checkWithLint } from '../autogenerate';
import { MigCommand } from '../cli/base-command';
import { targetFlags, type TargetRow } from '../cli/targets';
import { MigError } from '../errors';
import type { Finding } from '../lint/rules';
import { describe, describeAll, type Op } from '../operations/ops';
import type { ChangedRevision } from '../runtime/checksums';
import { checkAppliedRevisions } from '../runtime/migration';

export default class Check extends MigCommand<typeof Check> {
  static summary = 'Fail if the entities and the database differ (for CI).';
  static description = `Runs the comparison of revision --autogenerate without writing anything: exit 0 with
"No new upgrade operations detected." when the entities and the database agree, otherwise exit 1
and the operations a new revision would contain. The database must be at the head.
--offline compares with the schema the revisions build instead (no database): whether the
revision files cover the entities.
Also exit 1 when an applied revision's file was edited or deleted since the applied-revision log
recorded it (one line each; --allow-edited accepts them for this run).`;
  static examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --all   # every target of [mig:targets] / env.ts targets', '<%= config.bin %> <%= command.id %> -v   # each lint finding with its reason and fix', '<%= config.bin %> <%= command.id %> --offline   # do the revision files cover the entities? (no database)', '<%= config.bin %> <%= command.id %> --json'];
  static enableJsonFlag = true;
  static flags = {
    'allow-edited': Flags.boolean({ summary: 'Accept applied revisions edited or deleted since they ran (for this run).' }),
    offline: Flags.boolean({ summary: 'Compare the entities with the schema the revisions build (their upgrades replayed), not a database.' }),
    ...targetFlags,
  };

  async run(): Promise<{ operations: Array<{ description: string; op: Op }>; lint?: Finding[]; changedRevisions: ChangedRevision[] } | { targets: Array<Omit<TargetRow, 'data'>> }> {
    const config = this.loadConfig();
    const allow = this.flags['allow-edited'];
    const offline = this.flags.offline;
    if (this.onManyTargets()) {
      if (offline) throw new MigError('usage', '--offline reads no database, so it has no targets to run on', { hint: 'drop --all/--targets, or --offline' });
      return this.runOnTargets(config, {
        moves: false,
        hint: 'each differs from the entities (its row says how) or could not be checked; `mig upgrade head --targets NAME` brings one to the head',
        work: async (c) => ({ changed: await checkAppliedRevisions(c), ops: (await checkWithLint(c, {})).ops }),
        row: ({ changed, ops }, _seen, target) => {
          this.warnChanged(changed, allow, target);
          const edited = changed.length > 0 && !allow;
          const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
          const detail = [ops.length ? `${plural(ops.length, 'new upgrade operation')}: ${describeAll(ops).join('; ')}` : '', edited ? `${plural(changed.length, 'applied revision')} edited or deleted` : ''].filter(Boolean).join('; ');
          return { detail: detail || 'no new upgrade operations', failed: Boolean(detail), data: { operations: ops.map((op) => ({ description: describe(op), op })), changedRevisions: changed } };
        },
      });
    }
    // Offline there is no database: no applied revision to compare with its file.
    const changedRevisions = offline ? [] : await checkAppliedRevisions(config);
    this.warnChanged(changedRevisions, allow);
    const progress = this.progress();
    const { ops, findings } = await checkWithLint(config, { onProgress: progress, offline }).finally(() => progress());
    const operations = ops.map((op) => ({ description: describe(op), op }));
    const edited = changedRevisions.length > 0 && !allow;
    if (!ops.length) {
      this.say('No new upgrade operations detected.');
      if (!edited) return { operations, changedRevisions };
    }
    if (this.jsonEnabled()) {
      this.logJson({ operations, ...(ops.length ? { lint: findings } : {}), changedRevisions });
      this.exit(1);
    }
    if (!ops.length) {
      throw new MigError('check-edited', `${changedRevisions.length} applied revision${changedRevisions.length === 1 ? ' was' : 's were'} edited or deleted after ${changedRevisions.length === 1 ? 'it' : 'they'} ran (listed above)`, {
        hint: 'review each change, then `mig stamp --refresh-checksums REV` (or --allow-edited for this run)',
      });
    }
    const lines = describeAll(ops);
    for (const line of lines) this.log(`Detected ${line}`);
    if (findings.length) {
      const errors = findings.filter((f) => f.severity === 'error').length;
      const rules = [...new Set(findings.map((f) => f.rule))].join(', ');
      const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
      this.log(`Lint: ${plural(findings.length, 'finding')} on these operations (${plural(errors, 'error')}, ${plural(findings.length - errors, 'warning')}: ${rules}); autogenerate marks them with // mig-lint comments`);
      // --verbose: each finding, as mig lint gives it.
      if (this.flags.verbose) for (const f of findings) this.log(`  ${f.severity} ${f.rule}: ${f.subject}: ${f.reason}; fix: ${f.fix}`);
    }
    throw new MigError('check-failed', `New upgrade operations detected: ${lines.length} (listed above)`, {
      hint: 'run `mig revision --autogenerate -m "..."` and review the file',
    });
  }
}
