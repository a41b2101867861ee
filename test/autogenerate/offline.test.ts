/**
 * `mig revision --autogenerate --offline` (issue 11): the entities compared with the schema the
 * revisions build (their upgrade ops replayed from base), with no database. It writes what the
 * online autogenerate writes against a database upgraded to the head — here for a change of
 * every common kind, and in the corpus test for every fixture at its head — and it connects to
 * nothing: the URL may point nowhere. SQL in op.execute() that changes the schema is refused
 * (its effect cannot be replayed); data SQL is not. Real SQLite file, real PostgreSQL
 * and real MariaDB.
 */
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ok, removeRevision, revisionText, useSource } from '../helpers/autogenerate';
import { eachDatabase, type MigProject } from '../helpers/databases';
import { mig } from '../helpers/project';
import { fidelityModels, roundTripModel, type Dialect } from './fidelity-fixtures';

const V1 = `
import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
@Entity('users')
export class User {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 50 }) name!: string;
  @Column({ type: 'varchar', length: 200, unique: true }) email!: string;
  @Column({ type: 'simple-enum', enum: ['member', 'admin'], default: 'member' }) role!: string;
  @Column({ type: 'integer', nullable: true }) age!: number | null;
  @CreateDateColumn() createdAt!: Date;
}
@Entity('posts')
export class Post {
  @PrimaryGeneratedColumn() id!: number;
  @Index() @Column({ type: 'varchar', length: 100 }) title!: string;
  @ManyToOne(() => User, { onDelete: 'CASCADE' }) author!: User;
}
`;

/** A longer varchar, a column dropped and one added, an enum value, an index, a renamed column, a new table with a FK. */
const V2 = `
import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
@Entity('users')
export class User {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 120 }) name!: string;
  @Column({ type: 'varchar', length: 200, unique: true }) email!: string;
  @Column({ type: 'simple-enum', enum: ['member', 'admin', 'owner'], default: 'member' }) role!: string;
  @Column({ type: 'text', nullable: true }) bio!: string | null;
  @CreateDateColumn() createdAt!: Date;
}
@Entity('posts')
@Index('ix_posts_headline_author', ['headline', 'author'])
export class Post {
  @PrimaryGeneratedColumn() id!: number;
  @Index() @Column({ type: 'varchar', length: 100 }) headline!: string;
  @Column({ type: 'boolean', default: false }) published!: boolean;
  @ManyToOne(() => User, { onDelete: 'CASCADE' }) author!: User;
}
@Entity('comments')
export class Comment {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'text' }) body!: string;
  @ManyToOne(() => Post, { onDelete: 'CASCADE' }) post!: Post;
}
`;

/** Entities for the hand-written history: some of it kept, some changed (a column dropped, a default, the unique constraints). */
const HAND_ENTITIES = `
import { Column, Entity, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
@Entity('users')
export class User {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 200, unique: true }) email!: string;
  @Column({ type: 'int', default: 0 }) n!: number;
}
@Entity('posts')
@Unique('uq_posts_title', ['title'])
export class Post {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 100 }) title!: string;
  @Column({ type: 'varchar', length: 50, nullable: true, unique: true }) slug!: string | null;
  @ManyToOne(() => User) author!: User;
}
`;

const HAND_ENTITIES_MYSQL = `
import { Column, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
@Entity('users')
export class User {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 200 }) email!: string;
  @Column({ type: 'enum', enum: ['a', 'b', 'c'], default: 'a' }) role!: string;
  @Column({ type: 'int', unsigned: true, default: 0 }) n!: number;
}
@Entity('posts')
export class Post {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 100 }) title!: string;
  @UpdateDateColumn() updatedAt!: Date;
  @Column({ type: 'int', nullable: true }) authorId!: number | null;
}
`;

const withoutDate = (text: string) => text.replace(/^ \* Create Date: .*$/m, '');

/** mig.ini's url pointing nowhere: a run that connects fails. */
function unreachable(p: MigProject): void {
  const ini = path.join(p.dir, 'mig.ini');
  const nowhere =
    p.db.dialect === 'postgres' ? 'postgres://nobody:secret@127.0.0.1:1/nowhere' : p.db.dialect === 'mysql' ? p.db.url.replace(/^(\w+):\/\/.*$/, '$1://nobody:secret@127.0.0.1:1/nowhere') : `sqlite:${path.join(p.dir, 'missing', 'never.db')}`;
  fs.writeFileSync(ini, fs.readFileSync(ini, 'utf8').replace(/^url = .*$/m, `url = ${nowhere}`));
}

eachDatabase<Dialect>('revision --autogenerate --offline', (setup, dialect) => {
  it('writes what the online autogenerate writes against the database at the head, without connecting', async function () {
    this.timeout(180_000);
    const p = await setup();
    useSource(p, V1);
    ok(p, ['revision', '--autogenerate', '-m', 'first', '--rev-id', 'a00000000001']);
    ok(p, ['upgrade', 'head']);

    useSource(p, V2);
    const rename = ['--rename', 'posts.title=headline', '--no-interactive'];
    ok(p, ['revision', '--autogenerate', '-m', 'second', '--rev-id', 'b00000000002', ...rename]);
    const online = revisionText(p, 'b00000000002');
    removeRevision(p, 'b00000000002');
    expect(online).to.match(/\bop\.\w+\(/);

    unreachable(p);
    expect(mig(p.dir, ['check']).status, 'with the url pointing nowhere, a run that connects fails').to.not.equal(0);
    ok(p, ['revision', '--autogenerate', '--offline', '-m', 'second', '--rev-id', 'b00000000002', ...rename]);
    expect(withoutDate(revisionText(p, 'b00000000002'))).to.equal(withoutDate(online));
    if (dialect === 'sqlite') expect(fs.existsSync(path.join(p.dir, 'missing')), 'no SQLite file created').to.equal(false);

    // The offline history's head now holds that revision too: a third offline run finds nothing, and so does check --offline.
    ok(p, ['revision', '--autogenerate', '--offline', '-m', 'third', '--rev-id', 'c00000000003']);
    expect(revisionText(p, 'c00000000003')).to.not.match(/\bop\.\w+\(/);
    removeRevision(p, 'c00000000003');
    expect(ok(p, ['check', '--offline'])).to.equal('No new upgrade operations detected.\n');
    removeRevision(p, 'b00000000002');
    const missing = mig(p.dir, ['check', '--offline']);
    expect(missing.status, 'check --offline: the entities ask for more than the revisions build').to.equal(1);
    expect(missing.stdout).to.match(/^Detected add column users\.bio$/m);
  });

  it('with no revision it compares with an empty schema; --head base too', async () => {
    const p = await setup();
    useSource(p, V1);
    unreachable(p);
    ok(p, ['revision', '--autogenerate', '--offline', '-m', 'first', '--rev-id', 'a00000000001']);
    // (one line on MySQL, where the unique is an index of its own and no constraint follows the columns)
    expect(revisionText(p, 'a00000000001')).to.match(/await op\.createTable\(\s*'users',/);
  });

  it('refuses a history whose op.execute() changes the schema (one line, nothing written); data SQL replays', async () => {
    const p = await setup();
    useSource(p, V1);
    ok(p, ['revision', '--autogenerate', '-m', 'first', '--rev-id', 'a00000000001']);
    p.write({ id: 'b00000000002', down: 'a00000000001', upgrade: "  await op.execute(\"UPDATE users SET age = 0 WHERE age IS NULL\");" });
    unreachable(p);
    ok(p, ['revision', '--autogenerate', '--offline', '-m', 'nothing', '--rev-id', 'c00000000003']);
    expect(revisionText(p, 'c00000000003')).to.not.match(/\bop\.\w+\(/);
    removeRevision(p, 'c00000000003');

    const users = dialect === 'mysql' ? '`users`' : '"users"';
    const nickname = dialect === 'mysql' ? '`nickname`' : '"nickname"';
    p.write({ id: 'c00000000003', down: 'b00000000002', upgrade: `  await op.execute('ALTER TABLE ${users} ADD COLUMN ${nickname} varchar(20)');` });
    const r = mig(p.dir, ['revision', '--autogenerate', '--offline', '-m', 'refused', '--rev-id', 'd00000000004']);
    expect(r.status).to.equal(1);
    expect(r.stderr).to.equal(
      'Error: migrations/versions/c00000000003.ts: op.execute() changes users with SQL mig cannot replay, so the offline diff would be wrong; run revision --autogenerate against a database at the head, or write the change as op calls\n',
    );
    expect(fs.readdirSync(path.join(p.dir, 'migrations', 'versions')).filter((f) => f.startsWith('d0000'))).to.deep.equal([]);
  });

  // MySQL keeps no unique constraints, only unique indexes, named after the first column when the
  // constraint has no name, and no primary key name: the replay must build that. (On SQLite and
  // PostgreSQL the replay keeps the revision's own type words, e.g. 'int' where the database says
  // 'integer', in existing*, and SQLite's copyFrom the primary key's name: not yet the same text.)
  if (dialect === 'mysql') it('a hand-written history (uniques by column and by name, one dropped, a named primary key, an unnamed foreign key): offline is online', async function () {
    this.timeout(180_000);
    const p = await setup();
    useSource(p, HAND_ENTITIES);
    p.write(
      {
        id: 'a00000000001',
        upgrade:
          "  await op.createTable('users', [{ name: 'id', type: 'int', generated: 'increment' }, { name: 'email', type: 'varchar', length: 200, unique: true }, { name: 'n', type: 'int', default: 5 }, { name: 'gone', type: 'int', nullable: true }], op.primaryKey(['id'], { name: 'pk_users' }));",
      },
      {
        id: 'b00000000002',
        down: 'a00000000001',
        upgrade: [
          "  await op.createTable('posts', [{ name: 'id', type: 'int', primary: true, generated: 'increment' }, { name: 'title', type: 'varchar', length: 100 }, { name: 'authorId', type: 'int', nullable: true }], op.foreignKey(['authorId'], 'users', ['id']));",
          "  await op.createUniqueConstraint('uq_posts_title', 'posts', ['title']);",
          "  await op.createUniqueConstraint('uq_posts_id_title', 'posts', ['id', 'title']);",
        ].join('\n'),
      },
      {
        id: 'c00000000003',
        down: 'b00000000002',
        upgrade: "  await op.dropConstraint('uq_posts_id_title', 'posts', 'unique');\n  await op.addColumn('posts', { name: 'slug', type: 'varchar', length: 50, nullable: true, unique: true });",
      },
    );
    ok(p, ['upgrade', 'head']);
    ok(p, ['revision', '--autogenerate', '-m', 'next', '--rev-id', 'd00000000004']);
    const online = revisionText(p, 'd00000000004');
    removeRevision(p, 'd00000000004');
    unreachable(p);
    ok(p, ['revision', '--autogenerate', '--offline', '-m', 'next', '--rev-id', 'd00000000004']);
    expect(withoutDate(revisionText(p, 'd00000000004'))).to.equal(withoutDate(online));
  });

  // MySQL changes what an op does not name: dropping a column takes it out of an index (kept with
  // the other columns), dropping a foreign key leaves the index made for it, and an enum's values
  // are the columns' (alterEnum restates them). The replay must do the same.
  if (dialect === 'mysql') it('a hand-written history (a column dropped from an index, a foreign key dropped, alterEnum, ON UPDATE added): offline is online', async function () {
    this.timeout(180_000);
    const p = await setup();
    useSource(p, HAND_ENTITIES_MYSQL);
    p.write(
      {
        id: 'a00000000001',
        upgrade: [
          "  await op.createTable('users', [{ name: 'id', type: 'int', primary: true, generated: 'increment' }, { name: 'email', type: 'varchar', length: 200 }, { name: 'role', type: 'enum', enum: ['a', 'b'], default: 'a' }, { name: 'n', type: 'int unsigned', default: 0 }, { name: 'gone', type: 'int', nullable: true }]);",
          "  await op.createIndex('ix_email_gone', 'users', ['email', 'gone']);",
          "  await op.createTable('posts', [{ name: 'id', type: 'int', primary: true, generated: 'increment' }, { name: 'title', type: 'varchar', length: 100 }, { name: 'updatedAt', type: 'datetime', precision: 6 }, { name: 'authorId', type: 'int', nullable: true }], op.foreignKey(['authorId'], 'users', ['id'], { name: 'fk_author', onDelete: 'CASCADE' }));",
        ].join('\n'),
      },
      {
        id: 'b00000000002',
        down: 'a00000000001',
        upgrade: [
          "  await op.dropConstraint('fk_author', 'posts', 'foreignKey');",
          "  await op.dropColumn('users', 'gone');",
          "  await op.alterEnum('users_role_enum', ['a', 'b', 'c'], { existing: ['a', 'b'], columns: [{ table: 'users', column: 'role' }] });",
          "  await op.alterColumn('posts', 'updatedAt', { default: { sql: 'CURRENT_TIMESTAMP(6)' }, onUpdate: 'CURRENT_TIMESTAMP(6)', existingType: { type: 'datetime', precision: 6 }, existingNullable: false });",
        ].join('\n'),
      },
    );
    ok(p, ['upgrade', 'head']);
    ok(p, ['revision', '--autogenerate', '-m', 'next', '--rev-id', 'c00000000003']);
    const online = revisionText(p, 'c00000000003');
    expect(online, 'the indexes MySQL kept').to.match(/op\.dropIndex\('fk_author', 'posts'\)/);
    removeRevision(p, 'c00000000003');
    unreachable(p);
    ok(p, ['revision', '--autogenerate', '--offline', '-m', 'next', '--rev-id', 'c00000000003']);
    expect(withoutDate(revisionText(p, 'c00000000003'))).to.equal(withoutDate(online));
  });

  // Every fixture model of the dialect: offline equals online from base, and at the head the
  // replayed history is the schema the upgrade built (an offline autogenerate finds nothing).
  for (const model of fidelityModels(dialect)) {
    it(`${model.name}: the first revision offline is the online one, and offline at the head finds nothing`, async function () {
      this.timeout(180_000);
      const p = await setup();
      if (dialect === 'postgres') for (const s of model.schemas ?? []) await p.db.query(`CREATE SCHEMA IF NOT EXISTS "${s}"`);
      useSource(p, model.source);
      ok(p, ['revision', '--autogenerate', '-m', 'first', '--rev-id', 'a00000000001']);
      const online = revisionText(p, 'a00000000001');
      removeRevision(p, 'a00000000001');
      ok(p, ['revision', '--autogenerate', '--offline', '-m', 'first', '--rev-id', 'a00000000001']);
      expect(withoutDate(revisionText(p, 'a00000000001'))).to.equal(withoutDate(online));
      ok(p, ['upgrade', 'head']);
      ok(p, ['revision', '--autogenerate', '--offline', '-m', 'none', '--rev-id', 'b00000000002']);
      expect(revisionText(p, 'b00000000002'), 'offline at the head').to.not.match(/\bop\.\w+\(/);
    });
  }

  it('round trip model: the change from version 1 to 2 offline is the online one', async function () {
    this.timeout(180_000);
    const p = await setup();
    useSource(p, roundTripModel(dialect, 1));
    ok(p, ['revision', '--autogenerate', '-m', 'v1', '--rev-id', 'a00000000001']);
    ok(p, ['upgrade', 'head']);
    useSource(p, roundTripModel(dialect, 2));
    ok(p, ['revision', '--autogenerate', '-m', 'v2', '--rev-id', 'b00000000002']);
    const online = revisionText(p, 'b00000000002');
    removeRevision(p, 'b00000000002');
    ok(p, ['revision', '--autogenerate', '--offline', '-m', 'v2', '--rev-id', 'b00000000002']);
    expect(withoutDate(revisionText(p, 'b00000000002'))).to.equal(withoutDate(online));
    ok(p, ['upgrade', 'head']);
    ok(p, ['revision', '--autogenerate', '--offline', '-m', 'none', '--rev-id', 'c00000000003']);
    expect(revisionText(p, 'c00000000003'), 'offline at the head').to.not.match(/\bop\.\w+\(/);
  });
}, { dialects: ['sqlite', 'postgres', 'mysql'] });
