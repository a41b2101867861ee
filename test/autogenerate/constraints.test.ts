/**
 * Entity shapes of real applications that mig got wrong (issue 9), through the whole workflow on
 * a real SQLite file and a real PostgreSQL database: `revision --autogenerate` -> `upgrade head`
 * -> `mig check` is clean -> TypeORM's schema builder has nothing to do -> `downgrade base`
 * leaves no table, and no extension the revision created.
 *
 * - a `unique: true` column redeclared in a subclass (two identical uniques in TypeORM's metadata);
 * - deferrable uniques (PostgreSQL);
 * - index methods: gist (and `spatial: true`), hash, brin, gin (PostgreSQL; ignored on SQLite);
 * - types that need an extension: citext, hstore, ltree, cube, uuid-ossp's uuid_generate_v4()
 *   (PostgreSQL): created by the revision when the database lacks them, dropped by its downgrade;
 * - exclusion constraints, unnamed and named, with btree_gist (PostgreSQL; none on SQLite).
 */
import { expect } from 'chai';
import { typeormPending } from '../helpers/typeorm-oracle';
import { eachDatabase, type MigProject } from '../helpers/databases';
import { expectClean, ok, removeRevision, revisionText, useSource } from '../helpers/autogenerate';
import { mig } from '../helpers/project';

async function userTables(p: MigProject): Promise<string[]> {
  const rows =
    p.db.dialect === 'postgres'
      ? await p.db.query<{ name: string }>(`SELECT relname AS name FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace ORDER BY 1`)
      : await p.db.query<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1`);
  return rows.map((r) => r.name).filter((n) => n !== 'mig_version' && n !== 'mig_log');
}

async function extensions(p: MigProject): Promise<string[]> {
  return (await p.db.query<{ name: string }>(`SELECT extname AS name FROM pg_extension WHERE extname <> 'plpgsql' ORDER BY 1`)).map((r) => r.name);
}

/** The constraints of a PostgreSQL table: name, kind, deferrable, initially deferred. */
async function pgConstraints(p: MigProject, table: string): Promise<Array<{ name: string; type: string; deferrable: boolean; deferred: boolean }>> {
  return p.db.query(`SELECT conname AS name, contype AS type, condeferrable AS deferrable, condeferred AS deferred FROM pg_constraint WHERE conrelid = $1::regclass AND contype IN ('u', 'x') ORDER BY conname`, [table]);
}

/** autogenerate -> upgrade -> mig check clean -> TypeORM agrees; the upgrade's text. */
function upgradeClean(p: MigProject, what: string, rev = 'a00000000001', oracle = true): string {
  ok(p, ['revision', '--autogenerate', '-m', what, '--rev-id', rev]);
  const text = revisionText(p, rev);
  ok(p, ['upgrade', 'head']);
  expectClean(p, `${what} after autogenerate + upgrade`);
  if (oracle) expect(typeormPending(p), `${what}: TypeORM would still change the schema mig built`).to.deep.equal([]);
  return text.split('export async function downgrade')[0];
}

const REDECLARED = `
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export abstract class Content {
  @Column({ type: 'varchar', length: 200, unique: true }) text: string;
}

@Entity('posts')
export class Post extends Content {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'varchar', length: 200, unique: true }) text: string;
}
`;

const DEFERRABLE = `
import { Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

@Entity('codes')
@Unique(['code'], { deferrable: 'INITIALLY DEFERRED' })
@Unique('UQ_codes_slot', ['slot'], { deferrable: 'INITIALLY IMMEDIATE' })
@Unique('UQ_codes_plain', ['label'])
export class Code {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'varchar', length: 20 }) code: string;
  @Column({ type: 'int' }) slot: number;
  @Column({ type: 'varchar', length: 20 }) label: string;
}
`;

const INDEX_METHODS_PG = `
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity('places')
export class Place {
  @PrimaryGeneratedColumn() id: number;
  @Index('IDX_places_at', { type: 'gist' } as any) @Column({ type: 'point' }) at: string;
  @Index('IDX_places_near', { spatial: true }) @Column({ type: 'point', nullable: true }) near: string;
  @Index('IDX_places_code', { type: 'hash' } as any) @Column({ type: 'varchar', length: 20 }) code: string;
  @Index('IDX_places_seen', { type: 'brin' } as any) @Column({ type: 'timestamp' }) seen: Date;
  @Index('IDX_places_tags', { type: 'gin' } as any) @Column({ type: 'jsonb', nullable: true }) tags: object;
  @Index('IDX_places_name') @Column({ type: 'varchar', length: 50 }) name: string;
}
`;

const INDEX_METHODS_SQLITE = `
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity('places')
export class Place {
  @PrimaryGeneratedColumn() id: number;
  @Index('IDX_places_near', { spatial: true }) @Column({ type: 'varchar', nullable: true }) near: string;
  @Index('IDX_places_name') @Column({ type: 'varchar', length: 50 }) name: string;
}
`;

const EXTENSION_TYPES = `
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('profiles')
export class Profile {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'citext' }) email: string;
  @Column({ type: 'hstore', nullable: true }) attributes: Record<string, string>;
  @Column({ type: 'ltree', nullable: true }) path: string;
  @Column({ type: 'cube', nullable: true }) point: string;
}
`;

const UUID_OSSP = `
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('tokens')
export class Token {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'uuid', default: () => 'uuid_generate_v4()' }) token: string;
}
`;

const EXCLUSIONS = (expression: string) => `
import { Column, Entity, Exclusion, PrimaryGeneratedColumn } from 'typeorm';

@Entity('bookings')
@Exclusion('${expression}')
@Exclusion('EXC_bookings_room', 'USING gist ("room" WITH =, int4range("from", "to") WITH &&)')
export class Booking {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'int' }) room: number;
  @Column({ type: 'int' }) from: number;
  @Column({ type: 'int' }) to: number;
}
`;

const EXCLUSION_V1 = 'USING gist (int4range("from","to") WITH &&)';
const EXCLUSION_V2 = 'USING gist (int4range("from","to") WITH &&) WHERE ("room" > 0)';

eachDatabase('entity shapes of real applications: constraints, index methods, extensions', (setup, dialect) => {
  const pg = dialect === 'postgres';

  it("after TypeORM's own synchronize of each shape, mig check is clean", async function () {
    this.timeout(240_000);
    const shapes: Array<[string, string]> = [
      ['deferrable uniques', DEFERRABLE],
      ['index methods', pg ? INDEX_METHODS_PG : INDEX_METHODS_SQLITE],
      ['exclusions', EXCLUSIONS(EXCLUSION_V1)],
      ...(pg ? ([['extension types', EXTENSION_TYPES]] as Array<[string, string]>) : []),
    ];
    for (const [what, source] of shapes) {
      const q = await setup();
      useSource(q, source);
      typeormPending(q, true);
      expectClean(q, `${what} after TypeORM synchronize`);
    }
  });

  it('a unique column redeclared in a subclass: one unique, mig check clean, TypeORM agrees', async function () {
    this.timeout(120_000);
    const p = await setup();
    useSource(p, REDECLARED);
    const upgrade = upgradeClean(p, 'redeclared unique');
    expect(upgrade.match(/op\.unique\(/g) ?? [], upgrade).to.have.length(1);
    ok(p, ['downgrade', 'base']);
    expect(await userTables(p)).to.deep.equal([]);
  });

  it('deferrable uniques: created deferrable (INITIALLY DEFERRED / IMMEDIATE), a change of deferrability is found and migrated', async function () {
    this.timeout(180_000);
    const p = await setup();
    useSource(p, DEFERRABLE);
    const upgrade = upgradeClean(p, 'deferrable uniques');
    if (pg) {
      expect(upgrade).to.contain("deferrable: 'INITIALLY DEFERRED'");
      expect(upgrade).to.contain('// PostgreSQL only: deferrable unique');
      const state = async () => Object.fromEntries((await pgConstraints(p, 'codes')).map((c) => [c.name, [c.deferrable, c.deferred]]));
      const deferred = Object.keys(await state()).find((n) => n !== 'UQ_codes_plain' && n !== 'UQ_codes_slot')!;
      expect(await state()).to.deep.equal({ UQ_codes_plain: [false, false], UQ_codes_slot: [true, false], [deferred]: [true, true] });
      // A deferred unique is checked at COMMIT: a swap inside one transaction works.
      await p.db.query(`INSERT INTO codes (code, slot, label) VALUES ('a', 1, 'x'), ('b', 2, 'y')`);
      await p.db.query(`BEGIN; UPDATE codes SET code = 'b' WHERE id = 1; UPDATE codes SET code = 'a' WHERE id = 2; COMMIT`);
      // The database's unique made non-deferrable (as mig created it before): mig check sees it.
      await p.db.query(`ALTER TABLE codes DROP CONSTRAINT "${deferred}", ADD CONSTRAINT "${deferred}" UNIQUE (code)`);
      const r = mig(p.dir, ['check']);
      expect(r.status, r.stdout + r.stderr).to.not.equal(0);
      expect(r.stdout + r.stderr).to.contain(`add unique ${deferred}`);
      ok(p, ['revision', '--autogenerate', '-m', 'deferrable again', '--rev-id', 'b00000000002']);
      ok(p, ['upgrade', 'head']);
      expectClean(p, 'deferrable again');
      expect((await state())[deferred]).to.deep.equal([true, true]);
      ok(p, ['downgrade', 'a00000000001']);
      expect((await state())[deferred]).to.deep.equal([false, false]);
    }
    ok(p, ['downgrade', 'base']);
    expect(await userTables(p)).to.deep.equal([]);
  });

  it(`index methods: ${pg ? 'gist (type and spatial), hash, brin and gin are created with their method, and a btree in their place is found' : 'ignored on SQLite (no methods), mig check clean'}`, async function () {
    this.timeout(180_000);
    const p = await setup();
    useSource(p, pg ? INDEX_METHODS_PG : INDEX_METHODS_SQLITE);
    // TypeORM's SQLite driver compares a spatial index's isSpatial, which it never reads back: it
    // would re-create the index on every run whatever made it; not asked there.
    const upgrade = upgradeClean(p, 'index methods', 'a00000000001', pg);
    if (pg) {
      expect(upgrade).to.match(/\/\/ PostgreSQL only: index method gist\n\s*await op\.createIndex\('IDX_places_at', 'places', \['at'\], \{ using: 'gist' \}\);/);
      const methods = await p.db.query<{ name: string; method: string }>(
        `SELECT c.relname AS name, am.amname AS method FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam WHERE i.indrelid = 'places'::regclass AND NOT i.indisprimary ORDER BY 1`,
      );
      expect(methods.map((m) => [m.name, m.method])).to.deep.equal([
        ['IDX_places_at', 'gist'],
        ['IDX_places_code', 'hash'],
        ['IDX_places_name', 'btree'],
        ['IDX_places_near', 'gist'],
        ['IDX_places_seen', 'brin'],
        ['IDX_places_tags', 'gin'],
      ]);
      // A btree where the entity wants hash (what mig created before): mig check finds it.
      await p.db.query(`DROP INDEX "IDX_places_code"; CREATE INDEX "IDX_places_code" ON places (code)`);
      const r = mig(p.dir, ['check']);
      expect(r.status, r.stdout + r.stderr).to.not.equal(0);
      expect(r.stdout + r.stderr).to.contain('create index IDX_places_code on places');
      ok(p, ['revision', '--autogenerate', '-m', 'hash again', '--rev-id', 'b00000000002']);
      const [up, down] = revisionText(p, 'b00000000002').split('export async function downgrade');
      expect(up).to.contain("await op.createIndex('IDX_places_code', 'places', ['code'], { using: 'hash' });");
      expect(down).to.contain("await op.createIndex('IDX_places_code', 'places', ['code']);");
      ok(p, ['upgrade', 'head']);
      expectClean(p, 'hash again');
    } else {
      expect(upgrade).to.not.contain('using');
      expect(upgrade).to.not.contain('PostgreSQL only');
    }
    ok(p, ['downgrade', 'base']);
    expect(await userTables(p)).to.deep.equal([]);
  });

  if (pg) {
    it('types that need an extension: the revision creates citext, hstore, ltree and cube first, its downgrade drops them; one the database has gets no op', async function () {
      this.timeout(180_000);
      const p = await setup();
      useSource(p, EXTENSION_TYPES);
      expect(await extensions(p)).to.deep.equal([]);
      const upgrade = upgradeClean(p, 'extension types');
      const at = (s: string) => upgrade.indexOf(s);
      for (const e of ['citext', 'cube', 'hstore', 'ltree']) {
        expect(at(`// PostgreSQL only: extension\n  await op.createExtension('${e}');`), e).to.be.within(0, upgrade.search(/op\.createTable\(\s*'profiles'/));
      }
      expect(await extensions(p)).to.deep.equal(['citext', 'cube', 'hstore', 'ltree']);
      await p.db.query(`INSERT INTO profiles (email) VALUES ('Ann@Example.com')`);
      expect(await p.db.query(`SELECT count(*)::int AS n FROM profiles WHERE email = 'ann@example.com'`)).to.deep.equal([{ n: 1 }]);
      ok(p, ['downgrade', 'base']);
      expect(await userTables(p)).to.deep.equal([]);
      expect(await extensions(p), 'the downgrade drops what the revision created').to.deep.equal([]);

      // A database that has citext already: no op for it, and the downgrade keeps it.
      const q = await setup();
      useSource(q, EXTENSION_TYPES);
      await q.db.query('CREATE EXTENSION citext');
      const second = upgradeClean(q, 'extension types, citext installed');
      expect(second).to.not.contain("createExtension('citext')");
      expect(second).to.contain("createExtension('hstore')");
      ok(q, ['downgrade', 'base']);
      expect(await extensions(q)).to.deep.equal(['citext']);
    });

    it("a default calling uuid-ossp's uuid_generate_v4(): the revision creates uuid-ossp first, its downgrade drops it", async function () {
      this.timeout(120_000);
      const p = await setup();
      useSource(p, UUID_OSSP);
      // Not TypeORM's oracle: its driver reads uuid_generate_v4() back as a uuid generation and
      // re-sets such a default on every run, whatever made it.
      const upgrade = upgradeClean(p, 'uuid-ossp default', 'a00000000001', false);
      expect(upgrade.indexOf("await op.createExtension('uuid-ossp');")).to.be.within(0, upgrade.search(/op\.createTable\(\s*'tokens'/));
      await p.db.query('INSERT INTO tokens DEFAULT VALUES');
      expect(await p.db.query<{ n: number }>('SELECT count(DISTINCT token)::int AS n FROM tokens')).to.deep.equal([{ n: 1 }]);
      ok(p, ['downgrade', 'base']);
      expect(await extensions(p)).to.deep.equal([]);
    });

    it("an extension's own tables and enum types are not the user's: not dropped, not compared", async function () {
      this.timeout(120_000);
      const p = await setup();
      useSource(p, EXTENSION_TYPES);
      await p.db.query('CREATE EXTENSION citext');
      // What PostGIS's spatial_ref_sys is: a table that belongs to an extension (pg_depend deptype 'e').
      await p.db.query('CREATE TABLE extension_owned (x int); ALTER EXTENSION citext ADD TABLE extension_owned');
      await p.db.query(`CREATE TYPE extension_mood AS ENUM ('ok'); ALTER EXTENSION citext ADD TYPE extension_mood`);
      const upgrade = upgradeClean(p, 'extension-owned table');
      expect(upgrade).to.not.contain('extension_owned');
      expect(upgrade).to.not.contain('extension_mood');
      ok(p, ['downgrade', 'base']);
      expect(await userTables(p)).to.deep.equal(['extension_owned']);
      expect(await p.db.query(`SELECT typname FROM pg_type WHERE typname = 'extension_mood'`)).to.have.length(1);
    });
  }

  it(`exclusion constraints: ${pg ? 'created (with btree_gist), enforced, compared by expression; a changed one is dropped and added' : 'none on SQLite, mig check clean'}`, async function () {
    this.timeout(240_000);
    const p = await setup();
    useSource(p, EXCLUSIONS(EXCLUSION_V1));
    const upgrade = upgradeClean(p, 'exclusions');
    if (pg) {
      expect(upgrade).to.contain("await op.createExtension('btree_gist');");
      expect(upgrade).to.contain('// PostgreSQL only: exclusion constraint');
      expect(upgrade).to.match(/\/\/ PostgreSQL only: exclusion constraint\n\s*await op\.createTable\(/);
      expect(upgrade).to.match(/op\.exclusion\('USING gist \("room" WITH =, int4range\("from", "to"\) WITH &&\)', \{\s*name: 'EXC_bookings_room',\s*\}\)/);
      expect((await pgConstraints(p, 'bookings')).map((c) => c.type)).to.deep.equal(['x', 'x']);
      await p.db.query(`INSERT INTO bookings (room, "from", "to") VALUES (1, 1, 5)`);
      let error = '';
      await p.db.query(`INSERT INTO bookings (room, "from", "to") VALUES (2, 3, 8)`).catch((e: Error) => (error = e.message));
      expect(error).to.contain('exclusion constraint');

      // A changed expression (TypeORM names it by its expression: another name) is dropped and added.
      await p.db.query('DELETE FROM bookings');
      useSource(p, EXCLUSIONS(EXCLUSION_V2));
      const changed = upgradeClean(p, 'exclusion changed', 'b00000000002');
      expect(changed).to.match(/op\.dropConstraint\('XCL_[0-9a-f]+', 'bookings', 'exclusion'/);
      expect(changed).to.contain('createExclusionConstraint(');
      expect(changed).to.not.contain('EXC_bookings_room');
      ok(p, ['downgrade', 'a00000000001']);
      removeRevision(p, 'b00000000002');
      useSource(p, EXCLUSIONS(EXCLUSION_V1));
      expectClean(p, 'exclusion after downgrade');
    } else {
      expect(upgrade).to.not.contain('op.exclusion');
      expect(upgrade).to.not.contain('EXC_bookings_room');
    }
    ok(p, ['downgrade', 'base']);
    expect(await userTables(p)).to.deep.equal([]);
    if (pg) expect(await extensions(p)).to.deep.equal([]);
  });
});
