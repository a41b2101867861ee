/**
 * Renames through the CLI, on a real SQLite file, a real PostgreSQL and a real MariaDB: a renamed column or
 * table is written as a rename when a hint (--rename, --rename-table, env.ts `renames`) or a
 * "yes" on a real pseudo-terminal says so, and as drop + add with a comment saying how to keep
 * the data otherwise (no terminal, --no-interactive, "no"). Rows survive the rename's upgrade
 * and its downgrade; mig check and TypeORM's own schema builder are clean after it.
 */
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { eachDatabase, type MigProject } from '../helpers/databases';
import { expectClean, ok, removeRevision, revisionText, useSource } from '../helpers/autogenerate';
import { mig } from '../helpers/project';
import { migOnTerminal } from '../helpers/terminal';
import { typeormPending } from '../helpers/typeorm-oracle';

const entities = (o: { users?: string; name?: string; email?: string; extra?: string } = {}) => `
import { Column, Entity, Index, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
@Entity('${o.users ?? 'users'}')
export class User {
  @PrimaryGeneratedColumn() id!: number;
  @Index() @Column({ type: 'varchar', length: 100 }) ${o.name ?? 'name'}!: string;
  @Column({ type: 'varchar', length: 200, unique: true }) ${o.email ?? 'email'}!: string;
  @Column({ type: 'boolean', default: true }) isActive!: boolean;
  ${o.extra ?? ''}
}
@Entity('posts')
export class Post {
  @PrimaryGeneratedColumn() id!: number;
  @Column('text') title!: string;
  @ManyToOne(() => User, { onDelete: 'CASCADE' }) author!: User;
}
`;

/** An identifier quoted for the test database's own SQL (MySQL: backticks). */
const qi = (p: MigProject, name: string) => (p.db.dialect === 'mysql' ? `\`${name}\`` : `"${name}"`);

async function start(p: MigProject): Promise<void> {
  useSource(p, entities());
  ok(p, ['revision', '--autogenerate', '-m', 'init', '--rev-id', 'a00000000001']);
  ok(p, ['upgrade', 'head']);
  await p.db.query(`INSERT INTO users (name, email) VALUES ('Ann', 'ann@example.com'), ('Bob', 'bob@example.com')`);
  await p.db.query(`INSERT INTO posts (title, ${qi(p, 'authorId')}) VALUES ('hello', 1)`);
}

const upgradeOf = (text: string) => text.slice(text.indexOf('export async function upgrade'), text.indexOf('export async function downgrade'));
const downgradeOf = (text: string) => text.slice(text.indexOf('export async function downgrade'));

/** The rename ran: rows kept, mig and TypeORM agree, and the downgrade gives the rows back. */
async function expectKept(p: MigProject, rev: string, table: string, columns: string, before: string): Promise<void> {
  ok(p, ['upgrade', 'head']);
  expect(await p.db.query(`SELECT ${columns} FROM ${table} ORDER BY id`)).to.have.length(2);
  expect(await p.db.query(`SELECT title FROM posts`), 'the posts of the renamed table stay (no cascade)').to.have.length(1);
  expectClean(p, 'after the rename');
  expect(typeormPending(p), 'TypeORM after the rename').to.deep.equal([]);
  ok(p, ['downgrade', '-1']);
  expect(await p.db.query(`SELECT ${before} FROM users ORDER BY id`)).to.have.length(2);
  expect(await p.db.query(`SELECT title FROM posts`)).to.have.length(1);
  removeRevision(p, rev);
  useSource(p, entities());
  expectClean(p, 'after the downgrade');
  expect(typeormPending(p), 'TypeORM after the downgrade').to.deep.equal([]);
}

eachDatabase('renames (CLI)', (setup) => {
  it('--rename writes each column rename as alterColumn newColumnName, keeps the rows up and down, and indexes and uniques follow', async function () {
    this.timeout(240_000);
    const p = await setup();
    await start(p);
    useSource(p, entities({ name: 'fullName', email: 'emailAddress' }));
    const out = ok(p, ['revision', '--autogenerate', '-m', 'rename', '--rev-id', 'b00000000002', '--rename', 'users.name=fullName', '--rename', 'users.email=emailAddress']);
    expect(out).to.contain('Detected alter column users.name (newName)');
    const text = revisionText(p, 'b00000000002');
    expect(upgradeOf(text)).to.contain("op.alterColumn('users', 'name', { newColumnName: 'fullName' })");
    expect(upgradeOf(text)).to.contain("op.alterColumn('users', 'email', { newColumnName: 'emailAddress' })");
    expect(text).to.not.match(/dropColumn|addColumn/);
    expect(downgradeOf(text)).to.contain("op.alterColumn('users', 'fullName', { newColumnName: 'name' })");
    expect(upgradeOf(text)).to.contain('mig-lint: rename:');
    await expectKept(p, 'b00000000002', 'users', `${qi(p, 'fullName')}, ${qi(p, 'emailAddress')}`, 'name, email');
  });

  it('--rename-table writes a table rename; the foreign keys pointing at it keep their rows', async function () {
    this.timeout(240_000);
    const p = await setup();
    await start(p);
    useSource(p, entities({ users: 'people' }));
    ok(p, ['revision', '--autogenerate', '-m', 'people', '--rev-id', 'b00000000002', '--rename-table', 'users=people']);
    const text = revisionText(p, 'b00000000002');
    expect(upgradeOf(text)).to.contain("op.renameTable('users', 'people')");
    expect(text).to.not.match(/dropTable|createTable/);
    expect(downgradeOf(text)).to.contain("op.renameTable('people', 'users')");
    await expectKept(p, 'b00000000002', 'people', 'name, email', 'name, email');
  });

  it('without a terminal, a candidate stays drop + add with a comment saying how to keep its data; a boolean is never a varchar renamed', async function () {
    this.timeout(180_000);
    const p = await setup();
    await start(p);
    // isActive (boolean) goes and displayName (varchar) comes: not a candidate (TypeORM would rename it).
    useSource(p, entities({ name: 'fullName' }).replace("@Column({ type: 'boolean', default: true }) isActive!: boolean;", "@Column({ type: 'varchar', length: 50, nullable: true }) displayName!: string;"));
    ok(p, ['revision', '--autogenerate', '-m', 'ci', '--rev-id', 'b00000000002']);
    const up = upgradeOf(revisionText(p, 'b00000000002'));
    expect(up).to.contain('// mig: possible rename of users.name -> users.fullName; run with --rename users.name=fullName to keep its data');
    expect(up).to.contain('mig-lint: possible-rename:');
    expect(up).to.match(/dropColumn\('users', 'name'\)|batch\.dropColumn\('name'\)/);
    expect(up).to.not.contain('isActive -> ');
    expect(up).to.not.contain('newColumnName');
  });

  it('on a terminal, asks about each candidate: yes renames, no leaves drop + add; --no-interactive does not ask', async function () {
    this.timeout(240_000);
    const p = await setup();
    await start(p);
    useSource(p, entities({ name: 'fullName', email: 'emailAddress' }));
    const asked = migOnTerminal(p.dir, ['revision', '--autogenerate', '-m', 'asked', '--rev-id', 'b00000000002'], ['y', 'n']);
    expect(asked.status, asked.output).to.equal(0);
    expect(asked.asked).to.equal(2);
    expect(asked.output).to.contain('Is users.fullName renamed from users.name? [y/N]');
    expect(asked.output).to.contain('Is users.emailAddress renamed from users.email? [y/N]');
    const up = upgradeOf(revisionText(p, 'b00000000002'));
    expect(up).to.contain("op.alterColumn('users', 'name', { newColumnName: 'fullName' })");
    expect(up).to.contain('// mig: possible rename of users.email -> users.emailAddress');
    removeRevision(p, 'b00000000002');

    const quiet = migOnTerminal(p.dir, ['revision', '--autogenerate', '-m', 'quiet', '--rev-id', 'c00000000003', '--no-interactive'], []);
    expect(quiet.status, quiet.output).to.equal(0);
    expect(quiet.asked).to.equal(0);
    expect(upgradeOf(revisionText(p, 'c00000000003'))).to.contain('// mig: possible rename of users.name -> users.fullName');
    removeRevision(p, 'c00000000003');

    // A table renamed: asked as a table.
    useSource(p, entities({ users: 'people' }));
    const table = migOnTerminal(p.dir, ['revision', '--autogenerate', '-m', 'people', '--rev-id', 'd00000000004'], ['y']);
    expect(table.output).to.contain('Is table people renamed from users? [y/N]');
    expect(upgradeOf(revisionText(p, 'd00000000004'))).to.contain("op.renameTable('users', 'people')");
    await expectKept(p, 'd00000000004', 'people', 'name', 'name');
  });

  it("env.ts's renames export hints as the flags do, and is passed over once the rename ran", async function () {
    this.timeout(240_000);
    const p = await setup();
    await start(p);
    useSource(p, entities({ name: 'fullName' }));
    const env = path.join(p.dir, 'migrations', 'env.ts');
    fs.appendFileSync(env, "export const renames = { columns: { 'users.name': 'fullName' } };\n");
    ok(p, ['revision', '--autogenerate', '-m', 'kept', '--rev-id', 'b00000000002']);
    expect(upgradeOf(revisionText(p, 'b00000000002'))).to.contain("op.alterColumn('users', 'name', { newColumnName: 'fullName' })");
    ok(p, ['upgrade', 'head']);
    expect(await p.db.query(`SELECT ${qi(p, 'fullName')} FROM users ORDER BY id`)).to.deep.equal([{ fullName: 'Ann' }, { fullName: 'Bob' }]);
    // The hint stays in env.ts; with nothing left to rename it changes nothing.
    expect(ok(p, ['check'])).to.equal('No new upgrade operations detected.\n');
  });

  it('refuses a hint that names no dropped or no new column, in one line, writing nothing', async function () {
    this.timeout(120_000);
    const p = await setup();
    await start(p);
    useSource(p, entities({ name: 'fullName' }));
    const bad = mig(p.dir, ['revision', '--autogenerate', '-m', 'bad', '--rev-id', 'b00000000002', '--rename', 'users.nme=fullName']);
    expect(bad.status).to.not.equal(0);
    expect(bad.stderr).to.contain('rename users.nme=fullName: users has no column nme that the entities drop');
    expect(bad.stderr).to.not.match(/\n\s+at /);
    const form = mig(p.dir, ['revision', '--autogenerate', '-m', 'bad', '--rev-id', 'b00000000002', '--rename', 'fullName']);
    expect(form.status).to.not.equal(0);
    expect(form.stderr).to.contain('--rename fullName: expected TABLE.OLD=NEW');
    expect(fs.readdirSync(path.join(p.dir, 'migrations', 'versions')).filter((f) => f.startsWith('b0'))).to.deep.equal([]);
  });

  it('a rename beside a change that rebuilds a SQLite table keeps every row', async function () {
    this.timeout(180_000);
    const p = await setup();
    await start(p);
    // name renamed and made longer (a type change: ALTER on PostgreSQL, a rebuild on SQLite).
    useSource(p, entities({ name: 'fullName' }).replace("@Index() @Column({ type: 'varchar', length: 100 }) fullName", "@Index() @Column({ type: 'varchar', length: 150 }) fullName"));
    ok(p, ['revision', '--autogenerate', '-m', 'longer', '--rev-id', 'b00000000002', '--rename', 'users.name=fullName']);
    const up = upgradeOf(revisionText(p, 'b00000000002'));
    expect(up).to.contain("newColumnName: 'fullName'");
    expect(up).to.not.match(/dropColumn|addColumn/);
    ok(p, ['upgrade', 'head']);
    expect(await p.db.query(`SELECT ${qi(p, 'fullName')} FROM users ORDER BY id`)).to.deep.equal([{ fullName: 'Ann' }, { fullName: 'Bob' }]);
    expect(await p.db.query('SELECT title FROM posts')).to.have.length(1);
    expectClean(p, 'after the rename and type change');
    expect(typeormPending(p)).to.deep.equal([]);
    ok(p, ['downgrade', '-1']);
    expect(await p.db.query('SELECT name FROM users ORDER BY id')).to.deep.equal([{ name: 'Ann' }, { name: 'Bob' }]);
    expect(await p.db.query('SELECT title FROM posts')).to.have.length(1);
  });
}, { dialects: ['sqlite', 'postgres', 'mysql'] });
