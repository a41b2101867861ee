/**
 * Loaded by mocha before the specs (see .mocharc.json): plain output, and root hooks that stop
 * the test PostgreSQL server and remove temporary projects when the run ends.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { removeProjects } from './helpers/project';
import { stopPostgres } from './helpers/postgres';
import { stopMysql } from './helpers/mysql';

process.env.NO_COLOR = '1';
// One compile cache for the run, outside the temporary projects.
process.env.MIG_CACHE_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'mig-test-cache-'));

export const mochaHooks = {
  async afterAll(this: Mocha.Context) {
    this.timeout(60_000);
    removeProjects();
    await stopPostgres();
    await stopMysql();
  },
};
