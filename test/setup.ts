/**
 * Loaded by mocha before the specs (see .mocharc.json): plain output, and root hooks that stop
 * the test PostgreSQL server and remove temporary projects when the run ends.
 */
import { removeProjects } from './helpers/project';
import { stopPostgres } from './helpers/postgres';

process.env.NO_COLOR = '1';

export const mochaHooks = {
  async afterAll(this: Mocha.Context) {
    this.timeout(60_000);
    removeProjects();
    await stopPostgres();
  },
};
