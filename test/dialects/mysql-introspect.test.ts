/**
 * MySQL / MariaDB introspection against a real server: tables built with raw DDL, read back as
 * the exact SchemaModel autogenerate compares, in the same fixed number of queries for 3 tables
 * and for 60.
 */
import { expect } from 'chai';
import { introspect } from '../../src/dialects/mysql/introspect';
import type { Queryable } from '../../src/dialects/types';
import { freshMysqlDatabase, type TestMysqlDatabase } from '../helpers/mysql';

function counting(db: TestMysqlDatabase): Queryable & { calls: number } {
  const wrapper = {
    calls: 0,
    async query(sql: string, params?: unknown[]) {
      wrapper.calls++;
      return db.query(sql, params);
    },
  };
  return wrapper;
}

describe('MySQL / MariaDB introspection', function () {
  this.timeout(60_000);
  let db: TestMysqlDatabase;
  beforeEach(async () => {
    db = await freshMysqlDatabase();
  });
  afterEach(async () => {
    await db.drop();
  });

  it('reads types, defaults, keys, indexes, checks, comments, collations, ON UPDATE, generated columns and views as autogenerate compares them', async () => {
    for (const ddl of [
      `CREATE TABLE accounts (id int NOT NULL AUTO_INCREMENT PRIMARY KEY, code char(3) NOT NULL) ENGINE=InnoDB COMMENT 'the accounts' DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci`,
      `CREATE TABLE orders (
        id bigint unsigned NOT NULL AUTO_INCREMENT,
        account_id int NULL,
        note varchar(40) COLLATE utf8mb4_bin NOT NULL DEFAULT 'it''s \\\\ here' COMMENT 'a note',
        status enum('new','it''s done') NOT NULL DEFAULT 'new',
        flags set('a','b') NOT NULL DEFAULT 'a,b',
        total decimal(10,2) NOT NULL DEFAULT 0.50,
        ratio double NULL,
        paid tinyint(1) NOT NULL DEFAULT 0,
        data json NULL,
        placed datetime(3) NOT NULL DEFAULT current_timestamp(3),
        changed timestamp(6) NOT NULL DEFAULT current_timestamp(6) ON UPDATE current_timestamp(6),
        doubled bigint GENERATED ALWAYS AS (total * 2) VIRTUAL,
        PRIMARY KEY (id),
        UNIQUE KEY uq_orders_note (note),
        KEY ix_orders_note (note(10), placed DESC),
        CONSTRAINT fk_orders_account FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE SET NULL ON UPDATE RESTRICT,
        CONSTRAINT chk_total CHECK (total >= 0)
      ) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci`,
      `CREATE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 100`,
    ]) {
      await db.query(ddl);
    }
    const model = await introspect({ query: (sql, params) => db.query(sql, params) }, { exclude: [] });
    expect(model.dialect).to.equal('mysql');
    expect(model.tables.map((t) => t.name)).to.deep.equal(['accounts', 'orders']);
    expect(model.tables[0]).to.deep.equal({
      name: 'accounts',
      columns: [
        { name: 'id', type: 'int', nullable: false, generated: 'increment' },
        { name: 'code', type: 'char', length: 3, nullable: false },
      ],
      primaryKey: { kind: 'primaryKey', columns: ['id'] },
      uniques: [],
      foreignKeys: [],
      checks: [],
      indexes: [],
      comment: 'the accounts',
      collation: 'utf8mb4_general_ci',
    });
    const orders = model.tables[1];
    expect(orders.columns).to.deep.equal([
      { name: 'id', type: 'bigint unsigned', nullable: false, generated: 'increment' },
      { name: 'account_id', type: 'int', nullable: true },
      { name: 'note', type: 'varchar', length: 40, nullable: false, default: { sql: "'it''s \\\\ here'" }, comment: 'a note', collation: 'utf8mb4_bin' },
      { name: 'status', type: 'enum', enum: ['new', "it's done"], nullable: false, default: { sql: "'new'" } },
      { name: 'flags', type: 'set', enum: ['a', 'b'], nullable: false, default: { sql: "'a,b'" } },
      { name: 'total', type: 'decimal', precision: 10, scale: 2, nullable: false, default: { sql: '0.50' } },
      { name: 'ratio', type: 'double', nullable: true },
      { name: 'paid', type: 'tinyint', nullable: false, default: { sql: '0' } },
      { name: 'data', type: 'json', nullable: true },
      { name: 'placed', type: 'datetime', precision: 3, nullable: false, default: { sql: 'current_timestamp(3)' } },
      { name: 'changed', type: 'timestamp', precision: 6, nullable: false, default: { sql: 'current_timestamp(6)' }, onUpdate: 'CURRENT_TIMESTAMP(6)' },
      // MariaDB keeps no NOT NULL on a generated column.
      { name: 'doubled', type: 'bigint', asExpression: '`total` * 2', generatedType: 'VIRTUAL' },
    ]);
    expect(orders.primaryKey).to.deep.equal({ kind: 'primaryKey', columns: ['id'] });
    // The index MySQL made for the foreign key (named after it) is the key's, not listed.
    expect(orders.indexes).to.deep.equal([
      { name: 'ix_orders_note', columns: ['note(10)', 'placed DESC'], unique: false },
      { name: 'uq_orders_note', columns: ['note'], unique: true },
    ]);
    expect(orders.foreignKeys).to.deep.equal([
      { kind: 'foreignKey', name: 'fk_orders_account', columns: ['account_id'], referencedTable: { name: 'accounts' }, referencedColumns: ['id'], onDelete: 'SET NULL', onUpdate: 'RESTRICT' },
    ]);
    // json's own json_valid() check is the column's type, not a check of the table.
    expect(orders.checks).to.deep.equal([{ kind: 'check', name: 'chk_total', expression: '`total` >= 0' }]);
    expect(model.views?.map((v) => v.name)).to.deep.equal(['big_orders']);
    expect(model.views?.[0].recorded).to.equal(undefined);
  });

  it('sends the same fixed number of queries for 3 tables and for 60', async () => {
    const build = async (count: number, prefix: string) => {
      for (let i = 1; i <= count; i++) {
        await db.query(
          `CREATE TABLE ${prefix}${i} (id int AUTO_INCREMENT PRIMARY KEY, status enum('new','done') NOT NULL, prev_id int NULL, label varchar(20) NOT NULL DEFAULT 'x', KEY ${prefix}${i}_label (label)${
            i > 1 ? `, CONSTRAINT fk_${prefix}${i} FOREIGN KEY (prev_id) REFERENCES ${prefix}${i - 1} (id)` : ''
          }, CONSTRAINT ck_${prefix}${i} CHECK (prev_id IS NULL OR prev_id > 0))`,
        );
      }
    };
    await build(3, 's');
    const small = counting(db);
    const few = await introspect(small, { exclude: [] });
    await build(60, 'l');
    const large = counting(db);
    const many = await introspect(large, { exclude: [] });
    expect(few.tables).to.have.length(3);
    expect(many.tables).to.have.length(63);
    for (const t of many.tables.filter((x) => x.name.startsWith('l'))) {
      expect(t.indexes.map((i) => i.name)).to.deep.equal([`${t.name}_label`]);
      expect(t.checks.map((c) => c.name)).to.deep.equal([`ck_${t.name}`]);
      expect(t.foreignKeys).to.have.length(t.name === 'l1' ? 0 : 1);
    }
    expect(large.calls).to.equal(small.calls);
    expect(large.calls).to.be.at.most(8);
  });

  it('the index MySQL makes for a foreign key given no name (named after its column) is not read as an index', async () => {
    await db.query('CREATE TABLE `users` (`id` int NOT NULL, PRIMARY KEY (`id`))');
    await db.query('CREATE TABLE `posts` (`id` int NOT NULL, `user_id` int NOT NULL, `editor_id` int NOT NULL, `reviewer_id` int NOT NULL, PRIMARY KEY (`id`), KEY `reviewer_id` (`reviewer_id`, `id`), FOREIGN KEY (`user_id`) REFERENCES `users` (`id`), CONSTRAINT `fk_editor` FOREIGN KEY (`editor_id`) REFERENCES `users` (`id`), FOREIGN KEY (`reviewer_id`) REFERENCES `users` (`id`))');
    const model = await introspect({ query: (sql, params) => db.query(sql, params) }, { exclude: [] });
    const posts = model.tables.find((t) => t.name === 'posts')!;
    expect(posts.foreignKeys.map((f) => f.columns.join())).to.have.members(['user_id', 'editor_id', 'reviewer_id']);
    // The user's own index (more columns than the foreign key's) stays.
    expect(posts.indexes.map((i) => `${i.name}: ${i.columns.join(', ')}`)).to.deep.equal(['reviewer_id: reviewer_id, id']);
  });
});
