/**
 * Defaults, comments and types of real applications' entities that mig got wrong (issue 9),
 * through the workflow on a real SQLite file and a real PostgreSQL database:
 * `revision --autogenerate` -> `upgrade head` -> `mig check` clean -> TypeORM has nothing to
 * do; then TypeORM's own synchronize on a fresh database -> `mig stamp head` -> `mig check` clean.
 *
 * - a numeric default on a text column (`default: 0`): TypeORM stores `'0'::text`;
 * - a NUL character, quotes and backslashes in comments: TypeORM strips the NUL;
 * - a numeric TypeScript enum with a default, also heterogeneous and array enums;
 * - `bit` columns, stored as bit(1) (PostgreSQL).
 */
import { expect } from 'chai';
import { typeormPending } from '../helpers/typeorm-oracle';
import { eachDatabase, type MigProject } from '../helpers/databases';
import { expectClean, ok, revisionText, useSource } from '../helpers/autogenerate';

function upgradeClean(p: MigProject, what: string): string {
  ok(p, ['revision', '--autogenerate', '-m', what, '--rev-id', 'a00000000001']);
  const text = revisionText(p, 'a00000000001');
  ok(p, ['upgrade', 'head']);
  expectClean(p, `${what} after autogenerate + upgrade`);
  expect(typeormPending(p), `${what}: TypeORM would still change the schema mig built`).to.deep.equal([]);
  ok(p, ['downgrade', 'base']);
  return text;
}

/** TypeORM synchronizes the entities; mig stamps head and finds nothing to do. */
function typeormThenStamp(p: MigProject, what: string): void {
  expect(typeormPending(p, true)).to.be.an('array');
  ok(p, ['stamp', 'head']);
  expectClean(p, `${what} after TypeORM's synchronize + stamp`);
}

const TEXT_DEFAULTS = `
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('settings')
export class Setting {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'text', nullable: true, default: 0 }) value: string;
  @Column({ type: 'varchar', length: 20, default: 42 }) code: string;
  @Column({ type: 'varchar', default: 1.5 }) ratio: string;
  @Column({ type: 'int', default: 0 }) count: number;
  @Column({ type: 'boolean', default: false }) flag: boolean;
}
`;

const COMMENTS = (dialect: string) => `
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'notes'${dialect === 'postgres' ? ", comment: 'table\\u0000 of notes'" : ''} })
export class Note {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'text', comment: 'x\\u0000' }) body: string;
  @Column({ type: 'text', comment: "it's a \\\\path\\\\ with \\"quotes\\"" }) path: string;
}
`;

const ENUMS = (dialect: string) => `
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export enum Role { ADMIN, EDITOR }
export enum Mixed { A = 'a', B = 2 }

@Entity('members')
export class Member {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: '${dialect === 'postgres' ? 'enum' : 'simple-enum'}', enum: Role, default: Role.EDITOR }) role: Role;
  @Column({ type: '${dialect === 'postgres' ? 'enum' : 'simple-enum'}', enum: Mixed, default: Mixed.B }) mixed: Mixed;
  ${dialect === 'postgres' ? '@Column({ type: \'enum\', enum: Role, array: true, default: [Role.ADMIN] }) roles: Role[];' : ''}
}
`;

const BITS = `
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('flags')
export class Flag {
  @PrimaryGeneratedColumn() id: number;
  @Column('bit') on: string;
  @Column({ type: 'bit', default: 1 }) lit: string;
  @Column({ type: 'bit', length: 4, nullable: true }) nibble: string;
  @Column({ type: 'varbit', nullable: true }) bits: string;
}
`;

eachDatabase('defaults, comments and types of real entity sets', (setup, dialect) => {
  it('a numeric default on a text or varchar column is written and compared as TypeORM does', async function () {
    this.timeout(120_000);
    const p = await setup();
    useSource(p, TEXT_DEFAULTS);
    upgradeClean(p, 'text defaults');
    typeormThenStamp(p, 'text defaults');
  });

  it('a NUL character in a comment is dropped as TypeORM drops it; quotes and backslashes are kept', async function () {
    this.timeout(120_000);
    const p = await setup();
    useSource(p, COMMENTS(dialect));
    upgradeClean(p, 'comments');
    if (dialect === 'postgres') {
      ok(p, ['upgrade', 'head']);
      const rows = await p.db.query<{ name: string; comment: string | null }>(
        `SELECT a.attname AS name, col_description(a.attrelid, a.attnum) AS comment FROM pg_attribute a WHERE a.attrelid = 'notes'::regclass AND a.attnum > 0 ORDER BY a.attnum`,
      );
      expect(rows).to.deep.equal([
        { name: 'id', comment: null },
        { name: 'body', comment: 'x' },
        { name: 'path', comment: `it's a \\path\\ with "quotes"` },
      ]);
      expect(await p.db.query(`SELECT obj_description('notes'::regclass) AS comment`)).to.deep.equal([{ comment: 'table of notes' }]);
      ok(p, ['downgrade', 'base']);
    }
    typeormThenStamp(p, 'comments');
  });

  it('numeric and heterogeneous TypeScript enums with defaults (and an enum array) upgrade and stay clean', async function () {
    this.timeout(120_000);
    const p = await setup();
    useSource(p, ENUMS(dialect));
    upgradeClean(p, 'enums');
    typeormThenStamp(p, 'enums');
  });

  if (dialect === 'postgres') {
    it('bit columns (bit is bit(1)) give no perpetual alterColumn', async function () {
      this.timeout(120_000);
      const p = await setup();
      useSource(p, BITS);
      upgradeClean(p, 'bits');
      typeormThenStamp(p, 'bits');
    });
  }
});
