/**
 * The corpus: the entity shapes real applications use, each fixture a small entity set written
 * as a user would (TypeScript classes with decorators, or EntitySchema definitions), per dialect.
 * Every fixture module exports `entities` (the model) and may export `typeormOptions`
 * (DataSource options both mig and TypeORM use, e.g. a naming strategy).
 * test/corpus/corpus.test.ts holds every check on each of them.
 *
 * Left out on purpose (known gaps other work is fixing; see the issue): a unique repeated in a
 * subclass, index methods (gist, spatial, hash, brin, gin), extensions (citext, hstore,
 * uuid-ossp, postgis), exclusion constraints, deferrable uniques, numeric defaults on text
 * columns, NUL in comments, numeric enum defaults, bit(1). Also left out: a column `collation`
 * (mig does not carry it yet: the catalog comparison finds it missing). On PostgreSQL TypeORM is given
 * `uuidExtension: 'pgcrypto'` (and the extension exists first on both databases): its default,
 * uuid-ossp's uuid_generate_v4(), is one of those extension gaps.
 *
 * MySQL / MariaDB (DataSource type 'mariadb' on a MariaDB server): the same fixtures, with ENUM
 * columns for enums, and plain indexes where the others have partial ones (MySQL has none).
 * @Check stays in: TypeORM's MySQL driver leaves checks out, and so must mig.
 */

import { fidelityModels, type Dialect } from '../autogenerate/fidelity-fixtures';

export type { Dialect };

export interface CorpusFixture {
  name: string;
  /** The shapes it holds, for the report. */
  shapes: string[];
  /**
   * The dialects it runs on (default: all). Only for a fixture whose subject a dialect does not
   * have at all; the fixture says which feature that is.
   */
  dialects?: Dialect[];
  /** PostgreSQL schemas the fixture needs (created first on both databases, as the user would). */
  schemas?: string[];
  source: string;
}

/**
 * TypeORM 1.x is not idempotent for these corpus columns on MariaDB (DataSource type 'mariadb'):
 * its schema builder re-emits the statement on every run, right after its own synchronize too,
 * on the database mig built and on its own. Each pattern matches only that fixture's statement.
 */
export const CORPUS_TYPEORM_MYSQL_NOT_IDEMPOTENT: Array<{ cause: string; pattern: RegExp }> = [
  {
    // 'assorted columns and keys': Seo.canonical, `unique: true` in an embedded. On MySQL
    // TypeORM's EntityMetadataBuilder turns an entity's uniques into unique indices ("This drivers
    // stores unique constraints as unique indices") but leaves an embedded's as UniqueMetadata
    // (embeddedMetadata.uniques), so the unique index the column's UNIQUE made is in no
    // metadata.indices and dropOldIndices drops it on every run (then the column's isUnique puts it back).
    cause: "TypeORM's MySQL metadata: an embedded's unique is no unique index",
    pattern: /^DROP INDEX `UQ_0784798c5a8aa56aee2a234cdf1` ON `pages`$/,
  },
  {
    // 'mysql details': CreateDateColumn / UpdateDateColumn({ precision: 3 }). TypeORM's default
    // (and ON UPDATE) is its MysqlDriver's createDateDefault / updateDateDefault,
    // CURRENT_TIMESTAMP(6), whatever the precision; MariaDB stores current_timestamp(3) on a
    // datetime(3) (MySQL refuses it), so TypeORM finds the default changed on every run.
    cause: 'TypeORM: CURRENT_TIMESTAMP(6) on a datetime(3) CreateDateColumn / UpdateDateColumn',
    pattern: /^ALTER TABLE `products` CHANGE `(createdAt|updatedAt)` `\1` datetime\(3\) NOT NULL DEFAULT CURRENT_TIMESTAMP\(6\)( ON UPDATE CURRENT_TIMESTAMP\(6\))?$/,
  },
];

const IMPORTS =
  "import { BaseEntity, Check, ChildEntity, Column, CreateDateColumn, DeleteDateColumn, Entity, EntitySchema, Generated, Index, JoinColumn, JoinTable, ManyToMany, ManyToOne, OneToMany, OneToOne, PrimaryColumn, PrimaryGeneratedColumn, RelationId, TableInheritance, Tree, TreeChildren, TreeParent, Unique, UpdateDateColumn, VersionColumn, DefaultNamingStrategy } from 'typeorm';\n";

/** TypeORM options both sides get: the uuid generator PostgreSQL has built in (see above). */
function options(dialect: Dialect, extra = ''): string {
  const uuid = dialect === 'postgres' ? "uuidExtension: 'pgcrypto' as const, " : '';
  return `export const typeormOptions = { ${uuid}${extra} };\n`;
}

/** Abstract base classes with shared columns, string and composite primary keys, generated uuids. */
function baseEntities(dialect: Dialect): string {
  const pg = dialect === 'postgres';
  return `${IMPORTS}
export abstract class Timestamps {
  @CreateDateColumn() createdAt!: Date;
  @UpdateDateColumn() updatedAt!: Date;
  @DeleteDateColumn() deletedAt!: Date | null;
  @VersionColumn() version!: number;
}

export abstract class Identified extends Timestamps {
  @PrimaryGeneratedColumn('uuid') id!: string;
}

@Entity('organizations')
export class Organization extends Identified {
  @Column({ type: 'varchar', length: 120 }) name!: string;
  @Column({ type: 'varchar', length: 40, unique: true }) slug!: string;
}

@Entity('api_keys')
export class ApiKey extends Timestamps {
  @PrimaryColumn({ type: 'varchar', length: 64 }) key!: string;
  @Column({ type: ${pg ? "'uuid'" : "'varchar'"} }) @Generated('uuid') secret!: string;
  @ManyToOne(() => Organization, { onDelete: 'CASCADE' }) organization!: Organization;
}

@Entity('memberships')
export class Membership {
  @PrimaryColumn({ type: ${pg ? "'uuid'" : "'varchar'"} }) organizationId!: string;
  @PrimaryColumn({ type: 'varchar', length: 80 }) userEmail!: string;
  @Column({ type: 'varchar', length: 20, default: 'member' }) role!: string;
  @ManyToOne(() => Organization, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'organizationId' }) organization!: Organization;
}

@Entity('countries')
export class Country extends BaseEntity {
  @PrimaryColumn({ type: ${pg ? "'char'" : "'varchar'"}, length: 2 }) code!: string;
  @Column({ type: 'varchar', length: 80 }) name!: string;
}

export const entities = [Organization, ApiKey, Membership, Country];
${options(dialect)}`;
}

/** Single-table inheritance: a discriminator, children with their own columns and relations. */
function singleTable(dialect: Dialect): string {
  return `${IMPORTS}
@Entity('people')
export class Person {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 100 }) name!: string;
}

@Entity('payments')
@TableInheritance({ column: { type: 'varchar', name: 'type', length: 20 } })
export class Payment {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'int' }) amount!: number;
  @CreateDateColumn() createdAt!: Date;
}

@ChildEntity('card')
export class CardPayment extends Payment {
  @Column({ type: 'varchar', length: 4, nullable: true }) last4!: string | null;
  @ManyToOne(() => Person, { nullable: true, onDelete: 'SET NULL' }) holder!: Person | null;
}

@ChildEntity('transfer')
export class TransferPayment extends Payment {
  @Column({ type: 'varchar', length: 34, nullable: true }) iban!: string | null;
  @Index() @Column({ type: 'varchar', length: 20, nullable: true }) reference!: string | null;
}

@ChildEntity('refund')
export class Refund extends CardPayment {
  @Column({ type: 'text', nullable: true }) reason!: string | null;
}

export const entities = [Person, Payment, CardPayment, TransferPayment, Refund];
${options(dialect)}`;
}

/** Trees: the fidelity tests' model (closure table with default and custom names, nested set, materialized path). */
function trees(dialect: Dialect): string {
  const model = fidelityModels(dialect).find((m) => m.name === 'trees')!;
  return `${model.source}
export const entities = [Category, Folder, Node, PathNode];
${options(dialect)}`;
}

/** Embedded columns with prefixes, many-to-many with a custom join table, @RelationId, one-to-one, self-reference. */
function relations(dialect: Dialect): string {
  return `${IMPORTS}
export class Money {
  @Column({ type: 'int', default: 0 }) amount!: number;
  @Column({ type: 'varchar', length: 3, default: 'EUR' }) currency!: string;
}

export class Address {
  @Column({ type: 'varchar', length: 100, nullable: true }) street!: string | null;
  @Column({ type: 'varchar', length: 10, nullable: true }) zip!: string | null;
}

@Entity('users')
export class User {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 80 }) email!: string;
  @Column(() => Address, { prefix: 'billing' }) billing!: Address;
  @Column(() => Address, { prefix: 'ship_' }) shipping!: Address;
  @Column(() => Money, { prefix: false }) balance!: Money;
  @OneToOne(() => Profile, (p) => p.user, { nullable: true, onDelete: 'SET NULL' }) @JoinColumn({ name: 'profile_id' }) profile!: Profile | null;
  @RelationId((u: User) => u.profile) profileId!: number | null;
  @ManyToOne(() => User, (u) => u.reports, { nullable: true, onDelete: 'CASCADE' }) manager!: User | null;
  @OneToMany(() => User, (u) => u.manager) reports!: User[];
  @ManyToMany(() => Group, (g) => g.members)
  @JoinTable({ name: 'user_groups', joinColumn: { name: 'user_id', referencedColumnName: 'id' }, inverseJoinColumn: { name: 'group_code', referencedColumnName: 'code' } })
  groups!: Group[];
  @RelationId((u: User) => u.groups) groupCodes!: string[];
}

@Entity('profiles')
export class Profile {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'text', nullable: true }) bio!: string | null;
  @OneToOne(() => User, (u) => u.profile) user!: User;
}

@Entity('groups')
export class Group {
  @PrimaryColumn({ type: 'varchar', length: 20 }) code!: string;
  @ManyToMany(() => User, (u) => u.groups) members!: User[];
}

@Entity('tags')
export class Tag {
  @PrimaryGeneratedColumn() id!: number;
  @ManyToMany(() => Tag) @JoinTable() related!: Tag[];
}

@Entity('comments')
export class Comment {
  @PrimaryGeneratedColumn() id!: number;
  @ManyToOne(() => Comment, { nullable: true, onDelete: 'CASCADE', onUpdate: 'CASCADE' }) @JoinColumn({ name: 'parent_id' }) parent!: Comment | null;
  @RelationId((c: Comment) => c.parent) parentId!: number | null;
  @ManyToOne(() => User, { nullable: false, onDelete: 'RESTRICT' }) author!: User;
}

export const entities = [User, Profile, Group, Tag, Comment];
${options(dialect)}`;
}

/** A snake_case naming strategy (as typeorm-naming-strategies' SnakeNamingStrategy), written here. */
function snakeNaming(dialect: Dialect): string {
  return `${IMPORTS}
function snakeCase(str: string): string {
  return str
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .replace(/[\\s.-]+/g, '_')
    .toLowerCase();
}

export class SnakeNamingStrategy extends DefaultNamingStrategy {
  tableName(className: string, customName: string | undefined): string {
    return customName ? customName : snakeCase(className);
  }
  columnName(propertyName: string, customName: string | undefined, embeddedPrefixes: string[]): string {
    return snakeCase(embeddedPrefixes.concat('').join('_')) + (customName ? customName : snakeCase(propertyName));
  }
  relationName(propertyName: string): string {
    return snakeCase(propertyName);
  }
  joinColumnName(relationName: string, referencedColumnName: string): string {
    return snakeCase(relationName + '_' + referencedColumnName);
  }
  joinTableName(firstTableName: string, secondTableName: string, firstPropertyName: string): string {
    return snakeCase(firstTableName + '_' + firstPropertyName.replace(/\\./gi, '_') + '_' + secondTableName);
  }
  joinTableColumnName(tableName: string, propertyName: string, columnName?: string): string {
    return snakeCase(tableName + '_' + (columnName ? columnName : propertyName));
  }
  classTableInheritanceParentColumnName(parentTableName: string, parentTableIdPropertyName: string): string {
    return snakeCase(parentTableName + '_' + parentTableIdPropertyName);
  }
  eagerJoinRelationAlias(alias: string, propertyPath: string): string {
    return alias + '__' + propertyPath.replace('.', '_');
  }
}

export class Coordinates {
  @Column({ type: 'float', nullable: true }) lat!: number | null;
  @Column({ type: 'float', nullable: true }) lng!: number | null;
}

@Entity()
@Index(['firstName', 'lastName'])
export class BlogAuthor {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 50 }) firstName!: string;
  @Column({ type: 'varchar', length: 50 }) lastName!: string;
  @Column({ type: 'varchar', length: 100, unique: true }) emailAddress!: string;
  @Column(() => Coordinates) homeLocation!: Coordinates;
  @CreateDateColumn() createdAt!: Date;
}

@Entity()
export class BlogPost {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 200 }) postTitle!: string;
  @Column({ type: 'boolean', default: false }) isPublished!: boolean;
  @ManyToOne(() => BlogAuthor, { onDelete: 'CASCADE' }) mainAuthor!: BlogAuthor;
  @RelationId((p: BlogPost) => p.mainAuthor) mainAuthorId!: number;
  @ManyToMany(() => BlogTag) @JoinTable() postTags!: BlogTag[];
}

@Entity()
export class BlogTag {
  @PrimaryGeneratedColumn() id!: number;
  @Index({ unique: true }) @Column({ type: 'varchar', length: 30 }) tagName!: string;
}

export const entities = [BlogAuthor, BlogPost, BlogTag];
${options(dialect, 'namingStrategy: new SnakeNamingStrategy()')}`;
}

/** Indexes (unique, partial, composite), checks, uniques, enums, JSON, arrays, simple-array/simple-json. */
function indexesAndTypes(dialect: Dialect): string {
  const pg = dialect === 'postgres';
  const my = dialect === 'mysql';
  // MySQL's ENUM is a column type (no enumName); SQLite has none (simple-enum is a CHECK).
  const enumType = pg || my ? "'enum'" : "'simple-enum'";
  // MySQL and MariaDB have no partial indexes: there the two are plain indexes.
  const where = (sql: string) => (my ? '' : `, where: ${sql}`);
  return `${IMPORTS}
export enum Status { Draft = 'draft', Live = 'live', Gone = 'gone' }

@Entity('documents')
@Index('ix_documents_live_slug', ['slug'], { unique: true${where(pg ? `"\\"status\\" = 'live'"` : `"status = 'live'"`)} })
@Index(['ownerId', 'createdAt'])
@Index('ix_documents_score', ['score'], { ${where(`'"score" > 0'`).slice(2)} })
@Unique('uq_documents_owner_title', ['ownerId', 'title'])
@Check('ck_documents_score', '"score" >= 0')
export class Document {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'int' }) ownerId!: number;
  @Column({ type: 'varchar', length: 200 }) title!: string;
  @Column({ type: 'varchar', length: 200 }) slug!: string;
  @Column({ type: ${enumType}, enum: Status, default: Status.Draft }) status!: Status;
  @Column({ type: ${enumType}, enum: ['low', 'high'], ${pg ? "enumName: 'document_priority', " : ''}nullable: true }) priority!: string | null;
  @Column({ type: 'int', default: 0 }) score!: number;
  @Column({ type: 'simple-array', nullable: true }) keywords!: string[] | null;
  @Column({ type: 'simple-json', nullable: true }) settings!: { theme?: string } | null;
  @CreateDateColumn() createdAt!: Date;
${
  pg
    ? `  @Column({ type: 'jsonb', default: () => "'{}'" }) meta!: object;
  @Column({ type: 'json', nullable: true }) raw!: object | null;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) labels!: string[];
  @Column({ type: 'int', array: true, nullable: true }) ranks!: number[] | null;
  @Column({ type: 'enum', enum: ['a', 'b', 'c'], array: true, default: () => "'{}'" }) flags!: string[];
`
    : `  @Column({ type: 'json', nullable: true }) raw!: object | null;
`
}}

@Entity('revisions')
export class DocumentRevision {
  @PrimaryGeneratedColumn() id!: number;
  @ManyToOne(() => Document, { onDelete: 'CASCADE' }) document!: Document;
  @Column({ type: ${enumType}, enum: Status, ${pg ? "enumName: 'revision_status', " : ''}default: Status.Live }) status!: Status;
  @Index() @Column({ type: 'int' }) number!: number;
}

export const entities = [Document, DocumentRevision];
${options(dialect)}`;
}

/** PostgreSQL: entities in other schemas, foreign keys across schemas, an enum in a schema. */
function schemas(dialect: Dialect): string {
  return `${IMPORTS}
@Entity('tenants')
export class Tenant {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 100 }) name!: string;
}

@Entity({ name: 'orders', schema: 'sales' })
export class Order {
  @PrimaryGeneratedColumn() id!: number;
  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' }) tenant!: Tenant;
  @Column({ type: 'enum', enum: ['new', 'paid', 'shipped'], default: 'new' }) state!: string;
  @Index() @Column({ type: 'numeric', precision: 12, scale: 2 }) total!: string;
  @Column({ type: 'varchar', length: 20, unique: true }) number!: string;
}

@Entity({ name: 'products', schema: 'catalog' })
export class Product {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 80 }) sku!: string;
  @ManyToMany(() => Tenant) @JoinTable({ name: 'product_tenants', schema: 'catalog' }) tenants!: Tenant[];
}

@Entity({ name: 'order_lines', schema: 'sales' })
export class OrderLine {
  @PrimaryGeneratedColumn() id!: number;
  @ManyToOne(() => Order, { onDelete: 'CASCADE' }) order!: Order;
  @ManyToOne(() => Product, { onDelete: 'RESTRICT' }) product!: Product;
  @Column({ type: 'int', default: 1 }) quantity!: number;
}

export const entities = [Tenant, Order, OrderLine, Product];
${options(dialect)}`;
}

/** EntitySchema definitions (no classes): columns, relations, indices, uniques, checks. */
function entitySchemas(dialect: Dialect): string {
  const pg = dialect === 'postgres';
  return `${IMPORTS}
export const AuthorSchema = new EntitySchema<{ id: number; name: string; born: Date | null }>({
  name: 'Author',
  tableName: 'authors',
  columns: {
    id: { type: Number, primary: true, generated: 'increment' },
    name: { type: 'varchar', length: 100 },
    born: { type: 'date', nullable: true },
  },
  indices: [{ name: 'ix_authors_name', columns: ['name'] }],
  uniques: [{ name: 'uq_authors_name_born', columns: ['name', 'born'] }],
  checks: [{ name: 'ck_authors_name', expression: "\\"name\\" <> ''" }],
});

export const BookSchema = new EntitySchema<{ isbn: string; title: string; pages: number; author: unknown; genres: unknown[] }>({
  name: 'Book',
  tableName: 'books',
  columns: {
    isbn: { type: 'varchar', length: 13, primary: true },
    title: { type: 'varchar', length: 200 },
    pages: { type: 'int', default: 0 },
    ${pg ? "kind: { type: 'enum', enum: ['novel', 'essay'], enumName: 'book_kind', default: 'novel' }," : "kind: { type: 'simple-enum', enum: ['novel', 'essay'], default: 'novel' },"}
    createdAt: { type: ${pg ? "'timestamptz'" : "'datetime'"}, createDate: true },
  },
  relations: {
    author: { type: 'many-to-one', target: 'Author', onDelete: 'CASCADE', joinColumn: { name: 'author_id' } },
    genres: { type: 'many-to-many', target: 'Genre', joinTable: { name: 'book_genres', joinColumn: { name: 'book_isbn', referencedColumnName: 'isbn' }, inverseJoinColumn: { name: 'genre_id', referencedColumnName: 'id' } } },
  },
  indices: [{ name: 'ix_books_title_pages', columns: ['title', 'pages'], unique: true }],
});

export const GenreSchema = new EntitySchema<{ id: number; name: string }>({
  name: 'Genre',
  tableName: 'genres',
  columns: {
    id: { type: Number, primary: true, generated: 'increment' },
    name: { type: 'varchar', length: 40, unique: true },
  },
});

export const entities = [AuthorSchema, BookSchema, GenreSchema];
${options(dialect)}`;
}

/** Names and keys: reserved words and capitals as names, named keys, keys to a unique column, no FK constraint. */
function namesAndKeys(dialect: Dialect): string {
  const pg = dialect === 'postgres';
  return `${IMPORTS}
@Entity('Order')
export class Order {
  @PrimaryColumn({ type: 'int', primaryKeyConstraintName: 'pk_order' }) id!: number;
  @Column({ type: 'varchar', length: 20, name: 'select' }) select!: string;
  @Column({ type: 'varchar', length: 20, name: 'Group Name', nullable: true }) groupName!: string | null;
  @Index({ unique: true }) @Column({ type: 'varchar', length: 12 }) code!: string;
}

@Entity('order_notes')
@Unique('uq_order_notes_order_position', ['order', 'position'])
export class OrderNote {
  @PrimaryGeneratedColumn(${pg ? "'identity', { generatedIdentity: 'ALWAYS' }" : ''}) id!: number;
  @Column({ type: 'int' }) position!: number;
  @ManyToOne(() => Order, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'order_id', foreignKeyConstraintName: 'fk_order_notes_order' }) order!: Order;
  @ManyToOne(() => Order, { nullable: true, createForeignKeyConstraints: false }) @JoinColumn({ name: 'loose_order_id' }) looseOrder!: Order | null;
  @Index() @ManyToOne(() => Order, { nullable: true, onDelete: 'SET NULL', onUpdate: 'CASCADE' }) @JoinColumn({ name: 'order_code', referencedColumnName: 'code' }) byCode!: Order | null;
  ${pg ? "@Column({ type: 'int' }) @Generated('increment') sequenceNumber!: number;" : ''}
  @Column({ type: 'varchar', length: 30 }) label!: string;
}

export const entities = [Order, OrderNote];
${options(dialect)}`;
}

/** PostgreSQL: comments, deferrable foreign keys, timestamp precision, tables of one name in two schemas. */
function postgresDetails(dialect: Dialect): string {
  return `${IMPORTS}
@Entity({ name: 'items', schema: 'sales', comment: "what is sold, 'quoted'" })
export class SaleItem {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 40, comment: 'the name shown' }) name!: string;
  @CreateDateColumn({ type: 'timestamptz', precision: 3 }) createdAt!: Date;
  @Column({ type: 'timestamp', precision: 0, nullable: true }) seenAt!: Date | null;
  @Column({ type: 'enum', enum: ['s', 'm', 'l'], enumName: 'size' }) size!: string;
}

@Entity({ name: 'items', schema: 'stock' })
export class StockItem {
  @PrimaryGeneratedColumn() id!: number;
  @ManyToOne(() => SaleItem, { onDelete: 'CASCADE', deferrable: 'INITIALLY DEFERRED' }) saleItem!: SaleItem;
  @ManyToOne(() => StockItem, { nullable: true, deferrable: 'INITIALLY IMMEDIATE' }) replaces!: StockItem | null;
  @Column({ type: 'enum', enum: ['s', 'm', 'l'], enumName: 'size' }) size!: string;
  @Index({ where: '"quantity" > 0' }) @Column({ type: 'int', default: 0 }) quantity!: number;
  @Column({ type: 'uuid', nullable: true }) externalId!: string | null;
}

export const entities = [SaleItem, StockItem];
${options(dialect)}`;
}

/** MySQL: what it has that apps use and the other fixtures leave out: comments, fractional-second timestamps, unsigned keys, ENUM and SET with defaults, a column charset and collation, a fulltext index, an index on a foreign key's column. */
function mysqlDetails(dialect: Dialect): string {
  return `${IMPORTS}
@Entity({ name: 'products', comment: "what is sold, 'quoted'" })
@Index('ft_products_text', ['name', 'description'], { fulltext: true })
export class Product {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true }) id!: string;
  @Column({ type: 'varchar', length: 80, comment: "the name shown, 'quoted'" }) name!: string;
  @Column({ type: 'text', nullable: true }) description!: string | null;
  @Column({ type: 'int', unsigned: true, default: 0 }) stock!: number;
  @Column({ type: 'enum', enum: ['s', 'm', 'l'], default: 'm' }) size!: string;
  @Column({ type: 'set', enum: ['red', 'green', 'blue'], default: ['red', 'blue'] }) colors!: string[];
  @Column({ type: 'varchar', length: 40, charset: 'utf8mb4', collation: 'utf8mb4_bin', nullable: true }) code!: string | null;
  @Column({ type: 'boolean', default: true }) active!: boolean;
  @CreateDateColumn({ precision: 3 }) createdAt!: Date;
  @UpdateDateColumn({ precision: 3 }) updatedAt!: Date;
  @Column({ type: 'timestamp', nullable: true }) seenAt!: Date | null;
  @Column({ type: 'datetime', precision: 0, nullable: true }) discontinuedAt!: Date | null;
}

@Entity('stock_moves')
export class StockMove {
  @PrimaryGeneratedColumn() id!: number;
  @Index() @ManyToOne(() => Product, { onDelete: 'CASCADE' }) product!: Product;
  @Column({ type: 'int' }) delta!: number;
  @Column({ type: 'mediumint', unsigned: true, nullable: true }) batch!: number | null;
}

export const entities = [Product, StockMove];
${options(dialect)}`;
}

/** Assorted: columns of an embedded with index and unique, a bigint key, self one-to-one, self many-to-many with actions, composite-key many-to-many, an entity synchronize: false, a closure tree on uuid keys, an enum discriminator. */
function assorted(dialect: Dialect): string {
  const pg = dialect === 'postgres';
  return `${IMPORTS}
export class Seo {
  @Index() @Column({ type: 'varchar', length: 60, nullable: true }) slug!: string | null;
  @Column({ type: 'varchar', length: 60, unique: true, nullable: true }) canonical!: string | null;
}

@Entity('pages')
@Check('"weight" >= 0')
export class Page {
  @PrimaryGeneratedColumn('increment', { type: ${pg ? "'bigint'" : "'integer'"} }) id!: string;
  @Column(() => Seo) seo!: Seo;
  @Column({ type: 'int', default: 0 }) weight!: number;
  @Column({ type: 'decimal', precision: 10, scale: 2, default: 0 }) price!: string;
  @Column({ type: 'varchar', nullable: true, default: null }) note!: string | null;
  @Column({ type: 'varchar', select: false, nullable: true }) secret!: string | null;
  @Column({ type: 'date', nullable: true }) publishedOn!: string | null;
  @OneToOne(() => Page, { nullable: true }) @JoinColumn() previous!: Page | null;
  @ManyToMany(() => Page, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION' }) @JoinTable({ name: 'page_links' }) links!: Page[];
  ${pg ? "@Column({ type: 'varchar', length: 10, array: true, nullable: true }) codes!: string[] | null;" : ''}
}

@Entity('skipped', { synchronize: false })
export class Skipped {
  @PrimaryGeneratedColumn() id!: number;
}

@Entity('nodes')
@Tree('closure-table')
export class UuidNode {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @TreeChildren() children!: UuidNode[];
  @TreeParent({ onDelete: 'CASCADE' }) parent!: UuidNode | null;
}

@Entity('pairs')
export class Pair {
  @PrimaryColumn({ type: 'varchar', length: 5 }) a!: string;
  @PrimaryColumn({ type: 'int' }) b!: number;
  @ManyToMany(() => Pair) @JoinTable({ name: 'pair_links' }) linked!: Pair[];
}

export enum Kind { A = 'a', B = 'b' }

@Entity('shapes')
@TableInheritance({ column: { type: ${pg ? "'enum'" : "'simple-enum'"}, enum: Kind, name: 'kind' } })
export class Shape {
  @PrimaryGeneratedColumn() id!: number;
}

@ChildEntity(Kind.A)
export class ShapeA extends Shape {
  @Column({ type: 'int', nullable: true }) size!: number | null;
}

export const entities = [Page, Skipped, UuidNode, Pair, Shape, ShapeA];
${options(dialect)}`;
}

/** The fixtures for a dialect. */
export function corpus(dialect: Dialect): CorpusFixture[] {
  const out: CorpusFixture[] = [
    {
      name: 'base entities and keys',
      shapes: ['abstract base entities with shared columns', '@CreateDateColumn/@UpdateDateColumn', '@DeleteDateColumn', '@VersionColumn', "@PrimaryGeneratedColumn('uuid')", "@Generated('uuid')", '@PrimaryColumn strings', 'composite primary keys', 'BaseEntity'],
      source: baseEntities(dialect),
    },
    { name: 'single-table inheritance', shapes: ['@TableInheritance single-table', '@ChildEntity (two levels)', 'relation and index on a child'], source: singleTable(dialect) },
    { name: 'trees', shapes: ["@Tree('closure-table') (default and custom names)", "@Tree('materialized-path')", "@Tree('nested-set')"], source: trees(dialect) },
    {
      name: 'relations and embedded',
      shapes: ['embedded entities with prefixes (string, trailing _, false)', '@ManyToMany with a custom @JoinTable', 'self many-to-many', '@RelationId', 'one-to-one with @JoinColumn', 'self-referencing many-to-one with onDelete CASCADE'],
      source: relations(dialect),
    },
    { name: 'snake_case naming strategy', shapes: ['custom naming strategy (SnakeNamingStrategy)', 'default table names', 'embedded without prefix option', 'default join table'], source: snakeNaming(dialect) },
    {
      name: 'indexes and types',
      shapes: [dialect === 'mysql' ? '@Index unique / composite' : '@Index with where / unique / composite', '@Unique', '@Check', dialect === 'postgres' ? 'enums (named, unnamed, array)' : dialect === 'mysql' ? 'ENUM columns' : 'simple-enum', ...(dialect === 'postgres' ? ['json/jsonb', 'arrays'] : ['json']), 'simple-array/simple-json'],
      source: indexesAndTypes(dialect),
    },
    { name: 'EntitySchema definitions', shapes: ['EntitySchema (columns, relations, indices, uniques, checks)'], source: entitySchemas(dialect) },
  ];
  out.push({ name: 'names and keys', shapes: ['reserved words, capitals and spaces in names', 'primaryKeyConstraintName / foreignKeyConstraintName', '@Unique on a relation', 'many-to-one to a unique non-primary column', 'createForeignKeyConstraints: false', ...(dialect === 'postgres' ? ["identity ALWAYS", "@Generated('increment') on a plain column"] : [])], source: namesAndKeys(dialect) });
  out.push({
    name: 'assorted columns and keys',
    shapes: ['@Index and unique in an embedded', ...(dialect === 'postgres' ? ['bigint generated key', 'varchar array'] : []), '@Check', 'decimal default', 'select: false', 'self one-to-one', 'self many-to-many with onDelete/onUpdate', 'many-to-many between composite keys', '@Entity synchronize: false', 'closure table on uuid keys', 'enum discriminator with a TS enum'],
    source: assorted(dialect),
  });
  // MySQL only: ENUM and SET column types, unsigned integers, fulltext indexes, charset per column.
  out.push({
    name: 'mysql details',
    dialects: ['mysql'],
    shapes: ['table and column comments', 'datetime precision (CreateDateColumn/UpdateDateColumn)', 'unsigned bigint generated key and its foreign key', 'ENUM and SET defaults', 'column charset and collation', 'fulltext index', '@Index on a many-to-one', 'boolean default'],
    source: mysqlDetails(dialect),
  });
  // PostgreSQL only: MySQL has no schemas within a database (a schema is a database there),
  // no deferrable constraints, no named enum types (an ENUM is a column's type).
  out.push({ name: 'postgres details', dialects: ['postgres'], shapes: ['table and column comments', 'deferrable foreign keys', 'timestamp precision', 'one table name in two schemas', 'a named enum shared across schemas'], schemas: ['sales', 'stock'], source: postgresDetails(dialect) });
  // PostgreSQL only: MySQL has no schemas within a database (TypeORM's `schema` there names
  // another database) and no enum types.
  out.push({ name: 'schemas', dialects: ['postgres'], shapes: ['entity schema option', 'foreign keys across schemas', 'enum in a schema', 'join table in a schema'], schemas: ['sales', 'catalog'], source: schemas(dialect) });
  return out.filter((f) => !f.dialects || f.dialects.includes(dialect));
}
