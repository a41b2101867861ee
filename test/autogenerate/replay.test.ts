/**
 * replayOps (src/autogenerate/replay.ts): ops applied to a neutral model as the database applies
 * them, with no database. Pure; offline.test.ts and the corpus test check it end to end.
 */
import { expect } from 'chai';
import { emptyModel, replayOps } from '../../src/autogenerate/replay';
import type { Op } from '../../src/operations/ops';

const users: Op = {
  kind: 'createTable',
  table: { name: 'users' },
  columns: [
    { name: 'id', type: 'integer', generated: 'increment' },
    { name: 'email', type: 'varchar', length: 200, unique: true },
    { name: 'name', type: 'varchar', length: 50, default: 'x' },
    { name: 'role', type: 'simple-enum', enum: ['member', 'admin'] },
  ],
  constraints: [{ kind: 'primaryKey', name: 'PK_users', columns: ['id'] }],
  indexes: [{ name: 'ix_users_name', columns: ['name'] }],
};
const posts: Op = {
  kind: 'createTable',
  table: { name: 'posts' },
  columns: [
    { name: 'id', type: 'integer', primary: true, generated: 'increment' },
    { name: 'authorId', type: 'integer' },
  ],
  constraints: [{ kind: 'foreignKey', name: 'FK_posts_author', columns: ['authorId'], referencedTable: { name: 'users' }, referencedColumns: ['id'], onDelete: 'CASCADE' }],
};

describe('replayOps', () => {
  it('creates tables with their keys: a named PK constraint, a primary column, a unique column flag, indexes', () => {
    const { model } = replayOps(emptyModel('sqlite'), [users, posts]);
    const u = model.tables.find((t) => t.name === 'users')!;
    expect(u.primaryKey).to.deep.equal({ kind: 'primaryKey', name: 'PK_users', columns: ['id'] });
    expect(u.uniques).to.deep.equal([{ kind: 'unique', columns: ['email'] }]);
    expect(u.indexes.map((i) => i.name)).to.deep.equal(['ix_users_name']);
    expect(u.columns.find((c) => c.name === 'email')).to.deep.equal({ name: 'email', type: 'varchar', length: 200, nullable: false });
    expect(model.tables.find((t) => t.name === 'posts')!.primaryKey).to.deep.equal({ kind: 'primaryKey', columns: ['id'] });
  });

  it('on MySQL uniques are unique indexes (an unnamed one named after its first column), and a primary key has no name', () => {
    const { model } = replayOps(emptyModel('mysql'), [
      users,
      { kind: 'addColumn', table: { name: 'users' }, column: { name: 'nick', type: 'varchar', length: 20, unique: true } },
      { kind: 'addConstraint', table: { name: 'users' }, constraint: { kind: 'unique', columns: ['email', 'nick'] } },
      { kind: 'addConstraint', table: { name: 'users' }, constraint: { kind: 'unique', name: 'uq_users_name', columns: ['name'] } },
      { kind: 'addConstraint', table: { name: 'users' }, constraint: { kind: 'unique', name: 'uq_users_role', columns: ['role'] } },
      { kind: 'renameConstraint', table: { name: 'users' }, type: 'unique', name: 'uq_users_name', newName: 'uq_name' },
      { kind: 'dropConstraint', table: { name: 'users' }, type: 'unique', name: 'uq_users_role' },
    ]);
    const u = model.tables[0];
    expect(u.primaryKey).to.deep.equal({ kind: 'primaryKey', columns: ['id'] });
    expect(u.uniques).to.deep.equal([]);
    expect(u.indexes).to.deep.equal([
      { name: 'ix_users_name', columns: ['name'] },
      { name: 'email', columns: ['email'], unique: true },
      { name: 'nick', columns: ['nick'], unique: true },
      { name: 'email_2', columns: ['email', 'nick'], unique: true },
      { name: 'uq_name', columns: ['name'], unique: true },
    ]);
  });

  it('on MySQL alterEnum restates the ENUM of each column it names (there is no enum type)', () => {
    const { model } = replayOps(emptyModel('mysql'), [
      { ...users, columns: (users as { columns: object[] }).columns.map((c) => ((c as { name: string }).name === 'role' ? { name: 'role', type: 'enum', enum: ['member', 'admin'], default: 'member' } : c)) } as Op,
      { kind: 'alterEnum', name: { name: 'users_role_enum' }, values: ['member', 'admin', 'owner'], existing: ['member', 'admin'], columns: [{ table: { name: 'users' }, column: 'role', default: 'owner' }] },
    ]);
    expect(model.enums).to.deep.equal([]);
    expect(model.tables[0].columns.find((c) => c.name === 'role')).to.deep.equal({ name: 'role', type: 'enum', enum: ['member', 'admin', 'owner'], default: 'owner', nullable: false });
  });

  it('on MySQL dropping a column takes it out of its indexes, and drops only those left with none', () => {
    const { model } = replayOps(emptyModel('mysql'), [
      users,
      { kind: 'createIndex', table: { name: 'users' }, index: { name: 'ix_users_email_name', columns: ['email(10)', 'name DESC'] } },
      { kind: 'dropColumn', table: { name: 'users' }, column: 'name' },
    ]);
    expect(model.tables[0].indexes).to.deep.equal([
      { name: 'email', columns: ['email'], unique: true },
      { name: 'ix_users_email_name', columns: ['email(10)'] },
    ]);
  });

  it('on MySQL dropping a foreign key leaves the index MySQL made for it, unless another index leads with its columns', () => {
    const fk = (name: string, column: string): Op => ({ kind: 'addConstraint', table: { name: 'posts' }, constraint: { kind: 'foreignKey', name, columns: [column], referencedTable: { name: 'users' }, referencedColumns: ['id'] } });
    const { model } = replayOps(emptyModel('mysql'), [
      users,
      { ...posts, columns: [...(posts as { columns: object[] }).columns, { name: 'editorId', type: 'int' }] } as Op,
      fk('fk_editor', 'editorId'),
      { kind: 'createIndex', table: { name: 'posts' }, index: { name: 'ix_posts_editor', columns: ['editorId', 'id'] } },
      { kind: 'dropConstraint', table: { name: 'posts' }, type: 'foreignKey', name: 'FK_posts_author' },
      { kind: 'dropConstraint', table: { name: 'posts' }, type: 'foreignKey', name: 'fk_editor' },
    ]);
    const p = model.tables.find((t) => t.name === 'posts')!;
    expect(p.foreignKeys).to.deep.equal([]);
    expect(p.indexes).to.deep.equal([
      { name: 'ix_posts_editor', columns: ['editorId', 'id'] },
      { name: 'FK_posts_author', columns: ['authorId'] },
    ]);
  });

  it('on PostgreSQL an enum column names its type (enumName as TypeORM builds it) and carries the type values', () => {
    const { model } = replayOps(emptyModel('postgres'), [{ kind: 'createEnum', name: { name: 'users_role_enum' }, values: ['member', 'admin'] }, users, { kind: 'addEnumValue', name: { name: 'users_role_enum' }, value: 'owner', after: 'member' }]);
    expect(model.enums).to.deep.equal([{ name: 'users_role_enum', values: ['member', 'owner', 'admin'] }]);
    expect(model.tables[0].columns.find((c) => c.name === 'role')).to.deep.include({ type: 'enum', enumName: 'users_role_enum', enum: ['member', 'owner', 'admin'] });
  });

  it('dropping a column drops the key, uniques, indexes and foreign keys on it, as the database does', () => {
    const { model } = replayOps(emptyModel('postgres'), [
      users,
      posts,
      { kind: 'dropColumn', table: { name: 'users' }, column: 'email' },
      { kind: 'dropColumn', table: { name: 'users' }, column: 'name' },
      { kind: 'dropColumn', table: { name: 'posts' }, column: 'authorId' },
    ]);
    const [u, p] = model.tables;
    expect(u.columns.map((c) => c.name)).to.deep.equal(['id', 'role']);
    expect(u.uniques).to.deep.equal([]);
    expect(u.indexes).to.deep.equal([]);
    expect(p.foreignKeys).to.deep.equal([]);
  });

  it('renaming a table or a column renames what refers to it, in other tables too', () => {
    const { model } = replayOps(emptyModel('postgres'), [
      users,
      posts,
      { kind: 'alterColumn', table: { name: 'users' }, column: 'id', changes: { newName: 'user_id' }, existing: {} },
      { kind: 'renameTable', table: { name: 'users' }, newName: 'people' },
    ]);
    const fk = model.tables.find((t) => t.name === 'posts')!.foreignKeys[0];
    expect(fk.referencedTable).to.deep.equal({ name: 'people' });
    expect(fk.referencedColumns).to.deep.equal(['user_id']);
    expect(model.tables.find((t) => t.name === 'people')!.primaryKey!.columns).to.deep.equal(['user_id']);
  });

  it('alterColumn replaces the type with its parameters, and null takes a default away', () => {
    const { model } = replayOps(emptyModel('sqlite'), [users, { kind: 'alterColumn', table: { name: 'users' }, column: 'name', changes: { type: { type: 'text' }, default: null, nullable: true }, existing: {} }]);
    expect(model.tables[0].columns.find((c) => c.name === 'name')).to.deep.equal({ name: 'name', type: 'text', nullable: true });
  });

  it("a batch's ops apply in order; execute() SQL is returned, not replayed; the start model is left as it was", () => {
    const start = replayOps(emptyModel('sqlite'), [users]).model;
    const { model, executed } = replayOps(start, [
      { kind: 'batch', table: { name: 'users' }, recreate: 'auto', ops: [{ kind: 'addColumn', table: { name: 'users' }, column: { name: 'bio', type: 'text', nullable: true } }, { kind: 'dropIndex', table: { name: 'users' }, name: 'ix_users_name' }] },
      { kind: 'execute', sql: 'UPDATE users SET bio = NULL' },
    ]);
    expect(model.tables[0].columns.map((c) => c.name)).to.deep.equal(['id', 'email', 'name', 'role', 'bio']);
    expect(model.tables[0].indexes).to.deep.equal([]);
    expect(executed).to.deep.equal(['UPDATE users SET bio = NULL']);
    expect(start.tables[0].columns).to.have.length(4);
  });
});
