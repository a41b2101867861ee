/**
 * TypeORM's own schema builder as an oracle: what it would run (`log()`) against a test
 * project's database, for the entities in `src/entities.ts` (its `entities` export, or every class
 * it exports; with its `typeormOptions` export as DataSource options), optionally after its
 * `synchronize()`.
 */
import { expect } from 'chai';
import type { MigProject } from './databases';
import { node } from './project';

/** `options`: DataSource options besides the database's (e.g. `metadataTableName`). */
export function typeormPending(p: MigProject, synchronize = false, options: Record<string, unknown> = {}): string[] {
  const url = JSON.stringify(p.db.url);
  const database = {
    sqlite: `{ type: 'better-sqlite3', database: ${JSON.stringify(p.db.url.slice('sqlite:'.length))} }`,
    postgres: `{ type: 'postgres', url: ${url} }`,
    // TypeORM reads a MariaDB catalog right only as type 'mariadb' (as 'mysql' it sees a change
    // in every nullable column and CURRENT_TIMESTAMP default); the server says which it is.
    mysql: `{ type: await mysqlType(${url}), url: ${url} }`,
  }[p.db.dialect];
  const script = `
    require('reflect-metadata');
    require('typeorm-mig/dist/loader/typescript').registerTypeScript({ projectRoot: process.cwd() });
    const { DataSource } = require('typeorm');
    const mod = require('./src/entities.ts');
    // The module's \`entities\` (classes or EntitySchemas) and \`typeormOptions\` when it exports them, else every class.
    const entities = mod.entities ?? Object.values(mod).filter((e) => typeof e === 'function');
    async function mysqlType(url) {
      const c = await require('mysql2/promise').createConnection(url);
      const [[{ v }]] = await c.query('SELECT VERSION() AS v');
      await c.end();
      return /mariadb/i.test(v) ? 'mariadb' : 'mysql';
    }
    (async () => {
      const ds = new DataSource({ ...${database}, ...(mod.typeormOptions ?? {}), ...${JSON.stringify(options)}, entities });
      await ds.initialize();
      if (${synchronize}) await ds.synchronize();
      const log = await ds.driver.createSchemaBuilder().log();
      console.log(JSON.stringify(log.upQueries.map((q) => q.query)));
      await ds.destroy();
    })(); // a rejection ends the process with exit code 1 and its stack`;
  const r = node(p.dir, script);
  expect(r.status, r.stderr).to.equal(0);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}
