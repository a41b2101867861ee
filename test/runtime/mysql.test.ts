/**
 * The MySQL / MariaDB dialect against a real MariaDB server (Debian's mariadb-server started as
 * a throwaway instance, or MIG_TEST_MYSQL_URL): the ops compiled and run, a branched history up
 * and down, the version table and the log, no transactional DDL (a failure leaves the last good
 * revision, named), the GET_LOCK lock and 8 processes at once, offline SQL, one-line errors.
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as mysql from 'mysql2/promise';
import { lockNameSql } from '../../src/dialects/mysql/migration';
import { PROJECT_PACKAGES, revisionSource, type RevisionSpec } from '../helpers/databases';
import { freshMysqlDatabase, type TestMysqlDatabase } from '../helpers/mysql';
import { BIN, makeProject, mig } from '../helpers/project';

interface Project {
  dir: string;
  db: TestMysqlDatabase;
  write(...revisions: RevisionSpec[]): void;
  tables(): Promise<string[]>;
  versions(): Promise<string[]>;
}

function project(db: TestMysqlDatabase, iniExtra = ''): Project {
  const dir = makeProject({ packages: PROJECT_PACKAGES });
  fs.mkdirSync(path.join(dir, 'migrations', 'versions'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'mig.ini'), `[mig]\nscript_location = migrations\nurl = ${db.url}\n${iniExtra}\n`);
  fs.writeFileSync(path.join(dir, 'migrations', 'env.ts'), 'export const targetMetadata = [];\n');
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), '{"compilerOptions":{"target":"ES2022","strict":true}}');
  return {
    dir,
    db,
    write: (...revisions) => {
      for (const r of revisions) fs.writeFileSync(path.join(dir, 'migrations', 'versions', `${r.id}.ts`), revisionSource(r));
    },
    tables: async () => (await db.query<{ t: string }>("SELECT table_name AS t FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name NOT LIKE 'mig\\_%' ORDER BY 1")).map((r) => r.t),
    versions: async () => {
      if (!(await db.query("SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'mig_version'")).length) return [];
      return (await db.query<{ v: string }>('SELECT version_num AS v FROM mig_version ORDER BY 1')).map((r) => r.v);
    },
  };
}

function ok(p: Project, args: string[]): string {
  const r = mig(p.dir, args);
  expect(r.status, `mig ${args.join(' ')}\n${r.stdout}\n${r.stderr}`).to.equal(0);
  return r.stdout;
}

const createTable = (name: string) => `  await op.createTable('${name}', [{ name: 'id', type: 'int', primary: true, generated: 'increment' }, { name: 'label', type: 'varchar', length: 20, nullable: true }]);`;
const rev = (id: string, down: string | string[] | null, extra: Partial<RevisionSpec> = {}): RevisionSpec => ({ id, down, message: `create t_${id}`, upgrade: createTable(`t_${id}`), downgrade: `  await op.dropTable('t_${id}');`, ...extra });

describe('MySQL / MariaDB: running revisions', function () {
  this.timeout(120_000);
  const open: TestMysqlDatabase[] = [];
  const fresh = async () => {
    const db = await freshMysqlDatabase();
    open.push(db);
    return db;
  };
  afterEach(async () => {
    for (const db of open.splice(0)) await db.drop();
  });

  it('walks a branched and merged history up and down, with the version table and the log', async () => {
    const p = project(await fresh());
    // a -> b -> c1 / c2 -> m (merge)
    p.write(rev('aaaa', null), rev('bbbb', 'aaaa'), rev('cc11', 'bbbb', { labels: ['one'] }), rev('cc22', 'bbbb', { labels: ['two'] }), rev('mmmm', ['cc11', 'cc22'], { message: 'merge' }));
    ok(p, ['upgrade', 'cc11']);
    expect(await p.versions()).to.deep.equal(['cc11']);
    ok(p, ['upgrade', 'heads']);
    expect(await p.versions()).to.deep.equal(['mmmm']);
    expect(await p.tables()).to.deep.equal(['t_aaaa', 't_bbbb', 't_cc11', 't_cc22', 't_mmmm']);
    expect(ok(p, ['current'])).to.match(/^mmmm/);
    ok(p, ['downgrade', '-1']);
    expect(await p.versions()).to.deep.equal(['cc11', 'cc22']);
    ok(p, ['downgrade', 'two@-1']);
    expect(await p.versions()).to.deep.equal(['cc11']);
    ok(p, ['downgrade', 'base']);
    expect(await p.versions()).to.deep.equal([]);
    expect(await p.tables()).to.deep.equal([]);
    // Every step logged, its time the server's UTC clock.
    const log = JSON.parse(ok(p, ['history', '--applied', '--json'])) as { entries?: Array<{ revision: string; direction: string; appliedAt: string }> } | Array<{ revision: string; direction: string; appliedAt: string }>;
    const entries = Array.isArray(log) ? log : (log.entries ?? []);
    // Newest first.
    expect(entries.map((e) => `${e.direction} ${e.revision}`).reverse()).to.deep.equal([
      'upgrade aaaa',
      'upgrade bbbb',
      'upgrade cc11',
      'upgrade cc22',
      'upgrade mmmm',
      'downgrade mmmm',
      'downgrade cc22',
      'downgrade cc11',
      'downgrade bbbb',
      'downgrade aaaa',
    ]);
    for (const e of entries) expect(Math.abs(Date.parse(e.appliedAt) - Date.now()), e.appliedAt).to.be.lessThan(120_000);
  });

  it('runs every common op; a type change and a rename keep the rows, and downgrade restores the schema', async () => {
    const p = project(await fresh());
    p.write(
      {
        id: 'a0000001',
        message: 'schema',
        upgrade: [
          "  await op.createTable('accounts', [",
          "    { name: 'id', type: 'int', primary: true, generated: 'increment' },",
          "    { name: 'email', type: 'varchar', length: 40, unique: true },",
          "    { name: 'active', type: 'boolean', default: true },",
          "    { name: 'balance', type: 'decimal', precision: 10, scale: 2, default: 0 },",
          "    { name: 'role', type: 'enum', enum: ['member', 'admin'], default: 'member' },",
          "    { name: 'settings', type: 'json', nullable: true },",
          "    { name: 'note', type: 'text', nullable: true, comment: \"what it's for\" },",
          "    { name: 'created_at', type: 'datetime', default: { sql: { postgres: 'now()', sqlite: \"datetime('now')\", mysql: 'CURRENT_TIMESTAMP' } } },",
          '  ]);',
          "  await op.createTable('orders', [{ name: 'id', type: 'int', primary: true, generated: 'increment' }, { name: 'account_id', type: 'int' }, { name: 'total', type: 'int', nullable: true }],",
          "    { kind: 'foreignKey', name: 'fk_orders_account', columns: ['account_id'], referencedTable: { name: 'accounts' }, referencedColumns: ['id'], onDelete: 'CASCADE' },",
          "    { kind: 'check', name: 'chk_total', expression: '`total` >= 0' });",
          "  await op.createIndex('ix_orders_total', 'orders', ['total']);",
          "  await op.bulkInsert('accounts', [{ email: 'a@x.io' }, { email: \"b\\\\o'b@x.io\", role: 'admin', settings: { theme: 'dark' } }]);",
          "  await op.bulkInsert('orders', [{ account_id: 1, total: 5 }, { account_id: 2, total: 7 }]);",
        ].join('\n'),
        downgrade: "  await op.dropTable('orders');\n  await op.dropTable('accounts');",
      },
      {
        id: 'a0000002',
        down: 'a0000001',
        message: 'changes',
        upgrade: [
          "  await op.alterColumn('accounts', 'email', { type: 'varchar', length: 120, existingType: 'varchar(40)', existingNullable: false });",
          "  await op.alterColumn('accounts', 'note', { newName: 'remark' });",
          "  await op.alterColumn('accounts', 'balance', { default: 10 });",
          "  await op.addColumn('orders', { name: 'status', type: 'varchar', length: 10, default: 'new' });",
          "  await op.renameTable('orders', 'purchases');",
          "  await op.dropConstraint('fk_orders_account', 'purchases', 'foreignKey');",
          "  await op.dropIndex('ix_orders_total', 'purchases');",
          "  await op.createIndex('ix_purchases_status', 'purchases', ['status', 'total']);",
        ].join('\n'),
        downgrade: [
          "  await op.dropIndex('ix_purchases_status', 'purchases');",
          "  await op.createIndex('ix_orders_total', 'purchases', ['total']);",
          "  await op.createForeignKey('fk_orders_account', 'purchases', 'accounts', ['account_id'], ['id'], { onDelete: 'CASCADE' });",
          "  await op.renameTable('purchases', 'orders');",
          "  await op.dropColumn('orders', 'status');",
          "  await op.alterColumn('accounts', 'balance', { default: 0 });",
          "  await op.alterColumn('accounts', 'remark', { newName: 'note' });",
          "  await op.alterColumn('accounts', 'email', { type: 'varchar', length: 40, existingType: 'varchar(120)', existingNullable: false });",
        ].join('\n'),
      },
    );
    const columns = async (table: string) =>
      (await p.db.query<{ c: string; t: string; n: string; d: string | null }>(`SELECT column_name AS c, column_type AS t, is_nullable AS n, column_default AS d FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ? ORDER BY ordinal_position`, [table])).map((r) => `${r.c} ${r.t} ${r.n === 'YES' ? 'null' : 'not null'}${r.d !== null ? ` default ${r.d}` : ''}`);
    const indexes = async (table: string) => (await p.db.query<{ n: string }>('SELECT DISTINCT index_name AS n FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = ?', [table])).map((r) => r.n).sort();
    const foreignKeys = async () => (await p.db.query<{ n: string }>('SELECT constraint_name AS n FROM information_schema.referential_constraints WHERE constraint_schema = DATABASE() ORDER BY 1')).map((r) => r.n);

    ok(p, ['upgrade', 'a0000001']);
    const atFirst = { accounts: await columns('accounts'), orders: await columns('orders'), indexes: await indexes('orders'), fks: await foreignKeys() };
    expect(atFirst.accounts).to.deep.equal([
      'id int(11) not null',
      'email varchar(40) not null',
      'active tinyint(4) not null default 1',
      'balance decimal(10,2) not null default 0.00',
      "role enum('member','admin') not null default 'member'",
      'settings longtext null default NULL',
      'note text null default NULL',
      'created_at datetime not null default current_timestamp()',
    ]);
    expect(atFirst.fks).to.deep.equal(['fk_orders_account']);
    const rows = await p.db.query<{ email: string; role: string; settings: unknown }>('SELECT email, role, settings FROM accounts ORDER BY id');
    // MariaDB's json is longtext with a JSON check; the driver may give it parsed.
    expect(rows.map((r) => [r.email, r.role, typeof r.settings === 'string' ? JSON.parse(r.settings) : r.settings])).to.deep.equal([
      ['a@x.io', 'member', null],
      ["b\\o'b@x.io", 'admin', { theme: 'dark' }],
    ]);
    // The check constraint holds.
    let refused = '';
    await p.db.query('INSERT INTO orders (account_id, total) VALUES (1, -1)').catch((e: Error) => (refused = e.message));
    expect(refused).to.match(/chk_total/);

    ok(p, ['upgrade', 'head']);
    expect(await p.tables()).to.deep.equal(['accounts', 'purchases']);
    expect((await columns('accounts')).slice(1, 4)).to.deep.equal(['email varchar(120) not null', 'active tinyint(4) not null default 1', 'balance decimal(10,2) not null default 10.00']);
    expect((await columns('accounts'))[6]).to.equal('remark text null default NULL');
    // MySQL keeps the index it made for the dropped foreign key.
    expect(await indexes('purchases')).to.deep.equal(['PRIMARY', 'fk_orders_account', 'ix_purchases_status']);
    expect(await foreignKeys()).to.deep.equal([]);
    // Rows kept through the type change, the rename and the table rename.
    expect((await p.db.query<{ email: string }>('SELECT email FROM accounts ORDER BY id')).map((r) => r.email)).to.deep.equal(['a@x.io', "b\\o'b@x.io"]);
    expect((await p.db.query<{ total: number; status: string }>('SELECT total, status FROM purchases ORDER BY id')).map((r) => [r.total, r.status])).to.deep.equal([
      [5, 'new'],
      [7, 'new'],
    ]);

    ok(p, ['downgrade', 'a0000001']);
    expect({ accounts: await columns('accounts'), orders: await columns('orders'), indexes: await indexes('orders'), fks: await foreignKeys() }).to.deep.equal(atFirst);
    ok(p, ['downgrade', 'base']);
    expect(await p.tables()).to.deep.equal([]);
  });

  it('alterColumn keeps what the op does not say (NOT NULL, default, comment, AUTO_INCREMENT) from the server; --sql asks for it', async () => {
    const p = project(await fresh(), '');
    fs.writeFileSync(path.join(p.dir, 'mig.ini'), fs.readFileSync(path.join(p.dir, 'mig.ini'), 'utf8').replace('url = mysql:', 'url = mariadb:'));
    p.write(
      {
        id: 'b0000001',
        message: 'items',
        upgrade: [
          "  await op.createTable('items', [{ name: 'id', type: 'int', primary: true, generated: 'increment' }, { name: 'code', type: 'varchar', length: 10, default: 'x', comment: 'the code' }, { name: 'name', type: 'text' }, { name: 'created_at', type: 'datetime' }, { name: 'label', type: 'varchar', length: 20, nullable: true, collation: 'utf8mb4_bin' }]);",
          "  await op.createIndex('ix_items_name', 'items', ['name(10)', 'created_at DESC']);",
          "  await op.bulkInsert('items', [{ code: 'a', name: 'first', created_at: '2026-01-01 00:00:00' }]);",
        ].join('\n'),
        downgrade: "  await op.dropTable('items');",
      },
      {
        id: 'b0000002',
        down: 'b0000001',
        message: 'wider',
        upgrade: "  await op.alterColumn('items', 'code', { type: 'varchar', length: 50 });\n  await op.alterColumn('items', 'id', { type: 'bigint' });\n  await op.alterColumn('items', 'label', { type: 'varchar', length: 40 });",
        downgrade: "  await op.alterColumn('items', 'code', { type: 'varchar', length: 10 });\n  await op.alterColumn('items', 'id', { type: 'int' });",
      },
    );
    const sql = mig(p.dir, ['upgrade', 'head', '--sql']);
    expect(sql.status).to.equal(1);
    expect(sql.stderr.trim()).to.match(/^Error: Revision b0000002 \(wider\) failed in upgrade: alterColumn items\.code: MySQL restates the whole column \(MODIFY COLUMN\), and without the database \(--sql\) it needs existingNullable, existingDefault; give them/);
    ok(p, ['upgrade', 'head']);
    const columns = await p.db.query<{ c: string; t: string; n: string; d: string | null; e: string; m: string }>(
      "SELECT column_name AS c, column_type AS t, is_nullable AS n, column_default AS d, extra AS e, column_comment AS m FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'items' ORDER BY ordinal_position",
    );
    expect(columns.slice(0, 2).map((r) => [r.c, r.t, r.n, r.d, r.e, r.m])).to.deep.equal([
      ['id', 'bigint(20)', 'NO', null, 'auto_increment', ''],
      ['code', 'varchar(50)', 'NO', "'x'", '', 'the code'],
    ]);
    // A collation of the column's own (not the table's) is kept too; one like the table's is not restated.
    const collations = await p.db.query<{ c: string; l: string | null; t: string }>(
      "SELECT c.column_name AS c, c.collation_name AS l, t.table_collation AS t FROM information_schema.columns c JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name WHERE c.table_schema = DATABASE() AND c.table_name = 'items' AND c.column_name IN ('code', 'label') ORDER BY c.column_name",
    );
    expect(collations.map((r) => [r.c, r.l === r.t ? "the table's" : r.l])).to.deep.equal([
      ['code', "the table's"],
      ['label', 'utf8mb4_bin'],
    ]);
    const parts = await p.db.query<{ c: string; s: number | null; o: string }>("SELECT column_name AS c, sub_part AS s, collation AS o FROM information_schema.statistics WHERE table_schema = DATABASE() AND index_name = 'ix_items_name' ORDER BY seq_in_index");
    expect(parts.map((r) => [r.c, r.s === null ? null : Number(r.s), r.o])).to.deep.equal([
      ['name', 10, 'A'],
      ['created_at', null, 'D'],
    ]);
    expect((await p.db.query<{ code: string }>('SELECT code FROM items')).map((r) => r.code)).to.deep.equal(['a']);
    ok(p, ['downgrade', 'b0000001']);
    expect((await p.db.query<{ t: string }>("SELECT column_type AS t FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'items' AND column_name = 'code'"))[0].t).to.equal('varchar(10)');
  });

  it('alterEnum restates each column ENUM, keeping NOT NULL, the default and the rows; --sql refuses it in one line', async () => {
    const p = project(await fresh());
    p.write(
      {
        id: 'e0000001',
        message: 'users',
        upgrade: "  await op.createTable('users', [{ name: 'id', type: 'int', primary: true }, { name: 'role', type: 'enum', enum: ['member', 'admin'], default: 'member', comment: 'who' }]);\n  await op.bulkInsert('users', [{ id: 1 }, { id: 2, role: 'admin' }]);",
        downgrade: "  await op.dropTable('users');",
      },
      {
        id: 'e0000002',
        down: 'e0000001',
        message: 'owner',
        upgrade: "  await op.alterEnum('users_role_enum', ['member', 'owner', 'admin'], { existing: ['member', 'admin'], columns: [{ table: 'users', column: 'role', default: 'member' }] });",
        downgrade: "  await op.alterEnum('users_role_enum', ['member', 'admin'], { existing: ['member', 'owner', 'admin'], columns: [{ table: 'users', column: 'role', default: 'member' }] });",
      },
    );
    const offline = mig(p.dir, ['upgrade', 'head', '--sql']);
    expect(offline.status).to.equal(1);
    expect(offline.stderr.trim()).to.match(/^Error: Revision e0000002 \(owner\) failed in upgrade: alterEnum users_role_enum: on MySQL each column's ENUM is restated from what the server says the column is, which --sql cannot ask; run it online/);
    ok(p, ['upgrade', 'head']);
    const role = async () => (await p.db.query<{ t: string; n: string; d: string; m: string }>("SELECT column_type AS t, is_nullable AS n, column_default AS d, column_comment AS m FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'users' AND column_name = 'role'"))[0];
    expect(await role()).to.deep.equal({ t: "enum('member','owner','admin')", n: 'NO', d: "'member'", m: 'who' });
    await p.db.query("INSERT INTO users (id, role) VALUES (3, 'owner')");
    // Down: 'owner' is still held by a row, so MySQL refuses, and the version table stays.
    const down = mig(p.dir, ['downgrade', '-1']);
    expect(down.status).to.equal(1);
    expect(down.stderr).to.match(/^Error: Revision e0000002 \(owner\) failed in downgrade: Data truncated for column 'role'/);
    expect(await p.versions()).to.deep.equal(['e0000002']);
    await p.db.query('DELETE FROM users WHERE id = 3');
    ok(p, ['downgrade', '-1']);
    expect(await role()).to.deep.equal({ t: "enum('member','admin')", n: 'NO', d: "'member'", m: 'who' });
    expect((await p.db.query<{ role: string }>('SELECT role FROM users ORDER BY id')).map((r) => r.role)).to.deep.equal(['member', 'admin']);
  });

  it('refuses an AUTO_INCREMENT column that does not lead a key, before anything runs', async () => {
    const p = project(await fresh());
    p.write({
      id: 'c0000001',
      message: 'composite',
      upgrade: "  await op.createTable('lines', [{ name: 'order_id', type: 'int', primary: true }, { name: 'n', type: 'int', primary: true, generated: 'increment' }]);",
      downgrade: "  await op.dropTable('lines');",
    });
    const r = mig(p.dir, ['upgrade', 'head']);
    expect(r.status).to.equal(1);
    expect(r.stderr.trim()).to.match(/^Error: Revision c0000001 \(composite\) failed in upgrade: lines\.n: an AUTO_INCREMENT column must come first in a key on MySQL; put it first in the primary key/);
    expect(await p.tables()).to.deep.equal([]);
  });

  it('has no transactional DDL: a failing revision leaves the revisions before it applied and names where the database is', async () => {
    const p = project(await fresh());
    p.write(rev('aaaa', null), {
      id: 'bbbb',
      down: 'aaaa',
      message: 'half done',
      upgrade: `${createTable('t_bbbb')}\n  await op.execute('ALTER TABLE t_missing ADD COLUMN x int');`,
      downgrade: "  await op.dropTable('t_bbbb');",
    });
    const r = mig(p.dir, ['upgrade', 'head']);
    expect(r.status).to.equal(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).to.have.length(1);
    expect(lines[0]).to.match(/^Error: Revision bbbb \(half done\) failed in upgrade: Table '.*t_missing' doesn't exist; statement: ALTER TABLE t_missing ADD COLUMN x int; mysql has no transactional DDL: the statements it ran before the failure stay applied, and the version table is at aaaa, the last revision that succeeded$/);
    expect(lines[0]).not.to.contain(new URL(p.db.url).password);
    expect(await p.versions()).to.deep.equal(['aaaa']);
    expect(await p.tables()).to.deep.equal(['t_aaaa', 't_bbbb']);
  });

  it('waits for the GET_LOCK of another run, and gives up after --lock-timeout', async () => {
    const p = project(await fresh());
    p.write(rev('aaaa', null));
    const holder = await mysql.createConnection({ uri: p.db.url });
    try {
      const [rows] = await holder.query(`SELECT GET_LOCK(${lockNameSql({ name: 'mig_version' })}, 0) AS locked`);
      expect((rows as Array<{ locked: number }>)[0].locked).to.equal(1);
      const r = mig(p.dir, ['upgrade', 'head', '--lock-timeout', '1']);
      expect(r.status).to.equal(1);
      expect(r.stdout).to.match(/^Waiting for the migration lock on mig_version \(held by connection \d+\) \.\.\./m);
      expect(r.stderr.trim()).to.match(/^Error: Timed out after 1 s waiting for the migration lock on mysql:\/\/[^:]+:\*\*\*@.* \(held by connection \d+\); another mig run/);
      expect(await p.versions()).to.deep.equal([]);
    } finally {
      await holder.end();
    }
    ok(p, ['upgrade', 'head']);
    expect(await p.versions()).to.deep.equal(['aaaa']);
  });

  it('8 processes at once apply each revision once', async () => {
    const p = project(await fresh());
    const ids = ['c0000001', 'c0000002', 'c0000003', 'c0000004', 'c0000005'];
    p.write(
      ...ids.map((id, i) => ({
        id,
        down: i ? ids[i - 1] : null,
        message: `step ${i + 1}`,
        upgrade: [i === 0 ? "  await op.createTable('ddl_log', [{ name: 'rev', type: 'varchar', length: 20 }]);" : '', createTable(`t_${id}`), `  await op.bulkInsert('ddl_log', [{ rev: '${id}' }]);`].join('\n'),
        downgrade: `  await op.dropTable('t_${id}');`,
      })),
    );
    const runs = await Promise.all(
      Array.from(
        { length: 8 },
        () =>
          new Promise<{ status: number; stderr: string }>((resolve) => {
            const child = spawn(process.execPath, [BIN, 'upgrade', 'head'], { cwd: p.dir, env: { ...process.env, NO_COLOR: '1' } });
            let stderr = '';
            child.stderr.on('data', (d) => (stderr += d));
            child.on('close', (status) => resolve({ status: status ?? -1, stderr }));
          }),
      ),
    );
    for (const run of runs) expect(run.status, run.stderr).to.equal(0);
    const log = await p.db.query<{ rev: string; n: number }>('SELECT rev, COUNT(*) AS n FROM ddl_log GROUP BY rev ORDER BY rev');
    expect(log.map((r) => [r.rev, Number(r.n)])).to.deep.equal(ids.map((id) => [id, 1]));
    expect(await p.versions()).to.deep.equal(['c0000005']);
  });

  it('--sql prints the MySQL script: no transaction, a version row after each revision', async () => {
    const p = project(await fresh());
    p.write(rev('aaaa', null), rev('bbbb', 'aaaa'));
    const sql = ok(p, ['upgrade', 'head', '--sql']);
    expect(sql).not.to.match(/BEGIN|START TRANSACTION/);
    expect(sql).to.contain('CREATE TABLE IF NOT EXISTS `mig_version`');
    const create = sql.indexOf('CREATE TABLE `t_bbbb`');
    expect(sql.indexOf("INSERT INTO `mig_version` (version_num) VALUES ('aaaa');")).to.be.greaterThan(-1).and.lessThan(create);
    expect(sql.indexOf("UPDATE `mig_version` SET version_num = 'bbbb' WHERE version_num = 'aaaa';")).to.be.greaterThan(create);
    expect(sql).to.contain('`id` int NOT NULL AUTO_INCREMENT PRIMARY KEY');
    expect(await p.versions()).to.deep.equal([]);
  });

  it('a connection refused for its password: one line, the password masked', async () => {
    const db = await fresh();
    const bad = project({ ...db, url: db.url.replace(/:([^:@/]+)@/, ':wrong-secret@') });
    bad.write(rev('aaaa', null));
    const r = mig(bad.dir, ['upgrade', 'head']);
    expect(r.status).to.equal(1);
    expect(r.stderr.trim().split('\n')).to.have.length(1);
    expect(r.stderr).to.match(/^Error: Cannot connect to mysql:\/\/[^:]+:\*\*\*@127\.0\.0\.1:\d+\/mig_test_\w+: Access denied/);
    expect(r.stderr).not.to.contain('wrong-secret');
  });
});
