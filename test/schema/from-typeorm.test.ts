/**
 * modelFromTypeorm: TypeORM's entity metadata as the neutral SchemaModel, for PostgreSQL and
 * SQLite on TypeORM 1.x and 0.3. One entity set with every feature (test/schema/typeorm-project.ts)
 * is loaded through the loader in a fresh process per line; each test checks the exact model of
 * the tables one feature produces. The last block runs TypeORM's own synchronize on a real
 * database and checks that the model names and shapes what it created.
 */
import { expect } from 'chai';
import Database from 'better-sqlite3';
import * as path from 'node:path';
import { DefaultNamingStrategy } from 'typeorm';
import { DefaultNamingStrategy as DefaultNamingStrategy03 } from 'typeorm-0.3';
import type { SchemaColumn, SchemaModel, SchemaTable } from '../../src/schema/model';
import { freshDatabase, type TestDatabase } from '../helpers/postgres';
import { LINES, lineName, loadModel, makeEntityProject, type Line } from './typeorm-project';

interface Naming {
  primaryKeyName(table: string, columns: string[]): string;
  uniqueConstraintName(table: string, columns: string[]): string;
  relationConstraintName(table: string, columns: string[]): string;
  foreignKeyName(table: string, columns: string[]): string;
  indexName(table: string, columns: string[], where?: string): string;
  checkConstraintName(table: string, expression: string): string;
}

/** The line's own default naming strategy: 0.3 hashes some characters differently (see the check test). */
function naming(line: Line): Naming {
  return (line.typeorm === '1' ? new DefaultNamingStrategy() : new DefaultNamingStrategy03()) as unknown as Naming;
}

/** Column types as each dialect's TypeORM driver normalizes them. */
function types(line: Line) {
  const pg = line.dialect === 'postgres';
  return {
    int: 'integer',
    string: pg ? 'character varying' : 'varchar',
    text: 'text',
    bool: 'boolean',
    decimal: pg ? 'numeric' : 'decimal',
    timestamp: pg ? 'timestamp without time zone' : 'datetime',
    uuid: pg ? 'uuid' : 'varchar',
    // SQLite: TypeORM's driver says varchar; the values' CHECK makes it mig's simple-enum.
    simpleEnum: pg ? 'enum' : 'simple-enum',
    now: pg ? { sql: 'now()' } : { sql: "datetime('now')" },
  };
}

function table(model: SchemaModel, name: string, schema?: string): SchemaTable {
  const found = model.tables.find((t) => t.name === name && t.schema === schema);
  if (!found) throw new Error(`no table ${schema ? `${schema}.` : ''}${name} in the model (${model.tables.map((t) => t.name).join(', ')})`);
  return found;
}

const col = (name: string, type: string, extra: Omit<SchemaColumn, 'name' | 'type' | 'nullable'> & { nullable?: boolean } = {}): SchemaColumn => ({ name, type, nullable: false, ...extra });

describe('modelFromTypeorm', function () {
  this.timeout(120_000);

  for (const line of LINES) {
    describe(lineName(line), () => {
      const pg = line.dialect === 'postgres';
      const t = types(line);
      const ns = naming(line);
      /** A primary key as synchronize creates it: named on PostgreSQL, unnamed on SQLite. */
      const pk = (tableName: string, columns: string[], name = ns.primaryKeyName(tableName, columns)) =>
        pg ? { kind: 'primaryKey' as const, name, columns } : { kind: 'primaryKey' as const, columns };
      let model: SchemaModel;
      let loaded: { version: string; type: string };

      before(() => {
        const result = loadModel(makeEntityProject(line));
        model = result.model;
        loaded = result;
      });

      it('is built from the TypeORM line and driver of the project', () => {
        expect(loaded.version).to.match(line.typeorm === '1' ? /^1\./ : /^0\.3\./);
        expect(loaded.type).to.equal(line.driver);
        expect(model.dialect).to.equal(line.dialect);
      });

      it('holds the tables synchronize creates, sorted by schema and name: no views, no synchronize: false entities, no single-table children', () => {
        const names = model.tables.map((x) => (x.schema ? `${x.schema}.${x.name}` : x.name));
        const common = [
          'accounts',
          'audit',
          'categories',
          'categories_closure',
          'contents',
          'contractors',
          'employees',
          'managers',
          'pairs',
          'posts',
          'posts_tags_tags',
          'profiles',
          'tags',
          'tokens',
          'users',
        ];
        expect(names).to.deep.equal(pg ? [...common.slice(0, 12), 'regions', ...common.slice(12), 'billing.invoices', 'billing.payments'] : common);
      });

      it("gives columns in the entity's order with the driver's type, length, precision/scale, nullability, defaults, enum values and comments", () => {
        const accounts = table(model, 'accounts');
        expect(accounts.columns).to.deep.equal([
          col('id', t.int, { generated: 'increment' }),
          col('email', t.string, { length: 120 }),
          col('firstName', t.string),
          col('lastName', t.string, { nullable: true }),
          col('handle', t.string, { length: 40, nullable: true }),
          col('age', t.int, { default: 0 }),
          col('active', t.bool, { default: true }),
          col('balance', t.decimal, { precision: 10, scale: 2, default: 1.5 }),
          // SQLite has no comments: synchronize drops them, so does the model.
          col('bio', t.text, pg ? { default: 'n/a', comment: "shown on the account's page" } : { default: 'n/a' }),
          // simple-enum: a PostgreSQL enum type named <table>_<column>_enum; on SQLite a varchar with a CHECK.
          col('role', t.simpleEnum, pg ? { enum: ['admin', 'member'], enumName: 'accounts_role_enum', default: 'member' } : { enum: ['admin', 'member'], default: 'member' }),
          // A numeric TypeScript enum: its values, as text.
          col('level', t.simpleEnum, pg ? { enum: ['1', '2'], enumName: 'accounts_level_enum', nullable: true } : { enum: ['1', '2'], nullable: true }),
          // default: null is no default.
          col('nickname', t.string, { nullable: true }),
          // A function default is SQL.
          col('score', t.int, { default: { sql: '42' } }),
          col('createdAt', t.timestamp, { default: t.now }),
          col('updatedAt', t.timestamp, { default: t.now }),
          col('deletedAt', t.timestamp, { nullable: true }),
          col('revision', t.int),
          // the @VirtualColumn `computed` has no column
        ]);
        expect(accounts.comment).to.equal(undefined);
      });

      it('names primary keys as synchronize does: the naming strategy on the table and columns, or primaryKeyConstraintName (SQLite keys have no name)', () => {
        expect(table(model, 'accounts').primaryKey).to.deep.equal(pk('accounts', ['id']));
        expect(table(model, 'pairs')).to.deep.equal({
          name: 'pairs',
          columns: [col('a', t.string, { length: 10 }), col('b', t.int)],
          primaryKey: pk('pairs', ['a', 'b'], 'PK_pairs_custom'),
          uniques: [],
          foreignKeys: [],
          checks: [],
          indexes: [],
        });
      });

      it('holds unique constraints of @Unique and of unique: true columns, in their column order, sorted by name', () => {
        expect(table(model, 'accounts').uniques).to.deep.equal(
          [
            { kind: 'unique', name: 'UQ_accounts_handle', columns: ['handle'] },
            { kind: 'unique', name: ns.uniqueConstraintName('accounts', ['lastName', 'firstName']), columns: ['lastName', 'firstName'] },
            { kind: 'unique', name: ns.uniqueConstraintName('accounts', ['email']), columns: ['email'] },
          ].sort((a, b) => (a.name < b.name ? -1 : 1)),
        );
      });

      it("holds checks with TypeORM's names and expressions", () => {
        expect(table(model, 'accounts').checks).to.deep.equal(
          [
            { kind: 'check', name: 'CHK_accounts_first_name', expression: `"firstName" <> ''` },
            { kind: 'check', name: ns.checkConstraintName('accounts', '"age" >= 0'), expression: '"age" >= 0' },
          ].sort((a, b) => (a.name < b.name ? -1 : 1)),
        );
      });

      it('holds indexes with their column order, uniqueness and where clause; synchronize: false ones only by name, in ignoredIndexes', () => {
        expect(table(model, 'accounts').indexes).to.deep.equal(
          [
            { name: ns.indexName('accounts', ['score']), columns: ['score'], unique: false },
            { name: 'IDX_accounts_live_email', columns: ['email', 'handle'], unique: true, where: '"deletedAt" IS NULL' },
            { name: ns.indexName('accounts', ['lastName', 'firstName']), columns: ['lastName', 'firstName'], unique: false },
          ].sort((a, b) => (a.name < b.name ? -1 : 1)),
        );
        expect(table(model, 'audit')).to.deep.equal({
          name: 'audit',
          columns: [col('id', t.int, { generated: 'increment' }), col('at', t.timestamp)],
          primaryKey: pk('audit', ['id']),
          uniques: [],
          foreignKeys: [],
          checks: [],
          indexes: [],
          ignoredIndexes: ['IDX_audit_manual'],
        });
      });

      it('derives ManyToOne join columns and foreign keys: actions upper-cased (NO ACTION left out), deferrable, given names, non-primary references, none without a constraint', () => {
        const fks = [
          // onDelete: 'cascade' in the entity
          { kind: 'foreignKey', name: ns.foreignKeyName('posts', ['authorId']), columns: ['authorId'], referencedTable: { name: 'users' }, referencedColumns: ['id'], onDelete: 'CASCADE' },
          {
            kind: 'foreignKey',
            name: 'FK_posts_editor',
            columns: ['editor_id'],
            referencedTable: { name: 'users' },
            referencedColumns: ['id'],
            deferrable: 'INITIALLY DEFERRED',
          },
          { kind: 'foreignKey', name: ns.foreignKeyName('posts', ['owner_email']), columns: ['owner_email'], referencedTable: { name: 'accounts' }, referencedColumns: ['email'] },
          { kind: 'foreignKey', name: ns.foreignKeyName('posts', ['categoryId']), columns: ['categoryId'], referencedTable: { name: 'categories' }, referencedColumns: ['id'] },
        ];
        expect(table(model, 'posts')).to.deep.equal({
          name: 'posts',
          columns: [
            col('id', t.int, { generated: 'increment' }),
            col('title', t.string),
            col('authorId', t.int),
            col('editor_id', t.int, { nullable: true }),
            // the referenced column's type and length
            col('owner_email', t.string, { length: 120, nullable: true }),
            // createForeignKeyConstraints: false: a column, no foreign key
            col('reviewerId', t.int, { nullable: true }),
            col('categoryId', t.int, { nullable: true }),
          ],
          primaryKey: pk('posts', ['id']),
          uniques: [],
          foreignKeys: fks.sort((a, b) => (a.name < b.name ? -1 : 1)),
          checks: [],
          // @Index(['category', 'title']): the relation's join column, in the given order
          indexes: [{ name: ns.indexName('posts', ['categoryId', 'title']), columns: ['categoryId', 'title'], unique: false }],
        });
      });

      it('derives the join column, REL_ unique constraint and foreign key of an owning OneToOne', () => {
        expect(table(model, 'users')).to.deep.equal({
          name: 'users',
          columns: [col('id', t.int, { generated: 'increment' }), col('name', t.string), col('profileId', t.int, { nullable: true })],
          primaryKey: pk('users', ['id']),
          uniques: [{ kind: 'unique', name: ns.relationConstraintName('users', ['profileId']), columns: ['profileId'] }],
          foreignKeys: [
            { kind: 'foreignKey', name: ns.foreignKeyName('users', ['profileId']), columns: ['profileId'], referencedTable: { name: 'profiles' }, referencedColumns: ['id'], onDelete: 'SET NULL' },
          ],
          checks: [],
          indexes: [],
        });
      });

      it('gives uuid generation, on primary and plain columns, and a composite ManyToOne (foreign key, @Unique on the relation) in the order TypeORM builds it', () => {
        // TypeORM 1.x orders a composite join by the referenced primary key; 0.3 keeps the @JoinColumn order.
        const joinOrder = line.typeorm === '1' ? ['a', 'b'] : ['b', 'a'];
        const pairColumns = { a: col('pair_a', t.string, { length: 10, nullable: true }), b: col('pair_b', t.int, { nullable: true }) };
        expect(table(model, 'tokens')).to.deep.equal({
          name: 'tokens',
          columns: [col('id', t.uuid, { generated: 'uuid' }), col('secret', t.uuid, { generated: 'uuid' }), ...joinOrder.map((k) => pairColumns[k as 'a' | 'b'])],
          primaryKey: pk('tokens', ['id']),
          uniques: [{ kind: 'unique', name: 'UQ_tokens_pair', columns: joinOrder.map((k) => `pair_${k}`) }],
          foreignKeys: [
            {
              kind: 'foreignKey',
              name: ns.foreignKeyName('tokens', ['pair_b', 'pair_a']),
              columns: joinOrder.map((k) => `pair_${k}`),
              referencedTable: { name: 'pairs' },
              referencedColumns: joinOrder,
              onDelete: 'SET NULL',
            },
          ],
          checks: [],
          indexes: [],
        });
      });

      it('holds the junction table of a many-to-many relation', () => {
        // The inverse side's foreign key takes the inverse relation's actions: CASCADE by default on 1.x, NO ACTION on 0.3.
        const inverse = line.typeorm === '1' ? { onDelete: 'CASCADE', onUpdate: 'CASCADE' } : {};
        expect(table(model, 'posts_tags_tags')).to.deep.equal({
          name: 'posts_tags_tags',
          columns: [col('postsId', t.int), col('tagsSlug', t.string, { length: 30 })],
          primaryKey: pk('posts_tags_tags', ['postsId', 'tagsSlug']),
          uniques: [],
          foreignKeys: [
            { kind: 'foreignKey', name: ns.foreignKeyName('posts_tags_tags', ['postsId']), columns: ['postsId'], referencedTable: { name: 'posts' }, referencedColumns: ['id'], onDelete: 'CASCADE', onUpdate: 'CASCADE' },
            { kind: 'foreignKey', name: ns.foreignKeyName('posts_tags_tags', ['tagsSlug']), columns: ['tagsSlug'], referencedTable: { name: 'tags' }, referencedColumns: ['slug'], ...inverse },
          ],
          checks: [],
          indexes: [
            { name: ns.indexName('posts_tags_tags', ['postsId']), columns: ['postsId'], unique: false },
            { name: ns.indexName('posts_tags_tags', ['tagsSlug']), columns: ['tagsSlug'], unique: false },
          ],
        });
        expect(table(model, 'tags').columns).to.deep.equal([col('slug', t.string, { length: 30 })]);
      });

      it("puts single-table inheritance children's columns and the indexed discriminator in the parent's table", () => {
        expect(table(model, 'contents')).to.deep.equal({
          name: 'contents',
          columns: [
            col('id', t.int, { generated: 'increment' }),
            col('title', t.string),
            col('width', t.int, { nullable: true }),
            col('body', t.text, { nullable: true }),
            col('slug', t.string, { nullable: true }),
            col('kind', t.string, { length: 20 }),
          ],
          primaryKey: pk('contents', ['id']),
          uniques: [],
          foreignKeys: [],
          checks: [],
          indexes: [
            { name: ns.indexName('contents', ['kind']), columns: ['kind'], unique: false },
            { name: ns.indexName('contents', ['slug']), columns: ['slug'], unique: true },
          ].sort((a, b) => (a.name < b.name ? -1 : 1)),
        });
      });

      it('gives each entity of a class hierarchy its own table with the inherited columns first', () => {
        const inherited = [col('id', t.int, { generated: 'increment' }), col('name', t.string), col('joinedAt', t.timestamp, { default: t.now })];
        const plain = (name: string, columns: SchemaColumn[]): SchemaTable => ({ name, columns, primaryKey: pk(name, ['id']), uniques: [], foreignKeys: [], checks: [], indexes: [] });
        expect(table(model, 'employees')).to.deep.equal(plain('employees', [...inherited, col('salary', t.int)]));
        expect(table(model, 'contractors')).to.deep.equal(plain('contractors', [...inherited, col('rate', t.int)]));
        expect(table(model, 'managers')).to.deep.equal(plain('managers', [...inherited, col('salary', t.int), col('reports', t.int, { default: 0 })]));
      });

      it('holds the closure table of a closure-table tree', () => {
        expect(table(model, 'categories')).to.deep.equal({
          name: 'categories',
          columns: [col('id', t.int, { generated: 'increment' }), col('name', t.string), col('parentId', t.int, { nullable: true })],
          primaryKey: pk('categories', ['id']),
          uniques: [],
          foreignKeys: [
            { kind: 'foreignKey', name: ns.foreignKeyName('categories', ['parentId']), columns: ['parentId'], referencedTable: { name: 'categories' }, referencedColumns: ['id'], onDelete: 'CASCADE' },
          ],
          checks: [],
          indexes: [],
        });
        const closure = (c: string) => ({ kind: 'foreignKey', name: ns.foreignKeyName('categories_closure', [c]), columns: [c], referencedTable: { name: 'categories' }, referencedColumns: ['id'], onDelete: 'CASCADE' });
        const index = (c: string) => ({ name: ns.indexName('categories_closure', [c]), columns: [c], unique: false });
        expect(table(model, 'categories_closure')).to.deep.equal({
          name: 'categories_closure',
          columns: [col('id_ancestor', t.int), col('id_descendant', t.int)],
          primaryKey: pk('categories_closure', ['id_ancestor', 'id_descendant']),
          uniques: [],
          foreignKeys: [closure('id_ancestor'), closure('id_descendant')].sort((a, b) => (a.name < b.name ? -1 : 1)),
          checks: [],
          indexes: [index('id_ancestor'), index('id_descendant')].sort((a, b) => (a.name < b.name ? -1 : 1)),
        });
      });

      it('flattens embedded columns with their prefixes, and indexes each embedding', () => {
        expect(table(model, 'profiles')).to.deep.equal({
          name: 'profiles',
          columns: [
            col('id', t.int, { generated: 'increment' }),
            col('homeStreet', t.string, { nullable: true }),
            col('homeZip', t.string, { length: 10, default: '00000' }),
            col('shipStreet', t.string, { nullable: true }),
            col('shipZip', t.string, { length: 10, default: '00000' }),
          ],
          primaryKey: pk('profiles', ['id']),
          uniques: [],
          foreignKeys: [],
          checks: [],
          indexes: [
            { name: ns.indexName('profiles', ['homeZip']), columns: ['homeZip'], unique: false },
            { name: ns.indexName('profiles', ['shipZip']), columns: ['shipZip'], unique: false },
          ].sort((a, b) => (a.name < b.name ? -1 : 1)),
        });
      });

      if (pg) {
        it('qualifies tables outside the default schema, and references to them; an explicit public schema is left out', () => {
          expect(table(model, 'invoices', 'billing')).to.deep.equal({
            schema: 'billing',
            name: 'invoices',
            columns: [
              col('id', 'integer', { generated: 'identity' }),
              col('number', 'character varying', { length: 20 }),
              col('status', 'enum', { enum: ['draft', 'sent', 'paid'], enumName: 'invoices_status_enum', default: 'draft' }),
              col('currency', 'enum', { enum: ['EUR', 'USD'], enumName: 'currency' }),
              col('notes', 'text', { array: true, default: { sql: "'{}'" } }),
              col('meta', 'jsonb', { default: { paid: false } }),
              col('paidAt', 'timestamp with time zone', { precision: 3, nullable: true }),
              col('ref', 'uuid', { generated: 'uuid' }),
              col('accountId', 'integer', { nullable: true }),
            ],
            // the naming strategy hashes the table name without its schema
            primaryKey: pk('invoices', ['id']),
            uniques: [],
            foreignKeys: [
              { kind: 'foreignKey', name: ns.foreignKeyName('invoices', ['accountId']), columns: ['accountId'], referencedTable: { name: 'accounts' }, referencedColumns: ['id'], onDelete: 'RESTRICT', onUpdate: 'CASCADE' },
            ],
            checks: [],
            indexes: [{ name: ns.indexName('invoices', ['number']), columns: ['number'], unique: true }],
            comment: 'issued invoices',
          });
          expect(table(model, 'payments', 'billing')).to.deep.equal({
            schema: 'billing',
            name: 'payments',
            columns: [
              col('id', 'uuid', { generated: 'uuid' }),
              col('currency', 'enum', { enum: ['EUR', 'USD'], enumName: 'currency' }),
              col('payKinds', 'enum', { array: true, enum: ['card', 'cash'], enumName: 'payments_paykinds_enum', default: ['card'] }),
              col('amount', 'numeric', { precision: 12, scale: 2 }),
              col('invoiceId', 'integer', { nullable: true }),
            ],
            primaryKey: pk('payments', ['id']),
            uniques: [],
            foreignKeys: [
              {
                kind: 'foreignKey',
                name: ns.foreignKeyName('payments', ['invoiceId']),
                columns: ['invoiceId'],
                referencedTable: { schema: 'billing', name: 'invoices' },
                referencedColumns: ['id'],
                onDelete: 'CASCADE',
                },
            ],
            checks: [],
            indexes: [],
          });
          expect(table(model, 'regions')).to.deep.equal({
            name: 'regions',
            columns: [col('code', 'character', { length: 2 }), col('zone', 'enum', { enum: ['north', 'south'], enumName: 'regions_zone_enum' })],
            primaryKey: pk('regions', ['code']),
            uniques: [],
            foreignKeys: [],
            checks: [],
            indexes: [],
          });
        });

        it("lists enum types once each, in their table's schema, named <table>_<lower-case column>_enum unless enumName is given", () => {
          expect(model.enums).to.deep.equal([
            { name: 'accounts_level_enum', values: ['1', '2'] },
            { name: 'accounts_role_enum', values: ['admin', 'member'] },
            { name: 'regions_zone_enum', values: ['north', 'south'] },
            { schema: 'billing', name: 'currency', values: ['EUR', 'USD'] },
            { schema: 'billing', name: 'invoices_status_enum', values: ['draft', 'sent', 'paid'] },
            { schema: 'billing', name: 'payments_paykinds_enum', values: ['card', 'cash'] },
          ]);
        });
      } else {
        it('has no enum types on SQLite', () => {
          expect(model.enums).to.deep.equal([]);
        });
      }
    });
  }

  it('hashes auto-named checks differently on TypeORM 0.3 and 1.x when the expression has quotes or < >', () => {
    const expression = '"age" >= 0';
    expect(new DefaultNamingStrategy03().checkConstraintName('accounts', expression)).to.equal('CHK_e288cdccd6b73bf630a9333920');
    expect(new DefaultNamingStrategy().checkConstraintName('accounts', expression)).to.equal('CHK_f6b8280a596d106a6013c38884');
  });

  it('leaves out the schema given as defaultSchema and qualifies the others', () => {
    const line = LINES[0];
    const { model } = loadModel(makeEntityProject(line), { defaultSchema: 'billing' });
    const names = model.tables.map((x) => (x.schema ? `${x.schema}.${x.name}` : x.name));
    expect(names).to.include.members(['invoices', 'payments', 'accounts', 'public.regions']);
    expect(table(model, 'payments').foreignKeys[0].referencedTable).to.deep.equal({ name: 'invoices' });
    expect(model.enums.map((e) => (e.schema ? `${e.schema}.${e.name}` : e.name))).to.deep.equal([
      'accounts_level_enum',
      'accounts_role_enum',
      'currency',
      'invoices_status_enum',
      'payments_paykinds_enum',
      'public.regions_zone_enum',
    ]);
  });
});

/* ---------------------------------------------------------------------------------------------
 * What synchronize created, read back from the catalogs, in one comparable shape.
 * ------------------------------------------------------------------------------------------- */

interface Shape {
  tables: Record<string, { columns: string[]; primaryKey?: string; constraints: string[]; indexes: string[]; comments: string[] }>;
  enums: string[];
}

const list = (cols: string[]) => cols.join(', ');
const sorted = (xs: string[]) => [...xs].sort();

/** The model in the shape read from a database (PostgreSQL names carry their schema). */
function modelShape(model: SchemaModel): Shape {
  const pg = model.dialect === 'postgres';
  const qualify = (ref: { schema?: string; name: string }) => (pg ? `${ref.schema ?? 'public'}.${ref.name}` : ref.name);
  const shape: Shape = { tables: {}, enums: sorted(model.enums.map((e) => `${qualify(e)}: ${list(e.values)}`)) };
  for (const t of model.tables) {
    const comments = t.columns.filter((c) => c.comment).map((c) => `${c.name}: ${c.comment}`);
    if (t.comment) comments.push(`table: ${t.comment}`);
    shape.tables[qualify(t)] = {
      columns: t.columns.map((c) => `${c.name}${c.nullable ? ' NULL' : ''}`),
      primaryKey: t.primaryKey ? `${t.primaryKey.name ?? ''}(${list(t.primaryKey.columns)})` : undefined,
      constraints: sorted([
        ...t.uniques.map((u) => `unique ${u.name} (${list(u.columns)})`),
        ...t.checks.map((c) => `check ${c.name}`),
        ...t.foreignKeys.map(
          (f) =>
            `foreignKey ${f.name} (${list(f.columns)}) -> ${qualify(f.referencedTable)}(${list(f.referencedColumns)}) ON DELETE ${f.onDelete ?? 'NO ACTION'} ON UPDATE ${f.onUpdate ?? 'NO ACTION'}${f.deferrable ? ` DEFERRABLE ${f.deferrable}` : ''}`,
        ),
      ]),
      indexes: sorted(t.indexes.map((i) => `${i.unique ? 'unique ' : ''}index ${i.name} (${list(i.columns)})${i.where ? ' where' : ''}`)),
      comments: sorted(comments),
    };
  }
  return shape;
}

const PG_ACTIONS: Record<string, string> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };

async function postgresShape(db: TestDatabase): Promise<Shape> {
  const tables = await db.query<{ oid: number; name: string; comment: string | null }>(
    `SELECT c.oid::int AS oid, n.nspname || '.' || c.relname AS name, obj_description(c.oid, 'pg_class') AS comment
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'r' AND n.nspname IN ('public', 'billing') AND c.relname <> 'typeorm_metadata'`,
  );
  const columns = await db.query<{ rel: number; name: string; notnull: boolean; num: number; comment: string | null }>(
    `SELECT attrelid::int AS rel, attname AS name, attnotnull AS notnull, attnum AS num, col_description(attrelid, attnum) AS comment
       FROM pg_attribute WHERE attnum > 0 AND NOT attisdropped ORDER BY attnum`,
  );
  const constraints = await db.query<{
    rel: number;
    name: string;
    type: string;
    cols: string[];
    ref: string | null;
    refcols: string[] | null;
    del: string;
    upd: string;
    deferrable: boolean;
    deferred: boolean;
  }>(
    `SELECT k.conrelid::int AS rel, k.conname AS name, k.contype::text AS type,
            ARRAY(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY u(n, i) JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.i) AS cols,
            CASE WHEN k.contype = 'f' THEN (SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = k.confrelid) END AS ref,
            CASE WHEN k.contype = 'f' THEN ARRAY(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY u(n, i) JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.i) END AS refcols,
            k.confdeltype::text AS del, k.confupdtype::text AS upd, k.condeferrable AS deferrable, k.condeferred AS deferred
       FROM pg_constraint k WHERE k.contype IN ('p', 'u', 'f', 'c') AND k.conrelid <> 0`,
  );
  const indexes = await db.query<{ rel: number; name: string; unique: boolean; cols: string[]; partial: boolean }>(
    `SELECT i.indrelid::int AS rel, ic.relname AS name, i.indisunique AS unique, i.indpred IS NOT NULL AS partial,
            ARRAY(SELECT a.attname::text FROM unnest(i.indkey::int2[]) WITH ORDINALITY u(n, o) JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = u.n ORDER BY u.o) AS cols
       FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
      WHERE NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.contype IN ('p', 'u', 'x'))`,
  );
  const enums = await db.query<{ name: string; labels: string[] }>(
    `SELECT n.nspname || '.' || t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace GROUP BY 1`,
  );
  const shape: Shape = { tables: {}, enums: sorted(enums.map((e) => `${e.name}: ${list(e.labels)}`)) };
  for (const t of tables) {
    const cols = columns.filter((c) => c.rel === t.oid);
    const cons = constraints.filter((k) => k.rel === t.oid);
    const primary = cons.find((k) => k.type === 'p');
    const comments = cols.filter((c) => c.comment).map((c) => `${c.name}: ${c.comment}`);
    if (t.comment) comments.push(`table: ${t.comment}`);
    shape.tables[t.name] = {
      columns: cols.map((c) => `${c.name}${c.notnull ? '' : ' NULL'}`),
      primaryKey: primary ? `${primary.name}(${list(primary.cols)})` : undefined,
      constraints: sorted(
        cons
          .filter((k) => k.type !== 'p')
          .map((k) => {
            if (k.type === 'u') return `unique ${k.name} (${list(k.cols)})`;
            if (k.type === 'c') return `check ${k.name}`;
            const deferrable = k.deferrable ? ` DEFERRABLE INITIALLY ${k.deferred ? 'DEFERRED' : 'IMMEDIATE'}` : '';
            return `foreignKey ${k.name} (${list(k.cols)}) -> ${k.ref}(${list(k.refcols!)}) ON DELETE ${PG_ACTIONS[k.del]} ON UPDATE ${PG_ACTIONS[k.upd]}${deferrable}`;
          }),
      ),
      indexes: sorted(indexes.filter((i) => i.rel === t.oid).map((i) => `${i.unique ? 'unique ' : ''}index ${i.name} (${list(i.cols)})${i.partial ? ' where' : ''}`)),
      comments: sorted(comments),
    };
  }
  return shape;
}

/** SQLite keeps constraint names only in the CREATE TABLE text, which TypeORM writes in one format. */
function sqliteShape(file: string): Shape {
  const db = new Database(file, { readonly: true });
  try {
    const shape: Shape = { tables: {}, enums: [] };
    const tables = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'typeorm_metadata'`).all() as Array<{ name: string; sql: string }>;
    const names = (text: string) => [...text.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
    for (const t of tables) {
      const info = db.prepare('SELECT name, "notnull", pk FROM pragma_table_info(?) ORDER BY cid').all(t.name) as Array<{ name: string; notnull: number; pk: number }>;
      const constraints: string[] = [];
      for (const m of t.sql.matchAll(/CONSTRAINT "([^"]+)" UNIQUE \(([^)]*)\)/g)) constraints.push(`unique ${m[1]} (${list(names(m[2]))})`);
      for (const m of t.sql.matchAll(/CONSTRAINT "([^"]+)" CHECK/g)) constraints.push(`check ${m[1]}`);
      const fk =
        /CONSTRAINT "([^"]+)" FOREIGN KEY \(([^)]*)\) REFERENCES "([^"]+)" \(([^)]*)\)(?: ON DELETE (CASCADE|RESTRICT|NO ACTION|SET NULL|SET DEFAULT))?(?: ON UPDATE (CASCADE|RESTRICT|NO ACTION|SET NULL|SET DEFAULT))?(?: DEFERRABLE (INITIALLY DEFERRED|INITIALLY IMMEDIATE))?/gi;
      for (const m of t.sql.matchAll(fk)) {
        const deferrable = m[7] ? ` DEFERRABLE ${m[7].toUpperCase()}` : '';
        constraints.push(`foreignKey ${m[1]} (${list(names(m[2]))}) -> ${m[3]}(${list(names(m[4]))}) ON DELETE ${(m[5] ?? 'NO ACTION').toUpperCase()} ON UPDATE ${(m[6] ?? 'NO ACTION').toUpperCase()}${deferrable}`);
      }
      const indexes = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`).all(t.name) as Array<{ name: string; sql: string }>;
      const primary = info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
      shape.tables[t.name] = {
        columns: info.map((c) => `${c.name}${c.notnull ? '' : ' NULL'}`),
        primaryKey: primary.length ? `(${list(primary.map((c) => c.name))})` : undefined,
        constraints: sorted(constraints),
        indexes: sorted(
          indexes.map((i) => {
            const cols = (db.prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno').all(i.name) as Array<{ name: string }>).map((c) => c.name);
            return `${/^CREATE UNIQUE/i.test(i.sql) ? 'unique ' : ''}index ${i.name} (${list(cols)})${/\bWHERE\b/i.test(i.sql) ? ' where' : ''}`;
          }),
        ),
        comments: [],
      };
    }
    return shape;
  } finally {
    db.close();
  }
}

describe('modelFromTypeorm against what TypeORM synchronize creates', function () {
  this.timeout(120_000);

  for (const line of LINES) {
    it(`names and shapes every table, key, constraint, index and enum type as synchronize created them: ${lineName(line)}`, async () => {
      if (line.dialect === 'postgres') {
        const db = await freshDatabase();
        try {
          // synchronize creates tables, not schemas
          await db.query('CREATE SCHEMA billing');
          const { model } = loadModel(makeEntityProject(line, db.url), { sync: true });
          expect(model.tables.length).to.equal(18);
          expect(await postgresShape(db)).to.deep.equal(modelShape(model));
        } finally {
          await db.drop();
        }
      } else {
        const dir = makeEntityProject(line);
        const { model } = loadModel(dir, { sync: true });
        expect(model.tables.length).to.equal(15);
        expect(sqliteShape(path.join(dir, 'app.db'))).to.deep.equal(modelShape(model));
      }
    });
  }
});
