/**
 * Many databases at once: `--all` / `--targets` over PostgreSQL schemas (one tenant per schema,
 * search_path and version table in the schema) and SQLite files, with bounded concurrency, a line
 * per target, a summary table, a failing target that does not stop the others, and a re-run
 * that continues where each stopped.
 */
import { expect } from 'chai';
import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Config } from '../../src/config/config';
import { loadTargets, selectTargets, eachTarget } from '../../src/runtime/targets';
import { context, setRunContext } from '../../src/context';
import { migProject, PROJECT_PACKAGES, type RevisionSpec } from '../helpers/databases';
import { freshDatabase, type TestDatabase } from '../helpers/postgres';
import { makeProject, mig } from '../helpers/project';
import { useSource } from '../helpers/autogenerate';

const TENANTS = Array.from({ length: 20 }, (_, i) => `tenant_${String(i + 1).padStart(2, '0')}`);
const SHARDS = ['shard_1', 'shard_2', 'shard_3', 'shard_4', 'shard_5'];
const FAILING = 'tenant_07';

const REVISIONS: RevisionSpec[] = [
  { id: 'aaaa00000001', message: 'accounts', upgrade: "  await op.createTable('accounts', [{ name: 'id', type: 'int', primary: true }, { name: 'name', type: 'varchar', length: 40 }]);", downgrade: "  await op.dropTable('accounts');" },
  {
    id: 'aaaa00000002',
    down: 'aaaa00000001',
    message: 'orders',
    upgrade: "  await op.createTable('orders', [{ name: 'id', type: 'int', primary: true }, { name: 'account_id', type: 'int' }]);",
    downgrade: "  await op.dropTable('orders');",
  },
  { id: 'aaaa00000003', down: 'aaaa00000002', message: 'order total', upgrade: "  await op.addColumn('orders', { name: 'total', type: 'int', nullable: true });", downgrade: "  await op.dropColumn('orders', 'total');" },
];
const HEAD = 'aaaa00000003';

interface Fleet {
  dir: string;
  pg: TestDatabase;
  shardFile(name: string): string;
  tables(schema: string): Promise<string[]>;
  version(schema: string): Promise<string[]>;
}

/** 5 SQLite shards in mig.ini [mig:targets], 20 PostgreSQL schemas from an async env.ts `targets`. */
async function fleet(options: { perMigration?: boolean } = {}): Promise<Fleet> {
  const pg = await freshDatabase();
  const dir = makeProject({ packages: PROJECT_PACKAGES });
  const p = migProject({ dialect: 'postgres', url: pg.url } as never, dir, options.perMigration ? 'transaction_per_migration = true' : '');
  fs.mkdirSync(path.join(dir, 'shards'));
  fs.appendFileSync(path.join(dir, 'mig.ini'), `\n[mig:targets]\n${SHARDS.map((s) => `${s} = sqlite:shards/${s}.db`).join('\n')}\n`);
  fs.writeFileSync(
    path.join(dir, 'migrations', 'env.ts'),
    [
      'export const targetMetadata = [];',
      '// As a tenant registry would answer: asynchronously.',
      `export const targets = async () => { await new Promise((r) => setTimeout(r, 5)); return ${JSON.stringify(TENANTS)}; };`,
      '',
    ].join('\n'),
  );
  p.write(...REVISIONS);
  return {
    dir,
    pg,
    shardFile: (name) => path.join(dir, 'shards', `${name}.db`),
    tables: async (schema) => (await pg.query<{ t: string }>("SELECT table_name AS t FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1", [schema])).map((r) => r.t),
    version: async (schema) => {
      const exists = await pg.query<{ t: string | null }>('SELECT to_regclass($1) AS t', [`"${schema}".mig_version`]);
      if (!exists[0].t) return [];
      return (await pg.query<{ v: string }>(`SELECT version_num AS v FROM "${schema}".mig_version`)).map((r) => r.v);
    },
  };
}

function shardVersion(file: string): string[] {
  if (!fs.existsSync(file)) return [];
  const db = new Database(file);
  try {
    if (!db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'mig_version'").get()) return [];
    return (db.prepare('SELECT version_num FROM mig_version').all() as Array<{ version_num: string }>).map((r) => r.version_num);
  } finally {
    db.close();
  }
}

describe('mig upgrade --all: 20 PostgreSQL schemas and 5 SQLite files', function () {
  this.timeout(180_000);
  const dbs: TestDatabase[] = [];
  after(async () => {
    for (const db of dbs) await db.drop();
  });

  it('upgrades every target, goes on past a failing one, names it, and a re-run continues where it stopped', async () => {
    const f = await fleet({ perMigration: true });
    dbs.push(f.pg);
    // The failing tenant already has an `orders` table: revision 2 fails there, after revision 1.
    await f.pg.query(`CREATE SCHEMA ${FAILING}; CREATE TABLE ${FAILING}.orders (x int)`);

    const run = mig(f.dir, ['upgrade', 'head', '--all', '--concurrency', '6']);
    expect(run.status, run.stderr).to.equal(1);
    // One error line naming the failed target, no stack trace.
    expect(run.stderr.trim().split('\n')).to.deep.equal([`Error: 1 of 25 targets failed: ${FAILING} (listed above); fix them and run the command again: each target goes on from the revisions it is at`]);
    const lines = run.stdout.trim().split('\n');
    // A line per target as it ends, then the table: a header and a row per target, in the targets' order, then the totals.
    const progress = lines.slice(0, 25);
    expect(progress.map((l) => l.split(':')[0]).sort()).to.deep.equal([...SHARDS, ...TENANTS].sort());
    expect(progress.find((l) => l.startsWith(`${FAILING}:`))).to.match(new RegExp(`^${FAILING}: failed at aaaa00000001: .*relation "orders" already exists`));
    expect(progress.find((l) => l.startsWith('shard_1:'))).to.match(/^shard_1: base -> aaaa00000003, 3 steps \(\d+\.\d\d s\)$/);
    expect(lines[25]).to.equal('');
    expect(lines[26]).to.match(/^TARGET\s+FROM\s+TO\s+TIME\s+RESULT$/);
    const table = lines.slice(27, 52);
    expect(table.map((l) => l.split(/\s+/)[0])).to.deep.equal([...SHARDS, ...TENANTS]);
    for (const row of table) {
      const [name, from, to, time, unit, ...result] = row.split(/\s+/);
      expect(time, row).to.match(/^\d+\.\d\d$/);
      expect(unit).to.equal('s');
      if (name === FAILING) {
        expect([from, to, result[0]]).to.deep.equal(['base', 'aaaa00000001', 'failed:']);
      } else {
        expect([from, to, result.join(' ')], row).to.deep.equal(['base', HEAD, '3 steps']);
      }
    }
    expect(lines[52]).to.equal('25 targets: 24 ok, 1 failed');

    // Each tenant's tables and version table are in its own schema; public has none.
    for (const t of TENANTS.filter((t) => t !== FAILING)) {
      expect(await f.tables(t), t).to.deep.equal(['accounts', 'mig_log', 'mig_version', 'orders']);
      expect(await f.version(t), t).to.deep.equal([HEAD]);
    }
    expect(await f.tables('public')).to.deep.equal([]);
    expect(await f.version(FAILING)).to.deep.equal(['aaaa00000001']);
    const columns = await f.pg.query<{ c: string }>(`SELECT column_name AS c FROM information_schema.columns WHERE table_schema = '${FAILING}' AND table_name = 'orders'`);
    expect(columns.map((c) => c.c)).to.deep.equal(['x']);
    for (const s of SHARDS) expect(shardVersion(f.shardFile(s)), s).to.deep.equal([HEAD]);

    // current --all --json: one object per target.
    const now = mig(f.dir, ['current', '--all', '--json']);
    expect(now.status, now.stderr).to.equal(0);
    const objects = JSON.parse(now.stdout).targets as Array<{ target: string; heads: string[]; atHeads: boolean; database: string; result: string }>;
    expect(objects).to.have.length(25);
    expect(objects.find((o) => o.target === FAILING)).to.include({ atHeads: false, result: 'ok' });
    expect(objects.find((o) => o.target === FAILING)!.heads).to.deep.equal(['aaaa00000001']);
    expect(objects.filter((o) => o.atHeads).map((o) => o.target)).to.have.length(24);
    expect(objects.find((o) => o.target === 'tenant_01')!.database).to.match(/^postgres:\/\/.* schema tenant_01$/);
    expect(JSON.stringify(objects)).not.to.contain(new URL(f.pg.url).password || 'never-matches');
    // --check-heads fails naming the tenant behind.
    const behind = mig(f.dir, ['current', '--all', '--check-heads']);
    expect(behind.status).to.equal(1);
    expect(behind.stderr).to.contain(`1 of 25 targets failed: ${FAILING}`);

    // Mended, a re-run moves only the failed tenant, from where it stopped.
    await f.pg.query(`DROP TABLE ${FAILING}.orders`);
    const again = mig(f.dir, ['upgrade', 'head', '--all']);
    expect(again.status, again.stderr).to.equal(0);
    expect(again.stdout).to.match(new RegExp(`^${FAILING}: aaaa00000001 -> ${HEAD}, 2 steps`, 'm'));
    expect(again.stdout).to.match(/^tenant_01: aaaa00000003 -> aaaa00000003, nothing to do/m);
    expect(again.stdout.trim().split('\n').at(-1)).to.equal('25 targets: 25 ok, 0 failed');
    expect(await f.version(FAILING)).to.deep.equal([HEAD]);

    // downgrade and stamp run on the targets named.
    const down = mig(f.dir, ['downgrade', 'aaaa00000001', '--targets', 'tenant_02,shard_2']);
    expect(down.status, down.stderr).to.equal(0);
    expect(await f.version('tenant_02')).to.deep.equal(['aaaa00000001']);
    expect(await f.tables('tenant_02')).to.deep.equal(['accounts', 'mig_log', 'mig_version']);
    expect(shardVersion(f.shardFile('shard_2'))).to.deep.equal(['aaaa00000001']);
    expect(await f.version('tenant_03')).to.deep.equal([HEAD]);
    const stamped = mig(f.dir, ['stamp', 'base', '--targets', 'tenant_02']);
    expect(stamped.status, stamped.stderr).to.equal(0);
    expect(await f.version('tenant_02')).to.deep.equal([]);
  });

  it('with one transaction per run, the failing target stays where it was; --fail-fast starts no more', async () => {
    const f = await fleet();
    dbs.push(f.pg);
    await f.pg.query('CREATE SCHEMA tenant_01; CREATE TABLE tenant_01.orders (x int)');
    const run = mig(f.dir, ['upgrade', 'head', '--targets', 'tenant_01,tenant_02,tenant_03', '--concurrency', '1', '--fail-fast']);
    expect(run.status).to.equal(1);
    expect(run.stdout).to.match(/^tenant_01: failed at base: /m);
    expect(run.stdout).to.match(/^tenant_02: skipped/m);
    expect(run.stdout).to.match(/^tenant_03\s+-\s+-\s+-\s+skipped$/m);
    expect(run.stdout.trim().split('\n').at(-1)).to.equal('3 targets: 0 ok, 1 failed, 2 skipped');
    // The run rolled back: nothing of revision 1 in the tenant, and nothing done to the others.
    expect(await f.tables('tenant_01')).to.deep.equal(['orders']);
    expect(await f.tables('tenant_02')).to.deep.equal([]);
  });

  it('refuses bad target input in one line, before anything runs', async () => {
    const f = await fleet();
    dbs.push(f.pg);
    const cases: Array<[string[], RegExp]> = [
      [['upgrade', 'head', '--targets', 'tenant_01,nope'], /^Error: --targets: no target named 'nope'; the targets are shard_1, .*tenant_20\n$/],
      [['upgrade', 'head', '--all', '--targets', 'tenant_01'], /^Error: --all and --targets both given; /],
      [['upgrade', 'head', '--all', '--sql'], /^Error: --sql writes one script; it does not run on several targets; /],
      [['check', '--all', '--offline'], /^Error: --offline reads no database, so it has no targets to run on; /],
    ];
    for (const [args, expected] of cases) {
      const r = mig(f.dir, args);
      expect(r.status, args.join(' ')).to.equal(args.includes('--sql') || args.includes('--targets') && args.includes('--all') || args.includes('--offline') ? 2 : 1);
      expect(r.stderr, args.join(' ')).to.match(expected);
    }
    expect(await f.tables('tenant_01')).to.deep.equal([]);
    expect(shardVersion(f.shardFile('shard_1'))).to.deep.equal([]);
  });
});

describe("targets: where each target's database comes from", function () {
  this.timeout(120_000);
  const dbs: TestDatabase[] = [];
  after(async () => {
    for (const db of dbs) await db.drop();
  });

  it("env.ts dataSource picks each named target's database from context.config.cmdOpts.target", () => {
    const dir = makeProject({ packages: PROJECT_PACKAGES });
    const p = migProject({ dialect: 'sqlite', url: 'sqlite:unused.db' } as never, dir);
    fs.mkdirSync(path.join(dir, 'dbs'));
    fs.writeFileSync(
      path.join(dir, 'migrations', 'env.ts'),
      [
        "import { context } from 'typeorm-mig';",
        'export const targetMetadata = [];',
        "export const targets = ['n1', 'n2', 'n3', 'n4', 'n5', 'n6'].map((name) => ({ name }));",
        '// Awaits before reading the context: targets running side by side must each see their own.',
        "export const dataSource = async () => { await new Promise((r) => setTimeout(r, 10)); return { type: 'better-sqlite3', database: `dbs/${context.config.cmdOpts.target}.db` }; };",
        '',
      ].join('\n'),
    );
    p.write(...REVISIONS);
    const run = mig(dir, ['upgrade', 'head', '--all', '--concurrency', '3']);
    expect(run.status, run.stderr).to.equal(0);
    for (const n of ['n1', 'n2', 'n3', 'n4', 'n5', 'n6']) expect(shardVersion(path.join(dir, 'dbs', `${n}.db`)), n).to.deep.equal([HEAD]);
    expect(fs.existsSync(path.join(dir, 'unused.db'))).to.equal(false);
  });

  it("a target's url replaces the database of env.ts's static DataSource options", () => {
    const dir = makeProject({ packages: PROJECT_PACKAGES });
    const p = migProject({ dialect: 'sqlite', url: 'sqlite:unused.db' } as never, dir);
    fs.appendFileSync(path.join(dir, 'mig.ini'), '\n[mig:targets]\nleft = sqlite:left.db\nright = sqlite:right.db\n');
    fs.writeFileSync(path.join(dir, 'migrations', 'env.ts'), "export const targetMetadata = [];\nexport const dataSource = { type: 'better-sqlite3', database: 'main.db', metadataTableName: 'meta' };\n");
    p.write(...REVISIONS);
    const run = mig(dir, ['upgrade', 'head', '--all']);
    expect(run.status, run.stderr).to.equal(0);
    expect(shardVersion(path.join(dir, 'left.db'))).to.deep.equal([HEAD]);
    expect(shardVersion(path.join(dir, 'right.db'))).to.deep.equal([HEAD]);
    expect(fs.existsSync(path.join(dir, 'main.db'))).to.equal(false);
  });

  it('mig.ini schema alone: a run works in that PostgreSQL schema (created by upgrade; --sql says so too)', async () => {
    const pg = await freshDatabase();
    dbs.push(pg);
    const dir = makeProject({ packages: PROJECT_PACKAGES });
    const p = migProject({ dialect: 'postgres', url: pg.url } as never, dir, 'schema = billing');
    p.write(...REVISIONS);
    const before = mig(dir, ['current', '-v']);
    expect(before.status, before.stderr).to.equal(0);
    expect(before.stdout).to.match(/schema billing \(not created yet\)/);
    const sql = mig(dir, ['upgrade', 'head', '--sql']);
    expect(sql.status, sql.stderr).to.equal(0);
    expect(sql.stdout.indexOf('CREATE SCHEMA IF NOT EXISTS "billing";')).to.be.greaterThan(-1);
    expect(sql.stdout.indexOf('SET search_path TO "billing", public;')).to.be.greaterThan(sql.stdout.indexOf('CREATE SCHEMA'));
    expect(sql.stdout.indexOf('SET search_path')).to.be.lessThan(sql.stdout.indexOf('CREATE TABLE'));
    expect(mig(dir, ['upgrade', 'head']).status).to.equal(0);
    const tables = await pg.query<{ s: string; t: string }>("SELECT table_schema AS s, table_name AS t FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2");
    expect(tables.map((r) => `${r.s}.${r.t}`)).to.deep.equal(['billing.accounts', 'billing.mig_log', 'billing.mig_version', 'billing.orders']);
    expect(mig(dir, ['downgrade', 'base']).status).to.equal(0);
    const left = await pg.query<{ t: string }>("SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'billing' ORDER BY 1");
    expect(left.map((r) => r.t)).to.deep.equal(['mig_log', 'mig_version']);
  });

  it('a schema on SQLite is refused in one line', () => {
    const dir = makeProject({ packages: PROJECT_PACKAGES });
    const p = migProject({ dialect: 'sqlite', url: 'sqlite:app.db' } as never, dir, 'schema = billing');
    p.write(...REVISIONS);
    const r = mig(dir, ['upgrade', 'head']);
    expect(r.status).to.equal(1);
    expect(r.stderr).to.match(/^Error: mig\.ini \[mig\] schema: schema 'billing' given, but SQLite app\.db has no schemas; schema targets are PostgreSQL schemas/);
  });

  it('check --all compares each target with the entities and names those that differ', async () => {
    const pg = await freshDatabase();
    dbs.push(pg);
    const dir = makeProject({ packages: PROJECT_PACKAGES });
    const p = migProject({ dialect: 'postgres', url: pg.url } as never, dir);
    fs.appendFileSync(path.join(dir, 'mig.ini'), '\n[mig:targets]\nacme = schema:acme\nglobex = schema:globex\nlocal = sqlite:local.db\n');
    useSource(
      p,
      "import { Column, Entity, PrimaryColumn } from 'typeorm';\n@Entity('accounts')\nexport class Account {\n  @PrimaryColumn('int') id!: number;\n  @Column({ type: 'varchar', length: 40 }) name!: string;\n}\n",
    );
    p.write(REVISIONS[0]);
    expect(mig(dir, ['upgrade', 'head', '--all']).status).to.equal(0);
    await pg.query('ALTER TABLE globex.accounts ADD COLUMN extra int');
    const r = mig(dir, ['check', '--all']);
    expect(r.status, r.stderr).to.equal(1);
    expect(r.stdout).to.match(/^acme: no new upgrade operations \(/m);
    expect(r.stdout).to.match(/^local: no new upgrade operations \(/m);
    expect(r.stdout).to.match(/^globex: failed: 1 new upgrade operation: drop column accounts.extra$/m);
    expect(r.stdout).to.match(/^TARGET\s+TIME\s+RESULT$/m);
    expect(r.stderr).to.contain('1 of 3 targets failed: globex');
    const json = JSON.parse(mig(dir, ['check', '--all', '--json']).stdout) as { targets: Array<{ target: string; operations: unknown[] }> };
    expect(json.targets.map((t) => [t.target, t.operations.length])).to.deep.equal([['acme', 0], ['globex', 1], ['local', 0]]);
  });
});

describe('targets: configuration', function () {
  this.timeout(60_000);

  function project(ini: string, env: string): Config {
    const dir = makeProject({ packages: PROJECT_PACKAGES });
    fs.mkdirSync(path.join(dir, 'migrations', 'versions'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'mig.ini'), `[mig]\nscript_location = migrations\nurl = sqlite:main.db\n${ini}\n`);
    fs.writeFileSync(path.join(dir, 'migrations', 'env.ts'), env);
    return Config.load(path.join(dir, 'mig.ini'));
  }

  it('reads [mig:targets] (URLs and schema:NAME) then env.ts targets (URLs, schema names, objects)', async () => {
    const config = project(
      '[mig:targets]\neu = postgres://mig:secret@db-eu/app\nacme = schema:acme\nlocal = sqlite:%(here)s/local.db',
      "export const targets = () => ['postgres://mig@db-us/shop', 'globex', { name: 'initech', schema: 'initech_v2', versionTableSchema: 'meta' }, 'sqlite:data/a.db', { name: 'by-env' }];\n",
    );
    const targets = await loadTargets(config);
    expect(targets).to.deep.equal([
      { name: 'eu', url: 'postgres://mig:secret@db-eu/app' },
      { name: 'acme', schema: 'acme' },
      { name: 'local', url: `sqlite:${config.here}/local.db` },
      { name: 'shop', url: 'postgres://mig@db-us/shop' },
      { name: 'globex', schema: 'globex' },
      { name: 'initech', schema: 'initech_v2', versionTableSchema: 'meta' },
      { name: 'a', url: 'sqlite:data/a.db' },
      { name: 'by-env' },
    ]);
    expect(selectTargets(targets, ['globex', 'eu'], config).map((t) => t.name)).to.deep.equal(['globex', 'eu']);
    // A target's Config: its url, schema and version table schema; the rest shared.
    const acme = config.forTarget(targets[1]);
    expect([acme.url, acme.schema, acme.versionTableSchema, acme.cmdOpts.target]).to.deep.equal(['sqlite:main.db', 'acme', 'acme', 'acme']);
    const initech = config.forTarget(targets[5]);
    expect([initech.schema, initech.versionTableSchema]).to.deep.equal(['initech_v2', 'meta']);
    expect(config.forTarget(targets[0]).url).to.equal('postgres://mig:secret@db-eu/app');
    expect(config.schema).to.equal(undefined);
    expect(config.cmdOpts.target).to.equal(undefined);
  });

  const refusals: Array<[string, string, RegExp]> = [
    ['[mig:targets]\neu = oracle://db/app', '', /mig\.ini \[mig:targets\] eu: unsupported database URL 'oracle:…'/],
    ['[mig:targets]\nacme = schema:', '', /\[mig:targets\] acme: no schema name after 'schema:'/],
    ['[mig:targets]\nacme = schema:acme', "export const targets = ['acme'];\n", /Two targets are named 'acme'/],
    ['', 'export const targets = 42;\n', /env\.ts: targets must be a list \(or a function returning one\), got number/],
    ['', 'export const targets = [{ url: 7 }];\n', /env\.ts: targets\[0\]\.url must be a string/],
    ['', "export const targets = ['a b'];\n", /env\.ts: targets\[0\]: target name 'a b' has a space or a comma/],
  ];
  for (const [ini, env, expected] of refusals) {
    it(`refuses ${expected.source.slice(0, 50)}`, async () => {
      const config = project(ini, env || 'export const targetMetadata = [];\n');
      let error: Error | undefined;
      await loadTargets(config).catch((e: Error) => (error = e));
      expect(error?.message).to.match(expected);
    });
  }

  it('says where to name targets when there are none', async () => {
    const config = project('', 'export const targetMetadata = [];\n');
    expect(() => selectTargets([], undefined, config)).to.throw(/No targets: --all and --targets need databases to run on/);
  });

  it('gives each target its own context.config while they run side by side', async () => {
    const config = project('', 'export const targetMetadata = [];\n');
    const targets = ['a', 'b', 'c', 'd', 'e', 'f'].map((name) => ({ name }));
    let running = 0;
    let most = 0;
    const outcomes = await eachTarget(
      config,
      targets,
      async (c, t) => {
        running++;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, 20 + Math.random() * 20));
        running--;
        // What env.ts would read, after awaiting: still this target's.
        const seen = context.config.cmdOpts.target;
        if (t.name === 'c') throw new Error('c fails');
        return { seen, own: c.cmdOpts.target };
      },
      { concurrency: 3 },
    );
    expect(most).to.equal(3);
    expect(outcomes.map((o) => o.result)).to.deep.equal(['ok', 'ok', 'failed', 'ok', 'ok', 'ok']);
    for (const o of outcomes.filter((o) => o.result === 'ok')) expect(o.value).to.deep.equal({ seen: o.target.name, own: o.target.name });
    expect(String((outcomes[2].error as Error).message)).to.equal('c fails');
    // Outside the targets' runs the process-wide context is not left at one of them.
    setRunContext({ config });
    await eachTarget(config, targets, async (c) => void setRunContext({ config: c }), { concurrency: 2 });
    expect(context.config).to.equal(config);
  });
});
