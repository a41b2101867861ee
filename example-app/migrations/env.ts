/**
 * The mig environment. Loaded by the commands that need the database or the model (upgrade,
 * downgrade, current, stamp, check, revision --autogenerate); never by history, heads or show.
 *
 * It reuses the application's DataSource: the connection settings and the entities are
 * written once, in the application. Point the import at your data source module.
 */
import { AppDataSource } from '../src/data-source';

/** The connection: mig connects with these options (the DataSource itself is not initialized). */
export const dataSource = AppDataSource;

/** The model `mig revision --autogenerate` compares with the database: the DataSource's entities. */
export const targetMetadata = AppDataSource;

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
