/**
 * Regressions the corpus (test/corpus) found by comparing the catalog of a mig-upgraded database
 * with TypeORM's synchronized one, on a real PostgreSQL database (./targets.ts).
 */
import { expect } from 'chai';
import { reverse } from '../../src/operations/reverse';
import { openPostgres, type Target } from './targets';

describe('PostgreSQL: what the corpus catalog comparison found', function () {
  this.timeout(60_000);
  let db: Target;
  beforeEach(async () => {
    db = await openPostgres();
  });
  afterEach(async () => db.close());

  async function defaults(table: string): Promise<Record<string, string>> {
    const rows = await db.query<{ name: string; expr: string }>(
      `SELECT a.attname AS name, pg_get_expr(d.adbin, d.adrelid) AS expr FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum WHERE d.adrelid = $1::regclass`,
      [table],
    );
    return Object.fromEntries(rows.map((r) => [r.name, r.expr]));
  }

  it("a number default on a number column is stored as TypeORM's synchronize stores it (quoted: '0'::numeric, not 0)", async () => {
    await db.run(async (op) => {
      await op.createTable('prices', [
        { name: 'amount', type: 'decimal', precision: 10, scale: 2, default: 0 },
        { name: 'big', type: 'bigint', default: 5 },
        { name: 'small', type: 'smallint', default: 3 },
        { name: 'ratio', type: 'real', default: 2 },
        { name: 'rate', type: 'double precision', default: 1.5 },
        { name: 'count', type: 'int', default: 7 },
      ]);
    });
    // What `DEFAULT '0'` etc. (TypeORM's normalizeDefault quotes every number) leaves in the catalog.
    expect(await defaults('prices')).to.deep.equal({
      amount: "'0'::numeric",
      big: "'5'::bigint",
      small: "'3'::smallint",
      ratio: "'2'::real",
      rate: "'1.5'::double precision",
      count: '7',
    });
  });

  async function identities(table: string): Promise<Record<string, string>> {
    const rows = await db.query<{ name: string; identity: string }>(`SELECT attname AS name, attidentity::text AS identity FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped`, [table]);
    return Object.fromEntries(rows.map((r) => [r.name, r.identity]));
  }

  it("an identity GENERATED ALWAYS (TypeORM's generatedIdentity: 'ALWAYS'): created so, its kind changed in place both ways, made from a serial and back", async () => {
    const created = await db.run(async (op) => {
      await op.createTable('tickets', [
        { name: 'id', type: 'int', primary: true, generated: 'identity', generatedIdentity: 'ALWAYS' },
        { name: 'other', type: 'int', generated: 'identity' },
        { name: 'serial', type: 'int', generated: 'increment' },
      ]);
    });
    expect(await identities('tickets')).to.deep.equal({ id: 'a', other: 'd', serial: '' });
    // An insert that gives the id is refused, as PostgreSQL does for ALWAYS.
    const refused = await db.query(`INSERT INTO tickets (id) VALUES (5)`).then(() => null, (err: Error) => err.message);
    expect(refused).to.match(/cannot insert a non-DEFAULT value into column "id"|GENERATED ALWAYS/);

    const altered = await db.run(async (op) => {
      await op.alterColumn('tickets', 'other', { generatedIdentity: 'ALWAYS', existingGeneratedIdentity: null });
      await op.alterColumn('tickets', 'id', { generatedIdentity: null, existingGeneratedIdentity: 'ALWAYS' });
      await op.alterColumn('tickets', 'serial', { generated: 'identity', generatedIdentity: 'ALWAYS', existingGenerated: 'increment', existingGeneratedIdentity: null, existingType: 'int' });
    });
    expect(await identities('tickets')).to.deep.equal({ id: 'd', other: 'a', serial: 'a' });
    await db.apply(...altered.map(reverse).reverse());
    expect(await identities('tickets')).to.deep.equal({ id: 'a', other: 'd', serial: '' });
    expect(created).to.have.length(1);
  });
});
