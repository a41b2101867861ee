/**
 * modelFromTypeorm for the shapes of issue 9, on each TypeORM line and driver: a unique column
 * redeclared in a subclass is one unique; deferrable uniques, index methods (`spatial`, and the
 * 1.x `type`), exclusion constraints and the extensions the types need are PostgreSQL's only.
 */
import { expect } from 'chai';
import type { SchemaModel } from '../../src/schema/model';
import { makeProject } from '../helpers/project';
import { LINES, lineName, loadModel, type Line } from './typeorm-project';

const entities = (pg: boolean) => `
import { Column, Entity, Exclusion, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

export abstract class Content {
  @Column({ type: 'varchar', length: 200, unique: true }) text: string;
}

@Entity('posts')
export class Post extends Content {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'varchar', length: 200, unique: true }) text: string;
}

@Entity('codes')
@Unique('UQ_codes_code', ['code'], { deferrable: 'INITIALLY DEFERRED' })
@Unique('UQ_codes_slot', ['slot'], { deferrable: 'INITIALLY IMMEDIATE' })
@Exclusion('EXC_codes_slot', 'USING gist ("slot" WITH =)')
export class Code {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'varchar', length: 20 }) code: string;
  @Column({ type: 'int' }) slot: number;
}

@Entity('places')
export class Place {
  @PrimaryGeneratedColumn() id: number;
  @Index('IDX_places_at', { spatial: true }) @Column({ type: '${pg ? 'point' : 'varchar'}' }) at: string;
  ${pg ? `@Index('IDX_places_code', { type: 'hash' } as any) @Column({ type: 'varchar', length: 20 }) code: string;` : ''}
  ${pg ? `@Column({ type: 'citext' }) email: string;` : ''}
  ${pg ? `@Column({ type: 'hstore', nullable: true }) attributes: string;` : ''}
}
`;

function project(line: Line): string {
  const pg = line.dialect === 'postgres';
  return makeProject({
    typeorm: line.typeorm,
    packages: ['typeorm', 'typescript', 'reflect-metadata', line.driver === 'postgres' ? 'pg' : line.driver === 'sqlite' ? 'sqlite3' : 'better-sqlite3'],
    files: {
      'tsconfig.json': JSON.stringify({ compilerOptions: { target: 'ES2021', module: 'commonjs', experimentalDecorators: true, emitDecoratorMetadata: true } }),
      'mig.ini': `[mig]\nscript_location = migrations\nurl = ${pg ? 'postgres://u:p@localhost/x' : 'sqlite:app.db'}\n`,
      'src/entities.ts': entities(pg),
      'migrations/env.ts': `import { Post, Code, Place } from '../src/entities';\nexport const targetMetadata = [Post, Code, Place];\n`,
    },
  });
}

describe('modelFromTypeorm: uniques, index methods, exclusions, extensions', function () {
  this.timeout(120_000);

  for (const line of LINES) {
    describe(lineName(line), () => {
      const pg = line.dialect === 'postgres';
      let model: SchemaModel;
      const table = (name: string) => model.tables.find((t) => t.name === name)!;
      before(() => {
        model = loadModel(project(line)).model;
      });

      it('holds a unique column redeclared in a subclass once (TypeORM lists it twice)', () => {
        expect(table('posts').uniques.map((u) => u.columns)).to.deep.equal([['text']]);
      });

      it(pg ? 'gives uniques their deferrability' : 'has no deferrable uniques on SQLite', () => {
        expect(table('codes').uniques).to.deep.equal([
          { kind: 'unique', name: 'UQ_codes_code', columns: ['code'], ...(pg ? { deferrable: 'INITIALLY DEFERRED' } : {}) },
          { kind: 'unique', name: 'UQ_codes_slot', columns: ['slot'], ...(pg ? { deferrable: 'INITIALLY IMMEDIATE' } : {}) },
        ]);
      });

      it(pg ? `gives indexes their method: spatial is gist${line.typeorm === '1' ? ', type is the method' : ' (TypeORM 0.3 has no index type)'}` : 'has no index methods on SQLite', () => {
        const using = Object.fromEntries(table('places').indexes.map((i) => [i.name, i.using]));
        if (!pg) expect(using).to.deep.equal({ IDX_places_at: undefined });
        else expect(using).to.deep.equal({ IDX_places_at: 'gist', IDX_places_code: line.typeorm === '1' ? 'hash' : undefined });
      });

      it(pg ? 'holds exclusion constraints, and the extensions TypeORM installs for the types and exclusions' : 'has no exclusion constraints or extensions on SQLite', () => {
        if (pg) {
          expect(table('codes').exclusions).to.deep.equal([{ kind: 'exclusion', name: 'EXC_codes_slot', expression: 'USING gist ("slot" WITH =)' }]);
          expect(model.extensions).to.deep.equal(['btree_gist', 'citext', 'hstore']);
        } else {
          expect(table('codes').exclusions).to.equal(undefined);
          expect(model.extensions).to.equal(undefined);
        }
      });
    });
  }
});
