/**
 * A serial's sequence on long names: PostgreSQL cuts `<table>_<column>_seq` to 63 bytes
 * (makeObjectName, the longer name first, never inside a character); mig names the sequence it
 * makes for a column that becomes serial the same way, so both agree with TypeORM and with a
 * table PostgreSQL built. Autogenerate, check, TypeORM's schema builder and the downgrade on a
 * 60-character table name, on both databases.
 */
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { serialSequenceName } from '../../src/dialects/postgres';
import { eachDatabase, type MigProject } from '../helpers/databases';
import { mig } from '../helpers/project';
import { typeormPending } from '../helpers/typeorm-oracle';

const LONG = `orders_${'x'.repeat(53)}`; // 60 characters
const LONGER = `lines_${'y'.repeat(54)}`; // 60 characters

function entities(version: 1 | 2): string {
  return `import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

@Entity('${LONG}')
export class Order {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 40 }) name!: string;
}

@Entity('${LONGER}')
export class Line {
  ${version === 1 ? '@PrimaryColumn({ type: "int" })' : '@PrimaryGeneratedColumn()'} id!: number;
  @Column({ type: 'int' }) amount!: number;
}
`;
}

function ok(p: MigProject, args: string[]): string {
  const r = mig(p.dir, args);
  expect(r.status, `mig ${args.join(' ')}\n${r.stdout}\n${r.stderr}`).to.equal(0);
  return r.stdout;
}

describe('serialSequenceName', () => {
  it("cuts as PostgreSQL's makeObjectName does", () => {
    expect(serialSequenceName('users', 'id')).to.equal('users_id_seq');
    expect(serialSequenceName(LONG, 'id')).to.equal(`${LONG.slice(0, 56)}_id_seq`);
    expect(Buffer.byteLength(serialSequenceName(LONG, 'id'))).to.equal(63);
    // Both long: the longer one is cut until they are even, then each in turn.
    expect(serialSequenceName('a'.repeat(40), 'b'.repeat(40))).to.equal(`${'a'.repeat(29)}_${'b'.repeat(29)}_seq`);
    // Bytes, not characters, and never half a character.
    const name = serialSequenceName('é'.repeat(40), 'id');
    expect(Buffer.byteLength(name)).to.be.at.most(63);
    expect(name).to.equal(`${'é'.repeat(28)}_id_seq`);
  });
});

eachDatabase('sequence names on long table names', (setup, dialect) => {
  it('autogenerates, checks clean, turns a column serial under the name PostgreSQL gives, and downgrades, on a 60-character table name', async function () {
    this.timeout(180_000);
    const p = await setup();
    fs.mkdirSync(path.join(p.dir, 'src'), { recursive: true });
    fs.writeFileSync(path.join(p.dir, 'migrations', 'env.ts'), "import * as entities from '../src/entities';\nexport const targetMetadata = Object.values(entities);\n");
    fs.writeFileSync(path.join(p.dir, 'src', 'entities.ts'), entities(1));
    ok(p, ['revision', '--autogenerate', '-m', 'init', '--rev-id', 'a00000000001']);
    ok(p, ['upgrade', 'head']);
    expect(ok(p, ['check'])).to.equal('No new upgrade operations detected.\n');
    // TypeORM cuts sequence names its own way (29 characters of the table), not PostgreSQL's, so
    // on PostgreSQL it takes its own serials on long tables for plain columns: after mig's upgrade
    // it wants exactly what it wants after its own synchronize (nothing on SQLite).
    const typeormAfterItsOwnSync = async (version: 1 | 2) => {
      const own = await setup();
      fs.mkdirSync(path.join(own.dir, 'src'), { recursive: true });
      fs.writeFileSync(path.join(own.dir, 'src', 'entities.ts'), entities(version));
      return typeormPending(own, true);
    };
    const ownPending = await typeormAfterItsOwnSync(1);
    if (dialect === 'sqlite') expect(ownPending).to.deep.equal([]);
    else expect(ownPending.join('\n')).to.match(/DROP DEFAULT/);
    expect(typeormPending(p)).to.deep.equal(ownPending);

    fs.writeFileSync(path.join(p.dir, 'src', 'entities.ts'), entities(2));
    const out = ok(p, ['revision', '--autogenerate', '-m', 'serial', '--rev-id', 'b00000000002']);
    expect(out).to.match(new RegExp(`Detected alter column ${LONGER}\\.id`));
    await p.db.query(`INSERT INTO "${LONGER}" (id, amount) VALUES (7, 1)`);
    ok(p, ['upgrade', 'head']);
    expect(ok(p, ['check'])).to.equal('No new upgrade operations detected.\n');
    expect(typeormPending(p)).to.deep.equal(await typeormAfterItsOwnSync(2));
    await p.db.query(`INSERT INTO "${LONGER}" (amount) VALUES (2)`);
    expect((await p.db.query<{ id: number }>(`SELECT id FROM "${LONGER}" ORDER BY id`)).map((r) => Number(r.id))).to.deep.equal([7, 8]);
    if (dialect === 'postgres') {
      const seq = async (table: string) => (await p.db.query<{ s: string }>(`SELECT pg_get_serial_sequence($1, 'id') AS s`, [`"${table}"`]))[0].s;
      // The serial PostgreSQL made, and the one mig made, under the same rule.
      expect(await seq(LONG)).to.equal(`public.${serialSequenceName(LONG, 'id')}`);
      expect(await seq(LONGER)).to.equal(`public.${serialSequenceName(LONGER, 'id')}`);
    }

    ok(p, ['downgrade', '-1']);
    expect(await p.db.query(`SELECT id FROM "${LONGER}"`)).to.have.length(2);
    ok(p, ['downgrade', 'base']);
    const left =
      dialect === 'postgres'
        ? await p.db.query(`SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'S') AND relname NOT IN ('mig_version', 'mig_log', 'mig_log_id_seq')`)
        : await p.db.query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('mig_version', 'mig_log', 'sqlite_sequence')`);
    expect(left).to.deep.equal([]);
  });
});
