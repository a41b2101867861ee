/**
 * The views and generated columns example of docs/running.md, run as written in a revision on
 * both databases: it adds the column, creates the views (the materialized one a plain view on
 * SQLite) and their typeorm_metadata rows.
 */
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { eachDatabase } from '../helpers/databases';
import { mig, REPO } from '../helpers/project';

const RUNNING = fs.readFileSync(path.join(REPO, 'docs', 'running.md'), 'utf8');
const example = [...RUNNING.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]).find((b) => b.includes('op.createView'))!;

eachDatabase('docs/running.md views and generated columns example', (setup, dialect) => {
  it('runs as written: the generated column is computed, the views read it, typeorm_metadata records them', async () => {
    const p = await setup();
    p.write(
      {
        id: 'a00000000001',
        upgrade: `  await op.createTable('ranges', [{ name: 'id', type: 'int', primary: true }, { name: 'from', type: 'int' }, { name: 'to', type: 'int' }]);
  await op.bulkInsert('ranges', [{ id: 1, from: 1, to: 30 }, { id: 2, from: 1, to: 2 }]);`,
      },
      { id: 'b00000000002', down: 'a00000000001', upgrade: example },
    );
    const r = mig(p.dir, ['upgrade', 'head']);
    expect(r.status, r.stderr).to.equal(0);
    expect(await p.db.query('SELECT id, "length" FROM long_ranges')).to.deep.equal([{ id: 1, length: 29 }]);
    // count(*) is a bigint on PostgreSQL, which pg reads as a string.
    expect((await p.db.query<{ n: unknown }>('SELECT n FROM range_stats')).map((r) => Number(r.n))).to.deep.equal([2]);
    const rows = await p.db.query<{ type: string; name: string }>(`SELECT "type", "name" FROM typeorm_metadata ORDER BY "name"`);
    expect(rows).to.deep.equal([
      { type: 'GENERATED_COLUMN', name: 'length' },
      { type: 'VIEW', name: 'long_ranges' },
      { type: dialect === 'postgres' ? 'MATERIALIZED_VIEW' : 'VIEW', name: 'range_stats' },
    ]);
  });
});
