/**
 * View entities and generated columns through the whole workflow, on a real SQLite file and a
 * real PostgreSQL database: `revision --autogenerate` -> `upgrade head` -> `mig check` is clean,
 * TypeORM's schema builder then has nothing to do (its typeorm_metadata rows agree), `mig check`
 * is clean after TypeORM's own synchronize, a changed model migrates keeping the rows (a view
 * in the way of a table change is dropped and created again around it), and `downgrade base`
 * leaves no view, no table and no typeorm_metadata row.
 */
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { typeormPending } from '../helpers/typeorm-oracle';
import { eachDatabase, type MigProject } from '../helpers/databases';
import { expectClean, ok, removeRevision, revisionText, useSource } from '../helpers/autogenerate';
import type { DialectName } from '../helpers/databases';

interface Shape {
  /** A generated column's expression. */
  length: string;
  /** long_ranges' threshold. */
  threshold: number;
  /** range_labels reads this column; its length changes (PostgreSQL refuses that under a view). */
  labelLength: number;
  /** Whether long_range_ids (a query-builder view on long_ranges) is declared. */
  ids: boolean;
}

const V1: Shape = { length: '"to" - "from"', threshold: 10, labelLength: 20, ids: true };
const V2: Shape = { length: '"to" - "from" + 1', threshold: 5, labelLength: 50, ids: false };

function entities(dialect: DialectName, s: Shape): string {
  const pg = dialect === 'postgres';
  return `
import { Column, DataSource, Entity, Index, PrimaryGeneratedColumn, ViewColumn, ViewEntity } from 'typeorm';

@Entity('ranges')
export class Range {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'int' }) from: number;
  @Column({ type: 'int' }) to: number;
  @Column({ type: 'varchar', length: ${s.labelLength}, nullable: true }) label: string;
  @Index('IDX_ranges_length') @Column({ type: 'int', asExpression: '${s.length}', generatedType: 'STORED' }) length: number;
  ${pg ? '' : `@Column({ type: 'int', nullable: true, asExpression: '"to" + "from"' }) total: number;`}
}

@ViewEntity({ name: 'long_ranges', expression: \`
  SELECT "id", "from", "length" FROM "ranges" WHERE "length" > ${s.threshold}
\` })
export class LongRange {
  @ViewColumn() id: number;
  @ViewColumn() from: number;
  @ViewColumn() length: number;
}

${
  s.ids
    ? `@ViewEntity({ name: 'long_range_ids', dependsOn: [LongRange], expression: (ds: DataSource) => ds.createQueryBuilder().select('lr.id', 'id').from(LongRange, 'lr') })
export class LongRangeId {
  @ViewColumn() id: number;
}`
    : ''
}

@ViewEntity({ name: 'range_labels', expression: 'SELECT "id", "label" FROM "ranges"' })
export class RangeLabel {
  @ViewColumn() id: number;
  @ViewColumn() label: string;
}

${
  pg
    ? `@ViewEntity({ name: 'range_stats', materialized: true, expression: 'SELECT count(*)::int AS n, max("length") AS longest FROM "ranges"' })
export class RangeStats {
  @Index('IDX_range_stats_n') @ViewColumn() n: number;
  @ViewColumn() longest: number;
}`
    : ''
}
`;
}

async function userViews(p: MigProject): Promise<string[]> {
  const rows =
    p.db.dialect === 'postgres'
      ? await p.db.query<{ name: string }>(`SELECT relname AS name FROM pg_class WHERE relkind IN ('v', 'm') AND relnamespace = 'public'::regnamespace ORDER BY 1`)
      : await p.db.query<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'view' ORDER BY 1`);
  return rows.map((r) => r.name);
}

async function userTables(p: MigProject): Promise<string[]> {
  const rows =
    p.db.dialect === 'postgres'
      ? await p.db.query<{ name: string }>(`SELECT relname AS name FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace ORDER BY 1`)
      : await p.db.query<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1`);
  return rows.map((r) => r.name).filter((n) => n !== 'mig_version' && n !== 'mig_log' && n !== 'typeorm_metadata');
}

async function metadataRows(p: MigProject): Promise<Array<{ type: string; name: string; value: string }>> {
  return p.db.query(`SELECT "type", "name", "value" FROM "typeorm_metadata" ORDER BY "type", "name"`);
}

const numbers = (rows: Array<Record<string, unknown>>, key: string) => rows.map((r) => Number(r[key]));

eachDatabase('view entities and generated columns', (setup, dialect) => {
  for (const [name, shape] of [
    ['first model', V1],
    ['changed model', V2],
  ] as const) {
    it(`${name}: autogenerate -> upgrade -> check is clean, TypeORM agrees, and mig check is clean after TypeORM's synchronize`, async function () {
      this.timeout(240_000);
      const p = await setup();
      useSource(p, entities(dialect, shape));
      ok(p, ['revision', '--autogenerate', '-m', 'init', '--rev-id', 'a00000000001']);
      const upgrade = revisionText(p, 'a00000000001').split('export async function downgrade')[0];
      // Views come after the tables they read, and a view after the view it reads.
      const at = (pattern: RegExp) => upgrade.search(pattern);
      expect(at(/op\.createTable\(\s*'ranges'/)).to.be.within(0, at(/op\.createView\(\s*'long_ranges'/));
      if (shape.ids) expect(at(/op\.createView\(\s*'long_ranges'/)).to.be.lessThan(at(/op\.createView\(\s*'long_range_ids'/));
      expect(upgrade).to.contain(`asExpression: '${shape.length}'`);
      ok(p, ['upgrade', 'head']);
      expectClean(p, `${name} after autogenerate + upgrade`);
      expect(typeormPending(p), 'TypeORM would still change the schema mig built').to.deep.equal([]);
      await p.db.query(`INSERT INTO ranges ("from", "to", label) VALUES (1, 30, 'wide'), (2, 3, 'narrow')`);
      expect(numbers(await p.db.query('SELECT id FROM long_ranges ORDER BY id'), 'id')).to.deep.equal([1]);

      ok(p, ['downgrade', 'base']);
      expect(await userViews(p)).to.deep.equal([]);
      expect(await userTables(p)).to.deep.equal([]);
      expect(await metadataRows(p)).to.deep.equal([]);

      // The other way: TypeORM builds the schema, mig finds nothing to do.
      const q = await setup();
      useSource(q, entities(dialect, shape));
      expect(typeormPending(q, true), 'TypeORM is idempotent on this model').to.deep.equal([]);
      expectClean(q, `${name} after TypeORM synchronize`);
    });
  }

  it('a changed model: the generated column is re-created (computed again), changed views re-created, a view in the way of a column change dropped and created around it, rows kept; downgrade restores the first model', async function () {
    this.timeout(240_000);
    const p = await setup();
    useSource(p, entities(dialect, V1));
    ok(p, ['revision', '--autogenerate', '-m', 'v1', '--rev-id', 'a00000000001']);
    ok(p, ['upgrade', 'head']);
    await p.db.query(`INSERT INTO ranges ("from", "to", label) VALUES (1, 30, 'wide'), (2, 9, 'narrow')`);

    useSource(p, entities(dialect, V2));
    ok(p, ['revision', '--autogenerate', '-m', 'v2', '--rev-id', 'b00000000002']);
    const v2 = revisionText(p, 'b00000000002').split('export async function downgrade')[0];
    // The generated column is dropped carrying its definition — nothing is lost, its values are computed.
    expect(v2).to.match(/\.dropColumn\((?:'ranges', )?'length', \{\s*existing: \{[^}]*asExpression: '"to" - "from"'/);
    // Its index goes with it and comes back.
    expect(v2).to.match(/op\.dropIndex\('IDX_ranges_length'/);
    expect(v2).to.match(/op\.createIndex\('IDX_ranges_length'/);
    // The view no entity declares any more is dropped, a changed one is dropped and created again.
    expect(v2).to.contain("op.dropView('long_range_ids')");
    expect(v2).to.contain("op.dropView('long_ranges')");
    expect(v2).to.match(/op\.createView\(\s*'long_ranges',\s*'SELECT "id", "from", "length" FROM "ranges" WHERE "length" > 5'/);
    // A view reading a column that changes goes first and comes back (PostgreSQL refuses the change under it).
    expect(v2.indexOf("op.dropView('range_labels')")).to.be.within(0, v2.search(/'label'/));
    expect(v2.search(/op\.createView\(\s*'range_labels'/)).to.be.greaterThan(v2.search(/'label'/));
    ok(p, ['upgrade', 'head']);
    expectClean(p, 'v2');
    expect(typeormPending(p), 'TypeORM would still change the schema mig built').to.deep.equal([]);
    // The rows are kept; the generated column holds the new expression's values.
    expect(await p.db.query('SELECT id, "from", "to", label FROM ranges ORDER BY id')).to.deep.equal([
      { id: 1, from: 1, to: 30, label: 'wide' },
      { id: 2, from: 2, to: 9, label: 'narrow' },
    ]);
    expect(numbers(await p.db.query('SELECT "length" FROM ranges ORDER BY id'), 'length')).to.deep.equal([30, 8]);
    expect(numbers(await p.db.query('SELECT id FROM long_ranges ORDER BY id'), 'id')).to.deep.equal([1, 2]);
    expect((await metadataRows(p)).filter((r) => r.type === 'GENERATED_COLUMN' && r.name === 'length').map((r) => r.value)).to.deep.equal([V2.length]);

    ok(p, ['downgrade', '-1']);
    removeRevision(p, 'b00000000002');
    useSource(p, entities(dialect, V1));
    expectClean(p, 'v1 after downgrade');
    expect(typeormPending(p), 'TypeORM agrees with the schema the downgrade restored').to.deep.equal([]);
    expect(numbers(await p.db.query('SELECT "length" FROM ranges ORDER BY id'), 'length')).to.deep.equal([29, 7]);

    ok(p, ['downgrade', 'base']);
    expect(await userViews(p)).to.deep.equal([]);
    expect(await userTables(p)).to.deep.equal([]);
    expect(await metadataRows(p)).to.deep.equal([]);
  });

  it("keeps its rows in the DataSource's metadataTableName, which TypeORM with that option agrees with; --sql writes them too", async function () {
    this.timeout(240_000);
    const p = await setup();
    useSource(p, entities(dialect, V1));
    const database = dialect === 'postgres' ? `url: ${JSON.stringify(p.db.url)}` : `database: ${JSON.stringify(p.db.url.slice('sqlite:'.length))}`;
    const type = dialect === 'postgres' ? 'postgres' : 'better-sqlite3';
    fs.appendFileSync(path.join(p.dir, 'migrations', 'env.ts'), `export const dataSource = { type: '${type}', ${database}, metadataTableName: 'app_meta' };\n`);
    ok(p, ['revision', '--autogenerate', '-m', 'init', '--rev-id', 'a00000000001']);
    const script = ok(p, ['upgrade', 'head', '--sql']);
    expect(script).to.match(/CREATE VIEW "long_ranges" AS SELECT/);
    expect(script).to.contain(`INSERT INTO "app_meta" ("type", "database", "schema", "table", "name", "value") VALUES ('VIEW', NULL, ${dialect === 'postgres' ? 'current_schema()' : 'NULL'}, NULL, 'long_ranges', 'SELECT "id", "from", "length" FROM "ranges" WHERE "length" > 10')`);
    expect(script).to.not.contain('typeorm_metadata');
    ok(p, ['upgrade', 'head']);
    expectClean(p, 'with metadataTableName');
    expect(typeormPending(p, false, { metadataTableName: 'app_meta' })).to.deep.equal([]);
    expect(await userTables(p)).to.deep.equal(['app_meta', 'ranges']);
  });

  it('a generated column made plain keeps its values; made generated again, it computes them', async function () {
    this.timeout(240_000);
    const p = await setup();
    const source = (generated: boolean) => `
import { Column, Entity, PrimaryColumn } from 'typeorm';
@Entity('spans')
export class Span {
  @PrimaryColumn({ type: 'int' }) id: number;
  @Column({ type: 'int' }) from: number;
  @Column({ type: 'int' }) to: number;
  @Column({ type: 'int'${generated ? `, asExpression: '"to" - "from"', generatedType: 'STORED'` : ''} }) length: number;
}`;
    useSource(p, source(true));
    ok(p, ['revision', '--autogenerate', '-m', 'generated', '--rev-id', 'a00000000001']);
    ok(p, ['upgrade', 'head']);
    await p.db.query(`INSERT INTO spans (id, "from", "to") VALUES (1, 2, 7)`);
    useSource(p, source(false));
    ok(p, ['revision', '--autogenerate', '-m', 'plain', '--rev-id', 'b00000000002']);
    expect(revisionText(p, 'b00000000002')).to.match(/\.alterColumn\((?:'spans', )?'length', \{\s*asExpression: null,/);
    ok(p, ['upgrade', 'head']);
    expectClean(p, 'plain');
    expect(typeormPending(p)).to.deep.equal([]);
    expect(numbers(await p.db.query('SELECT "length" FROM spans'), 'length')).to.deep.equal([5]);
    await p.db.query(`UPDATE spans SET "length" = 100`);
    ok(p, ['downgrade', '-1']);
    removeRevision(p, 'b00000000002');
    useSource(p, source(true));
    expectClean(p, 'generated again');
    expect(numbers(await p.db.query('SELECT "length" FROM spans'), 'length')).to.deep.equal([5]);
  });
});
