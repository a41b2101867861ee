/**
 * The applied-revision log and checksums against a real SQLite file, a real PostgreSQL database
 * and a real MariaDB database: the rows upgrade, downgrade and stamp write (sha256 of the
 * normalized file), a failing revision leaving the log as it was (on MySQL, with no transactional
 * DDL, the rows of the revisions before it stay), edited / deleted revisions reported by upgrade,
 * check and current --verbose (the CLI, as a user runs it), --allow-edited and
 * stamp --refresh-checksums, CRLF checkouts, databases from before the log, history --applied,
 * and the log's SQL offline.
 */
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMigError } from '../../src/errors';
import { normalizeRevisionText, revisionChecksum } from '../../src/runtime/checksums';
import { appliedLog, current, downgrade, stamp, upgrade } from '../../src/runtime/migration';
import { eachDatabase, revisionSource, type MigProject, type RevisionSpec } from '../helpers/databases';
import { mig } from '../helpers/project';

const table = (name: string) => `await op.createTable('${name}', [{ name: 'id', type: 'int', primary: true }]);`;

function rev(id: string, down: string | null, extra: Partial<RevisionSpec> = {}): RevisionSpec {
  return { id, down, message: `create t_${id}`, upgrade: table(`t_${id}`), downgrade: `await op.dropTable('t_${id}');`, ...extra };
}

/** Revisions that change no table, so that `mig check` has nothing to report once NOTE is created. */
const empty = (id: string, down: string | null): RevisionSpec => ({ id, down, message: `step ${id}`, upgrade: '', downgrade: '' });

/** The one entity of the projects `mig check` runs in, and the revision creating its table. */
const NOTE_ENV = `import { EntitySchema } from 'typeorm';
export const targetMetadata = [new EntitySchema({ name: 'note', tableName: 'note', columns: { id: { type: 'integer', primary: true } } })];
`;
const NOTE = "await op.createTable('note', [{ name: 'id', type: 'integer', primary: true }]);";

/** A project for `mig check`: env.ts with NOTE_ENV, revision `root` creating the table, then empty ones. */
async function checkProject(setup: (ini?: string) => Promise<MigProject>, ...ids: string[]): Promise<MigProject> {
  const p = await setup();
  fs.writeFileSync(path.join(p.dir, 'migrations', 'env.ts'), NOTE_ENV);
  p.write({ id: 'root', down: null, message: 'create note', upgrade: NOTE, downgrade: "await op.dropTable('note');" }, ...ids.map((id, i) => empty(id, i ? ids[i - 1] : 'root')));
  return p;
}

const fileOf = (p: MigProject, id: string) => path.join(p.dir, 'migrations', 'versions', `${id}.ts`);

/** The sha256 a revision file written by the helpers should have: its text without the final newline. */
const expectedSum = (spec: RevisionSpec) => createHash('sha256').update(revisionSource(spec).replace(/\n+$/, '')).digest('hex');

interface LogRow {
  revision: string;
  direction: string;
  checksum: string | null;
  duration_ms: number | null;
  tool_version: string;
  applied_at: unknown;
}

async function logRows(p: MigProject, name = 'mig_log'): Promise<LogRow[]> {
  const q = p.db.dialect === 'mysql' ? '`' : '"';
  return p.db.query<LogRow>(`SELECT revision, direction, checksum, duration_ms, tool_version, applied_at FROM ${q}${name}${q} ORDER BY id`);
}

const summary = (rows: LogRow[]) => rows.map((r) => `${r.direction} ${r.revision}`);

const VERSION = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'package.json'), 'utf8')).version;

describe('revision checksums: normalized text', () => {
  it('ignores line endings, trailing whitespace, a BOM and blank lines at the end, and nothing else', () => {
    const text = "export const revision = 'a';\nexport async function upgrade() {\n  return 1;\n}\n";
    const same = ["\uFEFF" + text, text.replace(/\n/g, '\r\n'), text.replace(/\n/g, '\r'), text.replace(/;\n/g, ';   \n').replace(/\{\n/g, '{\t\n'), `${text}\n\n\n`, text.replace(/\n$/, '')];
    for (const variant of same) expect(normalizeRevisionText(variant)).to.equal(normalizeRevisionText(text));
    expect(normalizeRevisionText(text.replace('return 1', 'return 2'))).to.not.equal(normalizeRevisionText(text));
    expect(normalizeRevisionText(text.replace('  return', '    return'))).to.not.equal(normalizeRevisionText(text));
  });
});

eachDatabase('the applied-revision log', (setup, dialect) => {
  it('upgrade writes one row per revision with the sha256 of its file, downgrade and stamp write theirs', async () => {
    const p = await setup();
    const revs = [rev('aaaa', null), rev('bbbb', 'aaaa'), rev('cccc', 'bbbb')];
    p.write(...revs);
    await upgrade(p.config(), 'bbbb');
    await upgrade(p.config(), 'head');
    let rows = await logRows(p);
    expect(summary(rows)).to.deep.equal(['upgrade aaaa', 'upgrade bbbb', 'upgrade cccc']);
    expect(rows.map((r) => r.checksum)).to.deep.equal(revs.map(expectedSum));
    expect(rows.map((r) => r.checksum)).to.deep.equal(revs.map((r) => revisionChecksum(fileOf(p, r.id))));
    for (const r of rows) {
      expect(Number(r.duration_ms)).to.be.at.least(0);
      expect(r.tool_version).to.equal(VERSION);
      const at = new Date(r.applied_at instanceof Date ? r.applied_at : String(r.applied_at)).getTime();
      expect(Math.abs(Date.now() - at)).to.be.below(120_000);
    }
    // The version table means what it always meant.
    expect(await p.db.versions()).to.deep.equal(['cccc']);

    await downgrade(p.config(), 'aaaa');
    rows = await logRows(p);
    expect(summary(rows).slice(3)).to.deep.equal(['downgrade cccc', 'downgrade bbbb']);
    expect(rows[3].checksum).to.equal(expectedSum(revs[2]));

    await stamp(p.config(), ['head']);
    await stamp(p.config(), ['base']);
    rows = await logRows(p);
    expect(summary(rows).slice(5)).to.deep.equal(['stamp bbbb', 'stamp cccc', 'unstamp cccc', 'unstamp bbbb', 'unstamp aaaa']);
    expect(rows[5].checksum).to.equal(expectedSum(revs[1]));
    expect(await p.db.versions()).to.deep.equal([]);

    const { entries } = await appliedLog(p.config());
    expect(entries.map((e) => `${e.direction} ${e.revision}`)).to.deep.equal(summary(rows));
    expect(entries[0]).to.include({ revision: 'aaaa', direction: 'upgrade', checksum: expectedSum(revs[0]), migVersion: VERSION });
    expect(entries[0].appliedAt).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  });

  it('a failing revision leaves no log row and the earlier rows intact; per-migration transactions keep the good ones', async () => {
    const p = await setup();
    const failing = rev('cccc', 'bbbb', { upgrade: `${table('t_cccc')}\n  await op.execute('INSERT INTO no_such_table VALUES (1)');` });
    p.write(rev('aaaa', null), rev('bbbb', 'aaaa'), failing);
    await upgrade(p.config(), 'aaaa');
    let err: unknown;
    await upgrade(p.config(), 'head').catch((e) => (err = e));
    expect(isMigError(err) && err.code).to.equal('revision-failed');
    if (dialect === 'mysql') {
      // No transactional DDL: bbbb stays applied, its log row and version row written right after it.
      expect(summary(await logRows(p))).to.deep.equal(['upgrade aaaa', 'upgrade bbbb']);
      expect(await p.db.versions()).to.deep.equal(['bbbb']);
    } else {
      // One transaction: bbbb rolled back with cccc, and so did their rows.
      expect(summary(await logRows(p))).to.deep.equal(['upgrade aaaa']);
      expect(await p.db.versions()).to.deep.equal(['aaaa']);
    }

    const perMigration = await setup('transaction_per_migration = true');
    perMigration.write(rev('aaaa', null), rev('bbbb', 'aaaa'), failing);
    await upgrade(perMigration.config(), 'head').catch(() => undefined);
    expect(summary(await logRows(perMigration))).to.deep.equal(['upgrade aaaa', 'upgrade bbbb']);
    expect(await perMigration.db.versions()).to.deep.equal(['bbbb']);
  });

  it('a failing first run creates no log table', async () => {
    const p = await setup();
    p.write(rev('aaaa', null, { upgrade: "await op.execute('INSERT INTO no_such_table VALUES (1)');" }));
    await upgrade(p.config(), 'head').catch(() => undefined);
    const exists =
      dialect === 'postgres'
        ? await p.db.query<{ t: string | null }>("SELECT to_regclass('mig_log') AS t").then((r) => r[0].t !== null)
        : dialect === 'mysql'
          ? await p.db.query("SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'mig_log'").then((r) => r.length > 0)
          : await p.db.query("SELECT 1 FROM sqlite_master WHERE name = 'mig_log'").then((r) => r.length > 0);
    expect(exists).to.equal(false);
  });

  it('upgrade, check and current --verbose report an edited applied revision; check exits 1; --allow-edited and stamp --refresh-checksums accept it', async () => {
    const p = await checkProject(setup, 'aaaa', 'bbbb');
    let r = mig(p.dir, ['upgrade', 'bbbb']);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stderr).to.equal('');
    r = mig(p.dir, ['check']);
    expect(r.status, r.stderr + r.stdout).to.equal(0);
    expect(r.stdout).to.equal('No new upgrade operations detected.\n');

    // Edited after it ran:
    fs.writeFileSync(fileOf(p, 'aaaa'), fs.readFileSync(fileOf(p, 'aaaa'), 'utf8').replace('{\n\n}', "{\n  await op.execute('SELECT 1');\n}"));
    const line = /^Warning: Revision aaaa \(migrations\/versions\/aaaa\.ts\) was edited after it was applied \(upgrade on \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\): sha256 [0-9a-f]{12}, the log has [0-9a-f]{12}; review the change, then accept it with `mig stamp --refresh-checksums aaaa`$/m;

    r = mig(p.dir, ['check']);
    expect(r.status).to.equal(1);
    expect(r.stderr).to.match(line);
    expect(r.stderr).to.contain('Error: 1 applied revision was edited or deleted after it ran (listed above)');
    expect(r.stderr.match(/Warning:/g)).to.have.length(1);

    r = mig(p.dir, ['check', '--json']);
    expect(r.status).to.equal(1);
    const json = JSON.parse(r.stdout);
    expect(json.operations).to.deep.equal([]);
    expect(json.changedRevisions).to.have.length(1);
    expect(json.changedRevisions[0]).to.include({ revision: 'aaaa', change: 'edited', loggedAs: 'upgrade' });
    expect(json.changedRevisions[0].loggedChecksum).to.match(/^[0-9a-f]{64}$/).and.not.equal(json.changedRevisions[0].checksum);
    expect(json.changedRevisions[0].checksum).to.equal(revisionChecksum(fileOf(p, 'aaaa')));

    r = mig(p.dir, ['current', '--verbose']);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stderr).to.match(line);
    r = mig(p.dir, ['current']);
    expect(r.stderr).to.equal('');

    r = mig(p.dir, ['check', '--allow-edited']);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stderr).to.match(/^Warning: Revision aaaa .* accepted for this run \(--allow-edited\)$/m);

    r = mig(p.dir, ['upgrade', 'head', '--allow-edited']);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stderr).to.match(/^Warning: Revision aaaa .* accepted for this run \(--allow-edited\)\n$/);
    expect(r.stdout).to.equal('Already at head (bbbb)\n');
    r = mig(p.dir, ['upgrade', 'head', '--json']);
    expect(r.stderr).to.equal('');
    expect(JSON.parse(r.stdout).changedRevisions.map((c: { revision: string }) => c.revision)).to.deep.equal(['aaaa']);

    // upgrade warns, and runs.
    p.write(empty('cccc', 'bbbb'));
    r = mig(p.dir, ['upgrade', 'head']);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stderr).to.match(line);
    expect(r.stdout).to.match(/Running upgrade bbbb -> cccc/);
    expect(await p.db.versions()).to.deep.equal(['cccc']);

    r = mig(p.dir, ['stamp', '--refresh-checksums', 'aaaa']);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.equal('Recorded the current checksum of aaaa\n');
    expect(await p.db.versions()).to.deep.equal(['cccc']);
    const rows = await logRows(p);
    expect(rows[rows.length - 1]).to.include({ revision: 'aaaa', direction: 'refresh', checksum: revisionChecksum(fileOf(p, 'aaaa')) });
    for (const args of [['check'], ['current', '-v']]) {
      r = mig(p.dir, args);
      expect(r.status, r.stderr).to.equal(0);
      expect(r.stderr).to.equal('');
    }
    r = mig(p.dir, ['upgrade', 'head']);
    expect(r.stderr).to.equal('');

    // Only applied revisions have checksums to refresh.
    p.write(empty('dddd', 'cccc'));
    r = mig(p.dir, ['stamp', '--refresh-checksums', 'dddd']);
    expect(r.status).to.equal(1);
    expect(r.stderr).to.match(/^Error: Revision dddd is not applied to .*: there is no checksum to refresh; upgrade to it instead \(mig upgrade dddd\)\n$/);
  });

  it('reports an applied revision whose file is gone, and stamp --refresh-checksums accepts the deletion', async () => {
    const p = await checkProject(setup, 'aaaa', 'bbbb');
    expect(mig(p.dir, ['upgrade', 'head']).status).to.equal(0);
    // Squashed: aaaa's file removed, bbbb now follows root (bbbb is edited too).
    fs.rmSync(fileOf(p, 'aaaa'));
    p.write(empty('bbbb', 'root'));
    let r = mig(p.dir, ['check']);
    expect(r.status).to.equal(1);
    expect(r.stderr).to.match(/^Warning: Revision aaaa was applied \(upgrade on .* UTC\) but its file is gone: restore it, or accept it with `mig stamp --refresh-checksums aaaa`$/m);
    expect(r.stderr).to.match(/^Warning: Revision bbbb \(.*\) was edited after it was applied/m);
    expect(r.stderr).to.contain('Error: 2 applied revisions were edited or deleted after they ran (listed above)');
    r = mig(p.dir, ['stamp', '--refresh-checksums', 'aaaa', 'bbbb']);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.equal('Recorded the current checksum of aaaa, bbbb\n');
    r = mig(p.dir, ['check']);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stderr).to.equal('');
  });

  it('a CRLF checkout of an applied revision is not an edit', async () => {
    const p = await checkProject(setup, 'aaaa');
    expect(mig(p.dir, ['upgrade', 'head']).status).to.equal(0);
    fs.writeFileSync(fileOf(p, 'aaaa'), fs.readFileSync(fileOf(p, 'aaaa'), 'utf8').replace(/\n/g, '  \r\n'));
    const r = mig(p.dir, ['check']);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stderr).to.equal('');
  });

  it('a database migrated before the log existed gets no warnings, and its next steps are logged', async () => {
    const p = await checkProject(setup, 'aaaa', 'bbbb');
    await upgrade(p.config(), 'head');
    await p.db.query('DROP TABLE mig_log');
    fs.appendFileSync(fileOf(p, 'aaaa'), '// edited\n');
    expect((await current(p.config(), { verify: true })).changedRevisions).to.deep.equal([]);
    let r = mig(p.dir, ['check']);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stderr).to.equal('');
    r = mig(p.dir, ['history', '--applied']);
    expect(r.stdout).to.match(/^No applied-revision log in .* yet: upgrade, downgrade and stamp write it\n$/);
    expect(JSON.parse(mig(p.dir, ['history', '--applied', '--json']).stdout)).to.deep.equal([]);
    await downgrade(p.config(), '-1');
    expect(summary(await logRows(p))).to.deep.equal(['downgrade bbbb']);
  });

  it('history --applied prints the log newest first, --json as objects', async () => {
    const p = await setup();
    p.write(rev('aaaa', null), rev('bbbb', 'aaaa'));
    await upgrade(p.config(), 'head');
    await downgrade(p.config(), '-1');
    let r = mig(p.dir, ['history', '--applied']);
    expect(r.status, r.stderr).to.equal(0);
    const lines = r.stdout.trimEnd().split('\n');
    const sum = (id: string) => revisionChecksum(fileOf(p, id))!.slice(0, 12);
    expect(lines).to.have.length(3);
    const shape = (direction: string, id: string) => new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC  ${direction.padEnd(9)}  ${id}  \\d+ ms  sha256 ${sum(id)}  mig ${VERSION.replace(/\./g, '\\.')}, create t_${id}$`);
    expect(lines[0]).to.match(shape('downgrade', 'bbbb'));
    expect(lines[1]).to.match(shape('upgrade', 'bbbb'));
    expect(lines[2]).to.match(shape('upgrade', 'aaaa'));
    r = mig(p.dir, ['history', '--applied', '--json']);
    expect(r.status, r.stderr).to.equal(0);
    const entries = JSON.parse(r.stdout);
    expect(entries.map((e: { direction: string; revision: string }) => `${e.direction} ${e.revision}`)).to.deep.equal(['downgrade bbbb', 'upgrade bbbb', 'upgrade aaaa']);
    expect(Object.keys(entries[0]).sort()).to.deep.equal(['appliedAt', 'checksum', 'direction', 'durationMs', 'id', 'migVersion', 'revision']);
    expect(entries[2]).to.include({ revision: 'aaaa', direction: 'upgrade', checksum: revisionChecksum(fileOf(p, 'aaaa')), migVersion: VERSION });
    r = mig(p.dir, ['history', '--applied', '-r', 'base:']);
    expect(r.status).to.equal(2);
  });

  it('offline, the log rows are part of the script (no duration), and the script writes them when run', async () => {
    const p = await setup();
    const revs = [rev('aaaa', null), rev('bbbb', 'aaaa')];
    p.write(...revs);
    const { sql } = await upgrade(p.config(), 'head', { sql: true });
    const q = dialect === 'mysql' ? '`' : '"';
    expect(sql).to.match(new RegExp(`CREATE TABLE IF NOT EXISTS ${q}mig_log${q} \\(\n {2}id `));
    expect(sql).to.contain(`INSERT INTO ${q}mig_log${q} (revision, direction, checksum, duration_ms, tool_version) VALUES ('aaaa', 'upgrade', '${expectedSum(revs[0])}', NULL, '${VERSION}')`);
    expect(sql).to.contain(`VALUES ('bbbb', 'upgrade', '${expectedSum(revs[1])}', NULL, '${VERSION}')`);
    // Nothing connected: the database has no log yet. Run the script as a DBA would.
    expect((await appliedLog(p.config())).entries).to.deep.equal([]);
    if (dialect !== 'sqlite') await p.db.query(sql!);
    else {
      const Database = (await import('better-sqlite3')).default;
      const db = new Database(p.db.url.slice('sqlite:'.length));
      db.exec(sql!);
      db.close();
    }
    const rows = await logRows(p);
    expect(summary(rows)).to.deep.equal(['upgrade aaaa', 'upgrade bbbb']);
    expect(rows.map((r) => r.duration_ms)).to.deep.equal([null, null]);
    const down = await downgrade(p.config(), 'bbbb:base', { sql: true });
    expect(down.sql).to.contain(`VALUES ('bbbb', 'downgrade', '${expectedSum(revs[1])}', NULL, '${VERSION}')`);
    const stamped = await stamp(p.config(), ['head'], { sql: true });
    expect(stamped.sql).to.contain(`VALUES ('aaaa', 'stamp', '${expectedSum(revs[0])}', NULL, '${VERSION}')`);
    let err: unknown;
    await stamp(p.config(), ['aaaa'], { sql: true, refreshChecksums: true }).catch((e) => (err = e));
    expect(isMigError(err) && err.message).to.equal("Can't use --refresh-checksums with --sql");
  });

  it('keeps the log beside the version table: log_table names it, version_table_schema holds both', async () => {
    // version_table_schema only on PostgreSQL: SQLite has no schemas, and on MySQL a schema is
    // another database, which the test database's user may not create.
    const p = await setup(dialect === 'postgres' ? 'log_table = applied_log\nversion_table_schema = audit' : 'log_table = applied_log');
    if (dialect === 'postgres') await p.db.query('CREATE SCHEMA audit');
    p.write(rev('aaaa', null));
    await upgrade(p.config(), 'head');
    const rows = await p.db.query<{ revision: string }>(`SELECT revision FROM ${dialect === 'postgres' ? 'audit.applied_log' : 'applied_log'}`);
    expect(rows.map((r) => r.revision)).to.deep.equal(['aaaa']);
    expect((await appliedLog(p.config())).entries.map((e) => e.revision)).to.deep.equal(['aaaa']);
    fs.writeFileSync(path.join(p.dir, 'mig.ini'), fs.readFileSync(path.join(p.dir, 'mig.ini'), 'utf8').replace('log_table = applied_log', 'log_table = mig_version'));
    let err: unknown;
    await upgrade(p.config(), 'head').catch((e) => (err = e));
    expect(isMigError(err) && err.line).to.match(/log_table is 'mig_version', the version table's name; give the log its own table name/);
  });
}, { dialects: ['sqlite', 'postgres', 'mysql'] });
