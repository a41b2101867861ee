/**
 * A user project with a rich entity set (every feature the model has to capture), loaded in a
 * fresh node process through the loader, and turned into a SchemaModel there.
 *
 * The child process runs this repository's sources (through ts-node), not dist/: decorators
 * register into one global storage shared by every TypeORM copy, so each project gets a process
 * of its own.
 */
import * as path from 'node:path';
import type { SchemaModel } from '../../src/schema/model';
import { makeProject, node, REPO } from '../helpers/project';

export type Dialect = 'postgres' | 'sqlite';

export interface Line {
  dialect: Dialect;
  /** TypeORM line. */
  typeorm: '1' | '0.3';
  /** The DataSource type the loader picks (from the packages the project has). */
  driver: 'postgres' | 'better-sqlite3' | 'sqlite';
}

export const LINES: Line[] = [
  { dialect: 'postgres', typeorm: '1', driver: 'postgres' },
  { dialect: 'postgres', typeorm: '0.3', driver: 'postgres' },
  { dialect: 'sqlite', typeorm: '1', driver: 'better-sqlite3' },
  { dialect: 'sqlite', typeorm: '0.3', driver: 'better-sqlite3' },
  { dialect: 'sqlite', typeorm: '0.3', driver: 'sqlite' },
];

export const lineName = (line: Line) => `${line.dialect} (${line.driver}, TypeORM ${line.typeorm === '1' ? '1.x' : '0.3'})`;

const BASICS = `
import { Check, Column, CreateDateColumn, DeleteDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn, VersionColumn, VirtualColumn } from 'typeorm';

export enum Role { Admin = 'admin', Member = 'member' }
export enum Level { Low = 1, High = 2 }

@Entity('accounts')
@Unique(['lastName', 'firstName'])
@Unique('UQ_accounts_handle', ['handle'])
@Check('"age" >= 0')
@Check('CHK_accounts_first_name', \`"firstName" <> ''\`)
@Index(['lastName', 'firstName'])
@Index('IDX_accounts_live_email', ['email', 'handle'], { unique: true, where: '"deletedAt" IS NULL' })
export class Account {
  @PrimaryGeneratedColumn() id: number;
  @Column({ length: 120, unique: true }) email: string;
  @Column() firstName: string;
  @Column({ nullable: true }) lastName: string;
  @Column({ type: 'varchar', length: 40, nullable: true }) handle: string;
  @Column({ type: 'int', default: 0 }) age: number;
  @Column({ default: true }) active: boolean;
  @Column({ type: 'decimal', precision: 10, scale: 2, default: 1.5 }) balance: string;
  @Column({ type: 'text', default: 'n/a', comment: "shown on the account's page" }) bio: string;
  @Column({ type: 'simple-enum', enum: Role, default: Role.Member }) role: Role;
  @Column({ type: 'simple-enum', enum: Level, nullable: true }) level: Level;
  @Column({ type: 'varchar', nullable: true, default: null }) nickname: string;
  @Index() @Column({ type: 'int', default: () => '42' }) score: number;
  @CreateDateColumn() createdAt: Date;
  @UpdateDateColumn() updatedAt: Date;
  @DeleteDateColumn() deletedAt: Date;
  @VersionColumn() revision: number;
  @VirtualColumn({ type: 'int', query: (alias) => 'SELECT 1' }) computed: number;
}
`;

const KEYS = `
import { Column, Entity, Generated, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';

@Entity('pairs')
export class Pair {
  @PrimaryColumn({ type: 'varchar', length: 10, primaryKeyConstraintName: 'PK_pairs_custom' }) a: string;
  @PrimaryColumn({ type: 'int', primaryKeyConstraintName: 'PK_pairs_custom' }) b: number;
}

@Entity('tokens')
@Unique('UQ_tokens_pair', ['pair'])
export class Token {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column() @Generated('uuid') secret: string;
  @ManyToOne(() => Pair, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn([{ name: 'pair_b', referencedColumnName: 'b' }, { name: 'pair_a', referencedColumnName: 'a' }])
  pair: Pair;
}
`;

const PROFILE = `
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export class Address {
  @Column({ type: 'varchar', nullable: true }) street: string;
  @Index() @Column({ type: 'varchar', length: 10, default: '00000' }) zip: string;
}

@Entity('profiles')
export class Profile {
  @PrimaryGeneratedColumn() id: number;
  @Column(() => Address) home: Address;
  @Column(() => Address, { prefix: 'ship' }) shipping: Address;
}
`;

const USER = `
import { Column, Entity, JoinColumn, OneToMany, OneToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Profile } from './profile';
import { Post } from './post';

@Entity('users')
export class User {
  @PrimaryGeneratedColumn() id: number;
  @Column() name: string;
  @OneToOne(() => Profile, { nullable: true, onDelete: 'SET NULL' }) @JoinColumn() profile: Profile;
  @OneToMany(() => Post, (post) => post.author) posts: Post[];
}
`;

const POST = `
import { Column, Entity, Index, JoinColumn, JoinTable, ManyToMany, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Account } from './basics';
import { Category } from './category';
import { Tag } from './tag';
import { User } from './user';

@Entity('posts')
@Index(['category', 'title'])
export class Post {
  @PrimaryGeneratedColumn() id: number;
  @Column() title: string;
  @ManyToOne(() => User, (user) => user.posts, { nullable: false, onDelete: 'cascade' as any }) author: User;
  @ManyToOne(() => User, { deferrable: 'INITIALLY DEFERRED' }) @JoinColumn({ name: 'editor_id', foreignKeyConstraintName: 'FK_posts_editor' }) editor: User;
  @ManyToOne(() => Account) @JoinColumn({ name: 'owner_email', referencedColumnName: 'email' }) owner: Account;
  @ManyToOne(() => User, { createForeignKeyConstraints: false }) reviewer: User;
  @ManyToOne(() => Category) category: Category;
  @ManyToMany(() => Tag, (tag) => tag.posts) @JoinTable() tags: Tag[];
}
`;

const TAG = `
import { Entity, ManyToMany, PrimaryColumn } from 'typeorm';
import { Post } from './post';

@Entity('tags')
export class Tag {
  @PrimaryColumn({ type: 'varchar', length: 30 }) slug: string;
  @ManyToMany(() => Post, (post) => post.tags) posts: Post[];
}
`;

const CATEGORY = `
import { Column, Entity, PrimaryGeneratedColumn, Tree, TreeChildren, TreeParent } from 'typeorm';

@Entity('categories')
@Tree('closure-table')
export class Category {
  @PrimaryGeneratedColumn() id: number;
  @Column() name: string;
  @TreeChildren() children: Category[];
  @TreeParent({ onDelete: 'CASCADE' }) parent: Category;
}
`;

const CONTENT = `
import { ChildEntity, Column, Entity, Index, PrimaryGeneratedColumn, TableInheritance } from 'typeorm';

@Entity('contents')
@TableInheritance({ column: { type: 'varchar', name: 'kind', length: 20 } })
export class Content {
  @PrimaryGeneratedColumn() id: number;
  @Column() title: string;
}

@ChildEntity('photo')
export class Photo extends Content {
  @Column({ type: 'int', nullable: true }) width: number;
}

@ChildEntity('article')
export class Article extends Content {
  @Column({ type: 'text', nullable: true }) body: string;
  @Index({ unique: true }) @Column({ type: 'varchar', nullable: true }) slug: string;
}
`;

const PEOPLE = `
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export abstract class Person {
  @PrimaryGeneratedColumn() id: number;
  @Column() name: string;
  @CreateDateColumn() joinedAt: Date;
}

@Entity('employees')
export class Employee extends Person {
  @Column({ type: 'int' }) salary: number;
}

@Entity('contractors')
export class Contractor extends Person {
  @Column({ type: 'int' }) rate: number;
}

@Entity('managers')
export class Manager extends Employee {
  @Column({ type: 'int', default: 0 }) reports: number;
}
`;

const SKIPPED = `
import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, ViewColumn, ViewEntity } from 'typeorm';

@ViewEntity({ name: 'account_emails', expression: 'SELECT "id", "email" FROM "accounts"' })
export class AccountEmail {
  @ViewColumn() id: number;
  @ViewColumn() email: string;
}

@Entity({ name: 'legacy', synchronize: false })
export class Legacy {
  @PrimaryColumn({ type: 'int' }) id: number;
}

@Entity('audit')
@Index('IDX_audit_manual', ['at'], { synchronize: false })
export class Audit {
  @PrimaryGeneratedColumn() id: number;
  @Column() at: Date;
}
`;

const BILLING = `
import { Column, Entity, Generated, Index, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { Account } from './basics';

export enum Currency { Eur = 'EUR', Usd = 'USD' }

@Entity({ name: 'invoices', schema: 'billing', comment: 'issued invoices' })
@Index(['number'], { unique: true })
export class Invoice {
  @PrimaryGeneratedColumn('identity') id: number;
  @Column({ type: 'varchar', length: 20 }) number: string;
  @Column({ type: 'enum', enum: ['draft', 'sent', 'paid'], default: 'draft' }) status: string;
  @Column({ type: 'enum', enum: Currency, enumName: 'currency' }) currency: Currency;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) notes: string[];
  @Column({ type: 'jsonb', default: { paid: false } }) meta: object;
  @Column({ type: 'timestamptz', precision: 3, nullable: true }) paidAt: Date;
  @Column({ type: 'uuid' }) @Generated('uuid') ref: string;
  @ManyToOne(() => Account, { onDelete: 'RESTRICT', onUpdate: 'CASCADE' }) account: Account;
}

@Entity({ name: 'payments', schema: 'billing' })
export class Payment {
  @PrimaryGeneratedColumn('uuid') id: string;
  @ManyToOne(() => Invoice, { onDelete: 'CASCADE' }) invoice: Invoice;
  @Column({ type: 'enum', enum: Currency, enumName: 'currency' }) currency: Currency;
  @Column({ type: 'enum', enum: ['card', 'cash'], array: true, default: ['card'] }) payKinds: string[];
  @Column({ type: 'numeric', precision: 12, scale: 2 }) amount: string;
}

@Entity({ name: 'regions', schema: 'public' })
export class Region {
  @PrimaryColumn({ type: 'char', length: 2 }) code: string;
  @Column({ type: 'simple-enum', enum: ['north', 'south'] }) zone: string;
}
`;

function envSource(dialect: Dialect): string {
  const imports = [
    "import { Account } from '../src/basics';",
    "import { Pair, Token } from '../src/keys';",
    "import { Profile } from '../src/profile';",
    "import { User } from '../src/user';",
    "import { Post } from '../src/post';",
    "import { Tag } from '../src/tag';",
    "import { Category } from '../src/category';",
    "import { Content, Photo, Article } from '../src/content';",
    "import { Employee, Contractor, Manager } from '../src/people';",
    "import { AccountEmail, Legacy, Audit } from '../src/skipped';",
  ];
  const entities = ['Account', 'Pair', 'Token', 'Profile', 'User', 'Post', 'Tag', 'Category', 'Content', 'Photo', 'Article', 'Employee', 'Contractor', 'Manager', 'AccountEmail', 'Legacy', 'Audit'];
  if (dialect === 'postgres') {
    imports.push("import { Invoice, Payment, Region } from '../src/billing';");
    entities.push('Invoice', 'Payment', 'Region');
  }
  return `${imports.join('\n')}\n\nexport const targetMetadata = [${entities.join(', ')}];\n`;
}

/** The project: entity files, env.ts, mig.ini with `url` (nothing connects unless `sync`). */
export function makeEntityProject(line: Line, url?: string): string {
  const packages = ['typeorm', 'typescript', 'reflect-metadata', line.driver === 'postgres' ? 'pg' : line.driver === 'sqlite' ? 'sqlite3' : 'better-sqlite3'];
  const files: Record<string, string> = {
    'tsconfig.json': JSON.stringify({ compilerOptions: { target: 'ES2021', module: 'commonjs', experimentalDecorators: true, emitDecoratorMetadata: true } }),
    'mig.ini': `[mig]\nscript_location = migrations\nurl = ${url ?? (line.dialect === 'postgres' ? 'postgres://u:p@localhost/x' : 'sqlite:app.db')}\n`,
    'migrations/env.ts': envSource(line.dialect),
    'src/basics.ts': BASICS,
    'src/keys.ts': KEYS,
    'src/profile.ts': PROFILE,
    'src/user.ts': USER,
    'src/post.ts': POST,
    'src/tag.ts': TAG,
    'src/category.ts': CATEGORY,
    'src/content.ts': CONTENT,
    'src/people.ts': PEOPLE,
    'src/skipped.ts': SKIPPED,
  };
  if (line.dialect === 'postgres') files['src/billing.ts'] = BILLING;
  return makeProject({ typeorm: line.typeorm, packages, files });
}

/** Runs in the project's folder: loads env.ts, builds the metadata, prints the model (then synchronizes if asked). */
const RUNNER = `
const path = require('node:path');
const repo = process.env.MIG_REPO;
require(path.join(repo, 'node_modules', 'ts-node')).register({ transpileOnly: true, project: path.join(repo, 'tsconfig.json') });
const { Config } = require(path.join(repo, 'src', 'config', 'config'));
const { loadEnvironment } = require(path.join(repo, 'src', 'loader', 'env'));
const { buildEntityMetadata } = require(path.join(repo, 'src', 'loader', 'typeorm'));
const { modelFromTypeorm } = require(path.join(repo, 'src', 'schema', 'from-typeorm'));
(async () => {
  const config = Config.load('mig.ini');
  const env = loadEnvironment(config);
  const { dataSource, typeorm } = await buildEntityMetadata(config, env);
  const model = modelFromTypeorm(dataSource, process.env.MIG_DEFAULT_SCHEMA ? { defaultSchema: process.env.MIG_DEFAULT_SCHEMA } : undefined);
  if (process.env.MIG_SYNC) {
    dataSource.setOptions({ uuidExtension: 'pgcrypto', logging: false });
    await dataSource.initialize();
    await dataSource.synchronize();
    await dataSource.destroy();
  }
  console.log(JSON.stringify({ version: typeorm.version, type: dataSource.options.type, model }));
})(); // a rejection ends the process with exit code 1 and its stack
`;

export interface Loaded {
  version: string;
  type: string;
  model: SchemaModel;
}

export function loadModel(dir: string, options: { sync?: boolean; defaultSchema?: string } = {}): Loaded {
  const run = node(dir, RUNNER, { MIG_REPO: REPO, MIG_SYNC: options.sync ? '1' : undefined, MIG_DEFAULT_SCHEMA: options.defaultSchema });
  if (run.status !== 0) throw new Error(`model process failed (${path.basename(dir)}):\n${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as Loaded;
}
