/**
 * Rename candidates from two schema models (pure, no database): which drop + add pairs may be
 * renames, in which order they are asked, and how a confirmed one changes the database model.
 */
import { expect } from 'chai';
import { applyRenames, planRenames, type RenameCandidate } from '../../src/autogenerate/renames';
import type { SchemaColumn, SchemaModel, SchemaTable } from '../../src/schema/model';

const col = (name: string, type: string, extra: Partial<SchemaColumn> = {}): SchemaColumn => ({ name, type, ...extra });
const table = (name: string, columns: SchemaColumn[], extra: Partial<SchemaTable> = {}): SchemaTable => ({ name, columns, uniques: [], foreignKeys: [], checks: [], indexes: [], ...extra });
const model = (...tables: SchemaTable[]): SchemaModel => ({ dialect: 'postgres', tables, enums: [] });
const id = col('id', 'integer', { generated: 'increment' });

describe('rename candidates', () => {
  it('offers a dropped column for an added one of the same family, nullability and default, best name first', async () => {
    const db = model(table('users', [id, col('name', 'varchar', { length: 100 }), col('isActive', 'boolean')]));
    const entities = model(table('users', [id, col('fullName', 'varchar', { length: 100 }), col('nickname', 'varchar', { length: 30 }), col('displayName', 'varchar', { length: 50 })]));
    const asked: RenameCandidate[] = [];
    const plan = await planRenames(entities, db, 'postgres', {}, (c) => (asked.push(c), false));
    expect(asked.map((c) => c.kind === 'column' && `${c.from}->${c.to}`)).to.deep.equal(['name->fullName', 'name->nickname', 'name->displayName']);
    // isActive (boolean) is never offered as a varchar renamed; one note for name, its best candidate.
    expect(plan.unconfirmed.map((c) => c.kind === 'column' && `${c.from}->${c.to}`)).to.deep.equal(['name->fullName']);
    expect(plan.columns).to.deep.equal([]);
  });

  it('takes each side once: a yes ends the questions about that column', async () => {
    const db = model(table('users', [id, col('name', 'text'), col('mail', 'text')]));
    const entities = model(table('users', [id, col('fullName', 'text'), col('email', 'text')]));
    const asked: string[] = [];
    const plan = await planRenames(entities, db, 'postgres', {}, (c) => {
      if (c.kind === 'column') asked.push(`${c.from}->${c.to}`);
      return true;
    });
    expect(plan.columns.map((c) => `${c.from}->${c.to}`).sort()).to.deep.equal(['mail->email', 'name->fullName']);
    expect(asked).to.have.length(2);
  });

  it('offers a table gone beside a new one with the same columns, and not one with other columns', async () => {
    const db = model(table('users', [id, col('name', 'text')]), table('logs', [id, col('line', 'text')]));
    const entities = model(table('people', [id, col('name', 'text')]), table('events', [id, col('kind', 'integer')]));
    const plan = await planRenames(entities, db, 'postgres');
    expect(plan.unconfirmed).to.deep.equal([{ kind: 'table', from: { name: 'users' }, to: { name: 'people' }, score: plan.unconfirmed[0].score }]);
  });

  it('a confirmed rename moves keys, indexes, expressions and the foreign keys of other tables to the new names', () => {
    const db = model(
      table('users', [id, col('name', 'text')], { primaryKey: { kind: 'primaryKey', name: 'users_pkey', columns: ['id'] }, indexes: [{ name: 'users_name_idx', columns: ['name'], where: '(name IS NOT NULL)' }], checks: [{ kind: 'check', name: 'ck', expression: 'length("name") > 0' }] }),
      table('posts', [id, col('authorId', 'integer')], { foreignKeys: [{ kind: 'foreignKey', name: 'fk', columns: ['authorId'], referencedTable: { name: 'users' }, referencedColumns: ['id'] }] }),
    );
    const out = applyRenames(db, { tables: [{ from: { name: 'users' }, to: { name: 'people' } }], columns: [{ table: { name: 'people' }, from: 'name', to: 'fullName' }] });
    const people = out.tables.find((t) => t.name === 'people')!;
    expect(people.columns.map((c) => c.name)).to.deep.equal(['id', 'fullName']);
    expect(people.indexes[0]).to.deep.include({ name: 'users_name_idx', columns: ['fullName'], where: '("fullName" IS NOT NULL)' });
    expect(people.checks[0].expression).to.equal('length("fullName") > 0');
    expect(out.tables.find((t) => t.name === 'posts')!.foreignKeys[0].referencedTable).to.deep.equal({ name: 'people' });
  });

  it('rewrites identifiers only: a string literal holding the old name stays, and two columns swapping names swap once', () => {
    const db = model(table('users', [id, col('name', 'text'), col('nick', 'text')], { checks: [{ kind: 'check', name: 'ck', expression: "name <> 'name' AND nick <> name" }] }));
    const out = applyRenames(db, { tables: [], columns: [{ table: { name: 'users' }, from: 'name', to: 'nick' }, { table: { name: 'users' }, from: 'nick', to: 'name' }] });
    expect(out.tables[0].checks[0].expression).to.equal(`"nick" <> 'name' AND "name" <> "nick"`);
  });

  it('refuses a table hint across schemas: a rename keeps a table in its schema', async () => {
    const db = model(table('users', [id], { schema: 'app' }));
    const entities = model(table('people', [id]));
    let error: Error | undefined;
    await planRenames(entities, db, 'postgres', { tables: { 'app.users': 'people' } }).catch((e: Error) => (error = e));
    expect(error?.message).to.contain('are in different schemas');
  });

  it('refuses a hint that names nothing to rename, saying what there is', async () => {
    const db = model(table('users', [id, col('name', 'text')]));
    const entities = model(table('users', [id, col('fullName', 'text')]));
    let error: Error | undefined;
    await planRenames(entities, db, 'postgres', { tables: { accounts: 'users' } }).catch((e: Error) => (error = e));
    expect(error?.message).to.contain('rename table accounts=users: the database has no table accounts that the entities lack');
  });
});
