/**
 * The mig environment. Loaded by the commands that need the database or the model (upgrade,
 * downgrade, current, stamp, check, revision --autogenerate); never by history, heads or show.
 *
 * `import { context } from 'typeorm-mig'` gives this run's configuration:
 *   context.config.getMainOption('url'), context.config.setMainOption('url', ...),
 *   context.config.cmdOpts.x   (the -x KEY=VALUE arguments)
 */

/**
 * The model that `mig revision --autogenerate` and `mig check` compare with the database: entity
 * classes, EntitySchemas, or a DataSource whose entities are used. A function, called only by
 * those two commands: current, stamp, upgrade and downgrade load no entity, so import them
 * inside it rather than at the top of this file.
 */
export const targetMetadata = async () => [
  // (await import('../src/entity/User')).User,
];

/**
 * Optional: the connection to use instead of mig.ini `url` — a DataSource or
 * DataSourceOptions (or a function returning one), such as the application's own:
 *   export const dataSource = async () => (await import('../src/data-source')).AppDataSource;
 */

/*
 * Optional hooks for revision --autogenerate and check (Alembic's context.configure arguments):
 *
 * export function includeName(name: string, type: string, parent: { table?: { name: string } }) {
 *   return !(type === 'table' && name.startsWith('legacy_'));   // before comparing reflected names
 * }
 * export function includeObject(o: { type: string; name: string; reflected: boolean }) { return true; }
 * export function compareType(c: { table, column, database, model }) { return undefined; }  // true/false/undefined
 * export function compareServerDefault(c: { table, column, database, model }) { return undefined; }
 * export function processRevisionDirectives(d: { message?: string; upgradeOps: Op[]; downgradeOps: Op[]; skip?: boolean }) {
 *   if (!d.upgradeOps.length) d.skip = true;   // write no empty revision
 * }
 */
