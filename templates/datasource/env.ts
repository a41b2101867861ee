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
