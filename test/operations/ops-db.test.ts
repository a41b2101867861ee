/**
 * Every operation compiled by its dialect and run on a real SQLite file and a real PostgreSQL
 * database the way the runtime runs a revision (./targets.ts); the result is read back from the
 * catalogs and the data, then reverse(op) runs and the schema must be as before.
 */
import { expect } from 'chai';
import { sqlite } from '../../src/dialects/sqlite';
import type { Statement } from '../../src/dialects/types';
import { MigError } from '../../src/errors';
import { sql, type ColumnInput, type Operations } from '../../src/operations/api';
import { reverse } from '../../src/operations/reverse';
import type { ConstraintDef, Op } from '../../src/operations/ops';
import { openPostgres, openSqlite, opsOf, rejects, type Row, type Target } from './targets';

/** Runs `fn`, then `check`, then the reverse of the ops `fn` made: the schema must be as before. */
async function roundTrip(db: Target, fn: (op: Operations) => Promise<void>, check: () => Promise<void> = async () => undefined): Promise<Op[]> {
  const before = await db.schema();
  const ops = await db.run(fn);
  await check();
  await db.apply(...ops.map(reverse).reverse());
  expect(await db.schema()).to.deep.equal(before);
  return ops;
}

async function migError(promise: Promise<unknown>, code: string, message: RegExp): Promise<MigError> {
  const err = await rejects(promise);
  expect(err, String(err)).to.be.instanceOf(MigError);
  expect((err as MigError).code).to.equal(code);
  expect(err.message).to.match(message);
  return err as MigError;
}

const rebuilds = (statements: Statement[]) => statements.filter((s) => /^CREATE TABLE "_mig_tmp_/.test(s.sql)).length;

/** A value read back, the same on both databases: booleans, numbers and JSON as JavaScript values. */
function plain(db: Target, value: unknown, kind: 'bool' | 'number' | 'json'): unknown {
  if (value === null) return null;
  if (kind === 'bool') return db.name === 'sqlite' ? value === 1 : value;
  if (kind === 'number') return Number(value);
  return typeof value === 'string' ? JSON.parse(value) : value;
}

async function count(db: Target, table: string): Promise<number> {
  return Number((await db.query<{ n: unknown }>(`SELECT count(*) AS n FROM "${table}"`))[0].n);
}

async function typeOf(db: Target, table: string, column: string): Promise<string> {
  return (await db.columns(table)).find((c) => c.name === column)!.type;
}

async function indexNames(db: Target, table: string): Promise<string[]> {
  const rows =
    db.name === 'sqlite'
      ? await db.query<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`, [table])
      : await db.query<{ name: string }>(`SELECT indexname AS name FROM pg_indexes WHERE tablename = $1 AND indexname NOT LIKE '%_pkey'`, [table]);
  return rows.map((r) => r.name).sort();
}

/** Parameter placeholders of the dialect: `$1` or `?`. */
const p = (db: Target, n: number) => (db.name === 'postgres' ? `$${n}` : '?');

/** A users table with a few rows, as most tests start from. */
async function users(db: Target): Promise<void> {
  await db.run(async (op) => {
    await op.createTable('users', [
      { name: 'id', type: 'int', primary: true, generated: 'increment' },
      { name: 'name', type: 'varchar', length: 50 },
      { name: 'email', type: 'varchar', length: 200, nullable: true },
      { name: 'age', type: 'int', nullable: true },
    ]);
    await op.createIndex('users_email_idx', 'users', ['email']);
    await op.bulkInsert('users', [
      { name: "O'Brien", email: 'ob@example.com', age: 40 },
      { name: 'Ada', email: null, age: null },
      { name: 'Grace', email: 'grace@example.com', age: 85 },
    ]);
  });
}

async function userRows(db: Target): Promise<Row[]> {
  const rows = await db.query('SELECT id, name, email, age FROM users ORDER BY id');
  // pg reads a bigint as a string
  return rows.map((r) => ({ ...r, age: r.age === null ? null : Number(r.age) }));
}

for (const name of ['sqlite', 'postgres'] as const) {
  const pg = name === 'postgres';

  describe(`operations on a real database (${name})`, function () {
    let db: Target;
    beforeEach(async () => {
      db = pg ? await openPostgres() : await openSqlite();
    });
    afterEach(async () => db.close());

    describe('createTable and dropTable', () => {
      it('creates every column type and option TypeORM users write, and its reverse drops the table', async () => {
        if (pg) await db.run((op) => op.createEnum('user_role', ['user', 'admin']));
        const columns: ColumnInput[] = [
          { name: 'id', type: 'int', primary: true, generated: 'increment' },
          { name: 'name', type: 'varchar', length: 50, default: `it's "quoted"` },
          { name: 'count', type: 'integer', default: 0 },
          { name: 'big', type: 'bigint', nullable: true },
          { name: 'active', type: 'boolean', default: true },
          { name: 'archived', type: 'boolean', default: false },
          { name: 'created_at', type: pg ? 'timestamptz' : 'datetime', default: sql('now()') },
          { name: 'updated_at', type: pg ? 'timestamptz' : 'datetime', default: () => 'CURRENT_TIMESTAMP' },
          { name: 'uid', type: 'uuid', nullable: true },
          { name: 'data', type: pg ? 'jsonb' : 'json', default: { theme: "it's dark", n: 1 } },
          { name: 'price', type: 'numeric', precision: 10, scale: 2, default: 9.5 },
          { name: 'email', type: 'varchar', length: 200, unique: true, nullable: true },
          { name: 'note', type: 'text', nullable: true, comment: "the user's note" },
          { name: 'role', type: 'enum', enum: ['user', 'admin'], enumName: 'user_role', default: 'user' },
          ...(pg ? [{ name: 'tags', type: 'text', array: true, default: ['a', 'b "c"'] }] : []),
        ];
        await roundTrip(
          db,
          (op) => op.createTable('everything', columns),
          async () => {
            const info = await db.columns('everything');
            expect(info.map((c) => [c.name, c.type, c.nullable])).to.deep.equal(
              pg
                ? [
                    ['id', 'integer', false],
                    ['name', 'character varying(50)', false],
                    ['count', 'integer', false],
                    ['big', 'bigint', true],
                    ['active', 'boolean', false],
                    ['archived', 'boolean', false],
                    ['created_at', 'timestamp with time zone', false],
                    ['updated_at', 'timestamp with time zone', false],
                    ['uid', 'uuid', true],
                    ['data', 'jsonb', false],
                    ['price', 'numeric(10,2)', false],
                    ['email', 'character varying(200)', true],
                    ['note', 'text', true],
                    ['role', 'user_role', false],
                    ['tags', 'text[]', false],
                  ]
                : [
                    ['id', 'integer', false],
                    ['name', 'varchar(50)', false],
                    ['count', 'integer', false],
                    ['big', 'bigint', true],
                    ['active', 'boolean', false],
                    ['archived', 'boolean', false],
                    ['created_at', 'datetime', false],
                    ['updated_at', 'datetime', false],
                    ['uid', 'varchar', true],
                    // Declared as TypeORM declares them (json and numeric are types its SQLite driver knows).
                    ['data', 'json', false],
                    ['price', 'numeric(10,2)', false],
                    ['email', 'varchar(200)', true],
                    ['note', 'text', true],
                    ['role', 'varchar', false],
                  ],
            );
            // Every default, read back through a row that gives no value.
            await db.query('INSERT INTO everything DEFAULT VALUES');
            const [row] = await db.query('SELECT * FROM everything');
            expect(plain(db, row.id, 'number')).to.equal(1);
            expect(row.name).to.equal(`it's "quoted"`);
            expect(plain(db, row.count, 'number')).to.equal(0);
            expect(row.big).to.equal(null);
            expect(plain(db, row.active, 'bool')).to.equal(true);
            expect(plain(db, row.archived, 'bool')).to.equal(false);
            expect(row.created_at).to.not.equal(null);
            expect(row.updated_at).to.not.equal(null);
            expect(plain(db, row.data, 'json')).to.deep.equal({ theme: "it's dark", n: 1 });
            expect(plain(db, row.price, 'number')).to.equal(9.5);
            expect(row.role).to.equal('user');
            if (pg) expect(row.tags).to.deep.equal(['a', 'b "c"']);
            // unique and enum are enforced
            await db.query(`INSERT INTO everything (email) VALUES ('a@example.com')`);
            await rejects(db.query(`INSERT INTO everything (email) VALUES ('a@example.com')`));
            await rejects(db.query(`INSERT INTO everything (role) VALUES ('boss')`));
            if (pg) {
              const [c] = await db.query(`SELECT col_description('everything'::regclass, 13) AS comment`);
              expect(c.comment).to.equal("the user's note");
            }
          },
        );
      });

      it('fills generated columns: increment and identity count up, uuid is generated (PostgreSQL)', async () => {
        await roundTrip(
          db,
          async (op) => {
            await op.createTable('a', [{ name: 'id', type: 'int', primary: true, generated: 'increment' }, { name: 'x', type: 'int', nullable: true }]);
            await op.createTable('b', [{ name: 'id', type: 'bigint', primary: true, generated: 'identity' }, { name: 'x', type: 'int', nullable: true }]);
            if (pg) await op.createTable('c', [{ name: 'id', type: 'uuid', primary: true, generated: 'uuid' }, { name: 'x', type: 'int', nullable: true }]);
          },
          async () => {
            for (const t of ['a', 'b']) {
              await db.query(`INSERT INTO ${t} (x) VALUES (1), (2)`);
              expect((await db.query(`SELECT id FROM ${t} ORDER BY id`)).map((r) => Number(r.id))).to.deep.equal([1, 2]);
            }
            if (pg) {
              const [b] = await db.query(`SELECT attidentity FROM pg_attribute WHERE attrelid = 'b'::regclass AND attname = 'id'`);
              expect(b.attidentity).to.equal('d');
              await db.query('INSERT INTO c (x) VALUES (1)');
              const [c] = await db.query('SELECT id FROM c');
              expect(c.id).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
            } else {
              const [a] = await db.query(`SELECT sql FROM sqlite_master WHERE name = 'a'`);
              expect(a.sql).to.contain('AUTOINCREMENT');
            }
          },
        );
      });

      it('creates and enforces a composite primary key, a named unique, a check and a cascading deferrable foreign key', async () => {
        await roundTrip(
          db,
          async (op) => {
            await op.createTable('parent', [{ name: 'id', type: 'int', primary: true }]);
            await op.createTable(
              'child',
              [
                { name: 'parent_id', type: 'int' },
                { name: 'seq', type: 'int' },
                { name: 'label', type: 'varchar', length: 20, nullable: true },
                { name: 'qty', type: 'int', default: 1 },
              ],
              op.primaryKey(['parent_id', 'seq'], { name: 'child_pk' }),
              op.unique(['label'], { name: 'child_label_uq' }),
              op.check('qty > 0', { name: 'child_qty_positive' }),
              op.foreignKey(['parent_id'], 'parent', ['id'], { name: 'child_parent_fk', onDelete: 'CASCADE', onUpdate: 'CASCADE', deferrable: 'INITIALLY DEFERRED' }),
            );
          },
          async () => {
            if (pg) {
              const rows = await db.query(`SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'child'::regclass AND contype <> 'n' ORDER BY conname`);
              expect(rows).to.deep.equal([
                { conname: 'child_label_uq', def: 'UNIQUE (label)' },
                { conname: 'child_parent_fk', def: 'FOREIGN KEY (parent_id) REFERENCES parent(id) ON UPDATE CASCADE ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED' },
                { conname: 'child_pk', def: 'PRIMARY KEY (parent_id, seq)' },
                { conname: 'child_qty_positive', def: 'CHECK ((qty > 0))' },
              ]);
            } else {
              const [fk] = await db.query('SELECT "table", "from", "to", on_update, on_delete FROM pragma_foreign_key_list(?)', ['child']);
              expect(fk).to.deep.equal({ table: 'parent', from: 'parent_id', to: 'id', on_update: 'CASCADE', on_delete: 'CASCADE' });
              const pk = await db.query('SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk', ['child']);
              expect(pk.map((r) => r.name)).to.deep.equal(['parent_id', 'seq']);
            }
            // deferred: the child may come before its parent within a transaction
            await db.query('BEGIN');
            await db.query(`INSERT INTO child (parent_id, seq, label) VALUES (1, 1, 'one'), (1, 2, 'two')`);
            await db.query('INSERT INTO parent (id) VALUES (1)');
            await db.query('COMMIT');
            await rejects(db.query(`INSERT INTO child (parent_id, seq, qty) VALUES (1, 3, 0)`));
            await rejects(db.query(`INSERT INTO child (parent_id, seq, label) VALUES (1, 3, 'one')`));
            await rejects(db.query(`INSERT INTO child (parent_id, seq) VALUES (1, 1)`));
            await db.query('UPDATE parent SET id = 7');
            expect((await db.query('SELECT parent_id FROM child')).map((r) => r.parent_id)).to.deep.equal([7, 7]);
            await db.query('DELETE FROM parent');
            expect(await count(db, 'child')).to.equal(0);
          },
        );
      });

      it('dropTable drops a table; its reverse, given the table as autogenerate describes it, recreates columns, constraints, indexes and comment', async () => {
        await db.run(async (op) => {
          await op.createTable('parent', [{ name: 'id', type: 'int', primary: true }]);
          await op.createTable(
            'items',
            [
              { name: 'id', type: 'int', primary: true, generated: 'increment' },
              { name: 'parent_id', type: 'int', nullable: true },
              { name: 'code', type: 'varchar', length: 20, default: 'x' },
            ],
            op.foreignKey(['parent_id'], 'parent', ['id'], { name: 'items_parent_fk', onDelete: 'SET NULL' }),
            op.check(`code <> ''`, { name: 'items_code_check' }),
          );
          await op.createIndex('items_code_idx', 'items', ['code'], { unique: true });
          await op.setTableComment('items', 'things');
        });
        const before = await db.schema();
        const [drop] = await db.run((op) =>
          op.dropTable('items', {
            existing: {
              columns: [
                { name: 'id', type: 'int', primary: true, generated: 'increment' },
                { name: 'parent_id', type: 'int', nullable: true },
                { name: 'code', type: 'varchar', length: 20, default: 'x' },
              ],
              constraints: [
                { kind: 'foreignKey', name: 'items_parent_fk', columns: ['parent_id'], referencedTable: { name: 'parent' }, referencedColumns: ['id'], onDelete: 'SET NULL' },
                { kind: 'check', name: 'items_code_check', expression: `code <> ''` },
              ],
              indexes: [{ name: 'items_code_idx', columns: ['code'], unique: true }],
              comment: 'things',
            },
          }),
        );
        expect((await db.columns('items')).length).to.equal(0);
        await db.apply(reverse(drop));
        expect(await db.schema()).to.deep.equal(before);
      });
    });

    describe('renameTable', () => {
      it('renames a table with its rows, foreign keys of other tables follow, and the reverse renames it back', async () => {
        await users(db);
        await db.run((op) =>
          op.createTable('posts', [{ name: 'id', type: 'int', primary: true }, { name: 'user_id', type: 'int' }], op.foreignKey(['user_id'], 'users', ['id'], { onDelete: 'CASCADE' })),
        );
        await db.query('INSERT INTO posts (id, user_id) VALUES (1, 1), (2, 3)');
        const rows = await userRows(db);
        await roundTrip(
          db,
          (op) => op.renameTable('users', 'members'),
          async () => {
            expect(await db.query('SELECT id, name, email, age FROM members ORDER BY id')).to.deep.equal(rows);
            expect(await count(db, 'posts')).to.equal(2);
            await rejects(db.query('INSERT INTO posts (id, user_id) VALUES (3, 99)'));
            await db.query(`INSERT INTO members (id, name) VALUES (4, 'Temp')`);
            await db.query('INSERT INTO posts (id, user_id) VALUES (3, 4)');
            await db.query('DELETE FROM members WHERE id = 4');
            expect(await count(db, 'posts')).to.equal(2);
          },
        );
        expect(await userRows(db)).to.deep.equal(rows);
      });
    });

    describe('addColumn and dropColumn', () => {
      it('adds a nullable column (natively on SQLite); the reverse drops it', async () => {
        await users(db);
        const rows = await userRows(db);
        await roundTrip(
          db,
          (op) => op.addColumn('users', { name: 'nickname', type: 'varchar', length: 30, nullable: true, comment: 'what friends say' }),
          async () => {
            const col = (await db.columns('users')).find((c) => c.name === 'nickname')!;
            expect([col.type, col.nullable]).to.deep.equal([pg ? 'character varying(30)' : 'varchar(30)', true]);
            if (pg) expect((await db.query(`SELECT col_description('users'::regclass, 5) AS c`))[0].c).to.equal('what friends say');
          },
        );
        expect(await userRows(db)).to.deep.equal(rows);
        if (!pg) {
          const statements = await sqlite.compile({ kind: 'addColumn', table: { name: 'users' }, column: { name: 'n', type: 'int', nullable: true } }, db.ctx);
          expect(statements).to.deep.equal([{ sql: 'ALTER TABLE "users" ADD COLUMN "n" integer' }]);
        }
      });

      it('adds a NOT NULL column with a default, which existing rows get', async () => {
        await users(db);
        await roundTrip(
          db,
          (op) => op.addColumn('users', { name: 'status', type: 'varchar', length: 10, default: "it's new" }),
          async () => {
            expect((await db.query('SELECT status FROM users')).map((r) => r.status)).to.deep.equal([`it's new`, `it's new`, `it's new`]);
          },
        );
      });

      it('adds a column defaulting to CURRENT_TIMESTAMP to a table with rows (a rebuild on SQLite)', async () => {
        await users(db);
        const rows = await userRows(db);
        await roundTrip(
          db,
          (op) => op.addColumn('users', { name: 'seen_at', type: pg ? 'timestamptz' : 'datetime', default: () => 'CURRENT_TIMESTAMP' }),
          async () => {
            const seen = await db.query('SELECT seen_at FROM users');
            expect(seen).to.have.length(3);
            for (const r of seen) expect(r.seen_at).to.not.equal(null);
          },
        );
        expect(await userRows(db)).to.deep.equal(rows);
      });

      it('adds a unique column (a rebuild on SQLite) that is enforced', async () => {
        await users(db);
        const rows = await userRows(db);
        await roundTrip(
          db,
          (op) => op.addColumn('users', { name: 'handle', type: 'varchar', length: 20, nullable: true, unique: true }),
          async () => {
            await db.query(`UPDATE users SET handle = 'x' WHERE id = 1`);
            await rejects(db.query(`UPDATE users SET handle = 'x' WHERE id = 2`));
          },
        );
        expect(await userRows(db)).to.deep.equal(rows);
      });

      it('drops a column (natively on SQLite when nothing depends on it); the reverse re-adds it from existing', async () => {
        await users(db);
        const ops = await roundTrip(db, (op) => op.dropColumn('users', 'age', { existing: { name: 'age', type: 'int', nullable: true } }), async () => {
          expect((await db.columns('users')).map((c) => c.name)).to.deep.equal(['id', 'name', 'email']);
          expect(await count(db, 'users')).to.equal(3);
        });
        if (!pg) expect(await sqlite.compile(ops[0], db.ctx)).to.deep.equal([{ sql: 'ALTER TABLE "users" DROP COLUMN "age"' }]);
      });

      it('drops a column that an index, a check and a foreign key name, with them (as autogenerate orders it), keeping every row; the reverse restores all', async () => {
        await users(db);
        await db.run(async (op) => {
          await op.createTable('teams', [{ name: 'id', type: 'int', primary: true }]);
          await op.bulkInsert('teams', [{ id: 1 }]);
          await op.addColumn('users', { name: 'team_id', type: 'int', nullable: true });
          await op.createForeignKey('users_team_fk', 'users', 'teams', ['team_id'], ['id'], { onDelete: 'SET NULL' });
          await op.createCheckConstraint('users_team_check', 'users', 'team_id > 0');
          await op.createIndex('users_team_idx', 'users', ['team_id', 'name']);
        });
        await db.query('UPDATE users SET team_id = 1 WHERE id < 3');
        const rows = await userRows(db);
        await roundTrip(
          db,
          async (op) => {
            await op.dropIndex('users_team_idx', 'users', { existing: { name: 'users_team_idx', columns: ['team_id', 'name'] } });
            await op.dropConstraint('users_team_check', 'users', 'check', { existing: { kind: 'check', name: 'users_team_check', expression: 'team_id > 0' } });
            await op.dropConstraint('users_team_fk', 'users', 'foreignKey', {
              existing: { kind: 'foreignKey', name: 'users_team_fk', columns: ['team_id'], referencedTable: { name: 'teams' }, referencedColumns: ['id'], onDelete: 'SET NULL' },
            });
            await op.dropColumn('users', 'team_id', { existing: { name: 'team_id', type: 'int', nullable: true } });
          },
          async () => {
            expect(await userRows(db)).to.deep.equal(rows);
            expect(await indexNames(db, 'users')).to.deep.equal(['users_email_idx']);
          },
        );
        expect(await userRows(db)).to.deep.equal(rows);
      });
    });

    describe('alterColumn', () => {
      it('widens varchar(50) to varchar(200) keeping every value; the reverse narrows it back', async () => {
        await users(db);
        await db.query(`INSERT INTO users (name) VALUES ('${'x'.repeat(50)}')`);
        const rows = await userRows(db);
        await roundTrip(
          db,
          (op) => op.alterColumn('users', 'name', { type: 'varchar(200)', existingType: 'varchar(50)' }),
          async () => {
            expect(await typeOf(db, 'users', 'name')).to.equal(pg ? 'character varying(200)' : 'varchar(200)');
            expect(await userRows(db)).to.deep.equal(rows);
            expect(await indexNames(db, 'users')).to.deep.equal(['users_email_idx']);
          },
        );
        expect(await userRows(db)).to.deep.equal(rows);
      });

      it('changes int to bigint keeping every value, and then holds values beyond 32 bits', async () => {
        await users(db);
        const rows = await userRows(db);
        await roundTrip(
          db,
          (op) => op.alterColumn('users', 'age', { type: 'bigint', existingType: 'int' }),
          async () => {
            expect(await typeOf(db, 'users', 'age')).to.equal('bigint');
            expect(await userRows(db)).to.deep.equal(rows);
            await db.query('UPDATE users SET age = 5000000000 WHERE id = 2');
            expect(String((await db.query('SELECT age FROM users WHERE id = 2'))[0].age)).to.equal('5000000000');
            await db.query('UPDATE users SET age = NULL WHERE id = 2');
          },
        );
      });

      it('changes varchar to int converting the values with `using`', async () => {
        await db.run(async (op) => {
          await op.createTable('codes', [{ name: 'id', type: 'int', primary: true }, { name: 'code', type: 'varchar', length: 10, nullable: true }]);
          await op.bulkInsert('codes', [{ id: 1, code: 'n42' }, { id: 2, code: 'n7' }, { id: 3, code: null }]);
        });
        await roundTrip(
          db,
          (op) => op.alterColumn('codes', 'code', { type: 'int', existingType: 'varchar(10)', using: pg ? `substr("code", 2)::integer` : `CAST(substr("code", 2) AS integer)` }),
          async () => {
            expect(await typeOf(db, 'codes', 'code')).to.equal('integer');
            const rows = await db.query(`SELECT id, code${pg ? '' : ', typeof(code) AS t'} FROM codes ORDER BY id`);
            expect(rows.map((r) => r.code)).to.deep.equal([42, 7, null]);
            if (!pg) expect(rows.map((r) => r.t)).to.deep.equal(['integer', 'integer', 'null']);
          },
        );
        expect((await db.query('SELECT code FROM codes ORDER BY id')).map((r) => r.code)).to.deep.equal(['42', '7', null]);
      });

      it('changes the type of a column with a default, and changes type and default together', async () => {
        await db.run(async (op) => {
          await op.createTable('counters', [{ name: 'id', type: 'int', primary: true }, { name: 'n', type: 'varchar', length: 10, default: '0' }]);
          await op.bulkInsert('counters', [{ id: 1, n: '5' }]);
        });
        const using = pg ? '"n"::integer' : undefined;
        await roundTrip(db, (op) => op.alterColumn('counters', 'n', { type: 'int', using, existingType: 'varchar(10)', existingDefault: '0' }), async () => {
          await db.query('INSERT INTO counters (id) VALUES (2)');
          expect((await db.query('SELECT n FROM counters ORDER BY id')).map((r) => Number(r.n))).to.deep.equal([5, 0]);
          await db.query('DELETE FROM counters WHERE id = 2');
        });
        await roundTrip(db, (op) => op.alterColumn('counters', 'n', { type: 'int', using, default: 3, existingType: 'varchar(10)', existingDefault: '0' }), async () => {
          await db.query('INSERT INTO counters (id) VALUES (2)');
          expect((await db.query('SELECT n FROM counters ORDER BY id')).map((r) => Number(r.n))).to.deep.equal([5, 3]);
          await db.query('DELETE FROM counters WHERE id = 2');
        });
      });

      it('makes a column nullable and NOT NULL again', async () => {
        await users(db);
        await roundTrip(
          db,
          (op) => op.alterColumn('users', 'name', { nullable: true, existingNullable: false }),
          async () => {
            expect((await db.columns('users')).find((c) => c.name === 'name')!.nullable).to.equal(true);
            await db.query('INSERT INTO users (name) VALUES (NULL)');
            await db.query('DELETE FROM users WHERE name IS NULL');
          },
        );
        expect((await db.columns('users')).find((c) => c.name === 'name')!.nullable).to.equal(false);
      });

      it('refuses NOT NULL on a column holding NULL, leaving the table and its rows as they were', async () => {
        await users(db);
        const before = await db.schema();
        const rows = await userRows(db);
        await rejects(db.run((op) => op.alterColumn('users', 'email', { nullable: false, existingNullable: true })));
        expect(await db.schema()).to.deep.equal(before);
        expect(await userRows(db)).to.deep.equal(rows);
      });

      it('sets and drops a default; the reverse restores the previous one', async () => {
        await users(db);
        await roundTrip(
          db,
          (op) => op.alterColumn('users', 'age', { default: 18, existingDefault: null }),
          async () => {
            await db.query(`INSERT INTO users (name) VALUES ('New')`);
            expect((await db.query(`SELECT age FROM users WHERE name = 'New'`))[0].age).to.equal(18);
            await db.query(`DELETE FROM users WHERE name = 'New'`);
          },
        );
        await db.run((op) => op.alterColumn('users', 'age', { default: 18, existingDefault: null }));
        await roundTrip(
          db,
          (op) => op.alterColumn('users', 'age', { default: null, existingDefault: 18 }),
          async () => {
            expect((await db.columns('users')).find((c) => c.name === 'age')!.default).to.equal(null);
          },
        );
      });

      it('sets a column comment (PostgreSQL; SQLite has none and runs nothing)', async () => {
        await users(db);
        const ops = await roundTrip(
          db,
          (op) => op.alterColumn('users', 'email', { comment: "the user's address", existingComment: null }),
          async () => {
            if (pg) expect((await db.query(`SELECT col_description('users'::regclass, 3) AS c`))[0].c).to.equal("the user's address");
          },
        );
        if (!pg) expect(await sqlite.compile(ops[0], db.ctx)).to.deep.equal([]);
      });

      it('renames a column keeping its values and its index; the reverse renames it back', async () => {
        await users(db);
        const rows = await userRows(db);
        await roundTrip(
          db,
          (op) => op.alterColumn('users', 'email', { newName: 'mail' }),
          async () => {
            expect((await db.query('SELECT mail FROM users ORDER BY id')).map((r) => r.mail)).to.deep.equal(rows.map((r) => r.email));
            const def = pg ? (await db.query(`SELECT indexdef AS d FROM pg_indexes WHERE indexname = 'users_email_idx'`))[0].d : (await db.query(`SELECT sql AS d FROM sqlite_master WHERE name = 'users_email_idx'`))[0].d;
            expect(def).to.contain('mail');
          },
        );
      });

      it('renames a column and changes its type in one alterColumn', async () => {
        await users(db);
        const rows = await userRows(db);
        await roundTrip(
          db,
          (op) => op.alterColumn('users', 'name', { newName: 'full_name', type: 'varchar(120)', existingType: 'varchar(50)' }),
          async () => {
            expect(await typeOf(db, 'users', 'full_name')).to.equal(pg ? 'character varying(120)' : 'varchar(120)');
            expect((await db.query('SELECT full_name FROM users ORDER BY id')).map((r) => r.full_name)).to.deep.equal(rows.map((r) => r.name));
          },
        );
        expect(await userRows(db)).to.deep.equal(rows);
      });
    });

    describe('createIndex and dropIndex', () => {
      it('creates unique, partial, multi-column and expression indexes that work; the reverse drops them', async () => {
        await users(db);
        await db.run((op) => op.addColumn('users', { name: 'deleted_at', type: pg ? 'timestamptz' : 'datetime', nullable: true }));
        await roundTrip(
          db,
          async (op) => {
            await op.createIndex('users_name_uq', 'users', ['name'], { unique: true, where: '"deleted_at" IS NULL' });
            await op.createIndex('users_name_age_idx', 'users', ['name', 'age']);
            await op.createIndex('users_lower_email_uq', 'users', ['lower(email)'], { unique: true });
          },
          async () => {
            expect(await indexNames(db, 'users')).to.deep.equal(['users_email_idx', 'users_lower_email_uq', 'users_name_age_idx', 'users_name_uq']);
            await rejects(db.query(`INSERT INTO users (name) VALUES ('Ada')`));
            await db.query(`INSERT INTO users (name, deleted_at) VALUES ('Ada', CURRENT_TIMESTAMP)`);
            await rejects(db.query(`INSERT INTO users (name, email) VALUES ('Bob', 'GRACE@example.com')`));
            await db.query(`DELETE FROM users WHERE deleted_at IS NOT NULL`);
          },
        );
      });

      it('drops an index; the reverse recreates it from existing', async () => {
        await users(db);
        await roundTrip(
          db,
          (op) => op.dropIndex('users_email_idx', 'users', { existing: { name: 'users_email_idx', columns: ['email'] } }),
          async () => {
            expect(await indexNames(db, 'users')).to.deep.equal([]);
          },
        );
      });
    });

    describe('constraints', () => {
      it('adds a unique constraint, a check and a foreign key (rebuilds on SQLite) that are enforced, keeping every row; the reverse drops them', async () => {
        await users(db);
        await db.run(async (op) => {
          await op.createTable('posts', [{ name: 'id', type: 'int', primary: true }, { name: 'user_id', type: 'int', nullable: true }, { name: 'slug', type: 'varchar', length: 20 }]);
          await op.bulkInsert('posts', [{ id: 1, user_id: 1, slug: 'a' }, { id: 2, user_id: 3, slug: 'b' }]);
        });
        const rows = await db.query('SELECT * FROM posts ORDER BY id');
        await roundTrip(
          db,
          async (op) => {
            await op.createUniqueConstraint('posts_slug_uq', 'posts', ['slug']);
            await op.createCheckConstraint('posts_slug_check', 'posts', `slug <> ''`);
            await op.createForeignKey('posts_user_fk', 'posts', 'users', ['user_id'], ['id'], { onDelete: 'SET NULL', deferrable: 'INITIALLY IMMEDIATE' });
          },
          async () => {
            expect(await db.query('SELECT * FROM posts ORDER BY id')).to.deep.equal(rows);
            await rejects(db.query(`INSERT INTO posts (id, slug) VALUES (3, 'a')`));
            await rejects(db.query(`INSERT INTO posts (id, slug) VALUES (3, '')`));
            await rejects(db.query(`INSERT INTO posts (id, user_id, slug) VALUES (3, 99, 'c')`));
            await db.query('DELETE FROM users WHERE id = 3');
            expect((await db.query('SELECT user_id FROM posts ORDER BY id')).map((r) => r.user_id)).to.deep.equal([1, null]);
            await db.query(`INSERT INTO users (id, name, email, age) VALUES (3, 'Grace', 'grace@example.com', 85)`);
            await db.query('UPDATE posts SET user_id = 3 WHERE id = 2');
          },
        );
        expect(await db.query('SELECT * FROM posts ORDER BY id')).to.deep.equal(rows);
      });

      it('adds a primary key to a table without one; the reverse drops it', async () => {
        await db.run(async (op) => {
          await op.createTable('tags', [{ name: 'name', type: 'varchar', length: 20 }, { name: 'n', type: 'int', nullable: true }]);
          await op.bulkInsert('tags', [{ name: 'a', n: 1 }, { name: 'b', n: null }]);
        });
        await roundTrip(
          db,
          (op) => op.createPrimaryKey('tags_pk', 'tags', ['name']),
          async () => {
            expect(await count(db, 'tags')).to.equal(2);
            await rejects(db.query(`INSERT INTO tags (name) VALUES ('a')`));
          },
        );
      });

      it('drops named constraints; the reverse adds them back from existing', async () => {
        await users(db);
        await db.run(async (op) => {
          await op.createTable(
            'posts',
            [{ name: 'id', type: 'int' }, { name: 'user_id', type: 'int' }, { name: 'slug', type: 'varchar', length: 20 }],
            op.primaryKey(['id'], { name: 'posts_pk' }),
            op.unique(['slug'], { name: 'posts_slug_uq' }),
            op.check(`slug <> ''`, { name: 'posts_slug_check' }),
            op.foreignKey(['user_id'], 'users', ['id'], { name: 'posts_user_fk', onDelete: 'CASCADE' }),
          );
          await op.bulkInsert('posts', [{ id: 1, user_id: 1, slug: 'a' }]);
        });
        await roundTrip(
          db,
          async (op) => {
            await op.dropConstraint('posts_slug_uq', 'posts', 'unique', { existing: { kind: 'unique', name: 'posts_slug_uq', columns: ['slug'] } });
            await op.dropConstraint('posts_slug_check', 'posts', 'check', { existing: { kind: 'check', name: 'posts_slug_check', expression: `slug <> ''` } });
            await op.dropConstraint('posts_user_fk', 'posts', 'foreignKey', {
              existing: { kind: 'foreignKey', name: 'posts_user_fk', columns: ['user_id'], referencedTable: { name: 'users' }, referencedColumns: ['id'], onDelete: 'CASCADE' },
            });
            await op.dropConstraint('posts_pk', 'posts', 'primaryKey', { existing: { kind: 'primaryKey', name: 'posts_pk', columns: ['id'] } });
          },
          async () => {
            await db.query(`INSERT INTO posts (id, user_id, slug) VALUES (1, 99, '')`);
            await db.query(`INSERT INTO posts (id, user_id, slug) VALUES (2, 99, '')`);
            await db.query('DELETE FROM posts WHERE user_id = 99');
            expect(await count(db, 'posts')).to.equal(1);
          },
        );
      });

      if (!pg) it('drops unnamed constraints (SQLite keeps no name) found by their definition, existing; the reverse adds them back', async () => {
        await users(db);
        await db.run(async (op) => {
          await op.createTable(
            'links',
            [{ name: 'a', type: 'int' }, { name: 'b', type: 'int' }, { name: 'user_id', type: 'int' }, { name: 'slug', type: 'varchar', length: 20 }],
            op.primaryKey(['a', 'b']),
            op.unique(['slug']),
            op.foreignKey(['user_id'], 'users', ['id']),
          );
          await op.bulkInsert('links', [{ a: 1, b: 1, user_id: 1, slug: 'x' }]);
        });
        const ops: Op[] = [
          { kind: 'dropConstraint', table: { name: 'links' }, name: '', type: 'unique', existing: { kind: 'unique', columns: ['slug'] } },
          { kind: 'dropConstraint', table: { name: 'links' }, name: '', type: 'foreignKey', existing: { kind: 'foreignKey', columns: ['user_id'], referencedTable: { name: 'users' }, referencedColumns: ['id'] } },
          { kind: 'dropConstraint', table: { name: 'links' }, name: '', type: 'primaryKey', existing: { kind: 'primaryKey', columns: ['a', 'b'] } },
        ];
        const before = await db.schema();
        await db.apply({ kind: 'batch', table: { name: 'links' }, ops, recreate: 'auto' });
        await db.query(`INSERT INTO links (a, b, user_id, slug) VALUES (1, 1, 99, 'x')`);
        await db.query('DELETE FROM links WHERE user_id = 99');
        expect(await count(db, 'links')).to.equal(1);
        // The reverse: a batch adding them back (unnamed, as they were).
        await db.apply(reverse({ kind: 'batch', table: { name: 'links' }, ops, recreate: 'auto' }));
        expect(await db.schema()).to.deep.equal(before);
        await rejects(db.query(`INSERT INTO links (a, b, user_id, slug) VALUES (1, 1, 1, 'y')`));
        await migError(
          db.run((op) => op.invoke({ kind: 'dropConstraint', table: { name: 'links' }, name: '', type: 'unique', existing: { kind: 'unique', columns: ['a'] } })),
          'op-invalid',
          /Table links has no unique on \(a\)/,
        );
      });

      it('changes a column\'s generation keeping its rows: identity / increment added (new rows continue after the largest value), switched, removed; each reverse restores the schema', async () => {
        await db.run(async (op) => {
          await op.createTable('items', [
            { name: 'id', type: 'int', primary: true },
            { name: 'label', type: 'varchar', length: 20 },
          ]);
          await op.bulkInsert('items', [{ id: 1, label: 'a' }, { id: 5, label: 'b' }]);
        });
        const ids = async () => (await db.query<{ id: unknown }>('SELECT id FROM items ORDER BY id')).map((r) => Number(r.id));
        const steps: Array<[null | 'increment' | 'identity', 'increment' | 'identity' | null]> = pg
          ? [
              [null, 'identity'],
              ['identity', 'increment'],
              ['increment', 'identity'],
              ['identity', null],
            ]
          : [
              [null, 'increment'],
              ['increment', null],
            ];
        let next = 6;
        for (const [from, to] of steps) {
          const before = await db.schema();
          const ops = await db.run((op) => op.alterColumn('items', 'id', { generated: to, existingGenerated: from, existingType: 'int' }));
          if (to || !pg) {
            // (SQLite's INTEGER PRIMARY KEY is the rowid: it numbers new rows with or without AUTOINCREMENT.)
            await db.query(`INSERT INTO items (label) VALUES ('new')`);
            expect((await ids()).pop(), `${from} -> ${to}`).to.equal(next++);
          } else {
            await rejects(db.query(`INSERT INTO items (label) VALUES ('new')`));
          }
          if (!pg) {
            const [{ sql: text }] = await db.query<{ sql: string }>(`SELECT sql FROM sqlite_master WHERE name = 'items'`);
            expect(text.includes('AUTOINCREMENT'), text).to.equal(to !== null);
          }
          expect(await count(db, 'items')).to.equal(next - 4);
          // The reverse gives back the schema (the rows stay).
          await db.apply(...ops.map(reverse).reverse());
          expect(await db.schema(), `reverse of ${from} -> ${to}`).to.deep.equal(before);
          await db.apply(...ops);
        }
        if (pg) {
          const sequences = await db.query<{ n: unknown }>(`SELECT count(*) AS n FROM pg_class WHERE relkind = 'S'`);
          // No sequence left behind by the serial that was replaced.
          expect(Number(sequences[0].n)).to.equal(0);
        }
      });

      it('refuses a check that existing rows violate, leaving the table as it was', async () => {
        await users(db);
        const before = await db.schema();
        await rejects(db.run((op) => op.createCheckConstraint('users_age_check', 'users', 'age > 50')));
        expect(await db.schema()).to.deep.equal(before);
        expect(await count(db, 'users')).to.equal(3);
      });
    });

    describe('table comments and enums', () => {
      it('sets and removes a table comment (PostgreSQL; SQLite has none and runs nothing)', async () => {
        await users(db);
        const ops = await roundTrip(
          db,
          (op) => op.setTableComment('users', "people's accounts", { existing: null }),
          async () => {
            if (pg) expect((await db.query(`SELECT obj_description('users'::regclass, 'pg_class') AS c`))[0].c).to.equal("people's accounts");
          },
        );
        if (!pg) expect(await sqlite.compile(ops[0], db.ctx)).to.deep.equal([]);
      });

      if (pg) {
        it('creates an enum type, adds values before and after, drops it; the reverse of createEnum drops it and addEnumValue cannot be reversed', async () => {
          await roundTrip(
            db,
            (op) => op.createEnum('mood', ['sad', 'happy']),
            async () => {
              await db.run(async (op) => {
                await op.addEnumValue('mood', 'ok', { before: 'happy' });
                await op.addEnumValue('mood', 'ecstatic', { after: 'happy' });
                await op.addEnumValue('mood', "it's complicated");
              });
              const [e] = await db.query(`SELECT enum_range(NULL::mood)::text[] AS labels`);
              expect(e.labels).to.deep.equal(['sad', 'ok', 'happy', 'ecstatic', "it's complicated"]);
            },
          );
          await migError(Promise.resolve().then(() => reverse({ kind: 'addEnumValue', name: { name: 'mood' }, value: 'x' })), 'irreversible', /cannot drop an enum value/);
          await db.run((op) => op.createEnum('mood', ['sad', 'happy']));
          await roundTrip(db, (op) => op.dropEnum('mood', { existing: ['sad', 'happy'] }));
        });

        it('uses an enum type named <table>_<column>_enum by default, and enum types in another schema', async () => {
          await db.run(async (op) => {
            await op.execute('CREATE SCHEMA app');
            await op.createEnum('users_role_enum', ['a', 'b']);
            await op.createEnum({ schema: 'app', name: 'users_role_enum' }, ['x', 'y']);
          });
          await roundTrip(
            db,
            async (op) => {
              await op.createTable('users', [{ name: 'role', type: 'enum', enum: ['a', 'b'] }]);
              await op.createTable({ schema: 'app', name: 'users' }, [{ name: 'id', type: 'int', primary: true, generated: 'increment' }, { name: 'role', type: 'enum', enum: ['x', 'y'] }]);
              await op.createIndex('users_role_idx', { schema: 'app', name: 'users' }, ['role']);
              await op.renameTable({ schema: 'app', name: 'users' }, 'people');
            },
            async () => {
              expect(await typeOf(db, 'users', 'role')).to.equal('users_role_enum');
              expect((await db.columns('people', 'app')).map((c) => c.type)).to.deep.equal(['integer', 'app.users_role_enum']);
              await db.query(`INSERT INTO app.people (role) VALUES ('y')`);
            },
          );
        });

        it('creates and drops an index CONCURRENTLY outside a transaction', async () => {
          await users(db);
          const [create] = await opsOf(db.name, (op) => op.createIndex('users_age_idx', 'users', ['age'], { concurrently: true }));
          await db.applyWithoutTransaction(create);
          expect(await indexNames(db, 'users')).to.deep.equal(['users_age_idx', 'users_email_idx']);
          await db.applyWithoutTransaction(reverse(create));
          expect(await indexNames(db, 'users')).to.deep.equal(['users_email_idx']);
        });
      } else {
        it('has no enum types or arrays: createEnum and dropEnum run nothing; addEnumValue, array columns and increments in a composite key are a clear MigError', async () => {
          expect(await db.run((op) => op.createEnum('mood', ['a']))).to.have.length(1);
          expect(await sqlite.compile({ kind: 'createEnum', name: { name: 'mood' }, values: ['a'] }, db.ctx)).to.deep.equal([]);
          expect(await sqlite.compile({ kind: 'dropEnum', name: { name: 'mood' } }, db.ctx)).to.deep.equal([]);
          await migError(db.run((op) => op.addEnumValue('mood', 'b')), 'op-invalid', /SQLite has no enum types/);
          await migError(db.run((op) => op.createTable('t', [{ name: 'tags', type: 'text[]' }])), 'op-invalid', /SQLite has no array columns/);
          await migError(
            db.run((op) => op.createTable('t', [{ name: 'a', type: 'int', primary: true, generated: 'increment' }, { name: 'b', type: 'int', primary: true }])),
            'op-invalid',
            /SQLite can auto-increment only a single-column integer primary key/,
          );
          expect(await db.query(`SELECT name FROM sqlite_master`)).to.deep.equal([]);
        });
      }
    });

    describe('execute and bulkInsert', () => {
      it('executes SQL with parameters, and a script of several statements without; neither can be reversed', async () => {
        await users(db);
        const when = new Date('2024-02-03T04:05:06.000Z');
        await db.run(async (op) => {
          await op.addColumn('users', { name: 'seen', type: pg ? 'timestamptz' : 'datetime', nullable: true });
          await op.execute(`UPDATE users SET name = ${p(db, 1)}, age = ${p(db, 2)}, email = ${p(db, 3)}, seen = ${p(db, 4)} WHERE id = ${p(db, 5)}`, ["Zoë 'Z'", 33, null, when, 2]);
          await op.execute(`UPDATE users SET age = age + 1 WHERE age IS NOT NULL; DELETE FROM users WHERE name = 'Grace';`);
        });
        const rows = await db.query('SELECT id, name, email, age, seen FROM users ORDER BY id');
        expect(rows.map((r) => [r.id, r.name, r.email, r.age])).to.deep.equal([
          [1, "O'Brien", 'ob@example.com', 41],
          [2, "Zoë 'Z'", null, 34],
        ]);
        expect(new Date(pg ? (rows[1].seen as Date) : `${String(rows[1].seen)}Z`).toISOString()).to.equal(when.toISOString());
        await migError(Promise.resolve().then(() => reverse({ kind: 'execute', sql: 'SELECT 1' })), 'irreversible', /Cannot reverse execute/);
      });

      it('inserts rows with JSON, NULL, dates, booleans, quotes and defaults for missing keys, in chunks', async () => {
        await db.run((op) =>
          op.createTable('events', [
            { name: 'id', type: 'int', primary: true },
            { name: 'title', type: 'varchar', length: 40, default: 'untitled' },
            { name: 'payload', type: pg ? 'jsonb' : 'json', nullable: true },
            { name: 'at', type: pg ? 'timestamptz' : 'datetime', nullable: true },
            { name: 'ok', type: 'boolean', default: false },
          ]),
        );
        const at = new Date('2024-05-06T07:08:09.123Z');
        const many = Array.from({ length: 1200 }, (_, i) => ({ id: 100 + i, title: `row ${i}` }));
        await db.run((op) =>
          op.bulkInsert('events', [
            { id: 1, title: `it's "one"`, payload: { list: [1, 'two'], nested: { ok: true } }, at, ok: true },
            { id: 2, payload: null, at: null },
            { id: 3, title: 'three', payload: ['a', null], ok: false },
            { id: 4, title: undefined, ok: true },
            ...many,
          ]),
        );
        const rows = await db.query('SELECT id, title, payload, at, ok FROM events WHERE id < 100 ORDER BY id');
        expect(rows.map((r) => [r.id, r.title, plain(db, r.payload, 'json'), plain(db, r.ok, 'bool')])).to.deep.equal([
          [1, `it's "one"`, { list: [1, 'two'], nested: { ok: true } }, true],
          [2, 'untitled', null, false],
          [3, 'three', ['a', null], false],
          [4, 'untitled', null, true],
        ]);
        expect(new Date(pg ? (rows[0].at as Date) : `${String(rows[0].at)}Z`).toISOString()).to.equal(at.toISOString());
        expect(rows[1].at).to.equal(null);
        expect(await count(db, 'events')).to.equal(1204);
        expect((await db.query('SELECT title FROM events WHERE id = 1299'))[0].title).to.equal('row 1199');
        await migError(Promise.resolve().then(() => reverse({ kind: 'bulkInsert', table: { name: 'events' }, rows: [] })), 'irreversible', /Cannot reverse bulkInsert/);
      });
    });

    describe('batchAlterTable', () => {
      it('applies several changes to one table (in place on PostgreSQL, one rebuild on SQLite) keeping every row; the reverse undoes them all', async () => {
        await users(db);
        await db.query('UPDATE users SET age = 0 WHERE age IS NULL');
        const rows = await userRows(db);
        const before = await db.schema();
        const ops = await opsOf(db.name, (op) =>
          op.batchAlterTable('users', (b) => {
            b.addColumn({ name: 'score', type: 'int', default: 0 });
            b.alterColumn('name', { type: 'varchar(100)', existingType: 'varchar(50)' });
            b.alterColumn('age', { nullable: false, default: 0, existingNullable: true, existingDefault: null, newName: 'years' });
            b.createIndex('users_score_idx', ['score', 'years']);
            b.dropIndex('users_email_idx', { existing: { name: 'users_email_idx', columns: ['email'] } });
            b.createCheckConstraint('users_score_check', 'score >= 0 AND years >= 0');
          }),
        );
        const statements = await db.apply(...ops);
        expect(rebuilds(statements)).to.equal(pg ? 0 : 1);
        expect((await db.columns('users')).map((c) => [c.name, c.type, c.nullable])).to.deep.equal(
          pg
            ? [
                ['id', 'integer', false],
                ['name', 'character varying(100)', false],
                ['email', 'character varying(200)', true],
                ['years', 'integer', false],
                ['score', 'integer', false],
              ]
            : [
                ['id', 'integer', false],
                ['name', 'varchar(100)', false],
                ['email', 'varchar(200)', true],
                ['years', 'integer', false],
                ['score', 'integer', false],
              ],
        );
        expect((await db.query('SELECT id, name, email, years AS age FROM users ORDER BY id')).map((r) => ({ ...r, age: Number(r.age) }))).to.deep.equal(rows);
        expect(await indexNames(db, 'users')).to.deep.equal(['users_score_idx']);
        await rejects(db.query('UPDATE users SET score = -1'));
        await rejects(db.query('UPDATE users SET years = -1'));
        await db.apply(...ops.map(reverse).reverse());
        expect(await db.schema()).to.deep.equal(before);
        expect(await userRows(db)).to.deep.equal(rows);
      });
    });
  });
}

describe('SQLite move-and-copy (a real file)', () => {
  let db: Awaited<ReturnType<typeof openSqlite>>;
  beforeEach(async () => {
    db = await openSqlite();
  });
  afterEach(async () => db.close());

  const schemaObjects = () => db.query(`SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type IN ('index', 'trigger', 'view') ORDER BY name`);

  it('keeps every row, value for value and storage class for storage class', async () => {
    await db.run((op) =>
      op.createTable('things', [
        { name: 'id', type: 'int', primary: true, generated: 'increment' },
        { name: 'label', type: 'varchar', length: 10, nullable: true },
        { name: 'n', type: 'bigint', nullable: true },
        { name: 'x', type: 'double', nullable: true },
        { name: 'raw', type: 'blob', nullable: true },
        { name: 'flag', type: 'boolean', default: false },
      ]),
    );
    const insert = db.db.prepare('INSERT INTO things (label, n, x, raw, flag) VALUES (?, ?, ?, ?, ?)');
    db.db.transaction(() => {
      for (let i = 0; i < 1000; i++) {
        insert.run(i % 7 === 0 ? null : i % 5 === 0 ? '' : `ü'"${i}`, i % 3 === 0 ? null : BigInt(2) ** BigInt(53) + BigInt(i), i % 4 === 0 ? null : i / 7, i % 6 === 0 ? null : Buffer.from([i % 256, 0, 255]), i % 2);
      }
    })();
    const everyRow = () => db.db.prepare('SELECT *, typeof(label) tl, typeof(n) tn, typeof(x) tx, typeof(raw) tr FROM things ORDER BY id').safeIntegers().all();
    const rows = everyRow();
    const statements = await db.apply(
      ...(await opsOf('sqlite', (op) =>
        op.batchAlterTable('things', (b) => {
          b.alterColumn('label', { type: 'text', existingType: 'varchar(10)' });
          b.alterColumn('x', { default: 1.5, existingDefault: null });
          b.alterColumn('flag', { nullable: true, existingNullable: false });
        }),
      )),
    );
    expect(rebuilds(statements)).to.equal(1);
    expect(everyRow()).to.deep.equal(rows);
  });

  it('recreates the indexes and triggers of the table, and the triggers still fire', async () => {
    await users(db);
    await db.run(async (op) => {
      await op.createTable('audit', [{ name: 'id', type: 'int', primary: true, generated: 'increment' }, { name: 'what', type: 'text' }]);
      await op.createIndex('users_name_uq', 'users', ['name'], { unique: true, where: 'age IS NOT NULL' });
      await op.createIndex('users_lower_email_idx', 'users', ['lower(email)', 'age']);
      await op.execute(`CREATE TRIGGER users_audit AFTER UPDATE OF name ON users BEGIN INSERT INTO audit (what) VALUES (old.name || ' -> ' || new.name); END`);
    });
    const objects = await schemaObjects();
    const statements = await db.apply({ kind: 'alterColumn', table: { name: 'users' }, column: 'name', changes: { type: { type: 'varchar', length: 80 } }, existing: {} });
    expect(rebuilds(statements)).to.equal(1);
    expect(await schemaObjects()).to.deep.equal(objects);
    await db.query(`UPDATE users SET name = 'Lovelace' WHERE name = 'Ada'`);
    expect((await db.query('SELECT what FROM audit')).map((r) => r.what)).to.deep.equal(['Ada -> Lovelace']);
  });

  it('keeps the AUTOINCREMENT counter, so ids of deleted rows are never handed out again', async () => {
    await users(db);
    await db.query('INSERT INTO users (name) VALUES (?), (?)', ['four', 'five']);
    await db.query('DELETE FROM users WHERE id >= 4');
    const sequence = () => db.query(`SELECT seq FROM sqlite_sequence WHERE name = 'users'`);
    expect(await sequence()).to.deep.equal([{ seq: 5 }]);
    await db.run((op) => op.alterColumn('users', 'name', { type: 'text', existingType: 'varchar(50)' }));
    expect(await sequence()).to.deep.equal([{ seq: 5 }]);
    await db.query(`INSERT INTO users (name) VALUES ('six')`);
    expect((await db.query(`SELECT id FROM users WHERE name = 'six'`))[0].id).to.equal(6);
    // and when every row is gone
    await db.query('DELETE FROM users');
    await db.run((op) => op.alterColumn('users', 'name', { type: 'varchar(50)', existingType: 'text' }));
    expect(await sequence()).to.deep.equal([{ seq: 6 }]);
  });

  it('keeps every child row of a parent it rebuilds, through ON DELETE CASCADE and SET NULL foreign keys (regression)', async () => {
    await db.run(async (op) => {
      await op.createTable('parent', [{ name: 'id', type: 'int', primary: true }, { name: 'name', type: 'varchar', length: 10 }]);
      await op.createTable('child', [{ name: 'id', type: 'int', primary: true }, { name: 'parent_id', type: 'int' }], op.foreignKey(['parent_id'], 'parent', ['id'], { onDelete: 'CASCADE' }));
      await op.createTable('note', [{ name: 'id', type: 'int', primary: true }, { name: 'parent_id', type: 'int', nullable: true }], op.foreignKey(['parent_id'], 'parent', ['id'], { onDelete: 'SET NULL' }));
      await op.createTable('grandchild', [{ name: 'id', type: 'int', primary: true }, { name: 'child_id', type: 'int' }], op.foreignKey(['child_id'], 'child', ['id'], { onDelete: 'CASCADE' }));
      await op.bulkInsert('parent', [1, 2, 3].map((id) => ({ id, name: `p${id}` })));
      await op.bulkInsert('child', Array.from({ length: 30 }, (_, i) => ({ id: i + 1, parent_id: (i % 3) + 1 })));
      await op.bulkInsert('note', Array.from({ length: 9 }, (_, i) => ({ id: i + 1, parent_id: (i % 3) + 1 })));
      await op.bulkInsert('grandchild', Array.from({ length: 60 }, (_, i) => ({ id: i + 1, child_id: (i % 30) + 1 })));
    });
    const all = async () => ({
      child: await db.query('SELECT * FROM child ORDER BY id'),
      note: await db.query('SELECT * FROM note ORDER BY id'),
      grandchild: await db.query('SELECT * FROM grandchild ORDER BY id'),
    });
    const rows = await all();
    const statements = await db.apply(
      { kind: 'alterColumn', table: { name: 'parent' }, column: 'name', changes: { type: { type: 'varchar', length: 100 }, nullable: true }, existing: {} },
      { kind: 'addConstraint', table: { name: 'parent' }, constraint: { kind: 'check', name: 'parent_name_check', expression: `name <> ''` } },
    );
    expect(rebuilds(statements)).to.equal(2);
    expect(statements.map((s) => s.sql)).to.include('DROP TABLE "parent"');
    expect(await all()).to.deep.equal(rows);
    expect(await db.query('PRAGMA foreign_key_check')).to.deep.equal([]);
    // The foreign keys still point at the rebuilt parent, and act.
    expect(await db.query('PRAGMA foreign_keys')).to.deep.equal([{ foreign_keys: 1 }]);
    await db.query('DELETE FROM parent WHERE id = 1');
    expect(await count(db, 'child')).to.equal(20);
    expect(await count(db, 'grandchild')).to.equal(40);
    expect(await db.query('SELECT count(*) AS n FROM note WHERE parent_id IS NULL')).to.deep.equal([{ n: 3 }]);
    await rejects(db.query('INSERT INTO child (id, parent_id) VALUES (99, 1)'));
  });

  it('would delete those child rows if foreign keys were on during the rebuild: why the runtime turns them off outside the transaction', async () => {
    await db.run(async (op) => {
      await op.createTable('parent', [{ name: 'id', type: 'int', primary: true }, { name: 'name', type: 'varchar', length: 10 }]);
      await op.createTable('child', [{ name: 'id', type: 'int', primary: true }, { name: 'parent_id', type: 'int' }], op.foreignKey(['parent_id'], 'parent', ['id'], { onDelete: 'CASCADE' }));
      await op.bulkInsert('parent', [{ id: 1, name: 'p' }]);
      await op.bulkInsert('child', [{ id: 1, parent_id: 1 }]);
    });
    const statements = await sqlite.compile({ kind: 'alterColumn', table: { name: 'parent' }, column: 'name', changes: { nullable: true }, existing: {} }, db.ctx);
    db.db.exec('BEGIN');
    for (const s of statements) db.db.exec(s.sql);
    expect(await count(db, 'child')).to.equal(0);
    db.db.exec('ROLLBACK');
    expect(await count(db, 'child')).to.equal(1);
  });

  it('keeps a self-referencing foreign key and a view on the table working', async () => {
    await db.run(async (op) => {
      await op.createTable('tree', [{ name: 'id', type: 'int', primary: true }, { name: 'parent_id', type: 'int', nullable: true }, { name: 'name', type: 'varchar', length: 10 }], op.foreignKey(['parent_id'], 'tree', ['id'], { onDelete: 'CASCADE' }));
      await op.bulkInsert('tree', [{ id: 1, parent_id: null, name: 'root' }, { id: 2, parent_id: 1, name: 'a' }, { id: 3, parent_id: 2, name: 'b' }]);
      await op.execute('CREATE VIEW leaves AS SELECT t.name FROM tree t WHERE NOT EXISTS (SELECT 1 FROM tree c WHERE c.parent_id = t.id)');
    });
    await db.run((op) => op.alterColumn('tree', 'name', { type: 'text', existingType: 'varchar(10)' }));
    expect(await db.query('SELECT name FROM leaves')).to.deep.equal([{ name: 'b' }]);
    await db.query('DELETE FROM tree WHERE id = 2');
    expect(await db.query('SELECT id FROM tree')).to.deep.equal([{ id: 1 }]);
  });

  it('renames a column after rebuilding, so that SQLite itself renames it in indexes, triggers and foreign keys of other tables', async () => {
    await db.run(async (op) => {
      await op.createTable('parent', [{ name: 'id', type: 'int', primary: true }, { name: 'code', type: 'varchar', length: 10, unique: true }]);
      await op.createTable('child', [{ name: 'id', type: 'int', primary: true }, { name: 'code', type: 'varchar', length: 10 }], op.foreignKey(['code'], 'parent', ['code'], { onDelete: 'CASCADE', onUpdate: 'CASCADE' }));
      await op.createTable('audit', [{ name: 'what', type: 'text' }]);
      await op.createIndex('parent_code_idx', 'parent', ['lower(code)']);
      await op.execute(`CREATE TRIGGER parent_audit AFTER UPDATE ON parent BEGIN INSERT INTO audit (what) VALUES (old.code || ' -> ' || new.code); END`);
      await op.bulkInsert('parent', [{ id: 1, code: 'a' }, { id: 2, code: 'b' }]);
      await op.bulkInsert('child', [{ id: 1, code: 'a' }, { id: 2, code: 'b' }]);
    });
    const statements = await db.apply(...(await opsOf('sqlite', (op) => op.alterColumn('parent', 'code', { newName: 'ref', type: 'varchar(20)', existingType: 'varchar(10)' }))));
    expect(rebuilds(statements)).to.equal(1);
    expect(statements[statements.length - 1].sql).to.equal('ALTER TABLE "parent" RENAME COLUMN "code" TO "ref"');
    expect(await db.query('SELECT id, ref FROM parent ORDER BY id')).to.deep.equal([{ id: 1, ref: 'a' }, { id: 2, ref: 'b' }]);
    expect(await db.query('SELECT "table", "from", "to" FROM pragma_foreign_key_list(?)', ['child'])).to.deep.equal([{ table: 'parent', from: 'code', to: 'ref' }]);
    expect((await db.query(`SELECT sql FROM sqlite_master WHERE name = 'parent_code_idx'`))[0].sql).to.contain('lower("ref")');
    await db.query(`UPDATE parent SET ref = 'bb' WHERE id = 2`);
    expect(await db.query('SELECT what FROM audit')).to.deep.equal([{ what: 'b -> bb' }]);
    await db.query(`DELETE FROM parent WHERE ref = 'a'`);
    expect(await db.query('SELECT id, code FROM child')).to.deep.equal([{ id: 2, code: 'bb' }]);
  });

  it('rebuilds to drop a column that an index, a check or a foreign key mentions, and drops those with it', async () => {
    await users(db);
    await db.run(async (op) => {
      await op.createTable('teams', [{ name: 'id', type: 'int', primary: true }]);
      await op.bulkInsert('teams', [{ id: 1 }]);
      await op.batchAlterTable('users', (b) => {
        b.addColumn({ name: 'team_id', type: 'int', nullable: true });
        b.addColumn({ name: 'rank', type: 'int', nullable: true });
        b.createForeignKey('users_team_fk', 'teams', ['team_id'], ['id']);
        b.createCheckConstraint('users_rank_check', 'rank > 0');
        b.createIndex('users_rank_idx', ['rank', 'name']);
      });
    });
    await db.query('UPDATE users SET team_id = 1, rank = id');
    const rows = await userRows(db);
    for (const column of ['team_id', 'rank']) {
      const statements = await db.apply({ kind: 'dropColumn', table: { name: 'users' }, column });
      expect(rebuilds(statements), column).to.equal(1);
    }
    expect(await userRows(db)).to.deep.equal(rows);
    expect(await indexNames(db, 'users')).to.deep.equal(['users_email_idx']);
    expect(await db.query('SELECT * FROM pragma_foreign_key_list(?)', ['users'])).to.deep.equal([]);
    expect((await db.query(`SELECT sql FROM sqlite_master WHERE name = 'users'`))[0].sql).to.not.match(/rank|team/);
  });

  it("rebuilds even a change SQLite can make in place with recreate: 'always', and refuses one it cannot with recreate: 'never'", async () => {
    await users(db);
    const always = await db.apply(...(await opsOf('sqlite', (op) => op.batchAlterTable('users', (b) => b.addColumn({ name: 'n', type: 'int', nullable: true }), { recreate: 'always' }))));
    expect(rebuilds(always)).to.equal(1);
    const before = await db.schema();
    await migError(
      db.run((op) => op.batchAlterTable('users', (b) => b.alterColumn('n', { type: 'bigint' }), { recreate: 'never' })),
      'op-invalid',
      /SQLite cannot alter column n \(type\) without rebuilding the table.*recreate: 'never'/,
    );
    expect(await db.schema()).to.deep.equal(before);
  });

  it('refuses a PostgreSQL USING expression with a clear MigError, changing nothing', async () => {
    await users(db);
    const before = await db.schema();
    await migError(db.run((op) => op.alterColumn('users', 'name', { type: 'int', using: '"name"::integer' })), 'op-invalid', /SQLite cannot run the USING expression of column name/);
    expect(await db.schema()).to.deep.equal(before);
  });

  it('refuses to drop a constraint it cannot find by name, with a clear MigError', async () => {
    await db.run((op) => op.createTable('t', [{ name: 'a', type: 'int', unique: true }]));
    await migError(db.run((op) => op.dropConstraint('t_a_key', 't', 'unique')), 'op-invalid', /Table t has no constraint named t_a_key/);
  });

  describe('offline (no database to read)', () => {
    const OFFLINE = {};
    const definition = {
      columns: [
        { name: 'id', type: 'int', primary: true, generated: 'increment' },
        { name: 'name', type: 'varchar(50)' },
        { name: 'age', type: 'int', nullable: true, default: 0 },
        { name: 'team_id', type: 'int', nullable: true },
      ] as ColumnInput[],
      constraints: [
        { kind: 'check', name: 'users_age_check', expression: 'age >= 0' },
        { kind: 'foreignKey', name: 'users_team_fk', columns: ['team_id'], referencedTable: { name: 'teams' }, referencedColumns: ['id'], onDelete: 'SET NULL' },
      ] as ConstraintDef[],
      indexes: [
        { name: 'users_age_idx', columns: ['age'] },
        { name: 'users_name_uq', columns: ['name'], unique: true },
      ],
    };
    const changes = (b: Parameters<Parameters<Operations['batchAlterTable']>[1]>[0]) => {
      b.alterColumn('name', { type: 'varchar(100)', newName: 'full_name', existingType: 'varchar(50)' });
      b.alterColumn('age', { nullable: false, existingNullable: true });
      b.dropConstraint('users_team_fk', 'foreignKey', { existing: definition.constraints[1] });
      b.dropColumn('team_id', { existing: { name: 'team_id', type: 'int', nullable: true } });
      b.createIndex('users_full_name_idx', ['lower(full_name)']);
    };
    const create = async () => {
      await db.run(async (op) => {
        await op.createTable('teams', [{ name: 'id', type: 'int', primary: true }]);
        await op.createTable('users', definition.columns, ...definition.constraints);
        for (const i of definition.indexes) await op.createIndex(i.name, 'users', i.columns, { unique: i.unique });
        await op.bulkInsert('users', [{ name: 'Ada', age: 36 }, { name: "O'Brien", age: 40 }]);
      });
    };

    it('says, in a MigError with the way out, that a rebuild needs copyFrom', async () => {
      const err = await migError(sqlite.compile({ kind: 'alterColumn', table: { name: 'users' }, column: 'age', changes: { nullable: false }, existing: {} }, OFFLINE), 'sqlite-offline-rebuild', /rebuild table users.*offline SQL needs its definition/);
      expect(err.hint).to.contain('copyFrom');
      const [batch] = await opsOf('sqlite', (op) => op.batchAlterTable('users', changes));
      await migError(sqlite.compile(batch, OFFLINE), 'sqlite-offline-rebuild', /rebuild table users/);
    });

    it('compiles with copyFrom the same statements as online, and they run', async () => {
      await create();
      const [online] = await opsOf('sqlite', (op) => op.batchAlterTable('users', changes));
      const [offline] = await opsOf('sqlite', (op) => op.batchAlterTable('users', changes, { copyFrom: definition }));
      const fromDatabase = await sqlite.compile(online, db.ctx);
      const fromCopy = await sqlite.compile(offline, OFFLINE);
      expect(fromCopy).to.deep.equal(fromDatabase);
      expect(rebuilds(fromCopy)).to.equal(1);
      await db.apply({ kind: 'execute', sql: fromCopy.map((s) => `${s.sql};`).join('\n') });
      expect(await db.query('SELECT id, full_name, age FROM users ORDER BY id')).to.deep.equal([
        { id: 1, full_name: 'Ada', age: 36 },
        { id: 2, full_name: "O'Brien", age: 40 },
      ]);
      expect(await indexNames(db, 'users')).to.deep.equal(['users_age_idx', 'users_full_name_idx', 'users_name_uq']);
    });

    it("reverses an offline batch with the changed table's definition, compiling to the same statements as online", async () => {
      await create();
      const before = await db.schema();
      const [offline] = await opsOf('sqlite', (op) => op.batchAlterTable('users', changes, { copyFrom: definition }));
      await db.apply(offline);
      const back = reverse(offline);
      const online = { ...back, copyFrom: undefined } as Op;
      expect(await sqlite.compile(back, OFFLINE)).to.deep.equal(await sqlite.compile(online, db.ctx));
      await db.apply(back);
      expect(await db.schema()).to.deep.equal(before);
    });

    it("refuses to reverse an offline batch whose copyFrom it cannot follow", async () => {
      const [batch] = await opsOf('sqlite', (op) => op.batchAlterTable('users', (b) => b.alterColumn('nope', { nullable: true, existingNullable: false }), { copyFrom: definition }));
      await migError(Promise.resolve().then(() => reverse(batch)), 'irreversible', /Cannot reverse "batch users": its copyFrom cannot be followed/);
    });
  });
});
