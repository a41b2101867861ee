/**
 * Loaded by mocha before the specs (see .mocharc.json): plain output, and a root hook that
 * removes temporary projects when the run ends.
 */
import { removeProjects } from './helpers/project';

process.env.NO_COLOR = '1';

export const mochaHooks = {
  afterAll() {
    removeProjects();
  },
};
