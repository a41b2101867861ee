/**
 * The extensions / exclusion / index method / deferrable unique example of docs/running.md, run
 * as written in a revision on both databases: PostgreSQL builds each, SQLite runs the same file
 * and leaves them out.
 */
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { eachDatabase } from '../helpers/databases';
import { mig, REPO } from '../helpers/project';

const RUNNING = fs.readFileSync(path.join(REPO, 'docs', 'running.md'), 'utf8');
const example = [...RUNNING.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]).find((b) => b.includes('op.createExtension'))!;

eachDatabase('docs/running.md PostgreSQL-only example', (setup, dialect) => {
  it(dialect === 'postgres' ? 'runs as written: the extension, the exclusion, the GiST index and the deferrable unique exist' : 'runs as written: SQLite leaves them out, the tables and a plain index stay', async () => {
    const p = await setup();
    p.write(
      {
        id: 'a00000000001',
        upgrade: `  await op.createTable('bookings', [{ name: 'id', type: 'int', primary: true }, { name: 'room', type: 'int' }, { name: 'from', type: 'int' }, { name: 'to', type: 'int' }]);
  await op.createTable('places', [{ name: 'id', type: 'int', primary: true }, { name: 'at', type: '${dialect === 'postgres' ? 'point' : 'text'}' }]);
  await op.createTable('codes', [{ name: 'id', type: 'int', primary: true }, { name: 'code', type: 'varchar(20)' }]);`,
      },
      { id: 'b00000000002', down: 'a00000000001', upgrade: example },
    );
    const r = mig(p.dir, ['upgrade', 'head']);
    expect(r.status, r.stderr).to.equal(0);
    if (dialect === 'postgres') {
      expect(await p.db.query(`SELECT extname FROM pg_extension WHERE extname = 'btree_gist'`)).to.have.length(1);
      expect(await p.db.query(`SELECT conname, contype, condeferrable, condeferred FROM pg_constraint WHERE conname IN ('EXC_bookings_room', 'UQ_codes_code') ORDER BY 1`)).to.deep.equal([
        { conname: 'EXC_bookings_room', contype: 'x', condeferrable: false, condeferred: false },
        { conname: 'UQ_codes_code', contype: 'u', condeferrable: true, condeferred: true },
      ]);
      expect(await p.db.query(`SELECT am.amname FROM pg_class c JOIN pg_am am ON am.oid = c.relam WHERE c.relname = 'IDX_places_at'`)).to.deep.equal([{ amname: 'gist' }]);
    } else {
      expect(await p.db.query(`SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'IDX_places_at'`)).to.deep.equal([{ name: 'IDX_places_at' }]);
      expect(await p.db.query(`SELECT sql FROM sqlite_master WHERE name = 'bookings'`)).to.satisfy((rows: Array<{ sql: string }>) => !/EXCLUDE/i.test(rows[0].sql));
    }
  });
});
