/**
 * A default read back from the database catalog renders as the literal the upgrade wrote
 * (issue 9): dropping columns with literal defaults gives a downgrade that re-adds them with
 * `default: '42'`, `default: 5`, `default: true`, never `sql("'42'::character varying")`; a
 * default that is not a plain literal stays `sql(...)`. The downgrade round-trips: after it
 * `mig check` against the first entities is clean. Real SQLite file and real PostgreSQL.
 */
import { expect } from 'chai';
import { eachDatabase } from '../helpers/databases';
import { expectClean, ok, removeRevision, revisionText, useSource } from '../helpers/autogenerate';

const WITH_DEFAULTS = `
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
@Entity('items')
export class Item {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 20, default: '42' }) code!: string;
  @Column({ type: 'varchar', length: 20, default: "it's" }) quoted!: string;
  @Column({ type: 'integer', default: 5 }) count!: number;
  @Column({ type: 'boolean', default: true }) active!: boolean;
  @Column({ type: 'text', default: () => "lower('ABC')" }) expr!: string;
}
`;

const WITHOUT = `
import { Entity, PrimaryGeneratedColumn } from 'typeorm';
@Entity('items')
export class Item {
  @PrimaryGeneratedColumn() id!: number;
}
`;

eachDatabase('defaults read back from the catalog', (setup) => {
  it('a dropped column re-added by the downgrade has the literal default the upgrade wrote, and the downgrade is clean', async function () {
    this.timeout(180_000);
    const p = await setup();
    useSource(p, WITH_DEFAULTS);
    ok(p, ['revision', '--autogenerate', '-m', 'items', '--rev-id', 'a00000000001']);
    ok(p, ['upgrade', 'head']);
    expectClean(p, 'after the first upgrade');

    useSource(p, WITHOUT);
    ok(p, ['revision', '--autogenerate', '-m', 'drop columns', '--rev-id', 'b00000000002']);
    const text = revisionText(p, 'b00000000002');
    const downgrade = text.slice(text.indexOf('export async function downgrade'));
    expect(downgrade).to.contain("default: '42'");
    expect(downgrade).to.contain(`default: "it's"`);
    expect(downgrade).to.contain('default: 5');
    expect(downgrade).to.contain('default: true');
    expect(downgrade).to.not.match(/sql\("'42'|sql\("'it''s'|sql\('5'\)|sql\('true'\)|sql\('1'\)/);
    // Not a plain literal: stays SQL.
    expect(downgrade).to.match(/default: sql\(/);
    ok(p, ['upgrade', 'head']);
    expectClean(p, 'after dropping the columns');
    ok(p, ['downgrade', 'a00000000001']);
    removeRevision(p, 'b00000000002');
    useSource(p, WITH_DEFAULTS);
    expectClean(p, 'after the downgrade re-added the columns');
  });
});
