/**
 * renderOps: ops -> the TypeScript of a revision's upgrade()/downgrade() body. The rendered code
 * is type-checked against the real `Operations` API (strict, as a revision file is), then
 * transpiled and run against a recording `Operations` on both dialect names: the ops it records
 * must deep-equal the ops rendered (normalized). A few exact-text tests pin the formatting.
 */
import { expect } from 'chai';
import * as path from 'node:path';
import ts from 'typescript';
import { normalizeOp, renderOps } from '../../src/autogenerate/render';
import { MigError } from '../../src/errors';
import { Operations, sql } from '../../src/operations/api';
import { reverse } from '../../src/operations/reverse';
import type { ColumnDef, Op, OpKind, TableRef } from '../../src/operations/ops';

const DIALECTS = ['postgres', 'sqlite'] as const;

/** Every op kind; the Record type makes the compiler list a kind added to ops.ts here. */
const ALL_KINDS: Record<OpKind, true> = {
  createTable: true,
  dropTable: true,
  renameTable: true,
  addColumn: true,
  dropColumn: true,
  alterColumn: true,
  createIndex: true,
  dropIndex: true,
  renameIndex: true,
  renameConstraint: true,
  addConstraint: true,
  dropConstraint: true,
  createEnum: true,
  dropEnum: true,
  renameEnum: true,
  addEnumValue: true,
  alterEnum: true,
  setTableComment: true,
  createView: true,
  dropView: true,
  createExtension: true,
  dropExtension: true,
  execute: true,
  bulkInsert: true,
  batch: true,
};

const users: TableRef = { name: 'users' };
const appUsers: TableRef = { schema: 'app', name: 'users' };
const id: ColumnDef = { name: 'id', type: 'int', primary: true, generated: 'increment' };
const email: ColumnDef = { name: 'email', type: 'varchar', length: 200, unique: true };
const createdAt: ColumnDef = { name: 'created_at', type: 'timestamptz', default: { sql: 'now()' } };

interface Case {
  name: string;
  ops: Op[];
  /** The API cannot say it: rendered as `op.invoke(...)` data. */
  invoke?: boolean;
}

/** Ops as autogenerate produces them, already in normal form (normalizeOp(op) is op). */
const CASES: Case[] = [
  {
    name: 'createTable with defaults, types with parameters, enum and comment columns',
    ops: [
      {
        kind: 'createTable',
        table: users,
        columns: [
          id,
          email,
          createdAt,
          { name: 'price', type: 'numeric', precision: 10, scale: 2, nullable: true },
          { name: 'tags', type: 'text', array: true, default: { sql: "'{}'::text[]" } },
          { name: 'mood', type: 'enum', enum: ['happy', 'sad'], enumName: 'mood_enum', nullable: true },
          { name: 'uuid', type: 'uuid', generated: 'uuid', comment: "the user's id" },
          { name: 'settings', type: 'jsonb', default: { theme: 'dark', sizes: [1, 2.5, -3] } },
          { name: 'active', type: 'boolean', default: true },
          { name: 'score', type: 'int', default: 0 },
          { name: 'title', type: 'varchar', length: 20, default: 'it\'s "new"\n\\ok' },
          { name: 'created at', type: 'timestamptz', precision: 3 },
        ],
        constraints: [],
      },
    ],
  },
  {
    name: 'createTable in a schema with every kind of constraint',
    ops: [
      {
        kind: 'createTable',
        table: { schema: 'app', name: 'posts' },
        columns: [
          { name: 'id', type: 'int' },
          { name: 'author_id', type: 'int', nullable: true },
          { name: 'slug', type: 'varchar', length: 100 },
        ],
        constraints: [
          { kind: 'primaryKey', name: 'posts_pkey', columns: ['id'] },
          { kind: 'unique', columns: ['slug'] },
          { kind: 'check', name: 'ck_slug', expression: "slug <> ''" },
          {
            kind: 'foreignKey',
            name: 'fk_posts_author',
            columns: ['author_id'],
            referencedTable: appUsers,
            referencedColumns: ['id'],
            onDelete: 'SET NULL',
            onUpdate: 'CASCADE',
            deferrable: 'INITIALLY DEFERRED',
          },
          { kind: 'foreignKey', columns: ['id'], referencedTable: { name: 'things' }, referencedColumns: ['id'] },
        ],
      },
    ],
  },
  {
    name: 'createTable with one column',
    ops: [{ kind: 'createTable', table: { name: 'flags' }, columns: [{ name: 'name', type: 'text', primary: true }], constraints: [] }],
  },
  {
    name: 'dropTable with and without its definition',
    ops: [
      { kind: 'dropTable', table: { name: 'logs' } },
      {
        kind: 'dropTable',
        table: appUsers,
        existing: {
          columns: [id, email, createdAt, { name: 'note', type: 'varchar(30)', nullable: true }],
          constraints: [
            { kind: 'primaryKey', name: 'users_pkey', columns: ['id'] },
            { kind: 'foreignKey', name: 'fk_x', columns: ['id'], referencedTable: { schema: 'other', name: 'x' }, referencedColumns: ['x_id'], onDelete: 'CASCADE' },
          ],
          indexes: [
            { name: 'ix_users_created', columns: ['created_at'] },
            { name: 'ix_users_lower_email', columns: ['lower(email)'], unique: true, where: 'deleted_at IS NULL' },
          ],
          comment: 'People',
        },
      },
    ],
  },
  {
    name: 'renameIndex and renameConstraint (what follows a renamed table or column)',
    ops: [
      { kind: 'renameIndex', table: appUsers, name: 'IDX_old', newName: 'IDX_new' },
      { kind: 'renameConstraint', table: users, name: 'UQ_old', newName: 'UQ_new', type: 'unique' },
      { kind: 'renameConstraint', table: users, name: 'users_pkey', newName: 'people_pkey', type: 'primaryKey' },
    ],
  },
  {
    name: 'renameTable, addColumn and dropColumn',
    ops: [
      { kind: 'renameTable', table: appUsers, newName: 'people' },
      { kind: 'addColumn', table: users, column: { name: 'age', type: 'int', nullable: true, comment: 'years' } },
      { kind: 'addColumn', table: appUsers, column: { name: 'seen_at', type: 'timestamptz', default: { sql: 'CURRENT_TIMESTAMP' } } },
      { kind: 'dropColumn', table: users, column: 'age' },
      { kind: 'dropColumn', table: users, column: 'email', existing: email },
    ],
  },
  {
    name: 'alterColumn with every change, its existing state and USING',
    ops: [
      {
        kind: 'alterColumn',
        table: users,
        column: 'age',
        changes: { type: { type: 'integer' }, nullable: false, default: { sql: '0' }, comment: 'years', newName: 'age_years' },
        using: '"age"::integer',
        existing: { type: { type: 'text' }, nullable: true, default: null, comment: null },
      },
      {
        kind: 'alterColumn',
        table: appUsers,
        column: 'email',
        changes: { type: { type: 'varchar', length: 320 }, default: null, comment: null },
        existing: { type: { type: 'varchar', length: 200 }, default: 'none', comment: 'mail' },
      },
      {
        kind: 'alterColumn',
        table: users,
        column: 'mood',
        changes: { type: { type: 'enum', enum: ['happy', 'sad', 'meh'], enumName: 'mood_enum' } },
        using: `"mood"::text::"mood_enum"`,
        existing: { type: { type: 'enum', enum: ['happy', 'sad'], enumName: 'mood_enum_old' } },
      },
      {
        kind: 'alterColumn',
        table: users,
        column: 'price',
        changes: { type: { type: 'numeric', precision: 12, scale: 4 }, nullable: true },
        existing: { type: { type: 'numeric', precision: 10, scale: 2 }, nullable: false },
      },
      {
        kind: 'alterColumn',
        table: users,
        column: 'tags',
        changes: { type: { type: 'varchar', length: 50, array: true } },
        existing: { type: { type: 'bit', precision: 3 } },
      },
      { kind: 'alterColumn', table: users, column: 'name', changes: { newName: 'full_name' }, existing: {} },
      { kind: 'alterColumn', table: users, column: 'data', changes: { default: { a: [1, null] } }, existing: { default: { sql: "'{}'::jsonb" } } },
    ],
  },
  {
    name: 'alterColumn generation changes (generated / existingGenerated, null for none)',
    ops: [
      { kind: 'alterColumn', table: users, column: 'id', changes: { generated: 'identity' }, existing: { type: { type: 'integer' }, nullable: false, generated: null } },
      { kind: 'alterColumn', table: users, column: 'id', changes: { generated: 'increment' }, existing: { type: { type: 'integer' }, generated: 'identity' } },
      { kind: 'alterColumn', table: appUsers, column: 'id', changes: { generated: null, default: 0 }, existing: { type: { type: 'bigint' }, generated: 'increment', default: null } },
    ],
  },
  {
    name: 'createIndex and dropIndex, with options and existing definitions',
    ops: [
      { kind: 'createIndex', table: users, index: { name: 'ix_users_email', columns: ['email'] } },
      { kind: 'createIndex', table: appUsers, index: { name: 'ux_users_email', columns: ['lower(email)', 'tenant_id'], unique: true, where: 'deleted_at IS NULL', concurrently: true } },
      { kind: 'dropIndex', table: users, name: 'ix_users_email' },
      { kind: 'dropIndex', table: appUsers, name: 'ux_users_email', existing: { name: 'ux_users_email', columns: ['email'], unique: true, concurrently: true }, concurrently: true },
      { kind: 'dropIndex', table: { name: '' }, name: 'ix_no_table' },
      { kind: 'dropIndex', table: { name: '' }, name: 'ix_no_table', concurrently: true },
    ],
  },
  {
    name: 'named constraints added to and dropped from a table',
    ops: [
      { kind: 'addConstraint', table: users, constraint: { kind: 'unique', name: 'uq_users_email', columns: ['email', 'tenant_id'] } },
      { kind: 'addConstraint', table: users, constraint: { kind: 'primaryKey', name: 'users_pkey', columns: ['id'] } },
      { kind: 'addConstraint', table: appUsers, constraint: { kind: 'check', name: 'ck_age', expression: 'age >= 0' } },
      {
        kind: 'addConstraint',
        table: appUsers,
        constraint: { kind: 'foreignKey', name: 'fk_users_org', columns: ['org_id'], referencedTable: { schema: 'app', name: 'orgs' }, referencedColumns: ['id'], onDelete: 'RESTRICT', deferrable: 'INITIALLY IMMEDIATE' },
      },
      { kind: 'addConstraint', table: users, constraint: { kind: 'foreignKey', name: 'fk_users_team', columns: ['team_id'], referencedTable: { name: 'teams' }, referencedColumns: ['id'] } },
      { kind: 'dropConstraint', table: users, name: 'uq_users_email', type: 'unique' },
      { kind: 'dropConstraint', table: users, name: 'uq_users_email', type: 'unique', existing: { kind: 'unique', name: 'uq_users_email', columns: ['email'] } },
      { kind: 'dropConstraint', table: users, name: 'users_pkey', type: 'primaryKey', existing: { kind: 'primaryKey', name: 'users_pkey', columns: ['id'] } },
      { kind: 'dropConstraint', table: appUsers, name: 'ck_age', type: 'check', existing: { kind: 'check', name: 'ck_age', expression: "age >= 0 AND name <> ''" } },
      {
        kind: 'dropConstraint',
        table: appUsers,
        name: 'fk_users_org',
        type: 'foreignKey',
        existing: { kind: 'foreignKey', name: 'fk_users_org', columns: ['org_id', 'tenant_id'], referencedTable: { schema: 'app', name: 'orgs' }, referencedColumns: ['id', 'tenant_id'], onUpdate: 'NO ACTION' },
      },
    ],
  },
  {
    name: 'enum types',
    ops: [
      { kind: 'createEnum', name: { name: 'mood' }, values: ['happy', 'sad', "it's"] },
      { kind: 'createEnum', name: { schema: 'app', name: 'status' }, values: [] },
      { kind: 'dropEnum', name: { name: 'mood' } },
      { kind: 'dropEnum', name: { schema: 'app', name: 'status' }, existing: ['on', 'off'] },
      { kind: 'addEnumValue', name: { name: 'mood' }, value: 'meh' },
      { kind: 'renameEnum', name: { schema: 'app', name: 'users_role_enum' }, newName: 'people_role_enum' },
      { kind: 'alterEnum', name: { name: 'mood' }, values: ['sad', 'ok'], existing: ['sad', 'ok', 'happy'], columns: [] },
      {
        kind: 'alterEnum',
        name: { schema: 'app', name: 'status' },
        values: ['on', 'off'],
        existing: ['off', 'on'],
        columns: [
          { table: { schema: 'app', name: 'jobs' }, column: 'status', default: { sql: "'on'::app.status" } },
          { table: { name: 'history' }, column: 'states', array: true },
        ],
      },
      { kind: 'addEnumValue', name: { name: 'mood' }, value: 'ok', before: 'sad' },
      { kind: 'addEnumValue', name: { schema: 'app', name: 'status' }, value: 'paused', after: 'on' },
    ],
  },
  {
    name: 'PostgreSQL-only: extensions, exclusion constraints, index methods, deferrable uniques',
    ops: [
      { kind: 'createExtension', name: 'btree_gist' },
      {
        kind: 'createTable',
        table: { name: 'bookings' },
        columns: [id, { name: 'room', type: 'int' }, { name: 'during', type: 'tsrange' }],
        constraints: [
          { kind: 'exclusion', name: 'EXC_bookings_room', expression: 'USING gist ("room" WITH =, "during" WITH &&)' },
          { kind: 'exclusion', expression: 'USING gist ("during" WITH &&)', deferrable: 'INITIALLY DEFERRED' },
          { kind: 'unique', name: 'UQ_bookings_room', columns: ['room'], deferrable: 'INITIALLY IMMEDIATE' },
        ],
      },
      { kind: 'addConstraint', table: { name: 'bookings' }, constraint: { kind: 'exclusion', name: 'EXC_late', expression: 'USING gist ("during" WITH &&)', deferrable: 'INITIALLY DEFERRED' } },
      { kind: 'addConstraint', table: { name: 'bookings' }, constraint: { kind: 'unique', name: 'UQ_late', columns: ['room', 'during'], deferrable: 'INITIALLY DEFERRED' } },
      { kind: 'dropConstraint', table: { name: 'bookings' }, name: 'EXC_late', type: 'exclusion', existing: { kind: 'exclusion', name: 'EXC_late', expression: 'USING gist ("during" WITH &&)' } },
      { kind: 'createIndex', table: { name: 'bookings' }, index: { name: 'IDX_bookings_during', columns: ['during'], using: 'gist' } },
      { kind: 'dropIndex', table: { name: 'bookings' }, name: 'IDX_old', existing: { name: 'IDX_old', columns: ['room'], using: 'hash' } },
      { kind: 'dropExtension', name: 'citext' },
    ],
  },
  {
    name: 'views: plain and materialized with indexes, dropped with and without their definition',
    ops: [
      { kind: 'createView', view: { name: 'active_users' }, definition: 'SELECT "id", "email" FROM "users" WHERE "active"' },
      {
        kind: 'createView',
        view: { schema: 'app', name: 'user_stats' },
        definition: 'SELECT count(*) AS n,\n  max("created_at") AS latest\nFROM "users"',
        materialized: true,
        indexes: [{ name: 'IDX_user_stats_n', columns: ['n'], unique: true }],
      },
      { kind: 'dropView', view: { name: 'active_users' } },
      { kind: 'dropView', view: { schema: 'app', name: 'user_stats' }, materialized: true, existing: { definition: 'SELECT 1 AS n', materialized: true, indexes: [{ name: 'IDX_n', columns: ['n'] }] } },
    ],
  },
  {
    name: 'generated columns: created, added, dropped with their expression, made plain',
    ops: [
      {
        kind: 'createTable',
        table: { name: 'ranges' },
        columns: [
          { name: 'from', type: 'int' },
          { name: 'to', type: 'int' },
          { name: 'length', type: 'int', asExpression: '"to" - "from"', generatedType: 'STORED' },
          { name: 'total', type: 'int', nullable: true, asExpression: '"to" + "from"' },
        ],
        constraints: [],
      },
      { kind: 'addColumn', table: { name: 'ranges' }, column: { name: 'span', type: 'int', asExpression: '"to" - "from" + 1', generatedType: 'VIRTUAL' } },
      { kind: 'dropColumn', table: { name: 'ranges' }, column: 'span', existing: { name: 'span', type: 'int', asExpression: '"to" - "from" + 1', generatedType: 'VIRTUAL' } },
      { kind: 'alterColumn', table: { name: 'ranges' }, column: 'length', changes: { asExpression: null }, existing: { type: { type: 'int' }, asExpression: '"to" - "from"', generatedType: 'STORED' } },
      { kind: 'alterColumn', table: { name: 'ranges' }, column: 'length', changes: { asExpression: '"to" - "from"', generatedType: 'STORED' }, existing: { type: { type: 'int' }, asExpression: null } },
    ],
  },
  {
    name: 'table comments',
    ops: [
      { kind: 'setTableComment', table: users, comment: 'People who sign in' },
      { kind: 'setTableComment', table: appUsers, comment: null, existing: 'People' },
      { kind: 'setTableComment', table: users, comment: "Don't", existing: null },
    ],
  },
  {
    name: 'execute with and without parameters, SQL over several lines',
    ops: [
      { kind: 'execute', sql: 'VACUUM' },
      { kind: 'execute', sql: 'UPDATE users SET name = $1 WHERE id = $2', params: ['O\'Brien', 7] },
      { kind: 'execute', sql: "UPDATE users\nSET note = 'a `tick` and ${not} a placeholder \\ here'\r\nWHERE id = ?", params: [null, true, 1.5, [1, 2], { a: 'b' }] },
      { kind: 'execute', sql: 'tab\there, bell \u0007, line sep \u2028, snowman \u2603, lone \ud800' },
    ],
  },
  {
    name: 'bulkInsert with data of every JSON kind and awkward keys',
    ops: [
      {
        kind: 'bulkInsert',
        table: appUsers,
        rows: [
          { id: 1, name: 'Ann', 'e-mail': 'a@x', active: true, score: -0, data: { nested: [1, 'two', null] }, note: null },
          { id: 2, name: "O'Brien", 'e-mail': 'o@x', active: false, score: 1e21, data: [], note: 'multi\nline' },
        ],
      },
      { kind: 'bulkInsert', table: users, rows: [{ id: 3 }] },
      { kind: 'bulkInsert', table: users, rows: [] },
    ],
  },
  {
    name: 'bulkInsert with Date, Buffer, bigint and non-finite number values',
    ops: [
      {
        kind: 'bulkInsert',
        table: users,
        rows: [{ at: new Date('2024-02-29T12:34:56.789Z'), bytes: Buffer.from([0, 1, 254, 255]), big: 12345678901234567890n, nan: NaN, inf: -Infinity, none: undefined }],
      },
    ],
  },
  {
    name: 'batch with every change BatchOperations has',
    ops: [
      {
        kind: 'batch',
        table: users,
        recreate: 'auto',
        ops: [
          { kind: 'addColumn', table: users, column: { name: 'nick', type: 'varchar', length: 50, nullable: true, default: { sql: "''" } } },
          { kind: 'dropColumn', table: users, column: 'age', existing: { name: 'age', type: 'int', nullable: true } },
          { kind: 'dropColumn', table: users, column: 'old' },
          { kind: 'alterColumn', table: users, column: 'email', changes: { nullable: true, type: { type: 'text' } }, existing: { nullable: false, type: { type: 'varchar', length: 200 } } },
          { kind: 'createIndex', table: users, index: { name: 'ix_nick', columns: ['nick'], unique: true, where: 'nick IS NOT NULL' } },
          { kind: 'dropIndex', table: users, name: 'ix_old', existing: { name: 'ix_old', columns: ['old'] } },
          { kind: 'dropIndex', table: users, name: 'ix_older' },
          { kind: 'addConstraint', table: users, constraint: { kind: 'unique', name: 'uq_nick', columns: ['nick'] } },
          { kind: 'addConstraint', table: users, constraint: { kind: 'check', name: 'ck_nick', expression: "nick <> ''" } },
          { kind: 'addConstraint', table: users, constraint: { kind: 'primaryKey', name: 'pk_users', columns: ['id'] } },
          { kind: 'addConstraint', table: users, constraint: { kind: 'foreignKey', name: 'fk_team', columns: ['team_id'], referencedTable: { name: 'teams' }, referencedColumns: ['id'], onDelete: 'CASCADE' } },
          { kind: 'dropConstraint', table: users, name: 'uq_old', type: 'unique', existing: { kind: 'unique', name: 'uq_old', columns: ['old'] } },
        ],
      },
    ],
  },
  {
    name: 'batch on a schema table with recreate and copyFrom',
    ops: [
      {
        kind: 'batch',
        table: appUsers,
        recreate: 'always',
        ops: [{ kind: 'alterColumn', table: appUsers, column: 'email', changes: { nullable: true }, existing: { nullable: false } }],
        copyFrom: {
          columns: [id, email, createdAt],
          constraints: [{ kind: 'primaryKey', columns: ['id'] }],
          indexes: [{ name: 'ix_users_created', columns: ['created_at'] }],
        },
      },
      { kind: 'batch', table: users, recreate: 'never', ops: [{ kind: 'dropColumn', table: users, column: 'x' }] },
    ],
  },
  {
    name: 'ops the typed API cannot express, as op.invoke data',
    invoke: true,
    ops: [
      { kind: 'addConstraint', table: users, constraint: { kind: 'unique', columns: ['email'] } },
      { kind: 'addConstraint', table: users, constraint: { kind: 'check', expression: 'age > 0' } },
      { kind: 'addConstraint', table: users, constraint: { kind: 'primaryKey', columns: ['id'] } },
      { kind: 'addConstraint', table: users, constraint: { kind: 'foreignKey', columns: ['a'], referencedTable: { name: 't' }, referencedColumns: ['id'] } },
      { kind: 'createTable', table: users, columns: [id, createdAt], constraints: [], indexes: [{ name: 'ix_created', columns: ['created_at'] }], comment: 'People' },
      { kind: 'createTable', table: users, columns: [{ name: 'x', type: 'numeric(10,2)' }], constraints: [] },
      { kind: 'addColumn', table: users, column: { name: 'x', type: 'int[]' } },
      { kind: 'batch', table: users, recreate: 'auto', ops: [{ kind: 'renameTable', table: users, newName: 'people' }] },
      { kind: 'batch', table: users, recreate: 'auto', ops: [{ kind: 'addColumn', table: { name: 'other' }, column: { name: 'x', type: 'int' } }] },
      { kind: 'batch', table: users, recreate: 'auto', ops: [{ kind: 'dropIndex', table: users, name: 'ix', concurrently: true }] },
      { kind: 'batch', table: users, recreate: 'auto', ops: [{ kind: 'addConstraint', table: users, constraint: { kind: 'check', expression: 'x > 0' } }] },
      { kind: 'batch', table: users, recreate: 'always', ops: [{ kind: 'dropColumn', table: users, column: 'x' }], copyFrom: { columns: [id], comment: 'People' } },
      { kind: 'batch', table: users, recreate: 'auto', ops: [{ kind: 'setTableComment', table: users, comment: 'People', existing: null }] },
      { kind: 'batch', table: users, recreate: 'auto', ops: [] },
    ],
  },
];

/** Ops as the data may come (defaults spelled out, options undefined) and their normal form. */
const NOT_NORMAL: { name: string; op: Op; normal: Op }[] = [
  {
    name: 'defaults of columns, keys ops.ts does not declare',
    op: {
      kind: 'createTable',
      table: { schema: '', name: 'users' },
      columns: [{ name: 'id', type: 'int', nullable: false, primary: true, unique: false, array: false, default: undefined, comment: undefined, enumSchema: 'x' } as ColumnDef],
      constraints: [{ kind: 'primaryKey', name: '', columns: ['id'] }],
    },
    normal: { kind: 'createTable', table: { name: 'users' }, columns: [{ name: 'id', type: 'int', primary: true }], constraints: [{ kind: 'primaryKey', columns: ['id'] }] },
  },
  {
    name: 'index defaults and undefined options',
    op: { kind: 'dropIndex', table: users, name: 'ix', existing: { name: 'ix', columns: ['a'], unique: false, where: '', concurrently: false }, concurrently: false },
    normal: { kind: 'dropIndex', table: users, name: 'ix', existing: { name: 'ix', columns: ['a'] } },
  },
  {
    name: 'empty execute params',
    op: { kind: 'execute', sql: 'SELECT 1', params: [] },
    normal: { kind: 'execute', sql: 'SELECT 1' },
  },
  {
    name: 'undefined alterColumn attributes',
    op: { kind: 'alterColumn', table: users, column: 'a', changes: { nullable: false, default: undefined, type: { type: 'int', array: false } }, using: undefined, existing: { comment: undefined, nullable: true } },
    normal: { kind: 'alterColumn', table: users, column: 'a', changes: { nullable: false, type: { type: 'int' } }, existing: { nullable: true } },
  },
  {
    name: 'addEnumValue and setTableComment options left undefined',
    op: { kind: 'addEnumValue', name: { name: 'mood' }, value: 'x', before: undefined, after: undefined },
    normal: { kind: 'addEnumValue', name: { name: 'mood' }, value: 'x' },
  },
  {
    name: 'empty table definition lists',
    op: { kind: 'dropTable', table: users, existing: { columns: [id], constraints: [], indexes: [] } },
    normal: { kind: 'dropTable', table: users, existing: { columns: [id] } },
  },
];

// ----- compiling and running rendered code -----

const TEST_DIR = __dirname;

function moduleText(code: string, imports: string[]): string {
  const names = [...imports, 'type Operations'].join(', ');
  return `import { ${names} } from '../../src/operations/api';\n\nexport async function upgrade(op: Operations): Promise<void> {\n${code}\n}\n`;
}

/** Type-checks rendered bodies as revision files (test/tsconfig.json options); messages by body. */
function typeCheck(bodies: { code: string; imports: string[] }[]): string[][] {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(TEST_DIR, '..', 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  if (!config) throw new Error('cannot read test/tsconfig.json');
  const options = { ...config.options, noEmit: true };
  const files = new Map(bodies.map((b, i) => [path.join(TEST_DIR, `__rendered_${i}.ts`), moduleText(b.code, b.imports)]));
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (f) => files.has(path.resolve(f)) || fileExists.call(host, f);
  host.readFile = (f) => files.get(path.resolve(f)) ?? readFile.call(host, f);
  host.getSourceFile = (f, lang, ...rest) => {
    const text = files.get(path.resolve(f));
    return text !== undefined ? ts.createSourceFile(f, text, lang, true) : getSourceFile.call(host, f, lang, ...rest);
  };
  const program = ts.createProgram([...files.keys()], options, host);
  return [...files.keys()].map((f) => {
    const sf = program.getSourceFile(f)!;
    return [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)].map((d) => {
      const where = d.start !== undefined ? `line ${sf.getLineAndCharacterOfPosition(d.start).line + 1}: ` : '';
      return where + ts.flattenDiagnosticMessageText(d.messageText, '\n');
    });
  });
}

/** Runs a rendered body against a recording Operations; returns the ops it made. */
async function runRendered(code: string, dialect: 'postgres' | 'sqlite'): Promise<Op[]> {
  const js = ts.transpileModule(`async function upgrade(op) {\n${code}\n}`, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    reportDiagnostics: true,
  });
  expect(js.diagnostics ?? [], 'transpile diagnostics').to.deep.equal([]);
  const upgrade = new Function('sql', `${js.outputText}\nreturn upgrade;`)(sql) as (op: Operations) => Promise<void>;
  const recorded: Op[] = [];
  const op = new Operations({
    dialect,
    offline: true,
    run: async (o) => {
      recorded.push(o);
    },
    query: async () => {
      throw new Error('no queries offline');
    },
  });
  await upgrade(op);
  return recorded;
}

const lines = (code: string) => code.split('\n');

/** A copy with the keys of every object reversed; data (rows, params, defaults) kept as it is. */
function reorder(value: unknown, key = ''): unknown {
  if (['rows', 'params', 'default'].includes(key)) return value;
  if (Array.isArray(value)) return value.map((v) => reorder(v));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reorder(v, k)]));
  return value;
}

describe('autogenerate/render', () => {
  describe('round trip: ops -> code -> ops', () => {
    const rendered = CASES.map((c) => renderOps(c.ops));
    let diagnostics: string[][] = [];

    before(function () {
      this.timeout(120_000);
      diagnostics = typeCheck(rendered);
    });

    it('the type check rejects calls the op API does not accept (a check of the check)', () => {
      const [missingArg, wrongOption, unknownName] = typeCheck([
        { code: `  await op.renameTable('users');`, imports: [] },
        { code: `  await op.createIndex('ix', 'users', ['a'], { unique: 'yes' });`, imports: [] },
        { code: `  await op.addColumn('users', { name: 'a', type: 'int', default: sql('now()') });`, imports: [] },
      ]);
      expect(missingArg.join()).to.match(/Expected 2 arguments/);
      expect(wrongOption.join()).to.match(/not assignable to type 'boolean/);
      expect(unknownName.join()).to.match(/Cannot find name 'sql'/);
    });

    it('the cases cover every op kind', () => {
      const covered = new Set(CASES.flatMap((c) => c.ops.flatMap((op) => (op.kind === 'batch' ? [op, ...op.ops] : [op]))).map((op) => op.kind));
      expect([...covered].sort()).to.deep.equal(Object.keys(ALL_KINDS).sort());
    });

    it("writes the catalog's long type names in an entity's words (varchar, timestamptz, time, char)", () => {
      const ops: Op[] = [
        {
          kind: 'alterColumn',
          table: users,
          column: 'email',
          changes: { type: { type: 'character varying', length: 300 } },
          existing: { type: { type: 'character varying', length: 200 } },
        },
        { kind: 'addColumn', table: users, column: { name: 'at', type: 'timestamp with time zone', nullable: true } },
        { kind: 'addColumn', table: users, column: { name: 'local', type: 'timestamp without time zone', precision: 3, nullable: true } },
        { kind: 'addColumn', table: users, column: { name: 'starts', type: 'time without time zone', nullable: true } },
        { kind: 'addColumn', table: users, column: { name: 'code', type: 'character', length: 2, nullable: true } },
      ];
      const code = renderOps(ops).code;
      expect(code).to.not.match(/character varying|time zone|'character/);
      expect(code).to.contain("type: 'varchar(300)'");
      expect(code).to.contain("existingType: 'varchar(200)'");
      for (const word of ["type: 'timestamptz'", "type: 'timestamp'", "type: 'time'", "type: 'char', length: 2"]) expect(code).to.contain(word);
    });

    it('the cases are in normal form, so the round trip is exact', () => {
      for (const c of CASES) expect(c.ops.map(normalizeOp), c.name).to.deep.equal(c.ops);
    });

    CASES.forEach((c, i) => {
      it(`${c.name}: type-checks as a revision body`, () => {
        expect(diagnostics[i], rendered[i].code).to.deep.equal([]);
      });

      for (const dialect of DIALECTS) {
        it(`${c.name}: records the same ops when run (${dialect})`, async () => {
          const recorded = await runRendered(rendered[i].code, dialect);
          expect(recorded, rendered[i].code).to.deep.equal(c.ops);
        });
      }

      it(`${c.name}: ${c.invoke ? 'falls back to op.invoke data for each op' : 'uses the typed API, never op.invoke'}`, () => {
        const statements = rendered[i].code.split('\n').filter((l) => /^ {2}await /.test(l));
        expect(statements.length, rendered[i].code).to.equal(c.ops.length);
        for (const s of statements) {
          if (c.invoke) expect(s).to.match(/^ {2}await op\.invoke\(/);
          else expect(s).to.not.match(/op\.invoke/);
        }
      });

      it(`${c.name}: keeps lines within 100 characters`, () => {
        const long = lines(rendered[i].code).filter((l) => l.length > 100);
        expect(long, rendered[i].code).to.deep.equal([]);
      });
    });

    it('lists sql in imports exactly when the code calls sql()', () => {
      expect(rendered.some((r) => r.imports.includes('sql'))).to.equal(true);
      for (const r of rendered) expect(r.imports, r.code).to.deep.equal(/(?<![\w.])sql\(/.test(r.code) ? ['sql'] : []);
    });

    it('renders the reverse of every reversible op (a downgrade), which type-checks and records it', async () => {
      const downgrade = CASES.flatMap((c) => c.ops)
        .flatMap((op) => {
          try {
            return [reverse(op)];
          } catch {
            return [];
          }
        })
        .reverse();
      expect(downgrade.length).to.be.greaterThan(30);
      const out = renderOps(downgrade);
      expect(typeCheck([out])[0], out.code).to.deep.equal([]);
      for (const dialect of DIALECTS) expect(await runRendered(out.code, dialect)).to.deep.equal(downgrade.map(normalizeOp));
    });

    describe('ops not in normal form', () => {
      for (const { name, op, normal } of NOT_NORMAL) {
        it(`${name}: renders as its normal form and records that`, async () => {
          expect(normalizeOp(op)).to.deep.equal(normal);
          const code = renderOps([op]).code;
          expect(code).to.equal(renderOps([normal]).code);
          for (const dialect of DIALECTS) expect(await runRendered(code, dialect)).to.deep.equal([normal]);
        });
      }
    });

    it('an op kind it does not know is rendered as op.invoke data and runs', async () => {
      const op = { kind: 'futureKind', table: users, values: ['a'] } as unknown as Op;
      const { code } = renderOps([op]);
      expect(code).to.equal(`  await op.invoke({ kind: 'futureKind', table: { name: 'users' }, values: ['a'] });`);
      expect(await runRendered(code, 'postgres')).to.deep.equal([op]);
    });
  });

  describe('formatting', () => {
    it('renders the README createTable: one column per line, sql() defaults, sql imported', () => {
      const out = renderOps([{ kind: 'createTable', table: users, columns: [id, email, createdAt], constraints: [] }]);
      expect(out.code).to.equal(
        [
          `  await op.createTable('users', [`,
          `    { name: 'id', type: 'int', primary: true, generated: 'increment' },`,
          `    { name: 'email', type: 'varchar', length: 200, unique: true },`,
          `    { name: 'created_at', type: 'timestamptz', default: sql('now()') },`,
          `  ]);`,
        ].join('\n'),
      );
      expect(out.imports).to.deep.equal(['sql']);
    });

    it('keeps short calls on one line, omits default options, and imports nothing without sql()', () => {
      const out = renderOps([
        { kind: 'createTable', table: { name: 'flags' }, columns: [{ name: 'name', type: 'text', primary: true, nullable: false }], constraints: [] },
        { kind: 'renameTable', table: users, newName: 'people' },
        { kind: 'addColumn', table: users, column: { name: 'age', type: 'int', nullable: true } },
        { kind: 'addColumn', table: users, column: { name: 'score', type: 'int', nullable: false, default: 0 } },
        { kind: 'dropColumn', table: users, column: 'age', existing: { name: 'age', type: 'int', nullable: true } },
        { kind: 'createIndex', table: users, index: { name: 'ix_users_age', columns: ['age'], unique: false } },
        { kind: 'dropIndex', table: users, name: 'ix_users_age' },
        { kind: 'createEnum', name: { name: 'mood' }, values: ['happy', 'sad'] },
        { kind: 'addEnumValue', name: { name: 'mood' }, value: 'meh', after: 'sad' },
        { kind: 'setTableComment', table: users, comment: 'People', existing: null },
        { kind: 'execute', sql: 'UPDATE users SET age = $1', params: [0] },
        { kind: 'batch', table: users, recreate: 'auto', ops: [{ kind: 'dropColumn', table: users, column: 'age' }] },
      ]);
      expect(out.code).to.equal(
        [
          `  await op.createTable('flags', [{ name: 'name', type: 'text', primary: true }]);`,
          `  await op.renameTable('users', 'people');`,
          `  await op.addColumn('users', { name: 'age', type: 'int', nullable: true });`,
          `  await op.addColumn('users', { name: 'score', type: 'int', default: 0 });`,
          `  await op.dropColumn('users', 'age', { existing: { name: 'age', type: 'int', nullable: true } });`,
          `  await op.createIndex('ix_users_age', 'users', ['age']);`,
          `  await op.dropIndex('ix_users_age', 'users');`,
          `  // PostgreSQL only: enum type (SQLite checks the column's values)`,
          `  await op.createEnum('mood', ['happy', 'sad']);`,
          `  await op.addEnumValue('mood', 'meh', { after: 'sad' });`,
          `  // PostgreSQL only: table comment`,
          `  await op.setTableComment('users', 'People', { existing: null });`,
          `  await op.execute('UPDATE users SET age = $1', [0]);`,
          `  await op.batchAlterTable('users', (batch) => {`,
          `    batch.dropColumn('age');`,
          `  });`,
        ].join('\n'),
      );
      expect(out.imports).to.deep.equal([]);
    });

    it('breaks a long call: the last object argument opened on the call line, one key per line', () => {
      const out = renderOps([
        {
          kind: 'alterColumn',
          table: users,
          column: 'email',
          changes: { type: { type: 'varchar', length: 320 }, nullable: true },
          existing: { type: { type: 'varchar', length: 200 }, nullable: false },
        },
      ]);
      expect(out.code).to.equal(
        [
          `  await op.alterColumn('users', 'email', {`,
          `    type: 'varchar(320)',`,
          `    nullable: true,`,
          `    existingType: 'varchar(200)',`,
          `    existingNullable: false,`,
          `  });`,
        ].join('\n'),
      );
    });

    it('puts one argument per line when the argument to break is not the last', () => {
      const out = renderOps([
        {
          kind: 'createTable',
          table: { schema: 'app', name: 'posts' },
          columns: [
            { name: 'id', type: 'int', primary: true },
            { name: 'author_id', type: 'int' },
          ],
          constraints: [{ kind: 'foreignKey', name: 'fk_posts_author', columns: ['author_id'], referencedTable: appUsers, referencedColumns: ['id'], onDelete: 'CASCADE' }],
        },
      ]);
      expect(out.code).to.equal(
        [
          `  await op.createTable(`,
          `    { schema: 'app', name: 'posts' },`,
          `    [`,
          `      { name: 'id', type: 'int', primary: true },`,
          `      { name: 'author_id', type: 'int' },`,
          `    ],`,
          `    op.foreignKey(['author_id'], { schema: 'app', name: 'users' }, ['id'], {`,
          `      name: 'fk_posts_author',`,
          `      onDelete: 'CASCADE',`,
          `    }),`,
          `  );`,
        ].join('\n'),
      );
    });

    it('renders dropTable and dropConstraint with their existing definitions, constraints as builders', () => {
      const out = renderOps([
        {
          kind: 'dropTable',
          table: users,
          existing: {
            columns: [id, { name: 'price', type: 'numeric', precision: 10, scale: 2, nullable: true }],
            constraints: [{ kind: 'primaryKey', name: 'users_pkey', columns: ['id'] }],
            indexes: [{ name: 'ix_price', columns: ['price'], where: 'price > 0' }],
          },
        },
        { kind: 'dropConstraint', table: users, name: 'ck_price', type: 'check', existing: { kind: 'check', name: 'ck_price', expression: 'price > 0' } },
      ]);
      expect(out.code).to.equal(
        [
          `  await op.dropTable('users', {`,
          `    existing: {`,
          `      columns: [`,
          `        { name: 'id', type: 'int', primary: true, generated: 'increment' },`,
          `        { name: 'price', type: 'numeric', precision: 10, scale: 2, nullable: true },`,
          `      ],`,
          `      constraints: [op.primaryKey(['id'], { name: 'users_pkey' })],`,
          `      indexes: [{ name: 'ix_price', columns: ['price'], where: 'price > 0' }],`,
          `    },`,
          `  });`,
          `  await op.dropConstraint('ck_price', 'users', 'check', {`,
          `    existing: op.check('price > 0', { name: 'ck_price' }),`,
          `  });`,
        ].join('\n'),
      );
    });

    it('renders a batch as batchAlterTable with a (batch) => { ... } callback and its options after it', () => {
      const out = renderOps([
        {
          kind: 'batch',
          table: users,
          recreate: 'always',
          ops: [
            { kind: 'addColumn', table: users, column: { name: 'nick', type: 'varchar', length: 50, nullable: true } },
            { kind: 'createIndex', table: users, index: { name: 'ix_nick', columns: ['nick'] } },
          ],
          copyFrom: { columns: [id, { name: 'nick', type: 'varchar', length: 50, nullable: true }] },
        },
      ]);
      expect(out.code).to.equal(
        [
          `  await op.batchAlterTable('users', (batch) => {`,
          `    batch.addColumn({ name: 'nick', type: 'varchar', length: 50, nullable: true });`,
          `    batch.createIndex('ix_nick', ['nick']);`,
          `  }, {`,
          `    recreate: 'always',`,
          `    copyFrom: {`,
          `      columns: [`,
          `        { name: 'id', type: 'int', primary: true, generated: 'increment' },`,
          `        { name: 'nick', type: 'varchar', length: 50, nullable: true },`,
          `      ],`,
          `    },`,
          `  });`,
        ].join('\n'),
      );
    });

    it('quotes strings with single quotes (double when they hold more single quotes), escaping what must be', () => {
      const out = renderOps([
        {
          kind: 'bulkInsert',
          table: users,
          rows: [
            { name: "O'Brien", 'e-mail': 'back\\slash', title: 'say "hi"', line: 'a\nb', it: `it's "x"` },
            { name: 'x', 'e-mail': null, title: '', line: '\u0000', it: "''" },
          ],
        },
        { kind: 'addColumn', table: users, column: { name: 'status', type: 'varchar', length: 10, default: { sql: "'active'::character varying" } } },
      ]);
      expect(out.code).to.equal(
        [
          `  await op.bulkInsert('users', [`,
          `    { name: "O'Brien", 'e-mail': 'back\\\\slash', title: 'say "hi"', line: 'a\\nb', it: 'it\\'s "x"' },`,
          `    { name: 'x', 'e-mail': null, title: '', line: '\\u0000', it: "''" },`,
          `  ]);`,
          `  await op.addColumn('users', {`,
          `    name: 'status',`,
          `    type: 'varchar',`,
          `    length: 10,`,
          `    default: sql("'active'::character varying"),`,
          `  });`,
        ].join('\n'),
      );
    });

    it('writes SQL with line breaks as a template literal, its text unchanged', () => {
      const out = renderOps([{ kind: 'execute', sql: 'UPDATE users\nSET note = `x` || \'${y}\'\nWHERE id = 1' }]);
      expect(out.code).to.equal(['  await op.execute(`UPDATE users', "SET note = \\`x\\` || '\\${y}'", 'WHERE id = 1`);'].join('\n'));
    });

    it('leaves an over-long string on a line of its own', () => {
      const long = `UPDATE users SET note = '${'x'.repeat(120)}'`;
      const out = renderOps([{ kind: 'execute', sql: long }]);
      expect(out.code).to.equal([`  await op.execute(`, `    "${long}",`, `  );`].join('\n'));
    });

    it('indents by the indent option: statements one level, nesting one more each', () => {
      const ops: Op[] = [
        { kind: 'createTable', table: users, columns: [id, email], constraints: [] },
        { kind: 'renameTable', table: users, newName: 'people' },
      ];
      expect(renderOps(ops, { indent: '    ' }).code).to.equal(
        [
          `    await op.createTable('users', [`,
          `        { name: 'id', type: 'int', primary: true, generated: 'increment' },`,
          `        { name: 'email', type: 'varchar', length: 200, unique: true },`,
          `    ]);`,
          `    await op.renameTable('users', 'people');`,
        ].join('\n'),
      );
      expect(renderOps(ops, { indent: '\t' }).code.split('\n').map((l) => l.match(/^\t*/)![0].length)).to.deep.equal([1, 2, 2, 1, 1]);
    });

    it('renders no ops as empty code', () => {
      expect(renderOps([])).to.deep.equal({ code: '', imports: [] });
    });

    it('gives byte-identical output for the same ops, whatever the key order of their objects', () => {
      const all = CASES.flatMap((c) => c.ops);
      const reordered = reorder(all) as Op[];
      expect(reordered).to.deep.equal(all);
      expect(Object.keys(reordered[0])).to.not.deep.equal(Object.keys(all[0]));
      const first = renderOps(all).code;
      expect(renderOps(all).code).to.equal(first);
      expect(renderOps(reordered).code).to.equal(first);
    });

    it('refuses values that have no literal form, with a MigError', () => {
      const op: Op = { kind: 'bulkInsert', table: users, rows: [{ id: 1, f: () => 1 }] };
      expect(() => renderOps([op])).to.throw(MigError, /Cannot render a function/);
    });
  });
});
