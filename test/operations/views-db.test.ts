/**
 * Views and generated columns on a real SQLite file and a real PostgreSQL database: each op
 * compiled by its dialect and run the way the runtime runs a revision (./targets.ts), read back
 * from the catalogs, the data and TypeORM's typeorm_metadata rows, then its reverse run: the
 * schema and the rows must be as before.
 */
import { expect } from 'chai';
import { postgres } from '../../src/dialects/postgres';
import { sqlite } from '../../src/dialects/sqlite';
import { MigError } from '../../src/errors';
import type { Operations } from '../../src/operations/api';
import { reverse } from '../../src/operations/reverse';
import type { Op } from '../../src/operations/ops';
import { openPostgres, openSqlite, opsOf, rejects, type Row, type Target } from './targets';

interface MetadataRow {
  type: string;
  database: string | null;
  schema: string | null;
  table: string | null;
  name: string;
  value: string;
}

async function hasTable(db: Target, name: string): Promise<boolean> {
  const rows = db.name === 'postgres' ? await db.query(`SELECT to_regclass($1) AS t`, [name]) : await db.query(`SELECT name AS t FROM sqlite_master WHERE type = 'table' AND name = ?`, [name]);
  return rows.length > 0 && rows[0].t !== null;
}

/** typeorm_metadata's rows (none when the table does not exist), sorted. */
async function metadataRows(db: Target, table = 'typeorm_metadata'): Promise<MetadataRow[]> {
  if (!(await hasTable(db, table))) return [];
  const rows = await db.query<MetadataRow>(`SELECT "type", "database", "schema", "table", "name", "value" FROM "${table}" ORDER BY "type", "table", "name"`);
  return rows;
}

/** The views (name, kind) of the database. */
async function views(db: Target): Promise<Array<{ name: string; kind: string }>> {
  if (db.name === 'postgres') {
    return db.query(`SELECT c.relname AS name, c.relkind::text AS kind FROM pg_class c WHERE c.relkind IN ('v', 'm') AND c.relnamespace = 'public'::regnamespace ORDER BY 1`);
  }
  return db.query(`SELECT name, type AS kind FROM sqlite_master WHERE type = 'view' ORDER BY name`);
}

/** Everything but TypeORM's bookkeeping table, whose rows are checked on their own. */
async function schemaWithoutMetadata(db: Target): Promise<unknown> {
  const all = (await db.schema()) as Record<string, unknown[]>;
  const keep = (x: unknown) => !JSON.stringify(x).includes('typeorm_metadata');
  const out: Record<string, unknown[]> = {};
  for (const [k, v] of Object.entries(all)) out[k] = v.filter(keep);
  if (db.name === 'postgres') out.views = await views(db);
  return out;
}

/** Runs `fn`, then `check`, then the reverse of its ops: the schema and typeorm_metadata's rows are as before. */
async function roundTrip(db: Target, fn: (op: Operations) => Promise<void>, check: () => Promise<void>): Promise<Op[]> {
  const before = await schemaWithoutMetadata(db);
  const rowsBefore = await metadataRows(db);
  const ops = await db.run(fn);
  await check();
  await db.apply(...ops.map(reverse).reverse());
  expect(await schemaWithoutMetadata(db)).to.deep.equal(before);
  expect(await metadataRows(db)).to.deep.equal(rowsBefore);
  return ops;
}

const numbers = (rows: Row[], key: string) => rows.map((r) => (r[key] === null ? null : Number(r[key])));

async function ranges(db: Target): Promise<void> {
  await db.run(async (op) => {
    await op.createTable('ranges', [
      { name: 'id', type: 'int', primary: true },
      { name: 'from', type: 'int' },
      { name: 'to', type: 'int' },
    ]);
    await op.bulkInsert('ranges', [
      { id: 1, from: 1, to: 5 },
      { id: 2, from: 10, to: 30 },
    ]);
  });
}

for (const name of ['sqlite', 'postgres'] as const) {
  const pg = name === 'postgres';

  describe(`views and generated columns on a real database (${name})`, function () {
    this.timeout(60_000);
    let db: Target;
    let version = 0;
    beforeEach(async () => {
      db = pg ? await openPostgres() : await openSqlite();
      version = db.ctx.serverVersion ?? 0;
    });
    afterEach(async () => db.close());

    describe('createView and dropView', () => {
      it('creates a view that reads its table, records it in typeorm_metadata as synchronize does, and its reverse drops both', async () => {
        await ranges(db);
        const definition = 'SELECT "id", "to" - "from" AS "length" FROM "ranges" WHERE "to" > 6';
        await roundTrip(
          db,
          (op) => op.createView('long_ranges', `\n  ${definition}\n`),
          async () => {
            expect(await views(db)).to.deep.equal([{ name: 'long_ranges', kind: pg ? 'v' : 'view' }]);
            expect(numbers(await db.query('SELECT "length" FROM long_ranges'), 'length')).to.deep.equal([20]);
            // TypeORM's own rows: its expression trimmed; PostgreSQL names the schema.
            expect(await metadataRows(db)).to.deep.equal([{ type: 'VIEW', database: null, schema: pg ? 'public' : null, table: null, name: 'long_ranges', value: definition }]);
          },
        );
      });

      it(pg ? 'creates a materialized view with its indexes, filled from its table' : 'creates a materialized view as the plain view TypeORM makes on SQLite, recorded as a VIEW', async () => {
        await ranges(db);
        const definition = 'SELECT count(*) AS n, max("to") AS top FROM "ranges"';
        await roundTrip(
          db,
          (op) => op.createView('range_stats', definition, { materialized: true, indexes: [{ name: 'IDX_range_stats_n', columns: ['n'], unique: true }] }),
          async () => {
            expect(await views(db)).to.deep.equal([{ name: 'range_stats', kind: pg ? 'm' : 'view' }]);
            expect(numbers(await db.query('SELECT n FROM range_stats'), 'n')).to.deep.equal([2]);
            expect((await metadataRows(db)).map((r) => [r.type, r.name, r.value])).to.deep.equal([[pg ? 'MATERIALIZED_VIEW' : 'VIEW', 'range_stats', definition]]);
            if (pg) {
              const [index] = await db.query(`SELECT indexdef FROM pg_indexes WHERE tablename = 'range_stats'`);
              expect(index.indexdef).to.equal('CREATE UNIQUE INDEX "IDX_range_stats_n" ON public.range_stats USING btree (n)');
            }
          },
        );
      });

      it('drops a view with its definition, and the reverse creates it again from that definition', async () => {
        await ranges(db);
        await db.run((op) => op.createView('ids', 'SELECT "id" FROM "ranges"'));
        await roundTrip(
          db,
          (op) => op.dropView('ids', { existing: { definition: 'SELECT "id" FROM "ranges"' } }),
          async () => {
            expect(await views(db)).to.deep.equal([]);
            expect(await metadataRows(db)).to.deep.equal([]);
          },
        );
        // The reverse recorded it again.
        expect(await views(db)).to.deep.equal([{ name: 'ids', kind: pg ? 'v' : 'view' }]);
      });

      it('a view reading another view: created after it, dropped before it', async () => {
        await ranges(db);
        await roundTrip(
          db,
          async (op) => {
            await op.createView('ids', 'SELECT "id", "to" FROM "ranges"');
            await op.createView('big_ids', 'SELECT "id" FROM "ids" WHERE "to" > 6');
          },
          async () => {
            expect(numbers(await db.query('SELECT id FROM big_ids'), 'id')).to.deep.equal([2]);
            expect((await metadataRows(db)).map((r) => r.name)).to.deep.equal(['big_ids', 'ids']);
          },
        );
      });

      it('writes the rows into the metadata table the DataSource names (metadataTableName)', async () => {
        await ranges(db);
        const ops = await opsOf(db.name, (op) => op.createView('ids', 'SELECT "id" FROM "ranges"'));
        const ctx = { ...db.ctx, typeormMetadataTable: { name: 'app_metadata' } };
        for (const s of await db.dialect.compile(ops[0], ctx)) await db.query(s.sql);
        expect(await hasTable(db, 'typeorm_metadata')).to.equal(false);
        expect((await metadataRows(db, 'app_metadata')).map((r) => r.name)).to.deep.equal(['ids']);
      });

      it('creating a view twice keeps one row; a failed revision leaves neither the view nor its row', async () => {
        await ranges(db);
        const [create] = await opsOf(db.name, (op) => op.createView('ids', 'SELECT "id" FROM "ranges"'));
        const statements = await db.dialect.compile(create, db.ctx);
        const rows = statements.filter((s) => /^INSERT INTO "typeorm_metadata"/.test(s.sql));
        expect(rows).to.have.length(1);
        // The row first removes any row of its key.
        const i = statements.indexOf(rows[0]);
        expect(statements[i - 1].sql).to.match(/^DELETE FROM "typeorm_metadata" WHERE "type" = 'VIEW' AND "name" = 'ids'/);

        await rejects(db.run(async (op) => {
          await op.createView('ids', 'SELECT "id" FROM "ranges"');
          await op.execute('SELECT * FROM no_such_table');
        }));
        expect(await views(db)).to.deep.equal([]);
        expect(await metadataRows(db)).to.deep.equal([]);
      });

      it('refuses a view without a definition, and indexes on a plain view, in one line', async () => {
        const empty = await rejects(opsOf(db.name, (op) => op.createView('v', '  ')));
        expect(empty).to.be.instanceOf(MigError);
        expect(empty.message).to.equal('createView v: needs its definition (a SELECT)');
        const indexed = await rejects(opsOf(db.name, (op) => op.createView('v', 'SELECT 1', { indexes: [{ name: 'i', columns: ['a'] }] })));
        expect(indexed.message).to.equal('createView v: only a materialized view has indexes');
      });
    });

    describe('generated columns', () => {
      it('creates stored (and on SQLite virtual) generated columns that compute their values, recorded in typeorm_metadata', async () => {
        await roundTrip(
          db,
          (op) =>
            op.createTable('spans', [
              { name: 'id', type: 'int', primary: true },
              { name: 'from', type: 'int' },
              { name: 'to', type: 'int' },
              { name: 'length', type: 'int', asExpression: '"to" - "from"', generatedType: 'STORED' },
              ...(pg ? [] : [{ name: 'total', type: 'int', nullable: true, asExpression: '"to" + "from"', generatedType: 'VIRTUAL' as const }]),
            ]),
          async () => {
            await db.query(`INSERT INTO spans (id, "from", "to") VALUES (1, 2, 7)`);
            const [row] = await db.query('SELECT * FROM spans');
            expect(Number(row.length)).to.equal(5);
            if (!pg) expect(Number(row.total)).to.equal(9);
            // A generated column takes no value.
            await rejects(db.query(`INSERT INTO spans (id, "from", "to", "length") VALUES (2, 1, 1, 0)`));
            const meta = await metadataRows(db);
            expect(meta.map((r) => [r.type, r.table, r.name, r.value])).to.deep.equal([
              ['GENERATED_COLUMN', 'spans', 'length', '"to" - "from"'],
              ...(pg ? [] : [['GENERATED_COLUMN', 'spans', 'total', '"to" + "from"']]),
            ]);
            if (pg) {
              const [{ current_database }] = await db.query('SELECT current_database()');
              expect([meta[0].database, meta[0].schema]).to.deep.equal([current_database, 'public']);
            } else {
              expect([meta[0].database, meta[0].schema]).to.deep.equal([null, null]);
            }
          },
        );
      });

      it('adds a stored generated column to a table with rows (SQLite: a rebuild that keeps them), computed for each row', async () => {
        await ranges(db);
        const ops = await roundTrip(
          db,
          (op) => op.addColumn('ranges', { name: 'length', type: 'int', asExpression: '"to" - "from"', generatedType: 'STORED' }),
          async () => {
            expect(numbers(await db.query('SELECT "length" FROM ranges ORDER BY id'), 'length')).to.deep.equal([4, 20]);
            expect((await metadataRows(db)).map((r) => r.name)).to.deep.equal(['length']);
          },
        );
        const statements = await db.dialect.compile(ops[0], db.ctx);
        if (!pg) expect(statements.some((s) => /^CREATE TABLE "_mig_tmp_ranges"/.test(s.sql))).to.equal(true);
        expect(numbers(await db.query('SELECT id FROM ranges ORDER BY id'), 'id')).to.deep.equal([1, 2]);
      });

      if (!pg) {
        it('adds a virtual generated column in place, NOT NULL too', async () => {
          await ranges(db);
          const [add] = await opsOf('sqlite', (op) => op.addColumn('ranges', { name: 'total', type: 'int', asExpression: '"to" + "from"' }));
          const statements = await sqlite.compile(add, db.ctx);
          expect(statements[0].sql).to.equal('ALTER TABLE "ranges" ADD COLUMN "total" integer NOT NULL AS ("to" + "from") VIRTUAL');
          await roundTrip(
            db,
            async (op) => op.invoke(add),
            async () => {
              expect(numbers(await db.query('SELECT total FROM ranges ORDER BY id'), 'total')).to.deep.equal([6, 40]);
            },
          );
        });
      }

      it('makes a generated column plain keeping its values, and the reverse computes them again', async () => {
        await ranges(db);
        await db.run((op) => op.addColumn('ranges', { name: 'length', type: 'int', asExpression: '"to" - "from"', generatedType: 'STORED' }));
        await roundTrip(
          db,
          (op) => op.alterColumn('ranges', 'length', { asExpression: null, existingType: 'int', existingNullable: false, existingAsExpression: '"to" - "from"', existingGeneratedType: 'STORED' }),
          async () => {
            expect(numbers(await db.query('SELECT "length" FROM ranges ORDER BY id'), 'length')).to.deep.equal([4, 20]);
            // A plain column now: it takes values, and its row is gone.
            await db.query(`UPDATE ranges SET "length" = 0 WHERE id = 1`);
            expect(numbers(await db.query('SELECT "length" FROM ranges ORDER BY id'), 'length')).to.deep.equal([0, 20]);
            expect(await metadataRows(db)).to.deep.equal([]);
          },
        );
        // Generated again: computed from the row.
        expect(numbers(await db.query('SELECT "length" FROM ranges ORDER BY id'), 'length')).to.deep.equal([4, 20]);
        expect((await metadataRows(db)).map((r) => [r.name, r.value])).to.deep.equal([['length', '"to" - "from"']]);
      });

      it('drops a generated column carrying its definition (lossless: the reverse computes it again)', async () => {
        await ranges(db);
        await db.run((op) => op.addColumn('ranges', { name: 'length', type: 'int', asExpression: '"to" - "from"', generatedType: 'STORED' }));
        await roundTrip(
          db,
          (op) => op.dropColumn('ranges', 'length', { existing: { name: 'length', type: 'int', asExpression: '"to" - "from"', generatedType: 'STORED' } }),
          async () => {
            expect((await db.columns('ranges')).map((c) => c.name)).to.deep.equal(['id', 'from', 'to']);
            expect(await metadataRows(db)).to.deep.equal([]);
          },
        );
      });

      it('refuses a generated column with a default, or a generatedType without an expression, in one line', async () => {
        const withDefault = await rejects(opsOf(db.name, (op) => op.addColumn('t', { name: 'g', type: 'int', asExpression: '1', default: 2 })));
        expect(withDefault.message).to.equal('Column g: a generated column (asExpression) takes no default');
        const kindOnly = await rejects(opsOf(db.name, (op) => op.addColumn('t', { name: 'g', type: 'int', generatedType: 'STORED' })));
        expect(kindOnly.message).to.equal('Column g: generatedType needs asExpression');
      });

      if (pg) {
        it('virtual generated columns: created on PostgreSQL 18 or newer; refused in one line before 18', async () => {
          const [create] = await opsOf('postgres', (op) => op.createTable('v', [{ name: 'a', type: 'int' }, { name: 'b', type: 'int', asExpression: '"a" * 2', generatedType: 'VIRTUAL' }]));
          const old = await rejects(postgres.compile(create, { serverVersion: 150004 }));
          expect(old).to.be.instanceOf(MigError);
          expect(old.message).to.equal('PostgreSQL 15 has no virtual generated columns (v.b); they came in PostgreSQL 18');
          if (version >= 180000) {
            await db.apply(create);
            await db.query('INSERT INTO v (a) VALUES (21)');
            expect(numbers(await db.query('SELECT b FROM v'), 'b')).to.deep.equal([42]);
            const [g] = await db.query(`SELECT attgenerated FROM pg_attribute WHERE attrelid = 'v'::regclass AND attname = 'b'`);
            expect(g.attgenerated).to.equal('v');
          } else {
            expect((await rejects(db.apply(create))).message).to.match(/no virtual generated columns/);
          }
        });
      }
    });
  });
}
