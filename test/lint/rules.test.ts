/**
 * Every lint rule fires on the risky form and stays silent on the safe one, on each database it
 * applies to (the ops are built with the public `op` API, as a revision builds them).
 */
import { expect } from 'chai';
import { lintOps, RULES } from '../../src/lint/rules';
import type { Operations } from '../../src/operations/api';
import { sql } from '../../src/operations/api';
import { opsOf, type TargetName } from '../operations/targets';

type LintDialect = TargetName | 'mysql';

type Build = (op: Operations) => Promise<void>;

async function rulesOf(dialect: LintDialect, build: Build, transactional = true): Promise<string[]> {
  return lintOps(await opsOf(dialect, build), { dialect, transactional }).map((f) => f.rule);
}

interface Case {
  rule: string;
  dialects: LintDialect[];
  risky: Build;
  safe: Build;
  transactional?: boolean;
}

const users = (op: Operations) =>
  op.createTable('users', [
    { name: 'id', type: 'int', primary: true },
    { name: 'name', type: 'varchar', length: 100, nullable: true },
  ]);

const CASES: Case[] = [
  {
    rule: 'drop-table',
    dialects: ['sqlite', 'postgres', 'mysql'],
    risky: (op) => op.dropTable('users'),
    safe: (op) => op.dropView('active_users'),
  },
  {
    rule: 'drop-column',
    dialects: ['sqlite', 'postgres', 'mysql'],
    risky: (op) => op.dropColumn('users', 'name'),
    safe: (op) => op.dropColumn('users', 'full_name', { existing: { name: 'full_name', type: 'text', asExpression: "first || ' ' || last", generatedType: 'VIRTUAL' } }),
  },
  {
    rule: 'possible-rename',
    dialects: ['sqlite', 'postgres', 'mysql'],
    risky: async (op) => {
      await op.dropColumn('users', 'name', { existing: { name: 'name', type: 'varchar', length: 100, nullable: true } });
      await op.addColumn('users', { name: 'full_name', type: 'varchar', length: 100, nullable: true });
    },
    safe: async (op) => {
      await op.dropColumn('users', 'name', { existing: { name: 'name', type: 'varchar', length: 100, nullable: true } });
      await op.addColumn('users', { name: 'age', type: 'int', nullable: true });
    },
  },
  {
    rule: 'narrowing-type',
    dialects: ['postgres', 'mysql'],
    risky: (op) => op.alterColumn('users', 'name', { type: 'varchar', length: 50, existingType: 'varchar(100)' }),
    safe: (op) => op.alterColumn('users', 'name', { type: 'varchar', length: 200, existingType: 'varchar(100)' }),
  },
  {
    rule: 'narrowing-type',
    dialects: ['postgres', 'mysql'],
    risky: (op) => op.alterColumn('users', 'score', { type: 'int', existingType: 'bigint' }),
    safe: (op) => op.alterColumn('users', 'score', { type: 'bigint', existingType: 'int' }),
  },
  {
    rule: 'narrowing-type',
    dialects: ['mysql'],
    risky: (op) => op.alterColumn('users', 'level', { type: 'tinyint unsigned', existingType: 'smallint unsigned' }),
    safe: (op) => op.alterColumn('users', 'level', { type: 'mediumint unsigned', existingType: 'smallint unsigned' }),
  },
  {
    rule: 'narrowing-type',
    dialects: ['postgres', 'mysql'],
    risky: (op) => op.alterColumn('users', 'bio', { type: 'varchar', length: 500, existingType: 'text' }),
    safe: (op) => op.alterColumn('users', 'bio', { type: 'text', existingType: 'varchar(500)' }),
  },
  {
    rule: 'narrowing-type',
    dialects: ['postgres', 'mysql'],
    risky: (op) => op.alterColumn('users', 'price', { type: 'numeric', precision: 8, scale: 2, existingType: 'numeric(10,2)' }),
    safe: (op) => op.alterColumn('users', 'price', { type: 'numeric', precision: 12, scale: 2, existingType: 'numeric(10,2)' }),
  },
  {
    rule: 'table-rewrite',
    dialects: ['postgres'],
    risky: (op) => op.alterColumn('users', 'age', { type: 'bigint', existingType: 'int' }),
    safe: (op) => op.alterColumn('users', 'name', { type: 'varchar', length: 200, existingType: 'varchar(100)' }),
  },
  {
    rule: 'set-not-null',
    dialects: ['sqlite', 'postgres', 'mysql'],
    risky: (op) => op.alterColumn('users', 'name', { nullable: false, existingNullable: true }),
    safe: (op) => op.alterColumn('users', 'name', { nullable: false, existingNullable: true, backfill: '' }),
  },
  {
    rule: 'add-column-not-null',
    dialects: ['sqlite', 'postgres', 'mysql'],
    risky: (op) => op.addColumn('users', { name: 'email', type: 'varchar', length: 200 }),
    safe: (op) => op.addColumn('users', { name: 'email', type: 'varchar', length: 200, default: '' }),
  },
  {
    rule: 'add-column-not-null',
    dialects: ['sqlite', 'postgres', 'mysql'],
    risky: (op) => op.addColumn('users', { name: 'email', type: 'varchar', length: 200 }),
    // A table this revision creates holds no rows yet.
    safe: async (op) => {
      await users(op);
      await op.addColumn('users', { name: 'email', type: 'varchar', length: 200 });
    },
  },
  {
    rule: 'remove-enum-value',
    dialects: ['postgres', 'mysql'],
    risky: (op) => op.alterEnum('status', ['new', 'done'], { existing: ['new', 'active', 'done'] }),
    safe: (op) => op.alterEnum('status', ['new', 'active', 'done', 'archived'], { existing: ['new', 'active', 'done'] }),
  },
  {
    rule: 'remove-enum-value',
    dialects: ['sqlite', 'postgres', 'mysql'],
    risky: (op) => op.alterColumn('posts', 'status', { type: 'enum', enum: ['new', 'done'], existingType: { type: 'enum', enum: ['new', 'active', 'done'] } }),
    safe: (op) => op.alterColumn('posts', 'status', { type: 'enum', enum: ['new', 'active', 'done', 'archived'], existingType: { type: 'enum', enum: ['new', 'active', 'done'] } }),
  },
  {
    rule: 'index-not-concurrently',
    dialects: ['postgres'],
    risky: (op) => op.createIndex('users_name_idx', 'users', ['name']),
    safe: (op) => op.createIndex('users_name_idx', 'users', ['name'], { concurrently: true }),
    transactional: false,
  },
  {
    rule: 'index-not-concurrently',
    dialects: ['postgres'],
    risky: (op) => op.dropIndex('users_name_idx', 'users'),
    safe: (op) => op.dropIndex('users_name_idx', 'users', { concurrently: true }),
    transactional: false,
  },
  {
    rule: 'concurrently-in-transaction',
    dialects: ['postgres'],
    risky: (op) => op.createIndex('users_name_idx', 'users', ['name'], { concurrently: true }),
    safe: async (op) => {
      await users(op);
      await op.createIndex('users_name_idx', 'users', ['name']);
    },
  },
  {
    rule: 'constraint-not-valid',
    dialects: ['postgres'],
    risky: (op) => op.createForeignKey('posts_user_fk', 'posts', 'users', ['user_id'], ['id']),
    safe: (op) => op.createForeignKey('posts_user_fk', 'posts', 'users', ['user_id'], ['id'], { notValid: true }),
  },
  {
    rule: 'constraint-not-valid',
    dialects: ['postgres'],
    risky: (op) => op.createCheckConstraint('users_age_ck', 'users', 'age >= 0'),
    safe: (op) => op.createCheckConstraint('users_age_ck', 'users', 'age >= 0', { notValid: true }),
  },
  {
    rule: 'unique-on-existing-table',
    dialects: ['sqlite', 'postgres', 'mysql'],
    risky: (op) => op.createUniqueConstraint('users_name_key', 'users', ['name']),
    safe: (op) => op.createTable('tags', [{ name: 'id', type: 'int', primary: true }, { name: 'name', type: 'text', unique: true }]),
  },
  {
    rule: 'unique-on-existing-table',
    dialects: ['sqlite', 'postgres', 'mysql'],
    risky: (op) => op.batchAlterTable('users', (b) => b.createUniqueConstraint('UQ_new', ['name'])),
    // A rename in a SQLite rebuild: the same unique dropped and added under its new name.
    safe: (op) =>
      op.batchAlterTable('users', (b) => {
        b.dropConstraint('UQ_old', 'unique', { existing: op.unique(['name'], { name: 'UQ_old' }) });
        b.createUniqueConstraint('UQ_new', ['name']);
      }),
  },
  {
    rule: 'rename',
    dialects: ['sqlite', 'postgres', 'mysql'],
    risky: (op) => op.alterColumn('users', 'name', { newColumnName: 'full_name' }),
    safe: (op) => op.alterColumn('users', 'name', { comment: 'shown on the profile' }),
  },
  {
    rule: 'rename',
    dialects: ['sqlite', 'postgres', 'mysql'],
    risky: (op) => op.renameTable('users', 'accounts'),
    safe: (op) => op.setTableComment('users', 'the accounts'),
  },
  {
    rule: 'unanalysed-sql',
    dialects: ['sqlite', 'postgres', 'mysql'],
    risky: (op) => op.execute('REINDEX TABLE users'),
    safe: (op) => op.execute("UPDATE users SET name = 'x' WHERE name IS NULL; INSERT INTO users (id) VALUES (1)"),
  },
];

describe('lint rules', () => {
  for (const c of CASES) {
    for (const dialect of ['sqlite', 'postgres', 'mysql'] as const) {
      if (c.dialects.includes(dialect)) {
        it(`${c.rule} fires on the risky form and is silent on the safe one (${dialect})`, async () => {
          expect(await rulesOf(dialect, c.risky, c.transactional)).to.include(c.rule);
          expect(await rulesOf(dialect, c.safe, c.transactional)).to.not.include(c.rule);
        });
      } else {
        it(`${c.rule} does not apply on ${dialect}`, async () => {
          expect(await rulesOf(dialect, c.risky, c.transactional)).to.not.include(c.rule);
        });
      }
    }
  }

  it('every rule has a case here, an id, a reason, a fix and a source', () => {
    const tested = new Set(CASES.map((c) => c.rule));
    for (const r of RULES) {
      expect(tested.has(r.id), r.id).to.equal(true);
      expect(r.reason && r.fix && r.source, r.id).to.be.a('string').and.not.equal('');
    }
  });

  it('reads what it can of execute() SQL: drops, renames, type changes, NOT NULL and plain CREATE INDEX', async () => {
    const found = await rulesOf('postgres', (op) =>
      op.execute(`DROP TABLE old_logs; ALTER TABLE users DROP COLUMN name; ALTER TABLE users RENAME COLUMN a TO b;
        ALTER TABLE users ALTER COLUMN age TYPE bigint; ALTER TABLE users ALTER COLUMN email SET NOT NULL;
        CREATE INDEX users_email_idx ON users (email); CREATE INDEX CONCURRENTLY users_x_idx ON users (x);
        ALTER TABLE users DROP CONSTRAINT users_x_key; ALTER TABLE posts ADD CONSTRAINT posts_fk FOREIGN KEY (a) REFERENCES users (id);
        ALTER TABLE posts ADD CONSTRAINT posts_ck CHECK (a > 0) NOT VALID; ALTER TABLE posts VALIDATE CONSTRAINT posts_ck`),
    );
    expect(found).to.deep.equal(['drop-table', 'drop-column', 'rename', 'table-rewrite', 'set-not-null', 'index-not-concurrently', 'constraint-not-valid']);
  });

  it('checks the ops inside a SQLite batch, naming the batch table', async () => {
    const ops = await opsOf('sqlite', (op) =>
      op.batchAlterTable('users', (batch) => {
        batch.dropColumn('name');
        batch.alterColumn('email', { nullable: false, existingNullable: true });
      }),
    );
    const findings = lintOps(ops, { dialect: 'sqlite' });
    expect(findings.map((f) => [f.rule, f.subject, f.opIndex])).to.deep.equal([
      ['drop-column', 'drop column users.name', 0],
      ['set-not-null', 'set users.email NOT NULL', 0],
    ]);
  });

  it('keeps a default value as a literal in sql() defaults too (no finding for an added column with sql default)', async () => {
    expect(await rulesOf('postgres', (op) => op.addColumn('users', { name: 'created_at', type: 'timestamptz', default: sql('now()') }))).to.deep.equal([]);
  });
});
