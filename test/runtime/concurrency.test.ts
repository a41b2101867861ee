/**
 * Several deploys at once: eight `mig upgrade head` processes against one PostgreSQL database,
 * one MariaDB database (the GET_LOCK lock; no transactions there) and one SQLite file apply each
 * revision exactly once, all exit 0, and leave the version table right — with one transaction
 * per run and with one per revision.
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { BIN } from '../helpers/project';
import { eachDatabase, type RevisionSpec } from '../helpers/databases';

const PROCESSES = 8;

function migAsync(cwd: string, args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status: status ?? -1, stdout, stderr }));
  });
}

/** Five revisions; each creates a table and logs its own id, so a second run of one shows. */
function revisions(): RevisionSpec[] {
  const ids = ['c0000001', 'c0000002', 'c0000003', 'c0000004', 'c0000005'];
  return ids.map((id, i) => ({
    id,
    down: i ? ids[i - 1] : null,
    message: `step ${i + 1}`,
    upgrade: [
      i === 0 ? "  await op.createTable('ddl_log', [{ name: 'rev', type: 'varchar', length: 20 }]);" : '',
      `  await op.createTable('t_${id}', [{ name: 'id', type: 'int', primary: true }]);`,
      `  await op.bulkInsert('ddl_log', [{ rev: '${id}' }]);`,
    ].join('\n'),
    downgrade: `  await op.dropTable('t_${id}');${i === 0 ? "\n  await op.dropTable('ddl_log');" : ''}`,
  }));
}

eachDatabase('concurrent upgrades', (setup) => {
  for (const perMigration of [false, true]) {
    it(`${PROCESSES} processes at once apply each revision once${perMigration ? ' (transaction per migration)' : ''}`, async function () {
      this.timeout(120_000);
      const p = await setup(perMigration ? 'transaction_per_migration = true' : '');
      p.write(...revisions());
      const runs = await Promise.all(Array.from({ length: PROCESSES }, () => migAsync(p.dir, ['upgrade', 'head'])));
      for (const run of runs) expect(run.status, run.stderr).to.equal(0);
      const log = await p.db.query<{ rev: string; n: number | string }>('SELECT rev, COUNT(*) AS n FROM ddl_log GROUP BY rev ORDER BY rev');
      expect(log.map((r) => [r.rev, Number(r.n)])).to.deep.equal(revisions().map((r) => [r.id, 1]));
      expect(await p.db.versions()).to.deep.equal(['c0000005']);
      // Every revision ran in exactly one process; the others found nothing (left) to do.
      const ran = runs.flatMap((r) => r.stdout.match(/Running upgrade \S+ -> (\S+),/g) ?? []);
      expect(ran).to.have.length(5);
    });
  }
}, { dialects: ['sqlite', 'postgres', 'mysql'] });
