/**
 * `mig squash BASE:HEAD` end to end, on a real SQLite file, a real PostgreSQL and a real MariaDB database, on a
 * branched and merged history: a -> b1, a -> b2, merge m (renames users.name), then c. After
 * `mig squash a:m` the old files stay, and a fresh database goes through the squash to the same
 * schema as the old path, a database at BASE keeps its rows through it (the rename stays a
 * rename), one in the middle of the range (b1) continues through the old files, one at m
 * continues through the squash's children with its version row rewritten, downgrade to base
 * goes back through the squash, and heads/history/show show the squash only. Then the command's
 * refusals: one line each, exit 1 (2 for usage), nothing written.
 */
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rangeRenames } from '../../src/autogenerate/squash';
import type { Op } from '../../src/operations/ops';
import { expectClean, ok, useSource } from '../helpers/autogenerate';
import { catalog, catalogDiff } from '../helpers/catalog';
import { eachDatabase, migProject, openTestDb, PROJECT_PACKAGES, type MigProject, type RevisionSpec } from '../helpers/databases';
import { makeProject, mig } from '../helpers/project';

const HISTORY: RevisionSpec[] = [
  {
    id: 'a0001',
    message: 'users',
    upgrade: "  await op.createTable('users', [{ name: 'id', type: 'int', primary: true }, { name: 'name', type: 'varchar', length: 50 }]);",
    downgrade: "  await op.dropTable('users');",
  },
  {
    id: 'b1001',
    down: 'a0001',
    message: 'email',
    upgrade: "  await op.addColumn('users', { name: 'email', type: 'varchar', length: 100, nullable: true });\n  await op.createIndex('ix_users_email', 'users', ['email']);",
    downgrade: "  await op.dropIndex('ix_users_email', 'users');\n  await op.dropColumn('users', 'email');",
  },
  {
    id: 'b2001',
    down: 'a0001',
    message: 'posts',
    upgrade:
      "  await op.createTable('posts', [{ name: 'id', type: 'int', primary: true }, { name: 'user_id', type: 'int' }, { name: 'title', type: 'varchar', length: 100 }], op.foreignKey(['user_id'], 'users', ['id'], { onDelete: 'CASCADE' }));",
    downgrade: "  await op.dropTable('posts');",
  },
  {
    id: 'm0001',
    down: ['b1001', 'b2001'],
    message: 'merge, rename',
    upgrade: "  await op.alterColumn('users', 'name', { newColumnName: 'full_name' });",
    downgrade: "  await op.alterColumn('users', 'full_name', { newColumnName: 'name' });",
  },
  {
    id: 'c0001',
    down: 'm0001',
    message: 'score',
    upgrade: "  await op.addColumn('posts', { name: 'score', type: 'int', nullable: true });",
    downgrade: "  await op.dropColumn('posts', 'score');",
  },
];

/** Entities matching the schema at m0001. */
const ENTITIES_AT_M = `
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
@Entity('users')
export class User {
  @PrimaryColumn({ type: 'int' }) id!: number;
  @Column({ type: 'varchar', length: 50 }) full_name!: string;
  @Index('ix_users_email') @Column({ type: 'varchar', length: 100, nullable: true }) email!: string | null;
}
@Entity('posts')
export class Post {
  @PrimaryColumn({ type: 'int' }) id!: number;
  @Column({ type: 'int' }) user_id!: number;
  @Column({ type: 'varchar', length: 100 }) title!: string;
  @ManyToOne(() => User, { onDelete: 'CASCADE', nullable: false }) @JoinColumn({ name: 'user_id' }) user!: User;
}
`;

const SQUASH = ['squash', 'a0001:m0001', '-m', 'squash the branches', '--rev-id', 's0001'];

/** The `Running upgrade|downgrade FROM -> TO` pairs of a run's output. */
const steps = (out: string) => [...out.matchAll(/^Running (upgrade|downgrade) (.+?) -> (\S+?),/gm)].map((m) => `${m[1]} ${m[2]} -> ${m[3]}`);

const versionFiles = (p: MigProject) => fs.readdirSync(path.join(p.dir, 'migrations', 'versions')).filter((f) => !f.startsWith('.')).sort();

/** `mig args` succeeds without a warning (no changed-revision line). */
function clean(p: MigProject, args: string[]): string {
  const r = mig(p.dir, args);
  expect(r.status, `mig ${args.join(' ')}\n${r.stdout}\n${r.stderr}`).to.equal(0);
  expect(r.stderr, `mig ${args.join(' ')}`).to.equal('');
  return r.stdout;
}

eachDatabase('mig squash', (setup) => {
  it('writes one revision: downRevision BASE, replaces the range, the ops between the two replayed schemas', async () => {
    const p = await setup();
    p.write(...HISTORY);
    const out = ok(p, SQUASH);
    expect(out).to.match(/^Replacing b2001, b1001, m0001$/m);
    const file = versionFiles(p).find((f) => f.startsWith('s0001'))!;
    const text = fs.readFileSync(path.join(p.dir, 'migrations', 'versions', file), 'utf8');
    expect(text).to.contain("export const downRevision = 'a0001';");
    expect(text).to.contain("export const replaces = ['b2001', 'b1001', 'm0001'];");
    expect(text, 'the rename stays a rename').to.match(/op\.alterColumn\('users', 'name', \{[^}]*newColumnName: 'full_name'/);
    expect(text).to.not.match(/dropColumn\('users', 'name'/);
    expect(versionFiles(p), 'the old files stay').to.have.length(6);

    expect(ok(p, ['heads'])).to.equal('c0001 (head)\n');
    const history = ok(p, ['history']);
    expect(history.split('\n').filter(Boolean).map((l) => l.replace(/, [^,]*$/, ''))).to.deep.equal(['s0001 -> c0001 (head)', 'a0001 -> s0001 (replaces b2001, b1001, m0001)', '<base> -> a0001']);
    expect(ok(p, ['show', 's0001'])).to.match(/^Replaces: b2001, b1001, m0001$/m);
    expect(ok(p, ['history', '-v'])).to.match(/^Replaces: b2001, b1001, m0001$/m);
  });

  it('a fresh database goes through the squash to the schema the old path builds, and downgrades back through it', async () => {
    const old = await setup();
    old.write(...HISTORY);
    clean(old, ['upgrade', 'head']);

    const p = await setup();
    p.write(...HISTORY);
    ok(p, SQUASH);
    expect(steps(clean(p, ['upgrade', 'head']))).to.deep.equal(['upgrade <base> -> a0001', 'upgrade a0001 -> s0001', 'upgrade s0001 -> c0001']);
    expect(await p.db.versions()).to.deep.equal(['c0001']);
    expect(catalogDiff(await catalog(old.db), await catalog(p.db), ['old path', 'squash'])).to.deep.equal([]);

    expect(steps(clean(p, ['downgrade', 'base']))).to.deep.equal(['downgrade c0001 -> s0001', 'downgrade s0001 -> a0001', 'downgrade a0001 -> <base>']);
    expect(await p.db.versions()).to.deep.equal([]);
    clean(old, ['downgrade', 'base']);
    expect(catalogDiff(await catalog(old.db), await catalog(p.db), ['old path at base', 'squash at base'])).to.deep.equal([]);
    expect((await catalog(p.db)).filter((fact) => /users|posts/.test(fact))).to.deep.equal([]);
  });

  it('a database at BASE keeps its rows through the squash (the rename is a rename)', async () => {
    const p = await setup();
    p.write(...HISTORY);
    clean(p, ['upgrade', 'a0001']);
    await p.db.query("INSERT INTO users (id, name) VALUES (1, 'Ada')");
    ok(p, SQUASH);
    expect(steps(clean(p, ['upgrade', 'head']))).to.deep.equal(['upgrade a0001 -> s0001', 'upgrade s0001 -> c0001']);
    expect(await p.db.query('SELECT id, full_name FROM users')).to.deep.equal([{ id: 1, full_name: 'Ada' }]);
  });

  it('a database in the middle of the range (b1 only) continues through the old files, with no checksum warning', async () => {
    const p = await setup();
    p.write(...HISTORY);
    clean(p, ['upgrade', 'b1001']);
    ok(p, SQUASH);
    expect(ok(p, ['current'])).to.equal('b1001\n');
    expect(ok(p, ['show', 'current'])).to.match(/^Rev: b1001 \(current\)$/m);
    expect(steps(clean(p, ['upgrade', 'head']))).to.deep.equal(['upgrade a0001 -> b2001', 'upgrade b1001, b2001 -> m0001', 'upgrade m0001 -> c0001']);
    expect(await p.db.versions()).to.deep.equal(['c0001']);
    // Now past the range: the squash stands for it again, downgrades go through it.
    expect(steps(clean(p, ['downgrade', 'a0001']))).to.deep.equal(['downgrade c0001 -> s0001', 'downgrade s0001 -> a0001']);
    expect(await p.db.versions()).to.deep.equal(['a0001']);
  });

  it('a database at HEAD continues through the squash: its row is rewritten to the squash, then moved on', async () => {
    const p = await setup();
    p.write(...HISTORY);
    clean(p, ['upgrade', 'm0001']);
    ok(p, SQUASH);
    expect(ok(p, ['current'])).to.equal('s0001 (replaces b2001, b1001, m0001) (the version table says m0001, which it replaces)\n');
    expect(ok(p, ['show', 'current'])).to.match(/^Rev: s0001 \(current\)$/m);
    expect(ok(p, ['history', '-i'])).to.match(/^a0001 -> s0001 \(current\) \(replaces b2001, b1001, m0001\),/m);
    expect(clean(p, ['current', '--verbose']), 'the log names replaced revisions: no warning').to.not.match(/edited|deleted/);
    expect(steps(clean(p, ['upgrade', 'head']))).to.deep.equal(['upgrade s0001 -> c0001']);
    expect(await p.db.versions()).to.deep.equal(['c0001']);
    expect(steps(clean(p, ['downgrade', '-1']))).to.deep.equal(['downgrade c0001 -> s0001']);
    expect(await p.db.versions()).to.deep.equal(['s0001']);
  });

  it('a database at HEAD is at the squash for autogenerate too: mig check compares, clean against matching entities', async () => {
    const p = await setup();
    p.write(...HISTORY.filter((r) => r.id !== 'c0001'));
    useSource(p, ENTITIES_AT_M);
    clean(p, ['upgrade', 'm0001']);
    ok(p, SQUASH);
    expect(ok(p, ['heads'])).to.match(/^s0001 \(head\)/);
    expectClean(p, 'a database at m0001 after the squash');
  });

  it('a concurrently built index (transactional = false) in the range becomes a plain one in the transactional squash', async () => {
    const p = await setup();
    p.write(
      ...HISTORY,
      { id: 'd0001', down: 'c0001', transactional: false, upgrade: "  await op.createIndex('ix_posts_score', 'posts', ['score'], { concurrently: true });", downgrade: "  await op.dropIndex('ix_posts_score', 'posts', { concurrently: true });" },
      { id: 'e0001', down: 'd0001', upgrade: "  await op.addColumn('posts', { name: 'body', type: 'text', nullable: true });", downgrade: "  await op.dropColumn('posts', 'body');" },
    );
    ok(p, ['squash', 'c0001:e0001', '-m', 'index and body', '--rev-id', 't0001']);
    const text = fs.readFileSync(path.join(p.dir, 'migrations', 'versions', versionFiles(p).find((f) => f.startsWith('t0001'))!), 'utf8');
    expect(text).to.contain("await op.createIndex('ix_posts_score', 'posts', ['score']);");
    expect(text).to.not.contain('concurrently: true');
    expect(steps(clean(p, ['upgrade', 'head'])).slice(-1)).to.deep.equal(['upgrade c0001 -> t0001']);
    expect(steps(clean(p, ['downgrade', 'c0001']))).to.deep.equal(['downgrade t0001 -> c0001']);
  });

  it('with the replaced files deleted: the squash is used; a database inside the range says which files it needs', async () => {
    const atHead = await setup();
    atHead.write(...HISTORY);
    clean(atHead, ['upgrade', 'm0001']);
    ok(atHead, SQUASH);
    for (const id of ['b1001', 'b2001', 'm0001']) fs.rmSync(path.join(atHead.dir, 'migrations', 'versions', `${id}.ts`));
    expect(steps(clean(atHead, ['upgrade', 'head']))).to.deep.equal(['upgrade s0001 -> c0001']);

    const inside = await setup();
    inside.write(...HISTORY);
    clean(inside, ['upgrade', 'b1001']);
    ok(inside, SQUASH);
    for (const id of ['b1001', 'b2001', 'm0001']) fs.rmSync(path.join(inside.dir, 'migrations', 'versions', `${id}.ts`));
    const r = mig(inside.dir, ['upgrade', 'head']);
    expect(r.status).to.equal(1);
    expect(r.stderr).to.match(/^Error: The database is at b1001, in the range squash s0001 replaces, and the replaced revision files b2001, b1001, m0001 are gone; restore them/);
    expect(r.stderr.trim().split('\n')).to.have.length(1);
    expect(await inside.db.versions()).to.deep.equal(['b1001']);
  });
}, { dialects: ['sqlite', 'postgres', 'mysql'] });

describe('mig squash refusals (SQLite)', function () {
  this.timeout(60_000);

  async function project(...extra: RevisionSpec[]): Promise<MigProject> {
    const dir = makeProject({ packages: PROJECT_PACKAGES });
    const p = migProject(await openTestDb('sqlite', dir), dir);
    p.write(...HISTORY, ...extra);
    return p;
  }

  function refused(p: MigProject, args: string[], status: number, line: RegExp): void {
    const before = versionFiles(p);
    const r = mig(p.dir, args);
    expect(r.status, `${args.join(' ')}\n${r.stderr}`).to.equal(status);
    expect(r.stderr.trim().split('\n'), r.stderr).to.have.length(1);
    expect(r.stderr.trim()).to.match(line);
    expect(versionFiles(p), 'nothing written').to.deep.equal(before);
  }

  it('bad usage and bad ranges: one line, exit 2 for usage, 1 otherwise', async () => {
    const p = await project();
    refused(p, ['squash', 'a0001:m0001'], 2, /^Error: mig squash needs a message \(-m MSG\); /);
    refused(p, ['squash', 'a0001', '-m', 'x'], 2, /^Error: mig squash takes a range BASE:HEAD \(got 'a0001'\); /);
    refused(p, ['squash', 'm0001:a0001', '-m', 'x'], 1, /^Error: a0001 does not come after m0001: HEAD must descend from BASE; /);
    refused(p, ['squash', 'b1001:b2001', '-m', 'x'], 1, /^Error: b2001 does not come after b1001/);
    refused(p, ['squash', 'm0001:head', '-m', 'x'], 1, /^Error: The range m0001:head holds only c0001: nothing to squash; /);
    refused(p, ['squash', 'a0001:zzzz9', '-m', 'x'], 1, /^Error: Can't locate revision identified by 'zzzz9'/);
  });

  it('--json: the revision, its path, what it replaces and the operations; an error as JSON', async () => {
    const p = await project();
    const json = JSON.parse(ok(p, [...SQUASH, '--json']));
    expect(json).to.deep.include({ path: 'migrations/versions/s0001_squash_the_branches.ts', replaces: ['b2001', 'b1001', 'm0001'] });
    expect(json.revision).to.deep.include({ revision: 's0001', downRevisions: ['a0001'], replaces: ['b2001', 'b1001', 'm0001'] });
    expect(json.operations).to.include('create table posts');
    const r = mig(p.dir, ['squash', 'c0001:a0001', '-m', 'x', '--json']);
    expect(r.status).to.equal(1);
    expect(JSON.parse(r.stdout).error.code).to.equal('squash-range');
  });

  it('a range overlapping an existing squash', async () => {
    const p = await project();
    ok(p, SQUASH);
    refused(p, ['squash', 'base:head', '-m', 'again'], 1, /^Error: The range base:head holds squash revision s0001 \(migrations\/versions\/s0001_squash_the_branches\.ts\): squashes cannot overlap; squash what comes after it/);
    refused(p, ['squash', 'b1001:head', '-m', 'again'], 1, /^Error: Revision b1001 is already replaced by squash s0001 .*: squashes cannot overlap; /);
  });

  it('data-moving and unreplayable revisions in the range, named', async () => {
    const cases: Array<[string, RegExp]> = [
      ["  await op.bulkInsert('users', [{ id: 1, name: 'x' }]);", /^Error: migrations\/versions\/d0001\.ts: bulkInsert into users moves data, which a squash \(schema only\) would drop; squash a range without this revision/],
      ["  await op.execute(\"UPDATE users SET name = 'x'\");", /^Error: migrations\/versions\/d0001\.ts: op\.execute\(\) moves data, which a squash \(schema only\) would drop; /],
      ['  await op.execute(\'CREATE TABLE "extra" (id int)\');', /^Error: migrations\/versions\/d0001\.ts: op\.execute\(\) runs DDL mig cannot replay, so a squash would lose it; /],
      ["  await op.query('SELECT 1');", /^Error: migrations\/versions\/d0001\.ts: upgrade\(\) reads the database \(op\.query\), so its schema cannot be replayed offline; squash a range that starts after it/],
    ];
    for (const [upgrade, line] of cases) {
      const p = await project({ id: 'd0001', down: 'c0001', upgrade });
      refused(p, ['squash', 'm0001:head', '-m', 'x'], 1, line);
    }
  });

  it('an old project template without `replaces` is refused with the line to add', async () => {
    const p = await project();
    const template = path.join(p.dir, 'migrations', 'script.ts.ejs');
    fs.writeFileSync(template, fs.readFileSync(template, 'utf8').replace(/<% if \(locals\.replaces\) \{ -%>\n.*\n<% \} -%>\n/, ''));
    refused(p, SQUASH, 1, /^Error: migrations\/script\.ts\.ejs does not render `export const replaces`, which a squash needs; add /);
  });
});

describe('squash: the renames of a range as hints (rangeRenames)', () => {
  const renameTable = (name: string, newName: string): Op => ({ kind: 'renameTable', table: { name }, newName });
  const renameColumn = (table: string, column: string, newName: string): Op => ({ kind: 'alterColumn', table: { name: table }, column, changes: { newName }, existing: {} });
  const create = (name: string, ...columns: string[]): Op => ({ kind: 'createTable', table: { name }, columns: columns.map((c) => ({ name: c, type: 'int' })), constraints: [] });

  it('composes chains from the name at BASE to the name at HEAD, a column under its table at HEAD', () => {
    expect(rangeRenames([renameTable('people', 'persons'), renameColumn('persons', 'name', 'full'), renameTable('persons', 'users'), renameColumn('users', 'full', 'full_name')])).to.deep.equal({
      tables: { people: 'users' },
      columns: { 'users.name': 'full_name' },
    });
    const inBatch: Op = { kind: 'batch', table: { name: 'users' }, ops: [renameColumn('users', 'a', 'b')], recreate: 'auto' };
    expect(rangeRenames([inBatch, renameColumn('users', 'b', 'c')]).columns).to.deep.equal({ 'users.a': 'c' });
  });

  it('gives nothing for what the range creates, and nothing for a rename undone', () => {
    expect(rangeRenames([create('t', 'x'), renameTable('t', 'u'), renameColumn('u', 'x', 'y')])).to.deep.equal({ tables: {}, columns: {} });
    expect(rangeRenames([{ kind: 'addColumn', table: { name: 'users' }, column: { name: 'x', type: 'int' } }, renameColumn('users', 'x', 'y')]).columns).to.deep.equal({});
    expect(rangeRenames([renameColumn('users', 'a', 'b'), renameColumn('users', 'b', 'a')]).columns).to.deep.equal({});
  });
});

describe('mig squash base:head (SQLite)', function () {
  this.timeout(60_000);

  it('replaces the whole history: a database at the old head is rewritten to the squash, and from base runs the squash alone', async () => {
    const dir = makeProject({ packages: PROJECT_PACKAGES });
    const p = migProject(await openTestDb('sqlite', dir), dir);
    p.write(...HISTORY);
    clean(p, ['upgrade', 'head']);
    const out = ok(p, ['squash', 'base:head', '-m', 'all', '--rev-id', 'z0001']);
    expect(out).to.match(/^Replacing a0001, b2001, b1001, m0001, c0001$/m);
    expect(ok(p, ['heads'])).to.equal('z0001 (head) (replaces a0001, b2001, b1001, m0001, c0001)\n');
    expect(ok(p, ['history']).trim().split('\n')).to.have.length(1);
    expect(clean(p, ['upgrade', 'head'])).to.equal('Already at head (z0001)\n');
    expect(await p.db.versions()).to.deep.equal(['z0001']);
    expect(steps(clean(p, ['downgrade', 'base']))).to.deep.equal(['downgrade z0001 -> <base>']);
    expect(steps(clean(p, ['upgrade', 'head']))).to.deep.equal(['upgrade <base> -> z0001']);
    expect(await p.db.query('SELECT id, full_name, email FROM users')).to.deep.equal([]);
  });
});
