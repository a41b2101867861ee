/**
 * The project's TypeORM: loading it, turning the env's `targetMetadata` into TypeORM entity
 * metadata without connecting, and the DataSource options for a run.
 */
import type { Config } from '../config/config';
import { displayPath } from '../config/config';
import { parseDatabaseUrl } from '../config/url';
import { MigError } from '../errors';
import type { Environment } from './env';
import { evaluateExport, explainLoadError } from './env';
import { hasProjectPackage, packageDir, requireFromProject } from './project';
import * as fs from 'node:fs';
import * as path from 'node:path';

/* The parts of TypeORM used here, typed loosely: the project's copy may be 0.3.x or 1.x. */
export interface TypeormModule {
  DataSource: new (options: Record<string, unknown>) => TypeormDataSource;
  InstanceChecker: { isDataSource(x: unknown): boolean; isEntitySchema(x: unknown): boolean };
}

export interface TypeormDataSource {
  options: Record<string, unknown>;
  driver: TypeormDriver;
  namingStrategy: TypeormNamingStrategy;
  entityMetadatas: TypeormEntityMetadata[];
  buildMetadatas(): Promise<void>;
}

export interface TypeormDriver {
  options?: { type?: string; schema?: string; [key: string]: unknown };
  /** The connection's database (from the options; known without connecting). */
  database?: string;
  normalizeType(column: unknown): string;
  getColumnLength?(column: unknown): string;
  buildTableName?(tableName: string, schema?: string, database?: string): string;
}

/** The naming strategy methods mig calls; TypeORM passes a table name or a `Table`. */
export interface TypeormNamingStrategy {
  primaryKeyName(tableOrName: string | { name: string }, columnNames: string[]): string;
  [key: string]: unknown;
}

export interface TypeormColumnMetadata {
  propertyName: string;
  databaseName: string;
  type: unknown;
  /** `''` when not given. */
  length: string;
  precision?: number | null;
  scale?: number | null;
  isArray?: boolean;
  isNullable: boolean;
  isPrimary?: boolean;
  isGenerated?: boolean;
  generationStrategy?: 'increment' | 'uuid' | 'rowid' | 'identity';
  /** A literal value, or a function returning SQL (`() => 'now()'`). */
  default?: unknown;
  comment?: string;
  collation?: string;
  enum?: Array<string | number>;
  enumName?: string;
  primaryKeyConstraintName?: string;
  isVirtualProperty?: boolean;
  /** A generated column's expression, and its kind (TypeORM's default: VIRTUAL). */
  asExpression?: string;
  generatedType?: 'STORED' | 'VIRTUAL';
  /** MySQL: integer attributes, and the ON UPDATE expression (UpdateDateColumn's CURRENT_TIMESTAMP(6)). */
  unsigned?: boolean;
  zerofill?: boolean;
  onUpdate?: string;
  [key: string]: unknown;
}

export interface TypeormIndexMetadata {
  name: string;
  columns: TypeormColumnMetadata[];
  isUnique: boolean;
  where?: string;
  isConcurrent?: boolean;
  synchronize?: boolean;
  /** `spatial: true` (and, in TypeORM 1.x, `type: 'gist'`): a GiST index on PostgreSQL. */
  isSpatial?: boolean;
  /** TypeORM 1.x: the index method (`gist`, `hash`, `brin`, `gin`, ...). */
  type?: string;
  /** MySQL: a FULLTEXT index. */
  isFulltext?: boolean;
  [key: string]: unknown;
}

export interface TypeormUniqueMetadata {
  name: string;
  columns: TypeormColumnMetadata[];
  deferrable?: string;
  [key: string]: unknown;
}

export interface TypeormExclusionMetadata {
  name: string;
  expression: string;
  deferrable?: string;
  [key: string]: unknown;
}

export interface TypeormForeignKeyMetadata {
  name: string;
  columnNames: string[];
  referencedColumnNames: string[];
  referencedEntityMetadata: TypeormEntityMetadata;
  onDelete?: string;
  onUpdate?: string;
  deferrable?: string;
  [key: string]: unknown;
}

export interface TypeormCheckMetadata {
  name: string;
  expression: string;
  [key: string]: unknown;
}

export interface TypeormEntityMetadata {
  name: string;
  tableName: string;
  /** regular, view, junction, closure, closure-junction, entity-child (single-table inheritance child) */
  tableType?: string;
  schema?: string;
  database?: string;
  synchronize?: boolean;
  comment?: string;
  columns: TypeormColumnMetadata[];
  indices?: TypeormIndexMetadata[];
  uniques?: TypeormUniqueMetadata[];
  foreignKeys?: TypeormForeignKeyMetadata[];
  checks?: TypeormCheckMetadata[];
  exclusions?: TypeormExclusionMetadata[];
  /** The entity class (or EntitySchema name). */
  target?: unknown;
  /** A ViewEntity's query: SQL text, or a function of the DataSource giving a query builder. */
  expression?: string | ((dataSource: TypeormDataSource) => { getQuery(): string });
  /** A ViewEntity's `dependsOn`: the views (classes or names) it reads. */
  dependsOn?: Set<unknown>;
  tableMetadataArgs?: { materialized?: boolean; [key: string]: unknown };
  [key: string]: unknown;
}

export interface ProjectTypeorm {
  module: TypeormModule;
  version: string;
  major: number;
}

export function loadTypeorm(projectDir: string): ProjectTypeorm {
  const pkg = requireFromProject<TypeormModule>(projectDir, 'typeorm', 'mig');
  return { module: pkg.exports, version: pkg.version, major: Number(pkg.version.split('.')[0]) };
}

/** The major version of the project's TypeORM, read from its package.json (TypeORM is not loaded). */
export function typeormMajor(projectDir: string): number | undefined {
  const dir = packageDir(projectDir, 'typeorm');
  if (!dir) return undefined;
  return Number(String(JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version).split('.')[0]);
}

/** A TypeORM DataSource (of any copy of TypeORM), told without loading TypeORM: its InstanceChecker mark. */
export function isDataSource(x: unknown): x is TypeormDataSource {
  if (!x || typeof x !== 'object') return false;
  const o = x as Record<string | symbol, unknown>;
  return o['@instanceof'] === Symbol.for('DataSource') || (typeof o.initialize === 'function' && typeof o.options === 'object' && o.options !== null && 'driver' in o);
}

/** DataSource options for mig.ini's `url`, with the SQLite driver the project has installed. */
export function optionsFromUrl(config: Config): Record<string, unknown> {
  const url = config.url;
  if (!url) {
    throw new MigError('no-database', `No database configured: ${displayPath(config.configFileName)} has no url and env.ts exports no dataSource`, {
      hint: 'set url = postgres://… or sqlite:file.db in the config, or export dataSource from env.ts',
    });
  }
  const parsed = parseDatabaseUrl(url, config.here, config.where('url'));
  if (parsed.dialect === 'postgres') return { type: 'postgres', url: parsed.url };
  if (parsed.dialect === 'mysql') return { type: parsed.type, url: parsed.url };
  const useBetter = hasProjectPackage(config.here, 'better-sqlite3') || (typeormMajor(config.here) ?? 1) >= 1;
  if (!useBetter && !hasProjectPackage(config.here, 'sqlite3')) {
    throw new MigError('package-missing', 'A sqlite: url needs the better-sqlite3 (or, with TypeORM 0.3, sqlite3) package in the project', {
      hint: 'run `npm install better-sqlite3`',
    });
  }
  return { type: useBetter ? 'better-sqlite3' : 'sqlite', database: parsed.database };
}

/**
 * The DataSource options of a run: env.ts `dataSource` when given (a DataSource's `options`,
 * read without initializing it), else mig.ini `url`. Loads no TypeORM.
 */
export async function dataSourceOptions(config: Config, env: Environment): Promise<Record<string, unknown>> {
  const ds = await evaluateExport(env, 'dataSource');
  if (ds) {
    if (isDataSource(ds)) return withTargetUrl(config, { ...ds.options });
    if (typeof ds === 'object' && typeof (ds as { type?: unknown }).type === 'string') return withTargetUrl(config, { ...(ds as Record<string, unknown>) });
    throw new MigError('env-datasource', `${displayPath(env.file)}: dataSource must be a TypeORM DataSource or DataSourceOptions`, {
      hint: 'export the DataSource instance, or an options object with a type',
    });
  }
  return optionsFromUrl(config);
}

const SQLITE_TYPES = new Set(['sqlite', 'better-sqlite3']);
const MYSQL_TYPES = new Set(['mysql', 'mariadb']);

/**
 * A target's url in place of env.ts dataSource's database (`--all`, `--targets`): its other
 * options stay (driver settings, the metadata table's name); a target of another kind of
 * database takes the url's options alone.
 */
function withTargetUrl(config: Config, options: Record<string, unknown>): Record<string, unknown> {
  if (!config.target?.url) return options;
  const fromUrl = optionsFromUrl(config);
  if (options.type === 'postgres' && fromUrl.type === 'postgres') {
    const { host: _h, port: _p, username: _u, password: _pw, database: _d, replication: _r, ...rest } = options;
    return { ...rest, url: fromUrl.url };
  }
  if (SQLITE_TYPES.has(String(options.type)) && SQLITE_TYPES.has(String(fromUrl.type))) return { ...options, database: fromUrl.database };
  if (MYSQL_TYPES.has(String(options.type)) && MYSQL_TYPES.has(String(fromUrl.type))) {
    const { host: _h, port: _p, username: _u, password: _pw, database: _d, replication: _r, socketPath: _s, ...rest } = options;
    return { ...rest, type: fromUrl.type, url: fromUrl.url };
  }
  return fromUrl;
}

/**
 * TypeORM's typeorm_metadata table for these DataSource options: `metadataTableName` (default
 * `typeorm_metadata`), in the DataSource's `schema` when it names one.
 */
export function metadataTableOf(options: Record<string, unknown>): { schema?: string; name: string } {
  const name = typeof options.metadataTableName === 'string' && options.metadataTableName ? options.metadataTableName : 'typeorm_metadata';
  const schema = options.type === 'postgres' && typeof options.schema === 'string' && options.schema ? options.schema : undefined;
  return schema ? { schema, name } : { name };
}

/** The entities env.ts declares as the model: an array, or a DataSource's `entities`. */
async function entitiesOf(env: Environment): Promise<unknown[]> {
  const target = await evaluateExport(env, 'targetMetadata');
  if (target === undefined || target === null) {
    throw new MigError('env-target-metadata', `${displayPath(env.file)} exports no targetMetadata`, {
      hint: 'export const targetMetadata = [User, Post] (entity classes or EntitySchemas), or a DataSource',
    });
  }
  if (isDataSource(target)) {
    const entities = target.options.entities;
    return Array.isArray(entities) ? entities : entities ? Object.values(entities as Record<string, unknown>) : [];
  }
  if (Array.isArray(target)) return target;
  if (typeof target === 'object') return Object.values(target as Record<string, unknown>);
  throw new MigError('env-target-metadata', `${displayPath(env.file)}: targetMetadata must be an array of entities or a DataSource`);
}

/**
 * TypeORM's own metadata for the model, built without connecting: a DataSource with the
 * run's options and the model's entities (no migrations, no subscribers), then buildMetadatas.
 */
export async function buildEntityMetadata(config: Config, env: Environment): Promise<{ dataSource: TypeormDataSource; typeorm: ProjectTypeorm }> {
  const typeorm = loadTypeorm(config.here);
  const options = {
    ...(await dataSourceOptions(config, env)),
    entities: await entitiesOf(env),
    migrations: [],
    subscribers: [],
    synchronize: false,
    migrationsRun: false,
  };
  let dataSource: TypeormDataSource;
  try {
    dataSource = new typeorm.module.DataSource(options);
    await dataSource.buildMetadatas();
  } catch (err) {
    throw explainLoadError(err, env.file);
  }
  return { dataSource, typeorm };
}
