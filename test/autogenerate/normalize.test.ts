/**
 * The normalizers that keep autogenerate free of spurious diffs: a type or a default as the
 * entities give it and as the catalog reports it must compare equal when they are the same
 * thing, and different when they are not — per dialect.
 */
import { expect } from 'chai';
import { compare } from '../../src/autogenerate/compare';
import { canonicalDefault, canonicalType, isUuidDefault, neutralDefault } from '../../src/dialects/normalize';
import type { DialectName } from '../../src/dialects/types';
import { isPortableSql, NOW_SQL, type ColumnType, type DefaultValue, type PortableSql } from '../../src/operations/ops';
import { typeormString } from '../../src/schema/from-typeorm';
import type { SchemaModel, SchemaTable } from '../../src/schema/model';

type Dialect = 'postgres' | 'sqlite';

const sql = (text: string) => ({ sql: text });

interface DefaultPair {
  type: ColumnType;
  model: DefaultValue;
  database: DefaultValue;
}

function sameDefault(dialect: Dialect, p: DefaultPair): boolean {
  return canonicalDefault(dialect, p.model, p.type) === canonicalDefault(dialect, p.database, p.type);
}

describe('normalizers', () => {
  describe('postgres types', () => {
    const equal: Array<[ColumnType, ColumnType]> = [
      [{ type: 'int' }, { type: 'integer' }],
      [{ type: 'int4' }, { type: 'integer' }],
      [{ type: 'int2' }, { type: 'smallint' }],
      [{ type: 'int8' }, { type: 'bigint' }],
      [{ type: 'decimal', precision: 10, scale: 2 }, { type: 'numeric', precision: 10, scale: 2 }],
      [{ type: 'numeric', precision: 7 }, { type: 'numeric', precision: 7, scale: 0 }],
      [{ type: 'float' }, { type: 'double precision' }],
      [{ type: 'float8' }, { type: 'double precision' }],
      [{ type: 'float4' }, { type: 'real' }],
      [{ type: 'bool' }, { type: 'boolean' }],
      [{ type: 'varchar', length: 20 }, { type: 'character varying', length: 20 }],
      [{ type: 'character varying' }, { type: 'character varying' }],
      [{ type: 'char' }, { type: 'character', length: 1 }],
      [{ type: 'character', length: 3 }, { type: 'character', length: 3 }],
      [{ type: 'timestamp' }, { type: 'timestamp without time zone' }],
      [{ type: 'timestamptz' }, { type: 'timestamp with time zone' }],
      [{ type: 'timestamptz', precision: 6 }, { type: 'timestamp with time zone' }],
      [{ type: 'timestamp with time zone', precision: 3 }, { type: 'timestamp with time zone', precision: 3 }],
      [{ type: 'time' }, { type: 'time without time zone' }],
      [{ type: 'timetz' }, { type: 'time with time zone' }],
      [{ type: 'simple-json' }, { type: 'text' }],
      [{ type: 'simple-array' }, { type: 'text' }],
      [{ type: 'text', array: true }, { type: 'text', array: true }],
      [{ type: 'int', array: true }, { type: 'integer', array: true }],
      [{ type: 'enum', enumName: 'a' }, { type: 'enum', enumName: 'b' }],
    ];
    const different: Array<[ColumnType, ColumnType]> = [
      [{ type: 'int' }, { type: 'bigint' }],
      [{ type: 'varchar', length: 50 }, { type: 'character varying', length: 120 }],
      [{ type: 'varchar', length: 50 }, { type: 'character varying' }],
      [{ type: 'numeric', precision: 10, scale: 2 }, { type: 'numeric', precision: 12, scale: 2 }],
      [{ type: 'numeric' }, { type: 'numeric', precision: 10, scale: 2 }],
      [{ type: 'timestamptz', precision: 3 }, { type: 'timestamp with time zone' }],
      [{ type: 'timestamptz', precision: 0 }, { type: 'timestamp with time zone' }],
      [{ type: 'timestamp' }, { type: 'timestamp with time zone' }],
      [{ type: 'real' }, { type: 'double precision' }],
      [{ type: 'json' }, { type: 'jsonb' }],
      [{ type: 'text', array: true }, { type: 'text' }],
      [{ type: 'char', length: 2 }, { type: 'character', length: 1 }],
    ];
    for (const [a, b] of equal) it(`${JSON.stringify(a)} equals ${JSON.stringify(b)}`, () => expect(canonicalType('postgres', a)).to.equal(canonicalType('postgres', b)));
    for (const [a, b] of different) it(`${JSON.stringify(a)} differs from ${JSON.stringify(b)}`, () => expect(canonicalType('postgres', a)).to.not.equal(canonicalType('postgres', b)));
  });

  describe('sqlite types', () => {
    const equal: Array<[ColumnType, ColumnType]> = [
      [{ type: 'int' }, { type: 'integer' }],
      [{ type: 'uuid' }, { type: 'varchar' }],
      [{ type: 'simple-enum', enum: ['a'] }, { type: 'varchar', enum: ['a'] }],
      [{ type: 'simple-json' }, { type: 'text' }],
      [{ type: 'simple-array' }, { type: 'text' }],
      [{ type: 'decimal', precision: 10, scale: 2 }, { type: 'decimal', precision: 10, scale: 2 }],
      [{ type: 'float' }, { type: 'float' }],
      [{ type: 'numeric' }, { type: 'numeric' }],
      [{ type: 'timestamp' }, { type: 'datetime' }],
      [{ type: 'bool' }, { type: 'boolean' }],
    ];
    const different: Array<[ColumnType, ColumnType]> = [
      [{ type: 'varchar', length: 50 }, { type: 'varchar', length: 120 }],
      [{ type: 'int' }, { type: 'bigint' }],
      // TypeORM compares the declared text: float declared as double is a change to it.
      [{ type: 'float' }, { type: 'double' }],
      [{ type: 'numeric' }, { type: 'decimal' }],
      [{ type: 'decimal', precision: 10, scale: 2 }, { type: 'decimal', precision: 12, scale: 2 }],
    ];
    for (const [a, b] of equal) it(`${JSON.stringify(a)} equals ${JSON.stringify(b)}`, () => expect(canonicalType('sqlite', a)).to.equal(canonicalType('sqlite', b)));
    for (const [a, b] of different) it(`${JSON.stringify(a)} differs from ${JSON.stringify(b)}`, () => expect(canonicalType('sqlite', a)).to.not.equal(canonicalType('sqlite', b)));
  });

  describe('postgres defaults', () => {
    const equal: Array<[string, DefaultPair]> = [
      ['a string and its cast literal', { type: { type: 'varchar' }, model: 'draft', database: sql("'draft'::character varying") }],
      ['a quote in a string', { type: { type: 'varchar' }, model: "it's", database: sql("'it''s'::character varying") }],
      ['the empty string', { type: { type: 'text' }, model: '', database: sql("''::text") }],
      ['zero', { type: { type: 'integer' }, model: 0, database: sql('0') }],
      ['a negative number and its cast', { type: { type: 'integer' }, model: -1, database: sql("'-1'::integer") }],
      ['a negative number in parentheses', { type: { type: 'integer' }, model: -1, database: sql('(-1)') }],
      ['5.0 on a float', { type: { type: 'double precision' }, model: 5.0, database: sql("'5'::double precision") }],
      ['1.5 on a real, quoted as TypeORM writes it', { type: { type: 'real' }, model: 1.5, database: sql("'1.5'::real") }],
      ['a decimal string on numeric', { type: { type: 'numeric', precision: 10, scale: 2 }, model: '12.50', database: sql('12.50') }],
      ['a bigint string', { type: { type: 'bigint' }, model: '9007199254740993', database: sql("'9007199254740993'::bigint") }],
      ['true', { type: { type: 'boolean' }, model: true, database: sql('true') }],
      ['false', { type: { type: 'boolean' }, model: false, database: sql('false') }],
      ["boolean 'false' as text", { type: { type: 'boolean' }, model: 'false', database: sql('false') }],
      ['now() and CURRENT_TIMESTAMP', { type: { type: 'timestamp with time zone' }, model: sql('CURRENT_TIMESTAMP'), database: sql('now()') }],
      ["CURRENT_DATE and TypeORM's ('now'::text)::date", { type: { type: 'date' }, model: sql("('now'::text)::date"), database: sql('CURRENT_DATE') }],
      [
        "CURRENT_TIMESTAMP(3) and TypeORM's ('now'::text)::timestamp(3) with time zone",
        { type: { type: 'timestamp with time zone', precision: 3 }, model: sql("('now'::text)::timestamp(3) with time zone"), database: sql('CURRENT_TIMESTAMP(3)') },
      ],
      ["jsonb '{}' and '{}'::jsonb", { type: { type: 'jsonb' }, model: sql("'{}'"), database: sql("'{}'::jsonb") }],
      [
        'a jsonb object value and the catalog text (spacing, key order)',
        { type: { type: 'jsonb' }, model: { b: [1, 2], a: 1, c: "it's" }, database: sql('\'{"a": 1, "b": [1, 2], "c": "it\'\'s"}\'::jsonb') },
      ],
      ["json '[]'", { type: { type: 'json' }, model: sql("'[]'"), database: sql("'[]'::json") }],
      ["text[] '{}' and ARRAY[]::text[]", { type: { type: 'text', array: true }, model: sql('ARRAY[]::text[]'), database: sql("'{}'::text[]") }],
      ["text[] '{a,b}' and ARRAY['a'::text, 'b'::text]", { type: { type: 'text', array: true }, model: sql("'{a,b}'"), database: sql("ARRAY['a'::text, 'b'::text]") }],
      ['int[] [1, 2] and its literal', { type: { type: 'integer', array: true }, model: [1, 2], database: sql("'{1,2}'::integer[]") }],
      ['an enum value and its cast', { type: { type: 'enum', enumName: 'status' }, model: 'open', database: sql(`'open'::"billing"."status"`) }],
      ['an interval', { type: { type: 'interval' }, model: sql("'1 day'"), database: sql("'1 day'::interval") }],
    ];
    const different: Array<[string, DefaultPair]> = [
      ['two strings', { type: { type: 'varchar' }, model: 'a', database: sql("'b'::character varying") }],
      ['two numbers', { type: { type: 'integer' }, model: 1, database: sql('-1') }],
      ['true and false', { type: { type: 'boolean' }, model: true, database: sql('false') }],
      ['the string 1.5 and the number 15', { type: { type: 'real' }, model: 1.5, database: sql("'15'::real") }],
      ['now() and CURRENT_DATE', { type: { type: 'date' }, model: sql('now()'), database: sql('CURRENT_DATE') }],
      ['CURRENT_TIMESTAMP(3) and now()', { type: { type: 'timestamp with time zone' }, model: sql("('now'::text)::timestamp(3) with time zone"), database: sql('now()') }],
      // A jsonb object literal is JSON, not a PostgreSQL array literal.
      ['two jsonb objects', { type: { type: 'jsonb' }, model: { a: 1, b: 2 }, database: sql('\'{"a": 1, "b": 3}\'::jsonb') }],
      ['jsonb {} and []', { type: { type: 'jsonb' }, model: sql("'{}'"), database: sql("'[]'::jsonb") }],
      ['two arrays', { type: { type: 'text', array: true }, model: sql("'{a}'"), database: sql("'{}'::text[]") }],
      ['two enum values', { type: { type: 'enum', enumName: 's' }, model: 'open', database: sql("'paid'::s") }],
    ];
    for (const [name, p] of equal) it(`equal: ${name}`, () => expect(sameDefault('postgres', p), JSON.stringify(p)).to.equal(true));
    for (const [name, p] of different) it(`different: ${name}`, () => expect(sameDefault('postgres', p), JSON.stringify(p)).to.equal(false));

    it('no default and a NULL default are the same', () => {
      expect(canonicalDefault('postgres', undefined, { type: 'text' })).to.equal(canonicalDefault('postgres', sql('NULL::character varying'), { type: 'text' }));
    });
    it('uuid generator functions are recognised', () => {
      for (const f of ['gen_random_uuid()', 'uuid_generate_v4()', 'public.uuid_generate_v4()']) expect(isUuidDefault('postgres', sql(f)), f).to.equal(true);
      expect(isUuidDefault('postgres', sql('now()'))).to.equal(false);
    });
  });

  describe('sqlite defaults', () => {
    const equal: Array<[string, DefaultPair]> = [
      ['a string', { type: { type: 'varchar' }, model: 'draft', database: sql("'draft'") }],
      ['a quote in a string', { type: { type: 'varchar' }, model: "it's", database: sql("'it''s'") }],
      ['a string in parentheses (TypeORM writes DEFAULT (...))', { type: { type: 'text' }, model: 'plain', database: sql("('plain')") }],
      ['true as 1', { type: { type: 'boolean' }, model: true, database: sql('1') }],
      ['false as (0)', { type: { type: 'boolean' }, model: false, database: sql('(0)') }],
      ['5.0 on a float', { type: { type: 'float' }, model: 5.0, database: sql('(5)') }],
      ['a negative decimal', { type: { type: 'decimal', precision: 10, scale: 2 }, model: -2.75, database: sql('(-2.75)') }],
      ['CURRENT_TIMESTAMP', { type: { type: 'datetime' }, model: sql('CURRENT_TIMESTAMP'), database: sql('(CURRENT_TIMESTAMP)') }],
      ["datetime('now')", { type: { type: 'datetime' }, model: sql("datetime('now')"), database: sql("(datetime('now'))") }],
      ['a JSON text', { type: { type: 'simple-json' }, model: '{"a":1}', database: sql('(\'{"a": 1}\')') }],
    ];
    const different: Array<[string, DefaultPair]> = [
      ['true and 0', { type: { type: 'boolean' }, model: true, database: sql('0') }],
      ['two strings', { type: { type: 'varchar' }, model: 'a', database: sql("'b'") }],
      ["CURRENT_TIMESTAMP and datetime('now')", { type: { type: 'datetime' }, model: sql('CURRENT_TIMESTAMP'), database: sql("datetime('now')") }],
      ['1.5 and 15', { type: { type: 'real' }, model: 1.5, database: sql('15') }],
    ];
    for (const [name, p] of equal) it(`equal: ${name}`, () => expect(sameDefault('sqlite', p), JSON.stringify(p)).to.equal(true));
    for (const [name, p] of different) it(`different: ${name}`, () => expect(sameDefault('sqlite', p), JSON.stringify(p)).to.equal(false));
  });

  describe("TypeORM's string defaults", () => {
    it('a doubled quote is the escaped form TypeORM users write (typeorm#10408): the value has one quote', () => {
      expect(typeormString("it''s")).to.equal("it's");
      expect(typeormString("''''")).to.equal("''");
    });
    it('a lone quote is the character itself, and text without quotes is unchanged', () => {
      expect(typeormString("it's")).to.equal("it's");
      expect(typeormString("a '' b ' c")).to.equal("a '' b ' c");
      expect(typeormString('plain')).to.equal('plain');
    });
  });

  describe('sqlite enum columns', () => {
    const tableWith = (column: SchemaTable['columns'][number]): SchemaTable => ({ name: 't', columns: [{ name: 'id', type: 'integer', nullable: false }, column], primaryKey: { kind: 'primaryKey', columns: ['id'] }, uniques: [], foreignKeys: [], checks: [], indexes: [] });
    const model = (column: SchemaTable['columns'][number]): SchemaModel => ({ dialect: 'sqlite', tables: [tableWith(column)], enums: [] });

    it('the same values in the CHECK are no change', () => {
      const ops = compare(model({ name: 's', type: 'simple-enum', enum: ['a', 'b'], nullable: false }), model({ name: 's', type: 'varchar', enum: ['a', 'b'], nullable: false }), { dialect: 'sqlite' });
      expect(ops).to.deep.equal([]);
    });
    it('other values are a type change, in a batch (the CHECK is rebuilt), and its reverse writes the old CHECK back', () => {
      const ops = compare(model({ name: 's', type: 'simple-enum', enum: ['a', 'b', 'c'], nullable: false }), model({ name: 's', type: 'varchar', enum: ['a', 'b'], nullable: false }), { dialect: 'sqlite' });
      expect(ops).to.have.length(1);
      const batch = ops[0];
      expect(batch.kind).to.equal('batch');
      if (batch.kind !== 'batch') return;
      const alter = batch.ops[0];
      expect(alter).to.deep.include({ kind: 'alterColumn', column: 's' });
      if (alter.kind !== 'alterColumn') return;
      expect(alter.changes.type).to.deep.equal({ type: 'simple-enum', enum: ['a', 'b', 'c'] });
      expect(alter.existing.type).to.deep.equal({ type: 'simple-enum', enum: ['a', 'b'] });
    });
  });

  describe('catalog defaults as the literal an entity writes (neutralDefault)', () => {
    const cases: Array<[DialectName, string, ColumnType, DefaultValue, DefaultValue | PortableSql]> = [
      ['postgres', 'a varchar and its cast', { type: 'varchar', length: 20 }, sql("'42'::character varying"), '42'],
      ['postgres', 'a quote in a string', { type: 'varchar' }, sql("'it''s'::character varying"), "it's"],
      ['postgres', 'the empty text', { type: 'text' }, sql("''::text"), ''],
      ['postgres', 'an integer', { type: 'integer' }, sql('5'), 5],
      ['postgres', 'a negative integer and its cast', { type: 'integer' }, sql("'-1'::integer"), -1],
      ['postgres', 'true', { type: 'boolean' }, sql('true'), true],
      ['postgres', 'an enum value', { type: 'enum', enumName: 'post_status_enum', enum: ['draft', 'published'] }, sql("'draft'::post_status_enum"), 'draft'],
      ['postgres', 'a function call stays SQL', { type: 'text' }, sql("lower('ABC'::text)"), sql("lower('ABC'::text)")],
      ['postgres', 'a cast to another type stays SQL', { type: 'text' }, sql("'5'::integer"), sql("'5'::integer")],
      ['postgres', "now() on a timestamp is now(), written datetime('now') on SQLite", { type: 'timestamptz' }, sql('now()'), { sql: { ...NOW_SQL } }],
      ['postgres', 'now() on a text column stays SQL', { type: 'text' }, sql('now()'), sql('now()')],
      ['sqlite', "datetime('now') on a datetime is now(), written now() on PostgreSQL", { type: 'datetime' }, sql("datetime('now')"), { sql: { ...NOW_SQL } }],
      ['postgres', 'jsonb stays SQL', { type: 'jsonb' }, sql("'{}'::jsonb"), sql("'{}'::jsonb")],
      ['postgres', 'an array stays SQL', { type: 'text', array: true }, sql("'{}'::text[]"), sql("'{}'::text[]")],
      ['postgres', 'a bigint beyond 2^53 stays SQL', { type: 'bigint' }, sql("'9007199254740993'::bigint"), sql("'9007199254740993'::bigint")],
      ['sqlite', 'a string', { type: 'varchar' }, sql("'draft'"), 'draft'],
      ['sqlite', 'a string in parentheses', { type: 'text' }, sql("('plain')"), 'plain'],
      ['sqlite', 'a boolean as 1', { type: 'boolean' }, sql('1'), true],
      ['sqlite', 'a number in parentheses', { type: 'integer' }, sql('(5)'), 5],
      ['sqlite', 'CURRENT_TIMESTAMP stays SQL', { type: 'datetime' }, sql('CURRENT_TIMESTAMP'), sql('CURRENT_TIMESTAMP')],
    ];
    for (const [dialect, name, type, database, expected] of cases) {
      it(`${dialect}: ${name}`, () => {
        const got = neutralDefault(dialect, database, type);
        expect(got).to.deep.equal(expected);
        // Whatever it gives stores the same default (a per-database sql() as the op API resolves it).
        const stored = isPortableSql(got) ? { sql: got.sql[dialect]! } : got;
        expect(canonicalDefault(dialect, stored, type)).to.equal(canonicalDefault(dialect, database, type));
      });
    }
  });
});
