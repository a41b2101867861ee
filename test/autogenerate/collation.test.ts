/**
 * Column collations (`@Column({ collation })`), which mig dropped without a word: created with
 * the column, read back (PostgreSQL's pg_attribute.attcollation, SQLite's COLLATE clause),
 * compared, changed by alterColumn (PostgreSQL ALTER ... TYPE ... COLLATE, SQLite a rebuild
 * keeping the rows), kept through a type change. TypeORM's schema builder agrees, and mig check
 * is clean after TypeORM's own synchronize. Real SQLite file and real PostgreSQL.
 */
import { expect } from 'chai';
import { expectClean, ok, removeRevision, revisionText, useSource } from '../helpers/autogenerate';
import { eachDatabase } from '../helpers/databases';
import { typeormPending } from '../helpers/typeorm-oracle';

const source = (collation: string, version: 1 | 2) => `
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
@Entity('codes')
export class Code {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: ${version === 1 ? 100 : 200}, collation: '${collation}' }) code!: string;
  @Column({ type: 'text'${version === 2 ? `, collation: '${collation}'` : ''} }) note!: string;
}
`;

eachDatabase('column collations', (setup, dialect) => {
  const collation = dialect === 'postgres' ? 'C' : 'NOCASE';

  it('are created, compared and changed (a type change keeps one), and TypeORM agrees', async function () {
    this.timeout(180_000);
    const p = await setup();
    useSource(p, source(collation, 1));
    ok(p, ['revision', '--autogenerate', '-m', 'codes', '--rev-id', 'a00000000001']);
    expect(revisionText(p, 'a00000000001')).to.contain(`{ name: 'code', type: 'varchar', length: 100, collation: '${collation}' }`);
    ok(p, ['upgrade', 'head']);
    expectClean(p, 'after the first upgrade');
    expect(typeormPending(p), "TypeORM's schema builder").to.deep.equal([]);
    if (dialect === 'postgres') {
      const rows = await p.db.query<{ column_name: string; collation_name: string | null }>("SELECT column_name, collation_name FROM information_schema.columns WHERE table_name = 'codes' ORDER BY column_name");
      expect(rows.map((r) => [r.column_name, r.collation_name])).to.deep.equal([['code', 'C'], ['id', null], ['note', null]]);
    } else {
      await p.db.query("INSERT INTO codes (code, note) VALUES ('abc', 'x')");
      expect(await p.db.query("SELECT id FROM codes WHERE code = 'ABC'"), 'NOCASE compares case-insensitively').to.have.length(1);
    }

    useSource(p, source(collation, 2));
    ok(p, ['revision', '--autogenerate', '-m', 'more', '--rev-id', 'b00000000002']);
    const second = revisionText(p, 'b00000000002');
    expect(second).to.contain(`collation: '${collation}'`).and.to.contain('existingCollation: null');
    ok(p, ['upgrade', 'head']);
    expectClean(p, 'after changing collations and a type');
    expect(typeormPending(p), "TypeORM's schema builder after the change").to.deep.equal([]);
    if (dialect === 'sqlite') expect(await p.db.query("SELECT id FROM codes WHERE note = 'X'"), 'the rebuild kept the row, and note is NOCASE now').to.have.length(1);

    ok(p, ['downgrade', 'a00000000001']);
    removeRevision(p, 'b00000000002');
    useSource(p, source(collation, 1));
    expectClean(p, 'after the downgrade');
  });

  it("mig check is clean on a database TypeORM's synchronize built", async () => {
    const p = await setup();
    useSource(p, source(collation, 2));
    expect(typeormPending(p, true)).to.deep.equal([]);
    expectClean(p, "after TypeORM's synchronize");
  });
});
