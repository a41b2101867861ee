/**
 * Runs a block of tests once per database — a real SQLite file, a real PostgreSQL database and,
 * where asked for, a real MariaDB (or MySQL) database — and gives each test a migration project
 * wired to it.
 */
import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Config } from '../../src/config/config';
import { freshMysqlDatabase, mysqlServer } from './mysql';
import { freshDatabase, type TestDatabase } from './postgres';
import { makeProject, REPO } from './project';

export type DialectName = 'sqlite' | 'postgres' | 'mysql';

export interface TestDb {
  dialect: DialectName;
  url: string;
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  /** The version table's rows, sorted. */
  versions(table?: string): Promise<string[]>;
  drop(): Promise<void>;
}

export async function openTestDb(dialect: DialectName, dir: string): Promise<TestDb> {
  if (dialect === 'sqlite') {
    const file = path.join(dir, 'app.db');
    const db: TestDb = {
      dialect,
      url: `sqlite:${file}`,
      async query<R>(sql: string, params: unknown[] = []) {
        const conn = new Database(file);
        try {
          const stmt = conn.prepare(sql);
          return (stmt.reader ? stmt.all(...params) : (stmt.run(...params), [])) as R[];
        } finally {
          conn.close();
        }
      },
      versions: async (table = 'mig_version') => {
        if (!fs.existsSync(file)) return [];
        const exists = await db.query(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`, [table]);
        if (!exists.length) return [];
        return (await db.query<{ version_num: string }>(`SELECT version_num FROM "${table}"`)).map((r) => r.version_num).sort();
      },
      drop: async () => undefined,
    };
    return db;
  }
  if (dialect === 'mysql') {
    const my = await freshMysqlDatabase();
    // A MariaDB server is named as one (mig and TypeORM then use their mariadb driver settings).
    const mariadb = /mariadb/i.test((await mysqlServer()).version);
    const db: TestDb = {
      dialect,
      url: mariadb ? my.url.replace(/^mysql:/, 'mariadb:') : my.url,
      query: (sql, params) => my.query(sql, params),
      versions: async (table = 'mig_version') => {
        const exists = await my.query('SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?', [table]);
        if (!exists.length) return [];
        return (await my.query<{ version_num: string }>(`SELECT version_num FROM \`${table}\``)).map((r) => r.version_num).sort();
      },
      drop: () => my.drop(),
    };
    return db;
  }
  const pg: TestDatabase = await freshDatabase();
  const db: TestDb = {
    dialect,
    url: pg.url,
    query: (sql, params) => pg.query(sql, params),
    versions: async (table = 'mig_version') => {
      const exists = await pg.query<{ t: string | null }>('SELECT to_regclass($1) AS t', [table]);
      if (!exists[0].t) return [];
      return (await pg.query<{ version_num: string }>(`SELECT version_num FROM "${table}"`)).map((r) => r.version_num).sort();
    },
    drop: () => pg.drop(),
  };
  return db;
}

export interface RevisionSpec {
  id: string;
  down?: string | string[] | null;
  labels?: string[];
  dependsOn?: string[];
  message?: string;
  upgrade?: string;
  downgrade?: string;
  transactional?: boolean;
}

const literal = (v: unknown) => (v === null || v === undefined ? 'null' : JSON.stringify(v).replace(/"/g, "'"));

export function revisionSource(spec: RevisionSpec): string {
  const down = spec.down === undefined ? null : spec.down;
  return [
    `/**\n * ${spec.message ?? spec.id}\n */`,
    "import type { Operations } from 'typeorm-mig';",
    '',
    `export const revision = '${spec.id}';`,
    `export const downRevision = ${literal(down)};`,
    `export const branchLabels = ${literal(spec.labels?.length ? spec.labels : null)};`,
    `export const dependsOn = ${literal(spec.dependsOn?.length ? spec.dependsOn : null)};`,
    ...(spec.transactional === false ? ['export const transactional = false;'] : []),
    '',
    `export async function upgrade(op: Operations): Promise<void> {\n${spec.upgrade ?? ''}\n}`,
    '',
    `export async function downgrade(op: Operations): Promise<void> {\n${spec.downgrade ?? ''}\n}`,
    '',
  ].join('\n');
}

export interface MigProject {
  dir: string;
  db: TestDb;
  config(extra?: string): Config;
  write(...revisions: RevisionSpec[]): void;
}

/** A project whose mig.ini points at `db`, with optional extra [mig] options. */
export function migProject(db: TestDb, dir: string, iniExtra = ''): MigProject {
  fs.mkdirSync(path.join(dir, 'migrations', 'versions'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'mig.ini'), `[mig]\nscript_location = migrations\nurl = ${db.url}\n${iniExtra}\n`);
  fs.writeFileSync(path.join(dir, 'migrations', 'env.ts'), 'export const targetMetadata = [];\n');
  fs.copyFileSync(path.join(REPO, 'templates', 'generic', 'script.ts.ejs'), path.join(dir, 'migrations', 'script.ts.ejs'));
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), '{"compilerOptions":{"target":"ES2022","strict":true,"experimentalDecorators":true,"emitDecoratorMetadata":true}}');
  return {
    dir,
    db,
    config: () => Config.load(path.join(dir, 'mig.ini')),
    write: (...revisions) => {
      for (const r of revisions) fs.writeFileSync(path.join(dir, 'migrations', 'versions', `${r.id}.ts`), revisionSource(r));
    },
  };
}

export const PROJECT_PACKAGES = ['typeorm', 'typescript', 'reflect-metadata', 'typeorm-mig', 'pg', 'better-sqlite3', 'mysql2'];

/**
 * `describe` once per database (SQLite and PostgreSQL unless `dialects` says otherwise; `body`'s
 * `dialect` is typed by that list); `setup()` inside a test gives a fresh project and database,
 * dropped after the test.
 */
export function eachDatabase<D extends DialectName = 'sqlite' | 'postgres'>(
  title: string,
  body: (setup: (iniExtra?: string) => Promise<MigProject>, dialect: D) => void,
  { dialects = ['sqlite', 'postgres'] as D[] }: { dialects?: D[] } = {},
): void {
  for (const dialect of dialects) {
    describe(`${title} (${dialect})`, function () {
      this.timeout(60_000);
      const open: TestDb[] = [];
      afterEach(async () => {
        for (const db of open.splice(0)) await db.drop();
      });
      body(async (iniExtra = '') => {
        const dir = makeProject({ packages: PROJECT_PACKAGES });
        const db = await openTestDb(dialect, dir);
        open.push(db);
        return migProject(db, dir, iniExtra);
      }, dialect);
    });
  }
}
