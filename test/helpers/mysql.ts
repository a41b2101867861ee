/**
 * A real MariaDB (or MySQL) server for the MySQL dialect's tests. With MIG_TEST_MYSQL_URL set,
 * that server is used (its user needs CREATE DATABASE); otherwise a throwaway instance of Debian's
 * mariadb-server is started (free loopback port, temporary data folder, stopped when the run
 * ends). Each test gets a database of its own, reached as a user with a password. A test never
 * skips: if no server can be had, it fails and says why.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as mysql from 'mysql2/promise';
import { freePort } from './postgres';

interface Server {
  /** URL of the server as a user who may create databases and users. */
  adminUrl: string;
  /** `VERSION()`, e.g. 10.11.19-MariaDB-0+deb12u1. */
  version: string;
  stop(): Promise<void>;
}

let starting: Promise<Server> | undefined;

async function withConnection<R>(url: string, work: (c: mysql.Connection) => Promise<R>): Promise<R> {
  const c = await mysql.createConnection({ uri: url, multipleStatements: true });
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const binary = (names: string[]) => names.find((n) => fs.existsSync(n));

async function startMariadb(): Promise<Server> {
  const server = binary(['/usr/sbin/mariadbd', '/usr/sbin/mysqld']);
  const install = binary(['/usr/bin/mariadb-install-db', '/usr/bin/mysql_install_db']);
  if (!server || !install) throw new Error('no mariadbd found (apt-get install mariadb-server)');
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mig-mariadb-'));
  const data = path.join(root, 'data');
  const asRoot = process.getuid?.() === 0 ? ['--user=root'] : [];
  const init = spawnSync(install, ['--no-defaults', `--datadir=${data}`, '--auth-root-authentication-method=normal', '--skip-test-db', ...asRoot], { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`mariadb-install-db failed: ${init.stderr.slice(-500)}`);
  const port = await freePort();
  const child: ChildProcess = spawn(
    server,
    ['--no-defaults', `--datadir=${data}`, `--socket=${path.join(root, 'sock')}`, `--port=${port}`, '--bind-address=127.0.0.1', '--skip-log-bin', '--innodb-buffer-pool-size=64M', '--innodb-flush-log-at-trx-commit=0', '--skip-name-resolve', ...asRoot],
    { stdio: 'ignore' },
  );
  const adminUrl = `mysql://root@127.0.0.1:${port}/mysql`;
  let lastError: unknown;
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`mariadbd exited with ${child.exitCode}`);
    try {
      const version = await withConnection(adminUrl, async (c) => String(((await c.query('SELECT VERSION() AS v')) as [Array<{ v: string }>, unknown])[0][0].v));
      return {
        adminUrl,
        version,
        stop: async () => {
          child.kill('SIGTERM');
          await new Promise((r) => (child.exitCode !== null ? r(undefined) : child.once('exit', r)));
          fs.rmSync(root, { recursive: true, force: true });
        },
      };
    } catch (err) {
      lastError = err;
      await sleep(100);
    }
  }
  child.kill('SIGKILL');
  throw new Error(`mariadbd did not accept connections: ${(lastError as Error)?.message}`);
}

/** The test server, started on first use. */
export function mysqlServer(): Promise<Server> {
  starting ??= (async () => {
    const external = process.env.MIG_TEST_MYSQL_URL;
    try {
      if (external) return { adminUrl: external, version: await withConnection(external, async (c) => String(((await c.query('SELECT VERSION() AS v')) as [Array<{ v: string }>, unknown])[0][0].v)), stop: async () => undefined };
      return await startMariadb();
    } catch (err) {
      const why = (err as Error).message;
      throw new Error(
        external
          ? `MIG_TEST_MYSQL_URL is set but its server cannot be used: ${why}`
          : `Could not start MariaDB (${why}); install Debian's mariadb-server, or set MIG_TEST_MYSQL_URL to a server whose user may CREATE DATABASE and CREATE USER`,
      );
    }
  })();
  return starting;
}

export async function stopMysql(): Promise<void> {
  if (!starting) return;
  const server = await starting.catch(() => undefined);
  starting = undefined;
  await server?.stop();
}

export interface TestMysqlDatabase {
  url: string;
  name: string;
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  drop(): Promise<void>;
}

/** A new, empty database on the test server, and a user with a password who owns it. */
export async function freshMysqlDatabase(): Promise<TestMysqlDatabase> {
  const server = await mysqlServer();
  const name = `mig_test_${randomBytes(6).toString('hex')}`;
  const password = `pw_${randomBytes(6).toString('hex')}`;
  await withConnection(server.adminUrl, (c) =>
    c.query(`CREATE DATABASE \`${name}\`; CREATE USER '${name}'@'%' IDENTIFIED BY '${password}'; GRANT ALL ON \`${name}\`.* TO '${name}'@'%'`),
  );
  const admin = new URL(server.adminUrl);
  const url = `mysql://${name}:${password}@${admin.host}/${name}`;
  return {
    url,
    name,
    query: <R>(sql: string, params?: unknown[]) => withConnection(url, async (c) => ((await c.query(sql, params)) as unknown as [R[]])[0]),
    drop: () => withConnection(server.adminUrl, async (c) => void (await c.query(`DROP DATABASE IF EXISTS \`${name}\`; DROP USER IF EXISTS '${name}'@'%'`))),
  };
}
