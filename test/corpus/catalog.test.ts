/**
 * The catalog helper (test/helpers/catalog.ts) itself, on a real SQLite file, a real
 * PostgreSQL database and a real MariaDB (or MySQL) database: two databases built by hand,
 * alike but for one thing each time; the diff names exactly that thing. And what is legitimately different (the version table, TypeORM's
 * migrations table, formatting of equivalent SQL on SQLite) is no difference.
 */
import { expect } from 'chai';
import { catalog, catalogDiff } from '../helpers/catalog';
import { openTestDb, type DialectName, type TestDb } from '../helpers/databases';
import { makeProject } from '../helpers/project';

interface Variation {
  what: string;
  /** Statements for the left and the right database. */
  left: string[];
  right: string[];
  /** Patterns the diff's lines must match, one line each. */
  expect: RegExp[];
}

/** MySQL / MariaDB: its own SQL (backquoted names; a double-quoted text is a string there). */
function mysqlVariations(): Variation[] {
  const base = 'CREATE TABLE parent (id int AUTO_INCREMENT PRIMARY KEY, name varchar(20) NOT NULL) ENGINE=InnoDB';
  const child = (fk: string, name = 'FK_child_parent') => `CREATE TABLE child (id int NOT NULL PRIMARY KEY, parent_id int, CONSTRAINT \`${name}\` FOREIGN KEY (parent_id) REFERENCES parent (id)${fk}) ENGINE=InnoDB`;
  return [
    { what: 'a default', left: [`CREATE TABLE t (a int DEFAULT 1)`], right: [`CREATE TABLE t (a int DEFAULT 2)`], expect: [/^- only mig: column t\.a: int(\(11\))? default 1$/, /^\+ only typeorm: column t\.a: int(\(11\))? default 2$/] },
    { what: 'nullability', left: [`CREATE TABLE t (a int NOT NULL)`], right: [`CREATE TABLE t (a int)`], expect: [/^- only mig: column t\.a: int(\(11\))? NOT NULL$/, /^\+ only typeorm: column t\.a: int(\(11\))?( default NULL)?$/] },
    { what: 'a column type', left: [`CREATE TABLE t (a varchar(10))`], right: [`CREATE TABLE t (a varchar(20))`], expect: [/^- only mig: column t\.a: varchar\(10\)/, /^\+ only typeorm: column t\.a: varchar\(20\)/] },
    { what: 'a foreign key action', left: [base, child(' ON DELETE CASCADE')], right: [base, child('')], expect: [/^- only mig: foreign key child FK_child_parent: \(parent_id\) -> parent \(id\) ON DELETE CASCADE ON UPDATE/, /^\+ only typeorm: foreign key child FK_child_parent: \(parent_id\) -> parent \(id\) ON DELETE (RESTRICT|NO ACTION) ON UPDATE/] },
    // The index MySQL makes for a foreign key is named as the key.
    { what: 'a constraint name', left: [base, child('')], right: [base, child('', 'FK_other')], expect: [/^- only mig: foreign key child FK_child_parent/, /^\+ only typeorm: foreign key child FK_other/, /^- only mig: index child FK_child_parent: BTREE \(parent_id\)$/, /^\+ only typeorm: index child FK_other: BTREE \(parent_id\)$/] },
    { what: 'a check', left: [`CREATE TABLE t (a int, CONSTRAINT CHK_a CHECK (a > 0))`], right: [`CREATE TABLE t (a int, CONSTRAINT CHK_a CHECK (a > 1))`], expect: [/^- only mig: check t CHK_a.*0\)*$/, /^\+ only typeorm: check t CHK_a.*1\)*$/] },
    { what: 'an index missing', left: [`CREATE TABLE t (a int)`, `CREATE UNIQUE INDEX ix ON t (a)`], right: [`CREATE TABLE t (a int)`], expect: [/^- only mig: index t ix: unique BTREE \(a\)$/] },
    { what: 'an index kind', left: [`CREATE TABLE t (a varchar(20))`, `CREATE FULLTEXT INDEX ix ON t (a)`], right: [`CREATE TABLE t (a varchar(20))`, `CREATE INDEX ix ON t (a)`], expect: [/^- only mig: index t ix: FULLTEXT \(a\)$/, /^\+ only typeorm: index t ix: BTREE \(a\)$/] },
    { what: 'an index prefix length', left: [`CREATE TABLE t (a varchar(20))`, `CREATE INDEX ix ON t (a(5))`], right: [`CREATE TABLE t (a varchar(20))`, `CREATE INDEX ix ON t (a)`], expect: [/^- only mig: index t ix: BTREE \(a\(5\)\)$/, /^\+ only typeorm: index t ix: BTREE \(a\)$/] },
    { what: 'a comment', left: [`CREATE TABLE t (a int COMMENT 'x')`], right: [`CREATE TABLE t (a int)`], expect: [/^- only mig: column t\.a: .* comment "x"$/, /^\+ only typeorm: column t\.a: /] },
    { what: 'ON UPDATE', left: [`CREATE TABLE t (a datetime DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP)`], right: [`CREATE TABLE t (a datetime DEFAULT CURRENT_TIMESTAMP)`], expect: [/^- only mig: column t\.a: datetime default current_timestamp\(\) extra on update current_timestamp\(\)$/i, /^\+ only typeorm: column t\.a: datetime default current_timestamp\(\)$/i] },
    { what: 'a column collation', left: [`CREATE TABLE t (a varchar(5) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin)`], right: [`CREATE TABLE t (a varchar(5) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci)`], expect: [/^- only mig: column t\.a: .*collate utf8mb4_bin$/, /^\+ only typeorm: column t\.a: .*collate utf8mb4_general_ci$/] },
    { what: 'a view definition', left: [base, `CREATE VIEW v AS SELECT id FROM parent`], right: [base, `CREATE VIEW v AS SELECT id, name FROM parent`], expect: [/^- only mig: view v definition .*`id`(?!.*name)/, /^\+ only typeorm: view v definition .*name/, /^\+ only typeorm: column v\.name: varchar\(20\) NOT NULL/] },
    {
      what: 'bookkeeping tables are no difference',
      left: [`CREATE TABLE mig_version (version_num varchar(32) NOT NULL PRIMARY KEY)`, `CREATE TABLE t (a int)`],
      right: [`CREATE TABLE migrations (id int AUTO_INCREMENT PRIMARY KEY, name varchar(255))`, `CREATE TABLE t (a int)`],
      expect: [],
    },
  ];
}

function variations(dialect: DialectName): Variation[] {
  if (dialect === 'mysql') return mysqlVariations();
  const pg = dialect === 'postgres';
  const base = pg ? 'CREATE TABLE parent (id serial PRIMARY KEY, name varchar(20) NOT NULL)' : 'CREATE TABLE parent (id integer PRIMARY KEY AUTOINCREMENT, name varchar(20) NOT NULL)';
  const child = (fk: string) => `CREATE TABLE child (id integer NOT NULL, parent_id integer, CONSTRAINT "PK_child" PRIMARY KEY (id), CONSTRAINT "FK_child_parent" FOREIGN KEY (parent_id) REFERENCES parent (id)${fk})`;
  const common: Variation[] = [
    { what: 'a default', left: [base, `CREATE TABLE t (a integer DEFAULT 1)`], right: [base, `CREATE TABLE t (a integer DEFAULT 2)`], expect: [/^- only mig: column (public\.)?t\.a: (integer|INTEGER) default 1$/, /^\+ only typeorm: column (public\.)?t\.a: (integer|INTEGER) default 2$/] },
    { what: 'nullability', left: [`CREATE TABLE t (a integer NOT NULL)`], right: [`CREATE TABLE t (a integer)`], expect: [/^- only mig: column (public\.)?t\.a: integer NOT NULL$/i, /^\+ only typeorm: column (public\.)?t\.a: integer$/i] },
    { what: 'a column type', left: [`CREATE TABLE t (a varchar(10))`], right: [`CREATE TABLE t (a varchar(20))`], expect: [/^- only mig: column (public\.)?t\.a: (character varying|varchar)\(10\)$/, /^\+ only typeorm: column (public\.)?t\.a: (character varying|varchar)\(20\)$/] },
    { what: 'a foreign key action', left: [base, child(' ON DELETE CASCADE')], right: [base, child('')], expect: pg ? [/^- only mig: constraint public\.child FK_child_parent: .* ON DELETE CASCADE$/, /^\+ only typeorm: constraint public\.child FK_child_parent: FOREIGN KEY \(parent_id\) REFERENCES parent\(id\)$/] : [/^- only mig: clause child: .*ON DELETE CASCADE$/, /^\+ only typeorm: clause child: CONSTRAINT "FK_child_parent" FOREIGN KEY\(parent_id\)REFERENCES parent\(id\)$/, /^- only mig: foreign key child \(parent_id\) -> parent \(id\) ON DELETE CASCADE/, /^\+ only typeorm: foreign key child \(parent_id\) -> parent \(id\) ON DELETE NO ACTION/] },
    { what: 'a deferrable foreign key', left: [base, child(' DEFERRABLE INITIALLY DEFERRED')], right: [base, child('')], expect: pg ? [/^- only mig: constraint public\.child FK_child_parent: .*DEFERRABLE INITIALLY DEFERRED$/, /^\+ only typeorm: constraint public\.child FK_child_parent/] : [/^- only mig: clause child: .*DEFERRABLE INITIALLY DEFERRED$/, /^\+ only typeorm: clause child: /] },
    { what: 'a constraint name', left: [base, child('')], right: [base, child('').replace('FK_child_parent', 'FK_other')], expect: [/FK_child_parent/, /FK_other/] },
    { what: 'a check', left: [`CREATE TABLE t (a integer, CONSTRAINT "CHK_a" CHECK (a > 0))`], right: [`CREATE TABLE t (a integer, CONSTRAINT "CHK_a" CHECK (a > 1))`], expect: [/^- only mig: .*CHK_a.*0\)*$/, /^\+ only typeorm: .*CHK_a.*1\)*$/] },
    { what: "an index's predicate", left: [`CREATE TABLE t (a integer)`, `CREATE INDEX ix ON t (a) WHERE a > 0`], right: [`CREATE TABLE t (a integer)`, `CREATE INDEX ix ON t (a) WHERE a > 1`], expect: pg ? [/^- only mig: index public\.ix: .*WHERE \(a > 0\)$/, /^\+ only typeorm: index public\.ix: .*WHERE \(a > 1\)$/] : [/^- only mig: index ix sql .*a>0$/, /^\+ only typeorm: index ix sql .*a>1$/, /^- only mig: index t ix: created \(a\) WHERE a>0$/, /^\+ only typeorm: index t ix: created \(a\) WHERE a>1$/] },
    { what: 'an index missing', left: [`CREATE TABLE t (a integer)`, `CREATE UNIQUE INDEX ix ON t (a)`], right: [`CREATE TABLE t (a integer)`], expect: pg ? [/^- only mig: index public\.ix: CREATE UNIQUE INDEX ix ON public\.t USING btree \(a\)$/] : [/^- only mig: index ix sql /, /^- only mig: index t ix: created unique \(a\)$/] },
    { what: 'a view definition', left: [base, `CREATE VIEW v AS SELECT id FROM parent`], right: [base, `CREATE VIEW v AS SELECT id, name FROM parent`], expect: [/^- only mig: view (public\.)?v definition .*\bid\b(?!.*name)/, /^\+ only typeorm: view (public\.)?v definition .*name/, ...(pg ? [/^\+ only typeorm: column public\.v\.name: character varying\(20\)$/] : [])] },
    {
      what: 'bookkeeping tables and formatting are no difference',
      left: [`CREATE TABLE mig_version (version_num varchar(32) NOT NULL)`, `CREATE TABLE t (a varchar(3) CHECK (a IN ('x', 'y')))`],
      right: [`CREATE TABLE migrations (id integer, name varchar)`, `CREATE TABLE t (a varchar(3) CHECK(a IN ('x','y')))`],
      expect: [],
    },
  ];
  if (!pg) return common;
  return [
    ...common,
    { what: 'an enum label', left: [`CREATE TYPE e AS ENUM ('a', 'b')`], right: [`CREATE TYPE e AS ENUM ('a', 'b', 'c')`], expect: [/^- only mig: enum public\.e \(a, b\)$/, /^\+ only typeorm: enum public\.e \(a, b, c\)$/] },
    { what: 'an index method', left: [`CREATE TABLE t (a integer)`, `CREATE INDEX ix ON t USING hash (a)`], right: [`CREATE TABLE t (a integer)`, `CREATE INDEX ix ON t (a)`], expect: [/^- only mig: index public\.ix: .*USING hash/, /^\+ only typeorm: index public\.ix: .*USING btree/] },
    { what: 'a comment', left: [`CREATE TABLE t (a integer)`, `COMMENT ON COLUMN t.a IS 'x'`], right: [`CREATE TABLE t (a integer)`], expect: [/^- only mig: column public\.t\.a: integer comment "x"$/, /^\+ only typeorm: column public\.t\.a: integer$/] },
    { what: 'an extension', left: [`CREATE EXTENSION IF NOT EXISTS pgcrypto`], right: [], expect: [/^- only mig: extension pgcrypto in public$/] },
    { what: 'a table in another schema', left: [`CREATE SCHEMA s`, `CREATE TABLE s.t (a integer)`], right: [`CREATE SCHEMA s`, `CREATE TABLE t (a integer)`], expect: [/^- only mig: column s\.t\.a/, /^- only mig: table s\.t$/, /^\+ only typeorm: column public\.t\.a/, /^\+ only typeorm: table public\.t$/] },
    { what: 'an exclusion constraint', left: [`CREATE TABLE t (a int4range, CONSTRAINT "XCL_a" EXCLUDE USING gist (a WITH &&))`], right: [`CREATE TABLE t (a int4range)`], expect: [/^- only mig: constraint public\.t XCL_a: EXCLUDE USING gist \(a WITH &&\)$/, /^- only mig: index public\.XCL_a/] },
  ];
}

for (const dialect of ['sqlite', 'postgres', 'mysql'] as const) {
  describe(`catalog helper (${dialect})`, function () {
    this.timeout(60_000);
    const open: TestDb[] = [];
    afterEach(async () => {
      for (const db of open.splice(0)) await db.drop();
    });
    for (const v of variations(dialect)) {
      it(`${v.what}: the diff says exactly that`, async () => {
        const [left, right] = [await openTestDb(dialect, makeProject({ packages: [] })), await openTestDb(dialect, makeProject({ packages: [] }))];
        open.push(left, right);
        for (const sql of v.left) await left.query(sql);
        for (const sql of v.right) await right.query(sql);
        const diff = catalogDiff(await catalog(left), await catalog(right));
        expect(diff.length, diff.join('\n')).to.equal(v.expect.length);
        for (const pattern of v.expect) expect(diff.some((line) => pattern.test(line)), `${pattern} in\n${diff.join('\n')}`).to.equal(true);
        // The same database compared with itself: nothing.
        expect(catalogDiff(await catalog(left), await catalog(left))).to.deep.equal([]);
      });
    }
  });
}
