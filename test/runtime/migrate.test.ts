/**
 * upgrade / downgrade / stamp / current against a real SQLite file, a real PostgreSQL database
 * and a real MariaDB database: the version table after every step (Alembic's test_version_table
 * and test_version_traversal cases), every target of the grammar, offline SQL equal to online,
 * rollback of a failing revision (on MySQL, which has no transactional DDL, what it documents
 * instead: the revisions before it stay applied and the error names the last good one),
 * non-transactional revisions and the lock timeout.
 */
import { expect } from 'chai';
import { Client } from 'pg';
import Database from 'better-sqlite3';
import * as mysql from 'mysql2/promise';
import * as path from 'node:path';
import { isMigError, type MigError } from '../../src/errors';
import { lockKeySql } from '../../src/dialects/postgres';
import { lockNameSql } from '../../src/dialects/mysql/migration';
import type { Dialect } from '../../src/dialects/types';
import { current, downgrade, stamp, upgrade, type RunEvents } from '../../src/runtime/migration';
import type { StatementKind } from '../../src/runtime/connection';
import { eachDatabase, type MigProject, type RevisionSpec } from '../helpers/databases';

const table = (name: string) => `await op.createTable('${name}', [{ name: 'id', type: 'int', primary: true }]);`;
const dropTable = (name: string) => `await op.dropTable('${name}');`;

/** A revision that creates table t_<id> and drops it again. */
function rev(id: string, down: string | string[] | null, extra: Partial<RevisionSpec> = {}): RevisionSpec {
  return { id, down, message: `create t_${id}`, upgrade: table(`t_${id}`), downgrade: dropTable(`t_${id}`), ...extra };
}

/**
 *   a -> b -> c -> d1 (one) -> e1 -> m (merge)
 *                 \-> d2 (two) ------/
 */
const GRAPH: RevisionSpec[] = [
  rev('aaaa', null),
  rev('bbbb', 'aaaa'),
  rev('cccc', 'bbbb'),
  rev('dd11', 'cccc', { labels: ['one'] }),
  rev('ee11', 'dd11'),
  rev('dd22', 'cccc', { labels: ['two'] }),
  rev('mmmm', ['ee11', 'dd22'], { message: 'merge' }),
];

async function tables(p: MigProject): Promise<string[]> {
  const rows =
    p.db.dialect === 'sqlite'
      ? await p.db.query<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 't\\_%' ESCAPE '\\'`)
      : await p.db.query<{ name: string }>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ${p.db.dialect === 'mysql' ? 'DATABASE()' : 'current_schema()'} AND table_name LIKE 't\\_%'`);
  return rows.map((r) => r.name.slice(2)).sort();
}

async function failureOf(promise: Promise<unknown>): Promise<MigError> {
  try {
    await promise;
  } catch (err) {
    if (isMigError(err)) return err;
    throw err;
  }
  throw new Error('expected the run to fail');
}

function recorder(kinds: StatementKind[] = ['change', 'version', 'transaction']): { events: RunEvents; statements: string[] } {
  const statements: string[] = [];
  return { statements, events: { statement: (sql, kind) => kinds.includes(kind) && statements.push(sql) } };
}

eachDatabase('upgrade and downgrade', (setup, dialect) => {
  it('walks a linear history one step at a time, updating the single version row', async () => {
    const p = await setup();
    p.write(...GRAPH.slice(0, 3));
    const config = p.config();
    expect(await p.db.versions()).to.deep.equal([]);
    const first = await upgrade(config, '+1');
    expect(first.steps.map((s) => [s.kind, s.revision, s.from, s.to])).to.deep.equal([['upgrade', 'aaaa', [], ['aaaa']]]);
    expect(await p.db.versions()).to.deep.equal(['aaaa']);
    await upgrade(config, '+1');
    expect(await p.db.versions()).to.deep.equal(['bbbb']);
    expect(await tables(p)).to.deep.equal(['aaaa', 'bbbb']);
    await upgrade(config, 'head');
    expect(await p.db.versions()).to.deep.equal(['cccc']);
    await downgrade(config, '-1');
    expect(await p.db.versions()).to.deep.equal(['bbbb']);
    expect(await tables(p)).to.deep.equal(['aaaa', 'bbbb']);
    const toBase = await downgrade(config, 'base');
    expect(toBase.steps.map((s) => s.revision)).to.deep.equal(['bbbb', 'aaaa']);
    expect(await p.db.versions()).to.deep.equal([]);
    expect(await tables(p)).to.deep.equal([]);
  });

  it('adds a row at a branch point, deletes rows at a merge, and reverses both on downgrade', async () => {
    const p = await setup();
    p.write(...GRAPH);
    const config = p.config();
    await upgrade(config, 'dd11');
    expect(await p.db.versions()).to.deep.equal(['dd11']);
    await upgrade(config, 'dd22');
    expect(await p.db.versions()).to.deep.equal(['dd11', 'dd22']);
    await upgrade(config, 'ee11');
    expect(await p.db.versions()).to.deep.equal(['dd22', 'ee11']);
    const merge = await upgrade(config, 'head');
    expect(merge.steps.map((s) => [s.revision, s.from, s.to])).to.deep.equal([['mmmm', ['ee11', 'dd22'], ['mmmm']]]);
    expect(await p.db.versions()).to.deep.equal(['mmmm']);
    await downgrade(config, '-1');
    expect(await p.db.versions()).to.deep.equal(['dd22', 'ee11']);
    await downgrade(config, 'two@cccc');
    expect(await p.db.versions()).to.deep.equal(['ee11']);
    await downgrade(config, 'cccc');
    expect(await p.db.versions()).to.deep.equal(['cccc']);
    expect(await tables(p)).to.deep.equal(['aaaa', 'bbbb', 'cccc']);
  });

  it('upgrades from base through both branches and the merge in Alembic order', async () => {
    const p = await setup();
    p.write(...GRAPH);
    const result = await upgrade(p.config(), 'heads');
    const ids = result.steps.map((s) => s.revision);
    expect(ids.slice(0, 3)).to.deep.equal(['aaaa', 'bbbb', 'cccc']);
    expect(ids.at(-1)).to.equal('mmmm');
    expect(ids.indexOf('dd11')).to.be.lessThan(ids.indexOf('ee11'));
    expect([...ids].sort()).to.deep.equal(['aaaa', 'bbbb', 'cccc', 'dd11', 'dd22', 'ee11', 'mmmm']);
    expect(await p.db.versions()).to.deep.equal(['mmmm']);
    await downgrade(p.config(), 'base');
    expect(await p.db.versions()).to.deep.equal([]);
    expect(await tables(p)).to.deep.equal([]);
  });

  it('applies a depends_on revision of another branch before the revision that needs it', async () => {
    const p = await setup();
    p.write(rev('aaaa', null, { labels: ['core'] }), rev('bbbb', 'aaaa'), rev('xxxx', null, { labels: ['billing'], dependsOn: ['bbbb'] }));
    const config = p.config();
    await upgrade(config, 'billing@head');
    // As in Alembic, the dependency is implied by xxxx and needs no row of its own.
    expect(await p.db.versions()).to.deep.equal(['xxxx']);
    expect(await tables(p)).to.deep.equal(['aaaa', 'bbbb', 'xxxx']);
    // Downgrading the dependency takes the dependent revision with it.
    await downgrade(config, 'aaaa');
    expect(await p.db.versions()).to.deep.equal(['aaaa']);
    expect(await tables(p)).to.deep.equal(['aaaa']);
  });

  it('resolves every relative target: +N, -N, REV+N, REV-N, prefixes, LABEL@head, LABEL@+N, base', async () => {
    const p = await setup();
    p.write(...GRAPH);
    const config = p.config();
    await upgrade(config, '+2');
    expect(await p.db.versions()).to.deep.equal(['bbbb']);
    await upgrade(config, 'aaaa+2');
    expect(await p.db.versions()).to.deep.equal(['cccc']);
    const ambiguous = await failureOf(upgrade(config, '+1'));
    expect(ambiguous.message).to.match(/Ambiguous walk: above cccc there are 2 revisions \(dd11, dd22\)/);
    await upgrade(config, 'one@+1');
    expect(await p.db.versions()).to.deep.equal(['dd11']);
    await downgrade(config, 'dd11-1');
    expect(await p.db.versions()).to.deep.equal(['cccc']);
    await upgrade(config, 'dd2');
    expect(await p.db.versions()).to.deep.equal(['dd22']);
    await upgrade(config, 'one@+1');
    expect(await p.db.versions()).to.deep.equal(['dd11', 'dd22']);
    await upgrade(config, 'one@+1');
    expect(await p.db.versions()).to.deep.equal(['dd22', 'ee11']);
    await downgrade(config, 'one@-1');
    expect(await p.db.versions()).to.deep.equal(['dd11', 'dd22']);
    await downgrade(config, 'two@-1');
    expect(await p.db.versions()).to.deep.equal(['dd11']);
    await downgrade(config, '-2');
    expect(await p.db.versions()).to.deep.equal(['bbbb']);
    // The merge is the head of both branches.
    await upgrade(config, 'one@head');
    expect(await p.db.versions()).to.deep.equal(['mmmm']);
    await downgrade(config, 'base');
    expect(await p.db.versions()).to.deep.equal([]);
  });

  it('refuses downgrade -1 with several heads applied and says to name a branch', async () => {
    const p = await setup();
    p.write(...GRAPH.slice(0, 6));
    await upgrade(p.config(), 'heads');
    const err = await failureOf(downgrade(p.config(), '-1'));
    expect(err.message + ' ' + err.hint).to.match(/several heads|multiple heads/i).and.to.match(/@head-1|@-1/);
    expect(await p.db.versions()).to.deep.equal(['dd22', 'ee11']);
  });

  it('reports targets that do not exist without touching the database', async () => {
    const p = await setup();
    p.write(...GRAPH.slice(0, 2));
    const err = await failureOf(upgrade(p.config(), 'zzzz'));
    expect(err.message).to.match(/zzzz/);
    expect(await p.db.versions()).to.deep.equal([]);
  });

  it('does nothing when already at the target', async () => {
    const p = await setup();
    p.write(...GRAPH.slice(0, 2));
    await upgrade(p.config(), 'head');
    const again = await upgrade(p.config(), 'head');
    expect(again.steps).to.deep.equal([]);
    expect(again.heads).to.deep.equal(['bbbb']);
  });

  it('rolls back a failing revision: its DDL is undone and the version table stays where it was', async () => {
    const p = await setup();
    p.write(rev('aaaa', null), rev('bbbb', 'aaaa', { upgrade: `${table('t_bbbb')}\n  await op.execute('INSERT INTO no_such_table VALUES (1)');` }));
    const err = await failureOf(upgrade(p.config(), 'head'));
    expect(err.code).to.equal('revision-failed');
    if (dialect === 'mysql') {
      // No transactional DDL (docs/running.md, "MySQL and MariaDB"): aaaa stays applied and
      // recorded, so does what bbbb ran before its failing statement, and the error says so.
      expect(err.message).to.contain('bbbb').and.to.contain('INSERT INTO no_such_table').and.to.match(/Table '.*no_such_table' doesn't exist/);
      expect(err.hint).to.equal('mysql has no transactional DDL: the statements it ran before the failure stay applied, and the version table is at aaaa, the last revision that succeeded');
      expect(await p.db.versions()).to.deep.equal(['aaaa']);
      expect(await tables(p)).to.deep.equal(['aaaa', 'bbbb']);
      return;
    }
    expect(err.message).to.contain('bbbb').and.to.contain('INSERT INTO no_such_table').and.to.match(/no such table|does not exist/);
    expect(await p.db.versions()).to.deep.equal([]);
    expect(await tables(p)).to.deep.equal([]);
  });

  it('with transaction_per_migration keeps the revisions before the failing one', async () => {
    const p = await setup('transaction_per_migration = true');
    p.write(rev('aaaa', null), rev('bbbb', 'aaaa', { upgrade: `${table('t_bbbb')}\n  await op.execute('INSERT INTO no_such_table VALUES (1)');` }));
    await failureOf(upgrade(p.config(), 'head'));
    expect(await p.db.versions()).to.deep.equal(['aaaa']);
    // MySQL cannot roll back the table bbbb created before its failing statement.
    expect(await tables(p)).to.deep.equal(dialect === 'mysql' ? ['aaaa', 'bbbb'] : ['aaaa']);
  });

  it('rolls back a failing downgrade', async () => {
    const p = await setup();
    p.write(rev('aaaa', null), rev('bbbb', 'aaaa', { downgrade: `${dropTable('t_bbbb')}\n  await op.execute('DROP TABLE no_such_table');` }));
    await upgrade(p.config(), 'head');
    const err = await failureOf(downgrade(p.config(), 'base'));
    expect(err.message).to.match(/Revision bbbb .* failed in downgrade/);
    expect(await p.db.versions()).to.deep.equal(['bbbb']);
    if (dialect === 'mysql') {
      // The DROP TABLE before the failing statement is not undone; the version table still says bbbb.
      expect(err.hint).to.equal('mysql has no transactional DDL: the statements it ran before the failure stay applied, and the version table is at bbbb: the downgrade of bbbb did not finish');
      expect(await tables(p)).to.deep.equal(['aaaa']);
      return;
    }
    expect(await tables(p)).to.deep.equal(['aaaa', 'bbbb']);
  });

  it('runs a transactional = false revision between transactions and records it right after', async () => {
    const p = await setup();
    const index =
      dialect === 'postgres'
        ? `await op.createIndex('ix_t_aaaa_id', 't_aaaa', ['id'], { concurrently: true });`
        : `await op.createIndex('ix_t_aaaa_id', 't_aaaa', ['id']);`;
    p.write(rev('aaaa', null), { id: 'bbbb', down: 'aaaa', transactional: false, upgrade: index, downgrade: `await op.dropIndex('ix_t_aaaa_id', 't_aaaa');` }, rev('cccc', 'bbbb'));
    const events = recorder(['change', 'version', 'transaction']);
    await upgrade(p.config(), 'head', { events: events.events });
    expect(await p.db.versions()).to.deep.equal(['cccc']);
    const index0 = events.statements.findIndex((s) => /CREATE INDEX/.test(s));
    if (dialect === 'mysql') {
      // MySQL runs every revision outside a transaction: there is none to leave and none to begin.
      expect(events.statements.filter((s) => /^(BEGIN|COMMIT|ROLLBACK)/.test(s))).to.deep.equal([]);
      expect(events.statements[index0 - 1]).to.match(/INSERT INTO .*mig_version.*'aaaa'/);
    } else {
      expect(events.statements[index0 - 1]).to.equal('COMMIT');
      expect(events.statements[index0 + 2]).to.match(/^BEGIN/);
    }
    expect(events.statements[index0 + 1]).to.match(/UPDATE .*mig_version/);
    await downgrade(p.config(), 'base');
    expect(await p.db.versions()).to.deep.equal([]);
  });

  it('runs on a dialect without transactional DDL: each revision outside a transaction, its row right after it, a failure leaving the last good revision', async () => {
    const p = await setup();
    // The real dialect of this database, told it cannot roll DDL back (as MySQL's would be).
    const noTransactionalDdl = (base: Dialect): Dialect => ({ ...base, supportsTransactionalDdl: false });
    p.write(rev('aaaa', null), rev('bbbb', 'aaaa'), rev('cccc', 'bbbb', { upgrade: `${table('t_cccc')}\n  await op.execute('INSERT INTO no_such_table VALUES (1)');` }));
    const events = recorder(['change', 'version', 'transaction']);
    const err = await failureOf(upgrade(p.config(), 'head', { events: events.events, dialect: noTransactionalDdl }));
    expect(err.code).to.equal('revision-failed');
    expect(err.message).to.match(/Revision cccc .* failed in upgrade/);
    expect(err.hint).to.match(new RegExp(`${dialect} has no transactional DDL: the statements it ran before the failure stay applied`));
    expect(events.statements.filter((s) => /^(BEGIN|COMMIT|ROLLBACK)/.test(s))).to.deep.equal([]);
    const q = dialect === 'mysql' ? '`' : '"';
    const shapes = [`^CREATE TABLE IF NOT EXISTS ${q}mig_version${q}`, `^CREATE TABLE ${q}t_aaaa${q}`, `^INSERT INTO ${q}mig_version${q} .*'aaaa'`, `^CREATE TABLE ${q}t_bbbb${q}`, `^UPDATE ${q}mig_version${q} SET version_num = 'bbbb' WHERE version_num = 'aaaa'`, `^CREATE TABLE ${q}t_cccc${q}`, '^INSERT INTO no_such_table'].map((r) => new RegExp(r));
    expect(events.statements).to.have.length(shapes.length);
    shapes.forEach((shape, i) => expect(events.statements[i]).to.match(shape));
    // What ran before the failure stays (nothing can roll it back); the version table says bbbb.
    expect(await p.db.versions()).to.deep.equal(['bbbb']);
    expect(await tables(p)).to.deep.equal(['aaaa', 'bbbb', 'cccc']);
    // Downgrades walk the same way, each revision's row right after it.
    await downgrade(p.config(), 'base', { dialect: noTransactionalDdl });
    expect(await p.db.versions()).to.deep.equal([]);
    expect(await tables(p)).to.deep.equal(['cccc']);
  });

  if (dialect === 'postgres') {
    it('says how to fix a new enum value used in the same transaction that added it', async () => {
      const revisions: RevisionSpec[] = [
        { id: 'aaaa', down: null, upgrade: "await op.createEnum('mood', ['sad']);\n  await op.createTable('t_people', [{ name: 'id', type: 'int', primary: true }, { name: 'm', type: 'enum', enumName: 'mood' }]);", downgrade: '' },
        { id: 'bbbb', down: 'aaaa', upgrade: "await op.alterEnum('mood', ['sad', 'happy'], { existing: ['sad'] });", downgrade: '' },
        { id: 'cccc', down: 'bbbb', upgrade: "await op.bulkInsert('t_people', [{ id: 1, m: 'happy' }]);", downgrade: '' },
      ];
      const p = await setup();
      p.write(...revisions);
      // (A type created in the same transaction may use its new values: create it first.)
      await upgrade(p.config(), 'aaaa');
      const err = await failureOf(upgrade(p.config(), 'head'));
      expect(err.message).to.match(/Revision cccc .*unsafe use of new value "happy"/);
      expect(err.hint).to.match(/transaction_per_migration = true/);
      const perMigration = await setup('transaction_per_migration = true');
      perMigration.write(...revisions);
      await upgrade(perMigration.config(), 'aaaa');
      await upgrade(perMigration.config(), 'head');
      expect(await perMigration.db.versions()).to.deep.equal(['cccc']);
    });
  }

  it('prints the same SQL offline as it runs online', async () => {
    const p = await setup();
    p.write(...GRAPH);
    const online = recorder();
    await upgrade(p.config(), 'heads', { events: online.events });
    const down = recorder();
    await downgrade(p.config(), 'base', { events: down.events });
    const offline = recorder();
    const script = await upgrade(p.config(), 'heads', { sql: true, events: offline.events });
    expect(offline.statements).to.deep.equal(online.statements);
    for (const statement of online.statements) expect(script.sql).to.contain(statement);
    const offlineDown = recorder();
    await downgrade(p.config(), 'mmmm:base', { sql: true, events: offlineDown.events });
    expect(offlineDown.statements).to.deep.equal(down.statements);
  });

  it('prints a START:END range offline without connecting', async () => {
    const p = await setup();
    p.write(...GRAPH.slice(0, 3));
    const script = await upgrade(p.config(), 'aaaa:cccc', { sql: true });
    expect(script.sql).to.not.contain(dialect === 'mysql' ? '`t_aaaa`' : '"t_aaaa"');
    expect(script.sql).to.contain('t_bbbb').and.to.contain('t_cccc');
    if (dialect === 'mysql') {
      // No transactions on MySQL: one version-table write after each revision, aaaa -> bbbb -> cccc.
      expect(script.sql).to.match(/UPDATE .*mig_version.* SET version_num = 'bbbb' WHERE .*version_num = 'aaaa'[^]*UPDATE .*mig_version.* SET version_num = 'cccc' WHERE .*version_num = 'bbbb'/);
      expect(script.sql!.match(/mig_version/g)).to.have.length(2);
    } else {
      // One version-table write per transaction: aaaa -> cccc.
      expect(script.sql).to.match(/UPDATE .*mig_version.* SET version_num = 'cccc' WHERE .*version_num = 'aaaa'/);
      expect(script.sql!.match(/mig_version/g)).to.have.length(1);
    }
    expect(await p.db.versions()).to.deep.equal([]);
    const err = await failureOf(downgrade(p.config(), '-1', { sql: true }));
    expect(err.message).to.match(/requires <fromrev>:<torev>/);
  });

  it('refuses a backwards offline range and says how to write it', async () => {
    const p = await setup();
    p.write(...GRAPH.slice(0, 3));
    let err = await failureOf(upgrade(p.config(), 'cccc:aaaa', { sql: true }));
    expect(err.code).to.equal('usage');
    expect(err.line).to.equal('The upgrade range cccc:aaaa goes down: aaaa is below cccc; an upgrade range goes up, START:END: write `mig upgrade aaaa:cccc --sql`, or `mig downgrade cccc:aaaa --sql`');
    err = await failureOf(downgrade(p.config(), 'base:bbbb', { sql: true }));
    expect(err.line).to.equal('The downgrade range base:bbbb goes up: bbbb is above base; a downgrade range goes down, START:END: write `mig downgrade bbbb:base --sql`, or `mig upgrade base:bbbb --sql`');
    // The right way round works, and an empty range (a revision to itself) is no error.
    expect((await upgrade(p.config(), 'aaaa:cccc', { sql: true })).steps).to.have.length(2);
    expect((await downgrade(p.config(), 'cccc:aaaa', { sql: true })).steps).to.have.length(2);
    expect((await upgrade(p.config(), 'bbbb:bbbb', { sql: true })).steps).to.deep.equal([]);
    expect(await p.db.versions()).to.deep.equal([]);
  });

  it('passes --tag to env.ts', async () => {
    const p = await setup();
    p.write(rev('aaaa', null));
    const fs = await import('node:fs');
    fs.writeFileSync(path.join(p.dir, 'migrations', 'env.ts'), "import { context } from 'typeorm-mig';\nexport const targetMetadata = [];\nif (context.config.cmdOpts.tag !== 'release-7') throw new Error('tag missing');\n");
    await upgrade(p.config(), 'head', { tag: 'release-7' });
    expect(await p.db.versions()).to.deep.equal(['aaaa']);
  });
}, { dialects: ['sqlite', 'postgres', 'mysql'] });

eachDatabase('stamp and current', (setup, dialect) => {
  it('stamps without running revisions, moves between revisions, and stamps base', async () => {
    const p = await setup();
    p.write(...GRAPH);
    await stamp(p.config(), ['cccc']);
    expect(await p.db.versions()).to.deep.equal(['cccc']);
    expect(await tables(p)).to.deep.equal([]);
    await stamp(p.config(), ['dd11']);
    expect(await p.db.versions()).to.deep.equal(['dd11']);
    await stamp(p.config(), ['heads']);
    expect(await p.db.versions()).to.deep.equal(['mmmm']);
    await stamp(p.config(), ['dd22', 'ee11']);
    expect(await p.db.versions()).to.deep.equal(['dd22', 'ee11']);
    await stamp(p.config(), ['base']);
    expect(await p.db.versions()).to.deep.equal([]);
    expect(await tables(p)).to.deep.equal([]);
  });

  it('--purge empties the version table first, also when it holds an unknown revision', async () => {
    const p = await setup();
    p.write(...GRAPH.slice(0, 3));
    await stamp(p.config(), ['bbbb']);
    await p.db.query(`UPDATE mig_version SET version_num = 'gone0000'`);
    const err = await failureOf(stamp(p.config(), ['cccc']));
    expect(err.message).to.match(/gone0000/);
    expect(err.hint).to.match(/--purge/);
    await stamp(p.config(), ['cccc'], { purge: true });
    expect(await p.db.versions()).to.deep.equal(['cccc']);
  });

  it('current reads the version table and never creates it', async () => {
    const p = await setup();
    p.write(...GRAPH.slice(0, 2));
    expect((await current(p.config())).heads).to.deep.equal([]);
    expect(await p.db.versions()).to.deep.equal([]);
    if (p.db.dialect === 'postgres') {
      const exists = await p.db.query<{ t: string | null }>(`SELECT to_regclass('mig_version') AS t`);
      expect(exists[0].t).to.equal(null);
    }
    if (p.db.dialect === 'mysql') {
      expect(await p.db.query(`SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'mig_version'`)).to.deep.equal([]);
    }
    await upgrade(p.config(), 'head');
    const now = await current(p.config());
    expect(now.heads).to.deep.equal(['bbbb']);
    expect(now.database).to.not.match(/secret|password/);
  });

  it('keeps the version table where mig.ini says, with its name and schema', async () => {
    // version_table_schema only on PostgreSQL: SQLite has no schemas, and on MySQL a schema is
    // another database, which the test database's user may not create.
    const p = await setup(dialect === 'postgres' ? 'version_table = schema_versions\nversion_table_schema = audit' : 'version_table = schema_versions');
    if (dialect === 'postgres') await p.db.query('CREATE SCHEMA audit');
    p.write(rev('aaaa', null));
    await upgrade(p.config(), 'head');
    if (p.db.dialect === 'postgres') {
      const rows = await p.db.query<{ version_num: string }>('SELECT version_num FROM audit.schema_versions');
      expect(rows.map((r) => r.version_num)).to.deep.equal(['aaaa']);
    } else {
      expect(await p.db.versions('schema_versions')).to.deep.equal(['aaaa']);
    }
    expect((await current(p.config())).heads).to.deep.equal(['aaaa']);
  });
}, { dialects: ['sqlite', 'postgres', 'mysql'] });

eachDatabase('waiting for another run', (setup, dialect) => {
  it('times out with a clear message when another run holds the lock', async () => {
    const p = await setup();
    p.write(rev('aaaa', null));
    const waiting: string[] = [];
    let release: () => Promise<void>;
    if (dialect === 'postgres') {
      const client = new Client({ connectionString: p.db.url });
      await client.connect();
      await client.query(`SELECT pg_advisory_lock(5065031, ${lockKeySql({ name: 'mig_version' })})`);
      release = () => client.end();
    } else if (dialect === 'mysql') {
      const holder = await mysql.createConnection({ uri: p.db.url.replace(/^mariadb:/, 'mysql:') });
      await holder.query(`SELECT GET_LOCK(${lockNameSql({ name: 'mig_version' })}, 0)`);
      release = () => holder.end();
    } else {
      const other = new Database(p.db.url.slice('sqlite:'.length));
      other.exec('BEGIN IMMEDIATE');
      release = async () => {
        other.exec('ROLLBACK');
        other.close();
      };
    }
    try {
      const err = await failureOf(upgrade(p.config(), 'head', { lockTimeout: 1, events: { waiting: (m) => waiting.push(m) } }));
      expect(err.code).to.equal('lock-timeout');
      expect(err.message).to.match(/Timed out after 1 s waiting for the (migration|write) lock/);
      expect(waiting).to.have.length(1);
    } finally {
      await release();
    }
    expect(await p.db.versions()).to.deep.equal([]);
    await upgrade(p.config(), 'head');
    expect(await p.db.versions()).to.deep.equal(['aaaa']);
  });
}, { dialects: ['sqlite', 'postgres', 'mysql'] });
