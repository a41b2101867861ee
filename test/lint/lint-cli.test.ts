/**
 * `mig lint` on real projects and databases: the revisions not applied yet by default, every
 * one with --all, a range; the line of each op; silencing by comment and by mig.ini [lint];
 * --json; exit 1 on an error. And the safe forms it recommends run: a NOT NULL change with a
 * backfill on a populated table, a foreign key added NOT VALID over rows that break it.
 */
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { upgrade } from '../../src/runtime/migration';
import { eachDatabase } from '../helpers/databases';
import { makeProject, mig } from '../helpers/project';

const CREATE = `  await op.createTable('users', [
    { name: 'id', type: 'int', primary: true },
    { name: 'name', type: 'varchar', length: 100, nullable: true },
    { name: 'email', type: 'varchar', length: 200, nullable: true },
  ]);`;

eachDatabase('mig lint', (setup, dialect) => {
  it('checks the revisions not applied yet, with the line of each op, and exits 1 on an error', async () => {
    const p = await setup();
    p.write({ id: 'a1', upgrade: CREATE, downgrade: "  await op.dropTable('users');" });
    await upgrade(p.config(), 'head');
    p.write({ id: 'b2', down: 'a1', upgrade: "  await op.dropColumn('users', 'name');\n  await op.dropTable('users');" });

    const r = mig(p.dir, ['lint']);
    expect(r.status, r.stderr).to.equal(1);
    const lines = r.stdout.trim().split('\n');
    const file = path.join('migrations', 'versions', 'b2.ts');
    expect(lines).to.have.length(2);
    expect(lines[0]).to.match(new RegExp(`^${file.replace(/[./]/g, '\\$&')}:\\d+: error drop-column: drop column users\\.name: `));
    expect(lines[1]).to.contain('error drop-table: drop table users');
    const source = fs.readFileSync(path.join(p.dir, file), 'utf8').split('\n');
    const lineOf = (text: string) => source.findIndex((l) => l.includes(text)) + 1;
    expect(lines[0]).to.contain(`b2.ts:${lineOf("op.dropColumn('users', 'name')")}:`);
    expect(lines[1]).to.contain(`b2.ts:${lineOf("op.dropTable('users')")}:`);
    expect(r.stderr).to.contain('Error: 1 revision checked: 2 errors, 0 warnings');

    // --all checks a1 as well (a createTable: nothing to say); a range names revisions.
    const all = mig(p.dir, ['lint', '--all', '--json']);
    expect(all.status).to.equal(1);
    const report = JSON.parse(all.stdout);
    expect(report.revisions).to.deep.equal(['a1', 'b2']);
    expect(report.dialect).to.equal(dialect);
    expect(report.findings.map((f: { rule: string; revision: string }) => `${f.revision} ${f.rule}`)).to.deep.equal(['b2 drop-column', 'b2 drop-table']);
    const ranged = mig(p.dir, ['lint', 'base:a1']);
    expect(ranged.status, ranged.stderr).to.equal(0);
    expect(ranged.stdout).to.contain('1 revision checked: 0 errors, 0 warnings');
  });

  it('is silenced by // mig-lint-disable above the op and by mig.ini [lint], and reports a bad setting in one line', async () => {
    const p = await setup();
    p.write({
      id: 'a1',
      upgrade: `${CREATE}\n  // reviewed: the column is unused since v2\n  // mig-lint-disable drop-column\n  await op.dropColumn('users', 'name');\n  await op.renameTable('users', 'accounts');`,
    });
    const r = mig(p.dir, ['lint']);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.not.contain('drop-column');
    expect(r.stdout).to.contain('warning rename: rename table users to accounts');

    fs.appendFileSync(path.join(p.dir, 'mig.ini'), '\n[lint]\nrename = error\n');
    expect(mig(p.dir, ['lint']).status).to.equal(1);
    fs.writeFileSync(path.join(p.dir, 'mig.ini'), fs.readFileSync(path.join(p.dir, 'mig.ini'), 'utf8').replace('rename = error', 'rename = off'));
    const off = mig(p.dir, ['lint']);
    expect(off.stdout).to.not.contain('rename');
    fs.writeFileSync(path.join(p.dir, 'mig.ini'), fs.readFileSync(path.join(p.dir, 'mig.ini'), 'utf8').replace('rename = off', 'renames = loud'));
    const bad = mig(p.dir, ['lint']);
    expect(bad.status).to.equal(1);
    expect(bad.stderr.trim().split('\n')).to.have.length(1);
    expect(bad.stderr).to.contain("mig.ini [lint] renames: no lint rule 'renames'");
  });

  it('makes a populated column NOT NULL with a backfill of its NULL rows, and downgrades', async () => {
    const p = await setup();
    p.write(
      { id: 'a1', upgrade: CREATE },
      {
        id: 'b2',
        down: 'a1',
        upgrade: "  await op.alterColumn('users', 'email', { nullable: false, existingNullable: true, backfill: 'unknown@example.com' });",
        downgrade: "  await op.alterColumn('users', 'email', { nullable: true, existingNullable: false });",
      },
    );
    await upgrade(p.config(), 'a1');
    await p.db.query("INSERT INTO users (id, name, email) VALUES (1, 'ann', 'ann@example.com'), (2, 'bob', NULL), (3, NULL, NULL)");
    expect(mig(p.dir, ['lint']).status).to.equal(0);
    const up = mig(p.dir, ['upgrade', 'head']);
    expect(up.status, up.stderr).to.equal(0);
    expect(await p.db.query('SELECT id, email FROM users ORDER BY id')).to.deep.equal([
      { id: 1, email: 'ann@example.com' },
      { id: 2, email: 'unknown@example.com' },
      { id: 3, email: 'unknown@example.com' },
    ]);
    await p.db.query('INSERT INTO users (id) VALUES (4)').then(
      () => expect.fail('NOT NULL was not set'),
      (err: Error) => expect(err.message).to.match(/NOT NULL|null value/i),
    );
    const down = mig(p.dir, ['downgrade', 'a1']);
    expect(down.status, down.stderr).to.equal(0);
    await p.db.query('INSERT INTO users (id) VALUES (4)');
  });

  it('marks what autogenerate writes with // mig-lint comments, and mig check says findings exist', async () => {
    const p = await setup();
    p.write({ id: 'a1', upgrade: CREATE, downgrade: "  await op.dropTable('users');" });
    await upgrade(p.config(), 'head');
    fs.mkdirSync(path.join(p.dir, 'src'));
    fs.writeFileSync(
      path.join(p.dir, 'src', 'entities.ts'),
      "import { Column, Entity, PrimaryColumn } from 'typeorm';\n@Entity('users')\nexport class User {\n  @PrimaryColumn('int') id!: number;\n  @Column({ type: 'varchar', length: 100, nullable: true }) name!: string | null;\n}\n",
    );
    fs.writeFileSync(path.join(p.dir, 'migrations', 'env.ts'), "import { User } from '../src/entities';\nexport const targetMetadata = [User];\n");

    const check = mig(p.dir, ['check']);
    expect(check.status).to.equal(1);
    expect(check.stdout).to.match(/^Detected drop column users\.email/m);
    expect(check.stdout).to.match(/^Lint: 1 finding on these operations \(1 error, 0 warnings: drop-column\)/m);
    expect(check.stdout, 'the finding itself only with -v').to.not.match(/^  error drop-column/m);
    const verbose = mig(p.dir, ['check', '-v']);
    expect(verbose.status).to.equal(1);
    expect(verbose.stdout).to.match(/^  error drop-column: drop column users\.email: its values are gone[^\n]*; fix: [^\n]+$/m);

    const r = mig(p.dir, ['revision', '--autogenerate', '-m', 'drop email', '--rev-id', 'b2']);
    expect(r.status, r.stderr).to.equal(0);
    const dir = path.join(p.dir, 'migrations', 'versions');
    const text = fs.readFileSync(path.join(dir, fs.readdirSync(dir).find((f) => f.startsWith('b2'))!), 'utf8');
    expect(text).to.match(/\/\/ mig-lint: drop-column: drop column users\.email: its values are gone[^\n]*\n\s*(\/\/[^\n]*\n\s*)*await op\.(dropColumn\('users', 'email'|batchAlterTable\('users')/);
    expect(mig(p.dir, ['lint']).status).to.equal(1);
  });

  it('writes a commented backfill placeholder when autogenerate makes a column NOT NULL; filled in, it runs on a populated table', async () => {
    const p = await setup();
    p.write({ id: 'a1', upgrade: CREATE, downgrade: "  await op.dropTable('users');" });
    await upgrade(p.config(), 'head');
    await p.db.query("INSERT INTO users (id, name) VALUES (1, 'ann'), (2, NULL)");
    fs.mkdirSync(path.join(p.dir, 'src'));
    fs.writeFileSync(
      path.join(p.dir, 'src', 'entities.ts'),
      "import { Column, Entity, PrimaryColumn } from 'typeorm';\n@Entity('users')\nexport class User {\n  @PrimaryColumn('int') id!: number;\n  @Column({ type: 'varchar', length: 100 }) name!: string;\n  @Column({ type: 'varchar', length: 200, nullable: true }) email!: string | null;\n}\n",
    );
    fs.writeFileSync(path.join(p.dir, 'migrations', 'env.ts'), "import { User } from '../src/entities';\nexport const targetMetadata = [User];\n");

    const r = mig(p.dir, ['revision', '--autogenerate', '-m', 'name required', '--rev-id', 'b2']);
    expect(r.status, r.stderr).to.equal(0);
    const dir = path.join(p.dir, 'migrations', 'versions');
    const file = path.join(dir, fs.readdirSync(dir).find((f) => f.startsWith('b2'))!);
    const text = fs.readFileSync(file, 'utf8');
    const upgradeBody = text.slice(text.indexOf('upgrade('), text.indexOf('downgrade('));
    expect(upgradeBody).to.contain('// mig-lint: set-not-null: set users.name NOT NULL');
    expect(upgradeBody).to.match(/nullable: false,\n\s*\/\/ if users has rows where name is NULL, give them a value \(autogenerate cannot tell\):\n\s*\/\/ backfill: sql\('\.\.\.'\),\n/);
    expect(mig(p.dir, ['lint']).stdout).to.contain('error set-not-null: set users.name NOT NULL');

    // As written (placeholder commented out) the NULL row stops the upgrade, and nothing changes.
    expect(mig(p.dir, ['upgrade', 'head']).status).to.equal(1);
    expect(await p.db.query('SELECT id, name FROM users ORDER BY id')).to.deep.equal([{ id: 1, name: 'ann' }, { id: 2, name: null }]);

    fs.writeFileSync(file, text.replace("// backfill: sql('...'),", "backfill: 'unknown',"));
    expect(mig(p.dir, ['lint']).stdout).to.not.contain('set-not-null');
    const up = mig(p.dir, ['upgrade', 'head']);
    expect(up.status, up.stderr).to.equal(0);
    expect(await p.db.query('SELECT id, name FROM users ORDER BY id')).to.deep.equal([{ id: 1, name: 'ann' }, { id: 2, name: 'unknown' }]);
    expect(mig(p.dir, ['check']).status).to.equal(0);
  });

  if (dialect === 'postgres') {
    it('adds a foreign key NOT VALID over rows that break it, where the plain form fails', async () => {
      const p = await setup();
      p.write(
        { id: 'a1', upgrade: `${CREATE}\n  await op.createTable('posts', [{ name: 'id', type: 'int', primary: true }, { name: 'user_id', type: 'int', nullable: true }]);` },
        { id: 'b2', down: 'a1', upgrade: "  await op.createForeignKey('posts_user_fk', 'posts', 'users', ['user_id'], ['id']);" },
      );
      await upgrade(p.config(), 'a1');
      await p.db.query('INSERT INTO posts (id, user_id) VALUES (1, 42)');
      const lint = mig(p.dir, ['lint']);
      expect(lint.stdout).to.contain('warning constraint-not-valid');
      expect(mig(p.dir, ['upgrade', 'head']).status).to.equal(1);

      p.write({ id: 'b2', down: 'a1', upgrade: "  await op.createForeignKey('posts_user_fk', 'posts', 'users', ['user_id'], ['id'], { notValid: true });" });
      expect(mig(p.dir, ['lint']).stdout).to.not.contain('constraint-not-valid');
      const up = mig(p.dir, ['upgrade', 'head']);
      expect(up.status, up.stderr).to.equal(0);
      expect(await p.db.query("SELECT convalidated FROM pg_constraint WHERE conname = 'posts_user_fk'")).to.deep.equal([{ convalidated: false }]);
      await p.db.query('INSERT INTO posts (id, user_id) VALUES (2, 43)').then(
        () => expect.fail('the new foreign key is not enforced'),
        (err: Error) => expect(err.message).to.contain('posts_user_fk'),
      );
    });
  }
});

describe('mig lint: the database kind', () => {
  it("is env.ts's dataSource (a function export too) before mig.ini's url, as a run picks it", () => {
    const dir = makeProject();
    expect(mig(dir, ['init', 'migrations']).status).to.equal(0);
    const ini = path.join(dir, 'mig.ini');
    fs.writeFileSync(ini, fs.readFileSync(ini, 'utf8').replace(/^url = .*$/m, 'url = postgres://app:secret@127.0.0.1:1/app'));
    fs.writeFileSync(
      path.join(dir, 'migrations', 'env.ts'),
      "export const dataSource = async () => ({ type: 'better-sqlite3', database: 'app.db' });\nexport const targetMetadata = [];\n",
    );
    const r = mig(dir, ['lint', '--all', '--json']);
    expect(r.status, r.stderr).to.equal(0);
    expect(JSON.parse(r.stdout).dialect).to.equal('sqlite');

    fs.writeFileSync(path.join(dir, 'migrations', 'env.ts'), 'export const targetMetadata = [];\n');
    expect(JSON.parse(mig(dir, ['lint', '--all', '--json']).stdout).dialect).to.equal('postgres');
  });
});
