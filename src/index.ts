/**
 * typeorm-mig's programmatic API: the same operations the `mig` commands run.
 */
export { Config, displayPath } from './config/config';
export type { CmdOpts } from './config/config';
export { MigError, isMigError } from './errors';
export { RevisionMap, Revision } from './script/revision-map';
export type { RevisionSource, IterateOptions } from './script/revision-map';
