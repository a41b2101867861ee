/**
 * The examples of docs/*.md, run as written: each revision snippet as a revision file, each
 * command block through the CLI, the start-up script with node. A docs change that breaks an
 * example fails here.
 */
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { eachDatabase, type MigProject } from '../helpers/databases';
import { mig, node, REPO } from '../helpers/project';

function blocks(doc: string, lang: string): string[] {
  const text = fs.readFileSync(path.join(REPO, 'docs', doc), 'utf8');
  return [...text.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);
}

/** `mig upgrade ae10:head --sql > upgrade.sql  # comment` -> ['upgrade', 'ae10:head', '--sql'] */
function commands(block: string): string[][] {
  return block
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').replace(/\s*>.*$/, '').trim())
    .filter((line) => /^(npx )?mig /.test(line))
    .map((line) => line.replace(/^(npx )?mig /, '').split(/\s+/));
}

const REVISION_HEAD = (id: string, down: string | null) =>
  `import { sql, type Operations } from 'typeorm-mig';\nvoid sql;\nexport const revision = '${id}';\nexport const downRevision = ${down ? `'${down}'` : 'null'};\n`;

function writeRevision(p: MigProject, id: string, down: string | null, body: string): void {
  fs.writeFileSync(path.join(p.dir, 'migrations', 'versions', `${id}.ts`), REVISION_HEAD(id, down) + body);
}

function ok(p: MigProject, args: string[]): string {
  const r = mig(p.dir, args);
  expect(r.status, `mig ${args.join(' ')}: ${r.stderr}`).to.equal(0);
  return r.stdout;
}

eachDatabase('docs/running.md examples', (setup, dialect) => {
  it('the batchAlterTable example changes a column and drops another, keeping rows', async () => {
    const p = await setup();
    writeRevision(p, 'ae1027a6acf1', null, `export async function upgrade(op: Operations) {
  await op.createTable('users', [{ name: 'id', type: 'int', primary: true }, { name: 'name', type: 'varchar(50)' }, { name: 'nickname', type: 'varchar(30)', nullable: true }]);
  await op.bulkInsert('users', [{ id: 1, name: 'Ann', nickname: 'a' }]);
}
export async function downgrade(op: Operations) { await op.dropTable('users'); }
`);
    const batch = blocks('running.md', 'ts').find((b) => b.includes('batchAlterTable'))!;
    writeRevision(p, 'b2c3d4e5f6a7', 'ae1027a6acf1', `export async function upgrade(op: Operations) {\n${batch}}\nexport async function downgrade() {}\n`);
    ok(p, ['upgrade', 'head']);
    expect(await p.db.query('SELECT id, name FROM users')).to.deep.equal([{ id: 1, name: 'Ann' }]);
  });

  it('the offline SQL commands print scripts for ranges', async () => {
    const p = await setup();
    writeRevision(p, 'ae1027a6acf1', null, `export async function upgrade(op: Operations) { await op.createTable('t1', [{ name: 'id', type: 'int', primary: true }]); }\nexport async function downgrade(op: Operations) { await op.dropTable('t1'); }\n`);
    writeRevision(p, 'b2c3d4e5f6a7', 'ae1027a6acf1', `export async function upgrade(op: Operations) { await op.createTable('t2', [{ name: 'id', type: 'int', primary: true }]); }\nexport async function downgrade(op: Operations) { await op.dropTable('t2'); }\n`);
    const block = blocks('running.md', 'sh').find((b) => b.includes('--sql'))!;
    const outputs = commands(block).map((args) => ok(p, args));
    expect(outputs[0]).to.contain('"t2"').and.not.contain('"t1"');
    expect(outputs[1]).to.match(/DROP TABLE "t2"/);
    expect(await p.db.versions()).to.deep.equal([]);
  });

  it('the applied-revision log commands print the log, as JSON, and refresh a checksum', async () => {
    const p = await setup();
    writeRevision(p, 'ae1027a6acf1', null, `export async function upgrade(op: Operations) { await op.createTable('t1', [{ name: 'id', type: 'int', primary: true }]); }\nexport async function downgrade(op: Operations) { await op.dropTable('t1'); }\n`);
    ok(p, ['upgrade', 'head']);
    const block = blocks('running.md', 'sh').find((b) => b.includes('--applied'))!;
    const outputs = commands(block).map((args) => ok(p, args));
    expect(outputs[0]).to.match(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC {2}upgrade {4}ae1027a6acf1 {2}\d+ ms {2}sha256 [0-9a-f]{12} {2}mig \S+\n$/);
    expect(JSON.parse(outputs[1])[0]).to.include({ revision: 'ae1027a6acf1', direction: 'upgrade' });
    expect(outputs[2]).to.equal('Recorded the current checksum of ae1027a6acf1\n');
  });

  if (dialect === 'postgres') {
    it('the transactional = false example creates an index concurrently', async () => {
      const p = await setup();
      writeRevision(p, 'ae1027a6acf1', null, `export async function upgrade(op: Operations) { await op.createTable('orders', [{ name: 'id', type: 'int', primary: true }, { name: 'created_at', type: 'timestamptz' }]); }\nexport async function downgrade(op: Operations) { await op.dropTable('orders'); }\n`);
      const example = blocks('running.md', 'ts').find((b) => b.includes('transactional = false'))!;
      writeRevision(p, 'b2c3d4e5f6a7', 'ae1027a6acf1', `${example}\nexport async function downgrade(op: Operations) { await op.dropIndex('ix_orders_created', 'orders', { concurrently: true }); }\n`);
      ok(p, ['upgrade', 'head']);
      const rows = await p.db.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE tablename = 'orders' AND indexname = 'ix_orders_created'`);
      expect(rows).to.have.length(1);
    });
  }
});

eachDatabase('docs/ci-and-api.md examples', (setup) => {
  it('the CI commands pass on a database at head, and the start-up script migrates', async () => {
    const p = await setup();
    writeRevision(p, 'ae1027a6acf1', null, `export async function upgrade(op: Operations) { await op.createTable('t1', [{ name: 'id', type: 'int', primary: true }]); }\nexport async function downgrade(op: Operations) { await op.dropTable('t1'); }\n`);
    fs.writeFileSync(path.join(p.dir, 'entities.ts'), "import { Entity, PrimaryColumn } from 'typeorm';\n@Entity('t1')\nexport class T1 {\n  @PrimaryColumn({ type: 'integer' }) id!: number;\n}\n");
    fs.writeFileSync(path.join(p.dir, 'migrations', 'env.ts'), "import { T1 } from '../entities';\nexport const targetMetadata = [T1];\n");
    const [startup] = blocks('ci-and-api.md', 'ts');
    fs.writeFileSync(path.join(p.dir, 'start.mjs'), startup);
    const r = node(p.dir, "import('./start.mjs')");
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout.trim()).to.equal("[ 'ae1027a6acf1' ]");
    const ci = blocks('ci-and-api.md', 'sh')[0];
    for (const args of commands(ci)) ok(p, args);
  });
});
