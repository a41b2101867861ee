/**
 * Entity sources for the fidelity tests (test/autogenerate/fidelity.test.ts): one model per
 * area — column types, defaults, relations, inheritance, trees, embedded columns, indexes and
 * constraints, PostgreSQL schemas — each written as a user would, per dialect, and the pairs of
 * model versions the round-trip tests walk between. The MySQL models are checked against
 * MariaDB 10.11: TypeORM creates each of them, and right after its synchronize its schema builder
 * has nothing left to do beyond TYPEORM_MYSQL_NOT_IDEMPOTENT.
 */

export type Dialect = 'sqlite' | 'postgres' | 'mysql';

/**
 * TypeORM 1.x is not idempotent for these MySQL fixture columns on MariaDB (DataSource type
 * 'mariadb'): its schema builder re-emits the statement on every run, right after its own
 * synchronize too. Each pattern matches only the statement for the fixture column that triggers
 * it. (With type 'mysql' against MariaDB there would be many more: every nullable column, typeorm#983,
 * and every CURRENT_TIMESTAMP default, typeorm#4782 — hence the oracle's 'mariadb'.)
 */
export const TYPEORM_MYSQL_NOT_IDEMPOTENT: Array<{ issue: string; pattern: RegExp }> = [
  // typeorm#7517 maps only CURRENT_TIMESTAMP to the spelling MariaDB stores (current_timestamp());
  // `default: () => '(CURRENT_DATE)'` is stored as curdate(), so TypeORM changes it on every run.
  { issue: 'typeorm#7517', pattern: /^ALTER TABLE `defaults` CHANGE `today` `today` date NOT NULL DEFAULT \(CURRENT_DATE\)$/ },
];

export interface FixtureOptions {
  /** PostgreSQL: whether the citext extension is available on the server. */
  citext?: boolean;
}

const IMPORTS =
  "import { Check, ChildEntity, Column, CreateDateColumn, DeleteDateColumn, Entity, Generated, Index, JoinColumn, JoinTable, ManyToMany, ManyToOne, OneToMany, OneToOne, PrimaryColumn, PrimaryGeneratedColumn, TableInheritance, Tree, TreeChildren, TreeParent, Unique, UpdateDateColumn, VersionColumn } from 'typeorm';\n";

/** Every column type TypeORM supports on the dialect (the ones the issue lists). */
function types(dialect: Dialect, options: FixtureOptions): string {
  if (dialect === 'mysql') {
    // Left out: spatial types, vector (MariaDB 11.7+), inet4/inet6 (MariaDB only). TypeORM 1.x
    // has no zerofill or display width options. On MariaDB 10.7+ (type 'mariadb') uuid is the
    // native UUID type; on MySQL TypeORM makes it varchar(36).
    return `${IMPORTS}
export enum Mood { Happy = 'happy', Sad = 'sad' }

@Entity('all_types')
export class AllTypes {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'bit' }) cBit!: Buffer;
  @Column({ type: 'int' }) cInt!: number;
  @Column({ type: 'integer' }) cInteger!: number;
  @Column({ type: 'tinyint' }) cTinyint!: number;
  @Column({ type: 'smallint' }) cSmallint!: number;
  @Column({ type: 'mediumint' }) cMediumint!: number;
  @Column({ type: 'bigint' }) cBigint!: string;
  @Column({ type: 'int', unsigned: true }) cIntUnsigned!: number;
  @Column({ type: 'bigint', unsigned: true }) cBigintUnsigned!: string;
  @Column({ type: 'tinyint', unsigned: true }) cTinyintUnsigned!: number;
  @Column({ type: 'float' }) cFloat!: number;
  @Column({ type: 'double' }) cDouble!: number;
  @Column({ type: 'double precision' }) cDoublePrecision!: number;
  @Column({ type: 'real' }) cReal!: number;
  @Column({ type: 'decimal', precision: 10, scale: 2 }) cDecimal!: string;
  @Column({ type: 'decimal', precision: 7 }) cDecimalPrecisionOnly!: string;
  @Column({ type: 'decimal' }) cDecimalPlain!: string;
  @Column({ type: 'dec', precision: 8, scale: 3 }) cDec!: string;
  @Column({ type: 'numeric', precision: 12, scale: 4 }) cNumeric!: string;
  @Column({ type: 'fixed', precision: 6, scale: 1 }) cFixed!: string;
  @Column({ type: 'bool' }) cBool!: boolean;
  @Column({ type: 'boolean' }) cBoolean!: boolean;
  @Column({ type: 'date' }) cDate!: string;
  @Column({ type: 'datetime' }) cDatetime!: Date;
  @Column({ type: 'datetime', precision: 3 }) cDatetime3!: Date;
  @Column({ type: 'timestamp' }) cTimestamp!: Date;
  @Column({ type: 'timestamp', precision: 6 }) cTimestamp6!: Date;
  @Column({ type: 'time' }) cTime!: string;
  @Column({ type: 'time', precision: 2 }) cTime2!: string;
  @Column({ type: 'year' }) cYear!: number;
  @Column({ type: 'char' }) cChar!: string;
  @Column({ type: 'char', length: 3 }) cChar3!: string;
  @Column({ type: 'nchar', length: 2 }) cNchar!: string;
  @Column({ type: 'national char', length: 2 }) cNationalChar!: string;
  @Column({ type: 'varchar', length: 120 }) cVarchar!: string;
  @Column({ type: 'varchar' }) cVarcharNoLength!: string;
  @Column({ type: 'nvarchar', length: 40 }) cNvarchar!: string;
  @Column({ type: 'national varchar', length: 40 }) cNationalVarchar!: string;
  @Column({ type: 'tinytext' }) cTinytext!: string;
  @Column({ type: 'text' }) cText!: string;
  @Column({ type: 'mediumtext' }) cMediumtext!: string;
  @Column({ type: 'longtext' }) cLongtext!: string;
  @Column({ type: 'tinyblob' }) cTinyblob!: Buffer;
  @Column({ type: 'blob' }) cBlob!: Buffer;
  @Column({ type: 'mediumblob' }) cMediumblob!: Buffer;
  @Column({ type: 'longblob' }) cLongblob!: Buffer;
  @Column({ type: 'binary' }) cBinaryPlain!: Buffer;
  @Column({ type: 'binary', length: 16 }) cBinary!: Buffer;
  @Column({ type: 'varbinary', length: 64 }) cVarbinary!: Buffer;
  @Column({ type: 'enum', enum: ['red', 'green'] }) cEnum!: string;
  @Column({ type: 'enum', enum: Mood }) cTsEnum!: Mood;
  @Column({ type: 'set', enum: ['a', 'b', 'c'] }) cSet!: string[];
  @Column({ type: 'json' }) cJson!: object;
  @Column({ type: 'uuid' }) cUuid!: string;
  @Column({ type: 'simple-array' }) cSimpleArray!: string[];
  @Column({ type: 'simple-json' }) cSimpleJson!: object;
  @Column({ type: 'simple-enum', enum: ['a', 'b'] }) cSimpleEnum!: string;
  @Column({ type: 'varchar', length: 20, charset: 'utf8mb4', collation: 'utf8mb4_bin' }) cUtf8mb4Bin!: string;
  @Column() cInferredString!: string;
  @Column() cInferredNumber!: number;
  @Column() cInferredBoolean!: boolean;
  @Column() cInferredDate!: Date;
  @Column({ type: 'varchar', length: 10, nullable: true }) cNullable!: string | null;
  @Column({ type: 'int', nullable: true }) cNullableInt!: number | null;
  @Column({ type: 'datetime', nullable: true }) cNullableDatetime!: Date | null;
  @Column({ type: 'int', comment: "it's counted" }) cCommented!: number;
}

@Entity('uuid_keys')
export class UuidKey {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'varchar', length: 10 }) label!: string;
}

@Entity('bigint_keys')
export class BigintKey {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true }) id!: string;
}

@Entity('natural_keys')
export class NaturalKey {
  @PrimaryColumn({ type: 'varchar', length: 20 }) code!: string;
  @PrimaryColumn({ type: 'int' }) version!: number;
}
`;
  }
  if (dialect === 'sqlite') {
    return `${IMPORTS}
@Entity('all_types')
export class AllTypes {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'integer' }) cInteger!: number;
  @Column({ type: 'int' }) cInt!: number;
  @Column({ type: 'bigint' }) cBigint!: number;
  @Column({ type: 'real' }) cReal!: number;
  @Column({ type: 'double' }) cDouble!: number;
  @Column({ type: 'float' }) cFloat!: number;
  @Column({ type: 'numeric' }) cNumeric!: number;
  @Column({ type: 'decimal', precision: 10, scale: 2 }) cDecimal!: number;
  @Column({ type: 'decimal' }) cDecimalPlain!: number;
  @Column({ type: 'boolean' }) cBoolean!: boolean;
  @Column({ type: 'varchar', length: 120 }) cVarchar!: string;
  @Column({ type: 'varchar' }) cVarcharNoLength!: string;
  @Column({ type: 'text' }) cText!: string;
  @Column({ type: 'blob' }) cBlob!: Buffer;
  @Column({ type: 'date' }) cDate!: string;
  @Column({ type: 'datetime' }) cDatetime!: Date;
  @Column({ type: 'time' }) cTime!: string;
  @Column({ type: 'simple-json' }) cSimpleJson!: object;
  @Column({ type: 'simple-array' }) cSimpleArray!: string[];
  @Column({ type: 'simple-enum', enum: ['a', 'b'] }) cSimpleEnum!: string;
  @Column({ type: 'uuid' }) cUuid!: string;
  @Column() cInferredString!: string;
  @Column() cInferredNumber!: number;
  @Column() cInferredBoolean!: boolean;
  @Column() cInferredDate!: Date;
  @Column({ type: 'varchar', length: 10, nullable: true }) cNullable!: string | null;
}

@Entity('uuid_keys')
export class UuidKey {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'varchar', length: 10 }) label!: string;
}

@Entity('natural_keys')
export class NaturalKey {
  @PrimaryColumn({ type: 'varchar', length: 20 }) code!: string;
  @PrimaryColumn({ type: 'int' }) version!: number;
}
`;
  }
  return `${IMPORTS}
export enum Mood { Happy = 'happy', Sad = 'sad' }

@Entity('all_types')
export class AllTypes {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'int' }) cInt!: number;
  @Column({ type: 'integer' }) cInteger!: number;
  @Column({ type: 'int2' }) cInt2!: number;
  @Column({ type: 'int4' }) cInt4!: number;
  @Column({ type: 'int8' }) cInt8!: string;
  @Column({ type: 'smallint' }) cSmallint!: number;
  @Column({ type: 'bigint' }) cBigint!: string;
  @Column({ type: 'numeric', precision: 10, scale: 2 }) cNumeric!: string;
  @Column({ type: 'decimal', precision: 12, scale: 4 }) cDecimal!: string;
  @Column({ type: 'numeric', precision: 7 }) cNumericPrecisionOnly!: string;
  @Column({ type: 'numeric' }) cNumericPlain!: string;
  @Column({ type: 'real' }) cReal!: number;
  @Column({ type: 'float4' }) cFloat4!: number;
  @Column({ type: 'float8' }) cFloat8!: number;
  @Column({ type: 'float' }) cFloat!: number;
  @Column({ type: 'double precision' }) cDouble!: number;
  @Column({ type: 'boolean' }) cBoolean!: boolean;
  @Column({ type: 'bool' }) cBool!: boolean;
  @Column({ type: 'varchar', length: 120 }) cVarchar!: string;
  @Column({ type: 'varchar' }) cVarcharNoLength!: string;
  @Column({ type: 'character varying', length: 30 }) cCharacterVarying!: string;
  @Column({ type: 'char' }) cChar!: string;
  @Column({ type: 'char', length: 3 }) cChar3!: string;
  @Column({ type: 'character', length: 2 }) cCharacter!: string;
  @Column({ type: 'text' }) cText!: string;
${options.citext ? "  @Column({ type: 'citext' }) cCitext!: string;\n" : ''}  @Column({ type: 'uuid' }) cUuid!: string;
  @Column({ type: 'date' }) cDate!: string;
  @Column({ type: 'time' }) cTime!: string;
  @Column({ type: 'time', precision: 2 }) cTime2!: string;
  @Column({ type: 'timetz' }) cTimetz!: string;
  @Column({ type: 'time with time zone' }) cTimeWithTimeZone!: string;
  @Column({ type: 'timestamp' }) cTimestamp!: Date;
  @Column({ type: 'timestamp', precision: 3 }) cTimestamp3!: Date;
  @Column({ type: 'timestamptz' }) cTimestamptz!: Date;
  @Column({ type: 'timestamptz', precision: 3 }) cTimestamptz3!: Date;
  @Column({ type: 'timestamptz', precision: 0 }) cTimestamptz0!: Date;
  @Column({ type: 'timestamp with time zone' }) cTimestampWithTimeZone!: Date;
  @Column({ type: 'interval' }) cInterval!: string;
  @Column({ type: 'json' }) cJson!: object;
  @Column({ type: 'jsonb' }) cJsonb!: object;
  @Column({ type: 'bytea' }) cBytea!: Buffer;
  @Column({ type: 'inet' }) cInet!: string;
  @Column({ type: 'cidr' }) cCidr!: string;
  @Column({ type: 'macaddr' }) cMacaddr!: string;
  @Column({ type: 'simple-array' }) cSimpleArray!: string[];
  @Column({ type: 'simple-json' }) cSimpleJson!: object;
  @Column({ type: 'simple-enum', enum: ['a', 'b'] }) cSimpleEnum!: string;
  @Column({ type: 'enum', enum: ['red', 'green'] }) cEnum!: string;
  @Column({ type: 'enum', enum: Mood }) cTsEnum!: Mood;
  @Column({ type: 'enum', enum: ['x', 'y'], enumName: 'named_kind' }) cNamedEnum!: string;
  @Column({ type: 'enum', enum: ['x', 'y'], enumName: 'named_kind', nullable: true }) cNamedEnumAgain!: string | null;
  @Column({ type: 'enum', enum: ['p', 'q'], array: true }) cEnumArray!: string[];
  @Column({ type: 'text', array: true }) cTextArray!: string[];
  @Column({ type: 'int', array: true }) cIntArray!: number[];
  @Column({ type: 'varchar', length: 20, array: true }) cVarcharArray!: string[];
  @Column({ type: 'tsvector' }) cTsvector!: string;
  @Column() cInferredString!: string;
  @Column() cInferredNumber!: number;
  @Column() cInferredBoolean!: boolean;
  @Column() cInferredDate!: Date;
  @Column({ type: 'varchar', length: 10, nullable: true }) cNullable!: string | null;
  @Column({ type: 'int', comment: "it's counted" }) cCommented!: number;
}

@Entity('identity_keys')
export class IdentityKey {
  @PrimaryGeneratedColumn('identity') id!: number;
  @Column({ type: 'varchar', length: 10 }) label!: string;
}

@Entity('bigserial_keys')
export class BigserialKey {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
}

@Entity('uuid_keys')
export class UuidKey {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'varchar', length: 10 }) label!: string;
}

@Entity('natural_keys')
export class NaturalKey {
  @PrimaryColumn({ type: 'varchar', length: 20 }) code!: string;
  @PrimaryColumn({ type: 'int' }) version!: number;
}
`;
}

/**
 * Defaults of every kind. A quote in a string default is doubled, as TypeORM needs it (it writes
 * the text between quotes as it is, typeorm#10408): the database holds `it's`.
 */
function defaults(dialect: Dialect): string {
  if (dialect === 'mysql') {
    // TypeORM writes a number default with toFixed(scale): a float or double default needs a
    // scale (without one, 1.5 is written as DEFAULT 2). A TEXT or JSON column has no literal
    // default on MySQL (MariaDB allows one), and a bit default is written quoted, which MariaDB
    // refuses: none of those here. (CURRENT_DATE) in parentheses, as MySQL needs it.
    return `${IMPORTS}
@Entity('defaults')
export class Defaults {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'varchar', length: 40, default: "it''s" }) quoted!: string;
  @Column({ type: 'varchar', length: 20, default: '' }) empty!: string;
  @Column({ type: 'char', length: 2, default: 'ab' }) twoChars!: string;
  @Column({ type: 'int', default: 0 }) zero!: number;
  @Column({ type: 'int', default: -1 }) negative!: number;
  @Column({ type: 'int', unsigned: true, default: 10 }) unsignedTen!: number;
  @Column({ type: 'bigint', default: '9007199254740993' }) big!: string;
  @Column({ type: 'float', default: 5 }) five!: number;
  @Column({ type: 'double', precision: 10, scale: 1, default: 1.5 }) oneAndHalf!: number;
  @Column({ type: 'decimal', precision: 10, scale: 2, default: 5 }) fiveAsDecimal!: string;
  @Column({ type: 'decimal', precision: 10, scale: 2, default: '12.50' }) price!: string;
  @Column({ type: 'decimal', precision: 10, scale: 2, default: -2.75 }) money!: string;
  @Column({ type: 'boolean', default: true }) yes!: boolean;
  @Column({ type: 'boolean', default: false }) no!: boolean;
  @Column({ type: 'varchar', length: 20, nullable: true, default: null }) nothing!: string | null;
  @Column({ type: 'datetime', default: () => 'CURRENT_TIMESTAMP' }) stamped!: Date;
  @Column({ type: 'datetime', precision: 6, default: () => 'CURRENT_TIMESTAMP(6)' }) stamped6!: Date;
  @Column({ type: 'timestamp', default: () => 'CURRENT_TIMESTAMP', onUpdate: 'CURRENT_TIMESTAMP' }) touched!: Date;
  @Column({ type: 'datetime', precision: 6, default: () => 'CURRENT_TIMESTAMP(6)', onUpdate: 'CURRENT_TIMESTAMP(6)' }) touched6!: Date;
  @Column({ type: 'date', default: () => '(CURRENT_DATE)' }) today!: string;
  @Column({ type: 'date', default: '2020-01-01' }) day!: string;
  @Column({ type: 'enum', enum: ['a', 'b'], default: 'b' }) letter!: string;
  @Column({ type: 'simple-enum', enum: ['x', 'y'], default: 'x' }) kind!: string;
  @Column({ type: 'set', enum: ['a', 'b', 'c'], default: ['a', 'c'] }) flags!: string[];
  @CreateDateColumn() createdAt!: Date;
  @UpdateDateColumn() updatedAt!: Date;
  @DeleteDateColumn() deletedAt!: Date | null;
  @VersionColumn() version!: number;
  @Column({ type: 'uuid' }) @Generated('uuid') token!: string;
}
`;
  }
  if (dialect === 'sqlite') {
    return `${IMPORTS}
@Entity('defaults')
export class Defaults {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'varchar', length: 40, default: "it''s" }) quoted!: string;
  @Column({ type: 'varchar', default: '' }) empty!: string;
  @Column({ type: 'text', default: 'plain' }) plain!: string;
  @Column({ type: 'integer', default: 0 }) zero!: number;
  @Column({ type: 'integer', default: -1 }) negative!: number;
  @Column({ type: 'float', default: 5.0 }) five!: number;
  @Column({ type: 'real', default: 1.5 }) oneAndHalf!: number;
  @Column({ type: 'decimal', precision: 10, scale: 2, default: -2.75 }) money!: number;
  @Column({ type: 'boolean', default: true }) yes!: boolean;
  @Column({ type: 'boolean', default: false }) no!: boolean;
  @Column({ type: 'varchar', nullable: true, default: null }) nothing!: string | null;
  @Column({ type: 'datetime', default: () => 'CURRENT_TIMESTAMP' }) stamped!: Date;
  @Column({ type: 'datetime', default: () => "datetime('now')" }) stampedByFunction!: Date;
  @Column({ type: 'date', default: '2020-01-01' }) day!: string;
  @CreateDateColumn() createdAt!: Date;
  @UpdateDateColumn() updatedAt!: Date;
  @DeleteDateColumn() deletedAt!: Date | null;
  @VersionColumn() version!: number;
  @Column({ type: 'varchar' }) @Generated('uuid') token!: string;
  @Column({ type: 'simple-json', default: '{"a":1}' }) settings!: object;
  @Column({ type: 'simple-array', default: 'a,b' }) list!: string[];
  @Column({ type: 'simple-enum', enum: ['x', 'y'], default: 'x' }) kind!: string;
}
`;
  }
  return `${IMPORTS}
@Entity('defaults')
export class Defaults {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'varchar', length: 40, default: "it''s" }) quoted!: string;
  @Column({ type: 'varchar', default: '' }) empty!: string;
  @Column({ type: 'text', default: 'plain' }) plain!: string;
  @Column({ type: 'char', length: 2, default: 'ab' }) twoChars!: string;
  @Column({ type: 'int', default: 0 }) zero!: number;
  @Column({ type: 'int', default: -1 }) negative!: number;
  @Column({ type: 'bigint', default: '9007199254740993' }) big!: string;
  @Column({ type: 'float', default: 5.0 }) five!: number;
  @Column({ type: 'real', default: 1.5 }) oneAndHalf!: number;
  @Column({ type: 'numeric', precision: 10, scale: 2, default: 5.0 }) fiveAsNumeric!: string;
  @Column({ type: 'numeric', precision: 10, scale: 2, default: '12.50' }) price!: string;
  @Column({ type: 'numeric', default: -2.75 }) money!: string;
  @Column({ type: 'boolean', default: true }) yes!: boolean;
  @Column({ type: 'boolean', default: false }) no!: boolean;
  @Column({ type: 'varchar', nullable: true, default: null }) nothing!: string | null;
  @Column({ type: 'timestamptz', default: () => 'now()' }) stampedNow!: Date;
  @Column({ type: 'timestamp', default: () => 'CURRENT_TIMESTAMP' }) stampedCurrent!: Date;
  @Column({ type: 'date', default: () => 'CURRENT_DATE' }) today!: string;
  @Column({ type: 'date', default: '2020-01-01' }) day!: string;
  @Column({ type: 'interval', default: () => "'1 day'" }) period!: string;
  @CreateDateColumn() createdAt!: Date;
  @UpdateDateColumn() updatedAt!: Date;
  @CreateDateColumn({ type: 'timestamptz' }) createdAtTz!: Date;
  @DeleteDateColumn() deletedAt!: Date | null;
  @VersionColumn() version!: number;
  @Column({ type: 'uuid' }) @Generated('uuid') token!: string;
  @Column({ type: 'uuid', default: () => 'gen_random_uuid()' }) otherToken!: string;
  @Column({ type: 'jsonb', default: () => "'{}'" }) meta!: object;
  @Column({ type: 'jsonb', default: { a: 1, b: [1, 2], c: "it's" } }) metaObject!: object;
  @Column({ type: 'json', default: () => "'[]'" }) list!: unknown[];
  @Column({ type: 'text', array: true, default: () => "'{}'" }) tags!: string[];
  @Column({ type: 'text', array: true, default: () => 'ARRAY[]::text[]' }) tagsArray!: string[];
  @Column({ type: 'int', array: true, default: [1, 2] }) numbers!: number[];
  @Column({ type: 'enum', enum: ['a', 'b'], default: 'b' }) letter!: string;
  @Column({ type: 'enum', enum: ['a', 'b'], enumName: 'ab_kind', default: 'a' }) namedLetter!: string;
  @Column({ type: 'simple-enum', enum: ['x', 'y'], default: 'x' }) kind!: string;
  @Column({ type: 'simple-json', default: '{"a":1}' }) settings!: object;
}
`;
}

/** Every relation kind. */
function relations(): string {
  return `${IMPORTS}
@Entity('profiles')
export class Profile {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'text', nullable: true }) bio!: string | null;
}

@Entity('authors')
export class Author {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 100 }) name!: string;
  @OneToOne(() => Profile, { nullable: true, onDelete: 'SET NULL' }) @JoinColumn({ name: 'profile_id' }) profile!: Profile | null;
  @ManyToOne(() => Author, (a) => a.mentees, { nullable: true, onDelete: 'SET NULL' }) mentor!: Author | null;
  @OneToMany(() => Author, (a) => a.mentor) mentees!: Author[];
}

@Entity('genres')
export class Genre {
  @PrimaryColumn({ type: 'varchar', length: 10 }) code!: string;
}

@Entity('books')
export class Book {
  @PrimaryGeneratedColumn() id!: number;
  @ManyToOne(() => Author, { onDelete: 'CASCADE', onUpdate: 'CASCADE' }) author!: Author;
  @ManyToOne(() => Author, { nullable: false, onDelete: 'RESTRICT' }) @JoinColumn({ name: 'editor_id' }) editor!: Author;
  @ManyToMany(() => Genre)
  @JoinTable({ name: 'book_genres', joinColumn: { name: 'book_id', referencedColumnName: 'id' }, inverseJoinColumn: { name: 'genre_code', referencedColumnName: 'code' } })
  genres!: Genre[];
  @ManyToMany(() => Author) @JoinTable() coauthors!: Author[];
}

@Entity('editions')
export class Edition {
  @PrimaryColumn({ type: 'int' }) bookId!: number;
  @PrimaryColumn({ type: 'int' }) number!: number;
  @ManyToOne(() => Book, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'bookId' }) book!: Book;
}

@Entity('reviews')
export class Review {
  @PrimaryGeneratedColumn() id!: number;
  @ManyToOne(() => Edition, { onDelete: 'CASCADE' })
  @JoinColumn([{ name: 'edition_book', referencedColumnName: 'bookId' }, { name: 'edition_number', referencedColumnName: 'number' }])
  edition!: Edition;
}
`;
}

/** Single-table inheritance, concrete-table inheritance, and class-table inheritance by a shared key. */
function inheritance(): string {
  return `${IMPORTS}
@Entity('contents')
@TableInheritance({ column: { type: 'varchar', name: 'kind', length: 20 } })
export class Content {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 100 }) title!: string;
}

@ChildEntity('photo')
export class Photo extends Content {
  @Column({ type: 'int', nullable: true }) size!: number | null;
}

@ChildEntity('article')
export class Article extends Content {
  @Column({ type: 'text', nullable: true }) body!: string | null;
}

export abstract class Animal {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 50 }) name!: string;
  @CreateDateColumn() createdAt!: Date;
}

@Entity('cats')
export class Cat extends Animal {
  @Column({ type: 'int', default: 9 }) lives!: number;
}

@Entity('dogs')
export class Dog extends Animal {
  @Column({ type: 'boolean', default: true }) goodBoy!: boolean;
}

@Entity('vehicles')
export class Vehicle {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 30 }) make!: string;
}

@Entity('cars')
export class Car {
  @PrimaryColumn({ type: 'int' }) id!: number;
  @OneToOne(() => Vehicle, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'id' }) vehicle!: Vehicle;
  @Column({ type: 'int' }) doors!: number;
}
`;
}

/** Tree entities: closure table, nested set, materialized path. */
function trees(): string {
  return `${IMPORTS}
@Entity('categories')
@Tree('closure-table')
export class Category {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 50 }) name!: string;
  @TreeChildren() children!: Category[];
  @TreeParent({ onDelete: 'CASCADE' }) parent!: Category | null;
}

@Entity('folders')
@Tree('closure-table', { closureTableName: 'folder_tree', ancestorColumnName: () => 'ancestor_id', descendantColumnName: () => 'descendant_id' })
export class Folder {
  @PrimaryGeneratedColumn() id!: number;
  @TreeChildren() children!: Folder[];
  @TreeParent() parent!: Folder | null;
}

@Entity('nodes')
@Tree('nested-set')
export class Node {
  @PrimaryGeneratedColumn() id!: number;
  @TreeChildren() children!: Node[];
  @TreeParent() parent!: Node | null;
}

@Entity('paths')
@Tree('materialized-path')
export class PathNode {
  @PrimaryGeneratedColumn() id!: number;
  @TreeChildren() children!: PathNode[];
  @TreeParent() parent!: PathNode | null;
}
`;
}

/** Embedded columns, with and without prefixes, nested. */
function embedded(): string {
  return `${IMPORTS}
export class Address {
  @Column({ type: 'varchar', length: 100 }) street!: string;
  @Column({ type: 'varchar', length: 10, nullable: true }) zip!: string | null;
}

export class Contact {
  @Column(() => Address) address!: Address;
  @Column({ type: 'varchar', length: 200, default: '' }) email!: string;
}

export class Flags {
  @Column({ type: 'boolean', default: false }) vip!: boolean;
}

@Entity('customers')
export class Customer {
  @PrimaryGeneratedColumn() id!: number;
  @Column(() => Address) home!: Address;
  @Column(() => Address, { prefix: 'work_' }) work!: Address;
  @Column(() => Flags, { prefix: false }) flags!: Flags;
  @Column(() => Contact) contact!: Contact;
}
`;
}

/** Indexes (unique, partial, multi-column), @Unique, @Check. */
function constraints(dialect: Dialect): string {
  if (dialect === 'mysql') {
    // MySQL has no partial indexes, and TypeORM's MySQL driver leaves @Check out (its schema
    // builder never creates or drops a check there), so this model has neither.
    return `${IMPORTS}
@Entity('accounts')
@Index(['first', 'last'])
@Index('ix_accounts_email_active', ['email', 'active'], { unique: true })
@Index('ix_accounts_balance', ['balance'])
@Unique(['first', 'last', 'handle'])
@Unique('uq_accounts_code', ['code'])
export class Account {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 200, unique: true }) email!: string;
  @Index() @Column({ type: 'varchar', length: 50 }) first!: string;
  @Column({ type: 'varchar', length: 50 }) last!: string;
  @Index({ unique: true }) @Column({ type: 'varchar', length: 50 }) handle!: string;
  @Column({ type: 'varchar', length: 20 }) code!: string;
  @Column({ type: 'int', default: 0 }) balance!: number;
  @Column({ type: 'boolean', default: true }) active!: boolean;
}
`;
  }
  return `${IMPORTS}
@Entity('accounts')
@Index(['first', 'last'])
@Index('ix_accounts_active_email', ['email', 'active'], { unique: true, where: '"active" = true' })
@Index('ix_accounts_balance_positive', ['balance'], { where: '"balance" > 0' })
@Unique(['first', 'last', 'handle'])
@Unique('uq_accounts_code', ['code'])
@Check('"balance" >= 0')
@Check('chk_accounts_order', '"first" <> "last"')
export class Account {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 200, unique: true }) email!: string;
  @Index() @Column({ type: 'varchar', length: 50 }) first!: string;
  @Column({ type: 'varchar', length: 50 }) last!: string;
  @Index({ unique: true }) @Column({ type: 'varchar', length: 50 }) handle!: string;
  @Column({ type: 'varchar', length: 20 }) code!: string;
  @Column({ type: 'int', default: 0 }) balance!: number;
  @Column({ type: 'boolean', default: true }) active!: boolean;
}
`;
}

/** PostgreSQL: tables and an enum in another schema, with a foreign key to the default schema. */
function schemas(): string {
  return `${IMPORTS}
@Entity('clients')
export class Client {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 100 }) name!: string;
}

@Entity({ name: 'invoices', schema: 'billing' })
export class Invoice {
  @PrimaryGeneratedColumn() id!: number;
  @ManyToOne(() => Client, { onDelete: 'CASCADE' }) client!: Client;
  @Column({ type: 'enum', enum: ['open', 'paid'], default: 'open' }) status!: string;
  @Column({ type: 'enum', enum: ['eur', 'usd'], enumName: 'currency' }) currency!: string;
  @Index() @Column({ type: 'numeric', precision: 12, scale: 2 }) amount!: string;
  @Column({ type: 'varchar', length: 20, unique: true }) number!: string;
}

@Entity({ name: 'invoice_lines', schema: 'billing' })
export class InvoiceLine {
  @PrimaryGeneratedColumn() id!: number;
  @ManyToOne(() => Invoice, { onDelete: 'CASCADE' }) invoice!: Invoice;
  @Column({ type: 'text', default: '' }) text!: string;
}
`;
}

export interface FidelityModel {
  name: string;
  /** PostgreSQL schemas the model needs (created first, as the user would). */
  schemas?: string[];
  /** PostgreSQL extensions the model needs. */
  extensions?: string[];
  source: string;
}

/** The fixture models for a dialect. */
export function fidelityModels(dialect: Dialect, options: FixtureOptions = {}): FidelityModel[] {
  const out: FidelityModel[] = [
    { name: 'column types', source: types(dialect, options), extensions: dialect === 'postgres' && options.citext ? ['citext'] : [] },
    { name: 'defaults', source: defaults(dialect) },
    { name: 'relations', source: relations() },
    { name: 'inheritance', source: inheritance() },
    { name: 'trees', source: trees() },
    { name: 'embedded columns', source: embedded() },
    { name: 'indexes and constraints', source: constraints(dialect) },
  ];
  if (dialect === 'postgres') out.push({ name: 'schemas', source: schemas(), schemas: ['billing'] });
  return out;
}

/**
 * Round trip: version 1 and version 2 of one model. From 1 to 2: columns added (nullable, and
 * NOT NULL with a default), dropped, a longer varchar, int -> bigint, nullable -> NOT NULL and
 * back, defaults changed, added and removed, a new table with a foreign key, a dropped table, new
 * indexes, an enum value added and an unused one removed.
 */
export function roundTripModel(dialect: Dialect, version: 1 | 2): string {
  const v2 = version === 2;
  const enumType = dialect === 'sqlite' ? "'simple-enum'" : "'enum'";
  const statuses = v2 ? "['draft', 'published', 'archived']" : "['draft', 'published', 'retired']";
  return `${IMPORTS}
@Entity('members')
export class Member {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: ${v2 ? 120 : 50} }) name!: string;
  @Column({ type: ${v2 ? "'bigint'" : "'int'"}, default: 0 }) score!: number;
  @Column({ type: 'varchar', length: 30, nullable: ${v2 ? 'false' : 'true'} }) nick!: string;
  @Column({ type: 'varchar', length: 30, nullable: ${v2 ? 'true' : 'false'} }) city!: string | null;
  @Column({ type: 'varchar', length: 10, default: ${v2 ? "'b'" : "'a'"} }) grade!: string;
  @Column({ type: 'int'${v2 ? ', default: 7' : ''} }) level!: number;
  @Column({ type: 'int'${v2 ? '' : ', default: 3'} }) rank!: number;
${v2 ? "  @Column({ type: 'varchar', length: 20, nullable: true }) phone!: string | null;\n  @Column({ type: 'boolean', default: true }) active!: boolean;\n" : "  @Column({ type: 'text', nullable: true }) legacy!: string | null;\n"}}

@Entity('posts')
${v2 ? "@Index('ix_posts_status_title', ['status', 'title'])\n" : ''}export class Post {
  @PrimaryGeneratedColumn() id!: number;
  ${v2 ? '@Index() ' : ''}@Column({ type: 'varchar', length: 200 }) title!: string;
  @Column({ type: ${enumType}, enum: ${statuses}, default: 'draft' }) status!: string;
  @ManyToOne(() => Member, { onDelete: 'CASCADE' }) author!: Member;
}
${
  v2
    ? `
@Entity('comments')
export class Comment {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'text' }) text!: string;
  @ManyToOne(() => Post, { onDelete: 'CASCADE' }) post!: Post;
}
`
    : `
@Entity('obsolete')
export class Obsolete {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 10 }) label!: string;
}
`
}`;
}
