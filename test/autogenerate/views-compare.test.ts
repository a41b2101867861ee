/**
 * compare(model, database) for views and generated columns, as plain data: the two SchemaModels
 * as from-typeorm and the introspectors give them, the exact ops in order, and a downgrade
 * (`reverse` of each op, in reverse order) that can be built.
 */
import { expect } from 'chai';
import { compare, type CompareHooks } from '../../src/autogenerate/compare';
import { describe as describeOp, type IndexDef, type Op } from '../../src/operations/ops';
import { reverse } from '../../src/operations/reverse';
import type { SchemaColumn, SchemaModel, SchemaTable, SchemaView } from '../../src/schema/model';

type Dialect = 'postgres' | 'sqlite';
const DIALECTS: Dialect[] = ['postgres', 'sqlite'];

const col = (name: string, type: string, extra: Omit<Partial<SchemaColumn>, 'name' | 'type'> = {}): SchemaColumn => ({ name, type, nullable: false, ...extra });
const tbl = (name: string, columns: SchemaColumn[], extra: Partial<Omit<SchemaTable, 'name' | 'columns'>> = {}): SchemaTable => ({ name, columns, uniques: [], foreignKeys: [], checks: [], indexes: [], ...extra });
const view = (name: string, definition: string, extra: Partial<Omit<SchemaView, 'name' | 'definition'>> = {}): SchemaView => ({ name, definition, indexes: [], ...extra });
const ix = (name: string, columns: string[], extra: Partial<IndexDef> = {}): IndexDef => ({ name, columns, unique: false, ...extra });
const model = (dialect: Dialect, tables: SchemaTable[], views?: SchemaView[]): SchemaModel => ({ dialect, tables, enums: [], ...(views ? { views } : {}) });

function diff(dialect: Dialect, m: SchemaModel, d: SchemaModel, hooks: CompareHooks = {}): Op[] {
  const ops = compare(m, d, { dialect, ...hooks });
  expect(() => ops.map(reverse), 'the downgrade can be built').to.not.throw();
  return ops;
}

const lines = (ops: Op[]) => ops.flatMap((o) => (o.kind === 'batch' ? o.ops.map(describeOp) : [describeOp(o)]));

const ranges = (length?: Partial<SchemaColumn>, extra: Partial<SchemaTable> = {}) =>
  tbl('ranges', [col('id', 'integer'), col('from', 'integer'), col('to', 'integer'), ...(length ? [col('length', 'integer', length)] : [])], extra);

describe('compare: generated columns', () => {
  for (const dialect of DIALECTS) {
    const pg = dialect === 'postgres';
    describe(dialect, () => {
      it('finds nothing when the expression is the same as written, or as the database deparses it (quotes, casts, parentheses)', () => {
        const m = model(dialect, [ranges({ asExpression: '"to" - "from"', generatedType: 'STORED' })]);
        expect(diff(dialect, m, model(dialect, [ranges({ asExpression: ' "to" - "from" ', generatedType: 'STORED' })]))).to.deep.equal([]);
        expect(diff(dialect, m, model(dialect, [ranges({ asExpression: '(("to")::integer - "from")', generatedType: 'STORED' })]))).to.deep.equal([]);
      });

      it("takes a missing kind as the dialect's default (PostgreSQL: STORED, SQLite: VIRTUAL)", () => {
        const m = model(dialect, [ranges({ asExpression: '"to" - "from"' })]);
        expect(diff(dialect, m, model(dialect, [ranges({ asExpression: '"to" - "from"', generatedType: pg ? 'STORED' : 'VIRTUAL' })]))).to.deep.equal([]);
      });

      it('adds a generated column; on SQLite a STORED one needs a rebuild, a VIRTUAL one does not', () => {
        for (const generatedType of ['STORED', 'VIRTUAL'] as const) {
          const ops = diff(dialect, model(dialect, [ranges({ asExpression: '"to" - "from"', generatedType })]), model(dialect, [ranges()]));
          const add: Op = { kind: 'addColumn', table: { name: 'ranges' }, column: { name: 'length', type: 'integer', asExpression: '"to" - "from"', generatedType } };
          expect(ops).to.deep.equal(!pg && generatedType === 'STORED' ? [{ kind: 'batch', table: { name: 'ranges' }, ops: [add], recreate: 'auto' }] : [add]);
        }
      });

      it('re-creates a column whose expression changed, with what is built on it: dropped (carrying its definition) and added again', () => {
        const old = { asExpression: '"to" - "from"', generatedType: 'STORED' as const };
        const indexed = (length: Partial<SchemaColumn>) => ranges(length, { indexes: [ix('IDX_length', ['length']), ix('IDX_from', ['from'])] });
        const ops = diff(dialect, model(dialect, [indexed({ asExpression: '"to" - "from" + 1', generatedType: 'STORED' })]), model(dialect, [indexed(old)]));
        const table = { name: 'ranges' };
        const body: Op[] = [
          { kind: 'dropColumn', table, column: 'length', existing: { name: 'length', type: 'integer', asExpression: '"to" - "from"', generatedType: 'STORED' } },
          { kind: 'addColumn', table, column: { name: 'length', type: 'integer', asExpression: '"to" - "from" + 1', generatedType: 'STORED' } },
        ];
        // The index on the column comes back; the one on another column is not touched.
        expect(ops).to.deep.equal([
          { kind: 'dropIndex', table, name: 'IDX_length', existing: ix('IDX_length', ['length']) },
          ...(pg ? body : [{ kind: 'batch', table, ops: body, recreate: 'auto' } as Op]),
          { kind: 'createIndex', table, index: ix('IDX_length', ['length']) },
        ]);
      });

      it('re-creates a column whose kind changed, and a plain column made generated', () => {
        const kind = diff(dialect, model(dialect, [ranges({ asExpression: '"to" - "from"', generatedType: 'VIRTUAL' })]), model(dialect, [ranges({ asExpression: '"to" - "from"', generatedType: 'STORED' })]));
        expect(lines(kind)).to.deep.equal(['drop column ranges.length', 'add column ranges.length']);
        const made = diff(dialect, model(dialect, [ranges({ asExpression: '"to" - "from"', generatedType: 'STORED' })]), model(dialect, [ranges({})]));
        expect(lines(made)).to.deep.equal(['drop column ranges.length', 'add column ranges.length']);
        // The dropped plain column carries no expression: its values are not the computed ones.
        expect((made.flatMap((o) => (o.kind === 'batch' ? o.ops : [o]))[0] as Extract<Op, { kind: 'dropColumn' }>).existing).to.deep.equal({ name: 'length', type: 'integer' });
      });

      it('makes a generated column plain in place, keeping its values; on PostgreSQL what is built on it is built again for the downgrade', () => {
        const ops = diff(dialect, model(dialect, [ranges({}, { indexes: [ix('IDX_length', ['length'])] })]), model(dialect, [ranges({ asExpression: '"to" - "from"', generatedType: 'STORED' }, { indexes: [ix('IDX_length', ['length'])] })]));
        const table = { name: 'ranges' };
        const alter: Op = { kind: 'alterColumn', table, column: 'length', changes: { asExpression: null }, existing: { type: { type: 'integer' }, nullable: false, asExpression: '"to" - "from"', generatedType: 'STORED' } };
        expect(ops).to.deep.equal(
          pg
            ? [{ kind: 'dropIndex', table, name: 'IDX_length', existing: ix('IDX_length', ['length']) }, alter, { kind: 'createIndex', table, index: ix('IDX_length', ['length']) }]
            : [{ kind: 'batch', table, ops: [alter], recreate: 'auto' }],
        );
        // Its reverse makes it generated again.
        expect(reverse(alter)).to.deep.equal({ kind: 'alterColumn', table, column: 'length', changes: { asExpression: '"to" - "from"', generatedType: 'STORED' }, existing: { type: { type: 'integer' }, nullable: false, asExpression: null } });
      });
    });
  }
});

describe('compare: views', () => {
  const users = tbl('users', [col('id', 'integer'), col('name', 'varchar', { length: 20 })]);
  const active = view('active_users', 'SELECT "id" FROM "users"');

  for (const dialect of DIALECTS) {
    const pg = dialect === 'postgres';
    describe(dialect, () => {
      it('creates a new view after the new tables it reads, and a view after the views it depends on or names', () => {
        const m = model(dialect, [users], [view('b_names', 'SELECT "name" FROM "users"', { dependsOn: [{ name: 'z_ids' }] }), view('z_ids', 'SELECT "id" FROM "users"'), view('a_first', 'SELECT * FROM "b_names"')]);
        const ops = diff(dialect, m, model(dialect, []));
        expect(lines(ops)).to.deep.equal(['create table users', 'create view z_ids', 'create view b_names', 'create view a_first']);
        // The downgrade drops them in the reverse order, before the table.
        expect(lines(ops.map(reverse).reverse())).to.deep.equal(['drop view a_first', 'drop view b_names', 'drop view z_ids', 'drop table users']);
      });

      it('finds nothing when the recorded definition is the same (trimmed), and re-creates a view whose definition changed', () => {
        const db = model(dialect, [users], [{ ...active, definition: 'SELECT "id" FROM "users"\n', recorded: true, dependsOn: [{ name: 'users', ...(pg ? { columns: ['id'] } : {}) }] }]);
        expect(diff(dialect, model(dialect, [users], [active]), db)).to.deep.equal([]);
        const changed = diff(dialect, model(dialect, [users], [view('active_users', 'SELECT "id", "name" FROM "users"')]), db);
        expect(changed).to.deep.equal([
          { kind: 'dropView', view: { name: 'active_users' }, existing: { definition: 'SELECT "id" FROM "users"\n' } },
          { kind: 'createView', view: { name: 'active_users' }, definition: 'SELECT "id", "name" FROM "users"' },
        ]);
      });

      it('drops a view no entity declares when typeorm_metadata records it, and leaves the database’s own views alone', () => {
        const db = model(dialect, [users], [{ ...active, recorded: true }, view('dba_report', 'SELECT count(*) FROM users')]);
        expect(diff(dialect, model(dialect, [users], []), db)).to.deep.equal([{ kind: 'dropView', view: { name: 'active_users' }, existing: { definition: active.definition } }]);
      });

      it('re-creates a view an entity declares that typeorm_metadata does not record, so that it does', () => {
        const ops = diff(dialect, model(dialect, [users], [active]), model(dialect, [users], [active]));
        expect(lines(ops)).to.deep.equal(['drop view active_users', 'create view active_users']);
      });

      it('drops a view reading a column that changes type before the change and creates it after, on PostgreSQL (SQLite reads views as it runs them)', () => {
        const db = model(dialect, [users], [{ ...active, definition: 'SELECT "id", "name" FROM "users"', recorded: true, dependsOn: [{ name: 'users', ...(pg ? { columns: ['id', 'name'] } : {}) }] }]);
        const longer = tbl('users', [col('id', 'integer'), col('name', 'varchar', { length: 50 })]);
        const ops = diff(dialect, model(dialect, [longer], [view('active_users', 'SELECT "id", "name" FROM "users"')]), db);
        expect(lines(ops)).to.deep.equal(pg ? ['drop view active_users', 'alter column users.name (type)', 'create view active_users'] : ['alter column users.name (type)']);
      });

      it('drops a view reading a dropped column before the drop, and creates it after (SQLite: any column of the table)', () => {
        const wide = tbl('users', [col('id', 'integer'), col('name', 'varchar', { length: 20 }), col('old', 'integer')]);
        const db = model(dialect, [wide], [{ ...active, recorded: true, dependsOn: [{ name: 'users', ...(pg ? { columns: ['id', 'old'] } : {}) }] }]);
        const ops = diff(dialect, model(dialect, [users], [active]), db);
        expect(lines(ops)).to.deep.equal(['drop view active_users', 'drop column users.old', 'create view active_users']);
        // PostgreSQL knows which columns a view reads: one it does not read goes without it.
        if (pg) {
          const onlyName = model(dialect, [wide], [{ ...active, recorded: true, dependsOn: [{ name: 'users', columns: ['name'] }] }]);
          expect(lines(diff(dialect, model(dialect, [users], [active]), onlyName))).to.deep.equal(['drop column users.old']);
        }
      });

      if (pg) {
        it('PostgreSQL: a view reading a view that is dropped goes with it and comes back; an enum re-created under a view too', () => {
          const base = view('ids', 'SELECT "id" FROM "users"', { recorded: true, dependsOn: [{ name: 'users', columns: ['id'] }] });
          const top = view('top_ids', 'SELECT "id" FROM "ids"', { recorded: true, dependsOn: [{ name: 'ids', columns: ['id'] }] });
          const ops = diff(dialect, model(dialect, [users], [view('ids', 'SELECT "id" FROM "users" WHERE "id" > 0'), view('top_ids', 'SELECT "id" FROM "ids"')]), model(dialect, [users], [base, top]));
          expect(lines(ops)).to.deep.equal(['drop view top_ids', 'drop view ids', 'create view ids', 'create view top_ids']);

          const withEnum = (values: string[]) => tbl('users', [col('id', 'integer'), col('role', 'enum', { enum: values, enumName: 'users_role_enum' })]);
          const m: SchemaModel = { ...model(dialect, [withEnum(['a'])], [view('roles', 'SELECT "role" FROM "users"')]), enums: [{ name: 'users_role_enum', values: ['a'] }] };
          const d: SchemaModel = { ...model(dialect, [withEnum(['a', 'b'])], [view('roles', 'SELECT "role" FROM "users"', { recorded: true, dependsOn: [{ name: 'users', columns: ['role'] }] })]), enums: [{ name: 'users_role_enum', values: ['a', 'b'] }] };
          expect(lines(diff(dialect, m, d))).to.deep.equal(['drop view roles', 'change values of enum users_role_enum: a, b -> a', 'create view roles']);
          // Values only added: ALTER TYPE ... ADD VALUE changes no column, the view stays.
          expect(lines(diff(dialect, d, { ...m, views: d.views }))).to.deep.equal(['change values of enum users_role_enum: a -> a, b']);
        });

        it('PostgreSQL: a materialized view is created with its indexes; a kept one gets its index changes; materialized or not is a change', () => {
          const stats = view('stats', 'SELECT count(*) AS n FROM "users"', { materialized: true, indexes: [ix('IDX_n', ['n'], { unique: true })] });
          expect(diff(dialect, model(dialect, [users], [stats]), model(dialect, [users], []))).to.deep.equal([
            { kind: 'createView', view: { name: 'stats' }, definition: stats.definition, materialized: true, indexes: [ix('IDX_n', ['n'], { unique: true })] },
          ]);
          const db = model(dialect, [users], [{ ...stats, recorded: true, indexes: [ix('IDX_old', ['n'])] }]);
          expect(diff(dialect, model(dialect, [users], [stats]), db)).to.deep.equal([
            { kind: 'dropIndex', table: { name: 'stats' }, name: 'IDX_old', existing: ix('IDX_old', ['n']) },
            { kind: 'createIndex', table: { name: 'stats' }, index: ix('IDX_n', ['n'], { unique: true }) },
          ]);
          const plain = diff(dialect, model(dialect, [users], [{ ...stats, materialized: undefined, indexes: [] }]), model(dialect, [users], [{ ...stats, recorded: true }]));
          expect(plain).to.deep.equal([
            { kind: 'dropView', view: { name: 'stats' }, materialized: true, existing: { definition: stats.definition, materialized: true, indexes: [ix('IDX_n', ['n'], { unique: true })] } },
            { kind: 'createView', view: { name: 'stats' }, definition: stats.definition },
          ]);
        });
      }

      it('includeObject decides for views too (reflected: from the database)', () => {
        const db = model(dialect, [users], [{ ...active, recorded: true }]);
        const hooks: CompareHooks = { includeObject: (o) => !(o.type === 'view' && o.reflected) };
        expect(lines(diff(dialect, model(dialect, [users], [view('other', 'SELECT 1')]), db, hooks))).to.deep.equal(['create view other']);
      });
    });
  }
});
