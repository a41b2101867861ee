/**
 * The autogenerate workflow as a new user runs it, on SQLite, PostgreSQL and MariaDB: init ->
 * revision --autogenerate -> upgrade -> check -> change the entities -> autogenerate ->
 * upgrade keeps the rows -> check -> downgrade -1 restores the previous schema -> upgrade.
 * TypeORM's own schema builder is the independent oracle: after mig's upgrade it has nothing
 * to do, and after TypeORM's synchronize mig check finds nothing.
 */
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { typeormPending } from '../helpers/typeorm-oracle';
import { eachDatabase, type MigProject } from '../helpers/databases';
import { mig } from '../helpers/project';
import { entities } from './fixtures';

type Dialect = 'sqlite' | 'postgres' | 'mysql';

function useEntities(p: MigProject, dialect: Dialect, version: 1 | 2): void {
  fs.mkdirSync(path.join(p.dir, 'src'), { recursive: true });
  fs.writeFileSync(path.join(p.dir, 'src', 'entities.ts'), entities(dialect, version));
}

function run(p: MigProject, args: string[]) {
  const r = mig(p.dir, args);
  return r;
}

function ok(p: MigProject, args: string[]): string {
  const r = run(p, args);
  expect(r.status, `mig ${args.join(' ')}\n${r.stdout}\n${r.stderr}`).to.equal(0);
  return r.stdout;
}

function revisionFile(p: MigProject, id: string): string {
  const dir = path.join(p.dir, 'migrations', 'versions');
  return fs.readFileSync(path.join(dir, fs.readdirSync(dir).find((f) => f.startsWith(id))!), 'utf8');
}

eachDatabase('autogenerate workflow', (setup, dialect) => {
  it('init -> autogenerate -> upgrade -> check -> change -> autogenerate -> upgrade keeps rows -> downgrade -1 -> upgrade', async function () {
    this.timeout(180_000);
    const p = await setup();
    fs.writeFileSync(path.join(p.dir, 'migrations', 'env.ts'), "import * as entities from '../src/entities';\nexport const targetMetadata = Object.values(entities);\n");
    useEntities(p, dialect, 1);

    let out = ok(p, ['revision', '--autogenerate', '-m', 'init', '--rev-id', 'a00000000001']);
    expect(out).to.contain('Detected create table users');
    const first = revisionFile(p, 'a00000000001');
    expect(first).to.match(/await op\.createTable\(\s*'users'/);
    ok(p, ['upgrade', 'head']);
    expect(ok(p, ['check'])).to.equal('No new upgrade operations detected.\n');
    expect(typeormPending(p), 'TypeORM would still change the schema').to.deep.equal([]);

    await p.db.query(`INSERT INTO users (email, name) VALUES ('ann@example.com', 'Ann')`);
    await p.db.query(`INSERT INTO posts (title, ${dialect === 'mysql' ? '`authorId`' : '"authorId"'}) VALUES ('Hello', 1)`);

    useEntities(p, dialect, 2);
    const check = run(p, ['check']);
    expect(check.status).to.equal(1);
    expect(check.stdout).to.match(/^Detected create table comments$/m);
    expect(check.stderr).to.match(/^Error: New upgrade operations detected: \d+ \(listed above\); run `mig revision --autogenerate/);

    out = ok(p, ['revision', '--autogenerate', '-m', 'change', '--rev-id', 'b00000000002']);
    const second = revisionFile(p, 'b00000000002');
    expect(second).to.match(/await op\.createTable\(\s*'comments'/);
    expect(second).to.match(/alterColumn\('name'|alterColumn\('users', 'name'/);
    expect(second).to.not.match(/dropColumn\([^)]*'name'/);
    ok(p, ['upgrade', 'head']);
    expect(await p.db.query(`SELECT email, name FROM users`)).to.deep.equal([{ email: 'ann@example.com', name: 'Ann' }]);
    expect((await p.db.query(`SELECT title FROM posts`)).length).to.equal(1);
    expect(ok(p, ['check'])).to.equal('No new upgrade operations detected.\n');
    expect(typeormPending(p)).to.deep.equal([]);

    ok(p, ['downgrade', '-1']);
    // The schema is v1's again: with the v2 revision set aside, check against v1's entities.
    const secondFile = path.join(p.dir, 'migrations', 'versions', fs.readdirSync(path.join(p.dir, 'migrations', 'versions')).find((f) => f.startsWith('b0000'))!);
    fs.renameSync(secondFile, `${secondFile}.aside`);
    useEntities(p, dialect, 1);
    expect(ok(p, ['check'])).to.equal('No new upgrade operations detected.\n');
    fs.renameSync(`${secondFile}.aside`, secondFile);
    expect((await p.db.query(`SELECT email FROM users`)).length).to.equal(1);
    useEntities(p, dialect, 2);
    ok(p, ['upgrade', 'head']);
    expect(ok(p, ['check'])).to.equal('No new upgrade operations detected.\n');
  });

  it('refuses to autogenerate when the database is not at the head', async () => {
    const p = await setup();
    fs.writeFileSync(path.join(p.dir, 'migrations', 'env.ts'), "import * as entities from '../src/entities';\nexport const targetMetadata = Object.values(entities);\n");
    useEntities(p, dialect, 1);
    ok(p, ['revision', '--autogenerate', '-m', 'init']);
    const r = run(p, ['revision', '--autogenerate', '-m', 'again']);
    expect(r.status).to.equal(1);
    expect(r.stderr).to.match(/^Error: Target database is not up to date\. It is at base, the head is [0-9a-f]{12}; run `mig upgrade head` first\n$/);
  });

  it('--head REV --splice autogenerates a branch from REV when the database is at REV, though another head exists; elsewhere it names REV', async () => {
    const p = await setup();
    fs.writeFileSync(path.join(p.dir, 'migrations', 'env.ts'), "import * as entities from '../src/entities';\nexport const targetMetadata = Object.values(entities);\n");
    useEntities(p, dialect, 1);
    ok(p, ['revision', '--autogenerate', '-m', 'init', '--rev-id', 'a00000000001']);
    ok(p, ['upgrade', 'head']);
    ok(p, ['revision', '-m', 'other branch', '--rev-id', 'b00000000002']);
    useEntities(p, dialect, 2);
    // The database is at a00000000001: the branch's diff is against it, not against b's head.
    ok(p, ['revision', '--autogenerate', '-m', 'branch', '--rev-id', 'c00000000003', '--head', 'a00000000001', '--splice']);
    expect(fs.readdirSync(path.join(p.dir, 'migrations', 'versions')).find((f) => f.startsWith('c00000000003'))).to.not.equal(undefined);
    ok(p, ['upgrade', 'b00000000002']);
    const r = run(p, ['revision', '--autogenerate', '-m', 'again', '--head', 'a00000000001', '--splice']);
    expect(r.status).to.equal(1);
    expect(r.stderr).to.equal('Error: Target database is not up to date. It is at b00000000002, the new revision builds on a00000000001 (--head a00000000001); bring it there first (mig upgrade / mig downgrade)\n');
  });

  it('finds nothing to do after TypeORM synchronize built the schema', async () => {
    const p = await setup();
    fs.writeFileSync(path.join(p.dir, 'migrations', 'env.ts'), "import * as entities from '../src/entities';\nexport const targetMetadata = Object.values(entities);\n");
    useEntities(p, dialect, 2);
    expect(typeormPending(p, true)).to.deep.equal([]);
    const r = run(p, ['check']);
    expect(r.stdout + r.stderr).to.equal('No new upgrade operations detected.\n');
  });

  it('writes the empty revision and says so when nothing differs', async () => {
    const p = await setup();
    fs.writeFileSync(path.join(p.dir, 'migrations', 'env.ts'), "import * as entities from '../src/entities';\nexport const targetMetadata = Object.values(entities);\n");
    useEntities(p, dialect, 1);
    ok(p, ['revision', '--autogenerate', '-m', 'init']);
    ok(p, ['upgrade', 'head']);
    const out = ok(p, ['revision', '--autogenerate', '-m', 'nothing', '--rev-id', 'c00000000003']);
    expect(out).to.match(/^No changes in schema detected\.\nGenerating .*c00000000003_nothing\.ts \.\.\.  done\n$/);
  });

  it('refuses an env.ts whose targetMetadata holds no entity, for autogenerate and check, before connecting', async () => {
    const p = await setup();
    fs.writeFileSync(path.join(p.dir, 'migrations', 'env.ts'), 'export const targetMetadata = [];\n');
    for (const args of [['revision', '--autogenerate', '-m', 'x'], ['check']]) {
      const r = run(p, args);
      expect(r.status, r.stderr).to.equal(1);
      expect(r.stdout).to.equal('');
      expect(r.stderr).to.equal(
        'Error: migrations/env.ts: targetMetadata holds no entities, so autogenerate would drop every table; export const targetMetadata = [User, Post] (the entity classes or EntitySchemas, or the DataSource whose entities mig compares)\n',
      );
    }
    expect(fs.readdirSync(path.join(p.dir, 'migrations', 'versions'))).to.deep.equal([]);
    if (dialect === 'sqlite') expect(fs.existsSync(path.join(p.dir, 'app.db'))).to.equal(false);
  });
}, { dialects: ['sqlite', 'postgres', 'mysql'] });

eachDatabase('autogenerate hooks in env.ts', (setup) => {
  it('includeObject leaves out tables, includeName columns, and processRevisionDirectives may skip the file', async () => {
    const p = await setup();
    await p.db.query('CREATE TABLE legacy_report (id integer PRIMARY KEY)');
    await p.db.query('CREATE TABLE notes (id integer PRIMARY KEY, body text NOT NULL, scratch text)');
    fs.writeFileSync(path.join(p.dir, 'src.ts'), `import { Column, Entity, PrimaryColumn } from 'typeorm';
@Entity('notes')
export class Note {
  @PrimaryColumn({ type: 'integer' }) id!: number;
  @Column({ type: 'text' }) body!: string;
}
`);
    const env = (extra: string) =>
      fs.writeFileSync(
        path.join(p.dir, 'migrations', 'env.ts'),
        `import { Note } from '../src';
export const targetMetadata = [Note];
export function includeObject(o: { type: string; name: string; reflected: boolean }) { return !(o.type === 'table' && o.name.startsWith('legacy_')); }
export function includeName(name: string, type: string) { return !(type === 'column' && name === 'scratch'); }
${extra}`,
      );
    env('');
    expect(ok(p, ['check'])).to.equal('No new upgrade operations detected.\n');
    env("export function processRevisionDirectives(d: { upgradeOps: unknown[]; skip?: boolean }) { if (!d.upgradeOps.length) d.skip = true; }\n");
    const out = ok(p, ['revision', '--autogenerate', '-m', 'nothing']);
    expect(out).to.equal('No changes in schema detected.\nNo file written (processRevisionDirectives skipped it).\n');
    expect(fs.readdirSync(path.join(p.dir, 'migrations', 'versions'))).to.deep.equal([]);
  });

  it('compareType may declare two types equal', async () => {
    const p = await setup();
    await p.db.query('CREATE TABLE notes (id integer PRIMARY KEY, body varchar(10) NOT NULL)');
    fs.writeFileSync(path.join(p.dir, 'src.ts'), `import { Column, Entity, PrimaryColumn } from 'typeorm';
@Entity('notes')
export class Note {
  @PrimaryColumn({ type: 'integer' }) id!: number;
  @Column({ type: 'varchar', length: 20 }) body!: string;
}
`);
    const env = (extra: string) => fs.writeFileSync(path.join(p.dir, 'migrations', 'env.ts'), `import { Note } from '../src';\nexport const targetMetadata = [Note];\n${extra}`);
    env('');
    const r = run(p, ['check']);
    expect(r.status).to.equal(1);
    expect(r.stdout).to.equal('Detected alter column notes.body (type)\n');
    const json = run(p, ['check', '--json']);
    expect(json.status).to.equal(1);
    const parsed = JSON.parse(json.stdout);
    expect(parsed.operations).to.have.length(1);
    expect(parsed.operations[0].description).to.match(/alter column notes\.body \(type\)$/);
    // On SQLite the change is a move-and-copy: a batch holding the alterColumn.
    const op = parsed.operations[0].op.kind === 'batch' ? parsed.operations[0].op.ops[0] : parsed.operations[0].op;
    expect(op).to.include({ kind: 'alterColumn', column: 'body' });
    env('export function compareType() { return false; }\n');
    expect(ok(p, ['check'])).to.equal('No new upgrade operations detected.\n');
  });
}, { dialects: ['sqlite', 'postgres', 'mysql'] });
