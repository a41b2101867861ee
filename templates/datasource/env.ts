/**
 * The mig environment. Loaded by the commands that need the database or the model (upgrade,
 * downgrade, current, stamp, check, revision --autogenerate); never by history, heads or show.
 *
 * It reuses the application's DataSource: the connection settings and the entities are
 * written once, in the application. Point the import at your data source module.
 */

/**
 * The connection: mig connects with the DataSource's options through the driver (pg,
 * better-sqlite3, sqlite3); the DataSource itself is not initialized. A function, so the module
 * loads only when a command connects. When src/data-source imports entity classes, loading it
 * loads them too: for start-up that loads no entity (current, stamp, upgrade), point this at a
 * module that exports only the connection options, e.g.
 *   export const dataSource = async () => (await import('../src/db-options')).dbOptions;
 */
export const dataSource = async () => (await import('../src/data-source')).AppDataSource;

/**
 * The model `mig revision --autogenerate` and `mig check` compare with the database: the
 * DataSource's entities. Called only by those two commands.
 */
export const targetMetadata = async () => (await import('../src/data-source')).AppDataSource;

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
