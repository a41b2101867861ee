/**
 * modelFromTypeorm for view entities and generated columns, on each TypeORM line and driver: a
 * view's definition is what TypeORM records in typeorm_metadata (its expression trimmed, or its
 * query builder's SQL), materialized with its indexes on PostgreSQL only, with the views it
 * `dependsOn`; a generated column keeps its expression as written and its kind.
 */
import { expect } from 'chai';
import type { SchemaModel } from '../../src/schema/model';
import { makeProject } from '../helpers/project';
import { LINES, lineName, loadModel, type Line } from './typeorm-project';

const ENTITIES = `
import { Column, DataSource, Entity, Index, PrimaryGeneratedColumn, ViewColumn, ViewEntity } from 'typeorm';

@Entity('ranges')
export class Range {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'int' }) from: number;
  @Column({ type: 'int' }) to: number;
  @Column({ type: 'int', asExpression: '"to" - "from"', generatedType: 'STORED' }) length: number;
}

@Entity('virtuals')
export class Virtuals {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'int' }) a: number;
  @Column({ type: 'int', nullable: true, asExpression: ' "a" * 2 ' }) doubled: number;
}

@ViewEntity({ name: 'long_ranges', expression: \`
  SELECT "id", "length" FROM "ranges" WHERE "length" > 10
\` })
export class LongRange {
  @ViewColumn() id: number;
  @ViewColumn() length: number;
}

@ViewEntity({ name: 'long_range_ids', dependsOn: [LongRange], expression: (ds: DataSource) => ds.createQueryBuilder().select('lr.id', 'id').from(LongRange, 'lr') })
export class LongRangeId {
  @ViewColumn() id: number;
}

@ViewEntity({ name: 'named_dependency', dependsOn: ['LongRange'], expression: 'SELECT "id" FROM "long_ranges"' })
export class NamedDependency {
  @ViewColumn() id: number;
}

@ViewEntity({ name: 'range_stats', materialized: true, expression: 'SELECT count(*)::int AS n FROM "ranges"' })
export class RangeStats {
  @Index('IDX_range_stats_n', { unique: true }) @ViewColumn() n: number;
}

@ViewEntity({ name: 'skipped_view', synchronize: false, expression: 'SELECT 1 AS one' })
export class SkippedView {
  @ViewColumn() one: number;
}
`;

function project(line: Line): string {
  const pg = line.dialect === 'postgres';
  // TypeORM refuses VIRTUAL generated columns on PostgreSQL: that entity is SQLite's only.
  const entities = pg ? ENTITIES.replace(/@Entity\('virtuals'\)[\s\S]*?\n}\n/, '') : ENTITIES;
  const exported = ['Range', ...(pg ? [] : ['Virtuals']), 'LongRange', 'LongRangeId', 'NamedDependency', 'RangeStats', 'SkippedView'];
  return makeProject({
    typeorm: line.typeorm,
    packages: ['typeorm', 'typescript', 'reflect-metadata', line.driver === 'postgres' ? 'pg' : line.driver === 'sqlite' ? 'sqlite3' : 'better-sqlite3'],
    files: {
      'tsconfig.json': JSON.stringify({ compilerOptions: { target: 'ES2021', module: 'commonjs', experimentalDecorators: true, emitDecoratorMetadata: true } }),
      'mig.ini': `[mig]\nscript_location = migrations\nurl = ${pg ? 'postgres://u:p@localhost/x' : 'sqlite:app.db'}\n`,
      'src/entities.ts': entities,
      'migrations/env.ts': `import { ${exported.join(', ')} } from '../src/entities';\nexport const targetMetadata = [${exported.join(', ')}];\n`,
    },
  });
}

describe('modelFromTypeorm: view entities and generated columns', function () {
  this.timeout(120_000);

  for (const line of LINES) {
    describe(lineName(line), () => {
      const pg = line.dialect === 'postgres';
      let model: SchemaModel;
      before(() => {
        model = loadModel(project(line)).model;
      });

      it("holds the views synchronize creates, sorted by name, with TypeORM's definitions and dependencies, not as tables", () => {
        expect(model.tables.map((t) => t.name)).to.deep.equal(pg ? ['ranges'] : ['ranges', 'virtuals']);
        expect(model.views).to.deep.equal([
          { name: 'long_range_ids', definition: 'SELECT "lr"."id" AS "id" FROM "long_ranges" "lr"', indexes: [], dependsOn: [{ name: 'long_ranges' }] },
          { name: 'long_ranges', definition: 'SELECT "id", "length" FROM "ranges" WHERE "length" > 10', indexes: [] },
          { name: 'named_dependency', definition: 'SELECT "id" FROM "long_ranges"', indexes: [], dependsOn: [{ name: 'long_ranges' }] },
          pg
            ? { name: 'range_stats', definition: 'SELECT count(*)::int AS n FROM "ranges"', materialized: true, indexes: [{ name: 'IDX_range_stats_n', columns: ['n'], unique: true }] }
            : // TypeORM's SQLite driver makes a materialized view a plain one, without indexes.
              { name: 'range_stats', definition: 'SELECT count(*)::int AS n FROM "ranges"', indexes: [] },
        ]);
      });

      it('gives a generated column its expression as the entity writes it, its kind (TypeORM: VIRTUAL unless given), and no default', () => {
        const length = model.tables.find((t) => t.name === 'ranges')!.columns.find((c) => c.name === 'length');
        expect(length).to.deep.equal({ name: 'length', type: 'integer', nullable: false, asExpression: '"to" - "from"', generatedType: 'STORED' });
        if (!pg) {
          const doubled = model.tables.find((t) => t.name === 'virtuals')!.columns.find((c) => c.name === 'doubled');
          expect(doubled).to.deep.equal({ name: 'doubled', type: 'integer', nullable: true, asExpression: ' "a" * 2 ', generatedType: 'VIRTUAL' });
        }
      });
    });
  }
});
