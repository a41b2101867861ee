/**
 * The model side of autogenerate: TypeORM's built entity metadata (`dataSource.entityMetadatas`
 * after `buildMetadatas()`) as a SchemaModel — the tables, columns, keys, indexes, constraints,
 * PostgreSQL enum types and views that TypeORM's `synchronize` would create for it.
 *
 * Everything TypeORM derives is already in its metadata: join columns of ManyToOne/OneToOne
 * relations (and the REL_ unique of a OneToOne), many-to-many junction tables, closure tables,
 * single-table inheritance (the parent's table holds the children's columns and the
 * discriminator, with its index), embedded columns. What synchronize adds on its own is
 * reproduced here with TypeORM's rules: the primary key's name (naming strategy, given the table
 * as `Table.create` builds it) and the enum type's name (`PostgresQueryRunner.buildEnumName`).
 *
 * Values are TypeORM's: the driver's normalized type name, the metadata default (a function
 * default becomes `{ sql }`), the referential actions upper-cased (NO ACTION, TypeORM's default
 * and SQL's, left out as the introspectors leave it out). `nullable` is always given, and so is an
 * index's `unique`. Only what the dialect has is kept: SQLite has no schemas, comments, enum types
 * or primary key names.
 */
import { enumTypeName as pgEnumTypeName } from '../dialects/postgres';
import { MigError } from '../errors';
import type { TypeormColumnMetadata, TypeormDataSource, TypeormEntityMetadata, TypeormForeignKeyMetadata } from '../loader/typeorm';
import type { CheckDef, DefaultValue, Deferrable, ExclusionDef, ForeignKeyDef, Generation, IndexDef, PrimaryKeyDef, ReferentialAction, TableRef, UniqueDef } from '../operations/ops';
import type { SchemaColumn, SchemaEnum, SchemaModel, SchemaTable, SchemaView } from './model';

export interface FromTypeormOptions {
  /**
   * PostgreSQL: the schema tables are in when they name none, left out of table references
   * (default: the DataSource's `schema` option, else `public`).
   */
  defaultSchema?: string;
}

const DIALECTS: Record<string, SchemaModel['dialect']> = {
  postgres: 'postgres',
  'better-sqlite3': 'sqlite',
  sqlite: 'sqlite',
  mysql: 'mysql',
  mariadb: 'mysql',
};

/** The table types that are no table of their own (views are the model's views; single-table children live in their parent). */
const SKIPPED_TABLE_TYPES = new Set(['view', 'entity-child']);

export function modelFromTypeorm(dataSource: TypeormDataSource, options: FromTypeormOptions = {}): SchemaModel {
  const type = String(dataSource.options.type ?? dataSource.driver.options?.type ?? '');
  const dialect = DIALECTS[type];
  if (!dialect) {
    throw new MigError('dialect-unsupported', `mig supports PostgreSQL, SQLite, MySQL and MariaDB; this DataSource is of type "${type}"`, {
      hint: 'use type postgres, better-sqlite3, sqlite, mysql or mariadb',
    });
  }
  const builder = new ModelBuilder(dataSource, dialect, options);
  return builder.build();
}

class ModelBuilder {
  private readonly defaultSchema?: string;
  private readonly enums = new Map<string, SchemaEnum>();

  constructor(
    private readonly dataSource: TypeormDataSource,
    private readonly dialect: SchemaModel['dialect'],
    options: FromTypeormOptions,
  ) {
    if (dialect === 'postgres') this.defaultSchema = options.defaultSchema ?? dataSource.driver.options?.schema ?? 'public';
    // MySQL's schemas are databases: an entity's `database` other than the DataSource's.
    if (dialect === 'mysql') this.defaultSchema = options.defaultSchema ?? dataSource.driver.database ?? (dataSource.driver.options?.database as string | undefined);
  }

  build(): SchemaModel {
    const tables = new Map<string, SchemaTable>();
    for (const metadata of this.dataSource.entityMetadatas) {
      if (metadata.synchronize === false || SKIPPED_TABLE_TYPES.has(metadata.tableType ?? 'regular')) continue;
      const table = this.table(metadata);
      const key = tableKey(table);
      // Two entities on one table: synchronize creates it from the first.
      if (!tables.has(key)) tables.set(key, table);
    }
    const views = this.dataSource.entityMetadatas.filter((m) => m.tableType === 'view' && m.synchronize !== false).map((m) => this.view(m));
    const model: SchemaModel = {
      dialect: this.dialect,
      tables: [...tables.values()].sort((a, b) => compare(tableKey(a), tableKey(b))),
      enums: [...this.enums.values()].sort((a, b) => compare(tableKey(a), tableKey(b))),
      views: views.sort((a, b) => compare(tableKey(a), tableKey(b))),
    };
    if (this.dialect === 'postgres') {
      const extensions = requiredExtensions(model, this.dataSource);
      if (extensions.length) model.extensions = extensions;
    }
    return model;
  }

  /**
   * A ViewEntity as synchronize creates it: its expression trimmed, or its query builder's SQL
   * (what TypeORM records in typeorm_metadata and compares); materialized, with its indexes, on
   * PostgreSQL only (TypeORM's SQLite driver makes every view a plain one).
   */
  private view(metadata: TypeormEntityMetadata): SchemaView {
    const view: SchemaView = { ...this.ref(metadata), definition: viewDefinition(metadata, this.dataSource), indexes: [] };
    if (this.dialect === 'postgres' && metadata.tableMetadataArgs?.materialized) {
      view.materialized = true;
      view.indexes = (metadata.indices ?? [])
        .filter((i) => i.synchronize !== false)
        .map((i): IndexDef => {
          const using = indexMethod(i);
          return { name: i.name, columns: i.columns.map((c) => c.databaseName), unique: !!i.isUnique, ...(i.where ? { where: i.where } : {}), ...(using ? { using } : {}) };
        })
        .sort(byName);
    }
    const dependsOn = [...(metadata.dependsOn ?? [])]
      .map((d) => this.dataSource.entityMetadatas.find((m) => m.tableType === 'view' && (m.target === d || m.name === d)))
      .filter((m): m is TypeormEntityMetadata => m !== undefined)
      .map((m) => this.ref(m));
    if (dependsOn.length) view.dependsOn = dependsOn;
    return view;
  }

  /** A table reference: the schema only where it is not the default one (never on SQLite). */
  private ref(metadata: TypeormEntityMetadata): TableRef {
    const schema = this.schemaOf(metadata);
    return schema ? { schema, name: metadata.tableName } : { name: metadata.tableName };
  }

  private schemaOf(metadata: TypeormEntityMetadata): string | undefined {
    const schema = this.dialect === 'postgres' ? metadata.schema : this.dialect === 'mysql' ? metadata.database : undefined;
    if (!schema || schema === this.defaultSchema) return undefined;
    return schema;
  }

  private table(metadata: TypeormEntityMetadata): SchemaTable {
    const columns = metadata.columns.filter((c) => !c.isVirtualProperty);
    const primaryKey = this.primaryKey(metadata, columns);
    const table: SchemaTable = {
      ...this.ref(metadata),
      columns: columns.map((c) => this.column(metadata, c)),
      ...(primaryKey ? { primaryKey } : {}),
      uniques: this.uniques(metadata),
      foreignKeys: (metadata.foreignKeys ?? []).map((fk) => this.foreignKey(fk)).sort(byName),
      // TypeORM's MySQL driver leaves @Check out: its schema builder neither creates, reads nor drops a check there.
      checks: this.dialect === 'mysql' ? [] : (metadata.checks ?? []).map((c): CheckDef => ({ kind: 'check', name: c.name, expression: c.expression })).sort(byName),
      // Indexes with synchronize: false are the user's: TypeORM neither creates nor drops them.
      indexes: (metadata.indices ?? [])
        .filter((i) => i.synchronize !== false)
        .map((i) => {
          const index: IndexDef = { name: i.name, columns: i.columns.map((c) => c.databaseName), unique: !!i.isUnique };
          if (i.where) index.where = i.where;
          if (i.isConcurrent && this.dialect === 'postgres') index.concurrently = true;
          const using = this.dialect === 'postgres' ? indexMethod(i) : this.dialect === 'mysql' ? mysqlIndexKind(i) : undefined;
          if (using) index.using = using;
          return index;
        })
        .sort(byName),
    };
    if (this.dialect === 'postgres' && metadata.exclusions?.length) {
      // Exclusion constraints are PostgreSQL's (TypeORM's SQLite driver leaves them out).
      table.exclusions = metadata.exclusions
        .map((x): ExclusionDef => ({ kind: 'exclusion', name: x.name, expression: x.expression.trim(), ...(x.deferrable ? { deferrable: deferrable(x.deferrable) } : {}) }))
        .sort(byName);
    }
    if (this.dialect === 'mysql' && table.uniques.length) {
      // MySQL's uniques are unique indexes (introspection reads them so; TypeORM's metadata makes
      // an entity's uniques unique indices there, but leaves an embedded's as uniques).
      const named = new Set(table.indexes.map((i) => i.name));
      for (const u of table.uniques) if (u.name && !named.has(u.name)) table.indexes.push({ name: u.name, columns: [...u.columns], unique: true });
      table.uniques = [];
      table.indexes.sort(byName);
    }
    if (this.dialect !== 'sqlite' && commentText(metadata.comment)) table.comment = commentText(metadata.comment);
    // ...but their names are kept, so that compare leaves the database's index of that name alone.
    const ignored = [...new Set((metadata.indices ?? []).filter((i) => i.synchronize === false && i.name).map((i) => i.name))].sort(compare);
    if (ignored.length) table.ignoredIndexes = ignored;
    return table;
  }

  /**
   * The entity's uniques, one per name: a `unique: true` column redeclared in a subclass gives
   * TypeORM's metadata the same unique twice, and synchronize creates a name once.
   */
  private uniques(metadata: TypeormEntityMetadata): UniqueDef[] {
    const out = new Map<string, UniqueDef>();
    for (const u of metadata.uniques ?? []) {
      const unique: UniqueDef = { kind: 'unique', name: u.name, columns: u.columns.map((c) => c.databaseName) };
      // Deferrable uniques are PostgreSQL's (SQLite defers foreign keys only).
      if (u.deferrable && this.dialect === 'postgres') unique.deferrable = deferrable(u.deferrable);
      const k = u.name ?? JSON.stringify(unique.columns);
      if (!out.has(k)) out.set(k, unique);
    }
    return [...out.values()].sort(byName);
  }

  private column(metadata: TypeormEntityMetadata, c: TypeormColumnMetadata): SchemaColumn {
    const driver = this.dataSource.driver;
    const column: SchemaColumn = { name: c.databaseName, type: driver.normalizeType(c) };
    const length = Number(driver.getColumnLength ? driver.getColumnLength(c) : c.length);
    if (length) column.length = length;
    if (c.precision !== undefined && c.precision !== null) column.precision = c.precision;
    if (c.scale !== undefined && c.scale !== null) column.scale = c.scale;
    if (c.isArray) column.array = true;
    // TypeORM's mariadb driver makes a uuid MariaDB's own type (10.7 and newer, which it learns on connecting): left to the dialect, which knows the server.
    if (this.dialect === 'mysql' && c.type === 'uuid' && this.dataSource.options.type === 'mariadb') {
      column.type = 'uuid';
      delete column.length;
    }
    // Not connected, TypeORM's mariadb driver takes the server for one older than 10.4.3 and names json longtext; mig's servers all have json.
    if (this.dialect === 'mysql' && c.type === 'json') column.type = 'json';
    // MySQL keeps a boolean as tinyint: the entity's word is kept (it compiles to tinyint, and reads as what it is).
    if (this.dialect === 'mysql' && column.type === 'tinyint' && (c.type === Boolean || c.type === 'boolean' || c.type === 'bool')) column.type = 'boolean';
    // MySQL's integer attributes, as part of the type (zerofill implies unsigned there).
    if (this.dialect === 'mysql' && (c.unsigned || c.zerofill)) column.type = `${column.type}${c.zerofill ? ' unsigned zerofill' : ' unsigned'}`;
    if (c.enum) column.enum = c.enum.map((v) => String(v));
    // SQLite: TypeORM's driver names a simple-enum `varchar`; the CHECK of its values makes it an enum.
    if (this.dialect === 'sqlite' && c.enum && !c.isArray && column.type === 'varchar') column.type = 'simple-enum';
    if (this.dialect === 'postgres' && column.type === 'enum') {
      column.enumName = enumTypeName(metadata, c);
      this.addEnum(metadata, column.enumName, column.enum ?? []);
    }
    column.nullable = !!c.isNullable;
    const value = defaultValue(c.default, this.dialect !== 'sqlite' ? (driver as DatetimeNormalizer).normalizeDatetimeFunction?.bind(driver) : undefined);
    if (value !== undefined) column.default = value;
    const generated = generation(c);
    if (generated) column.generated = generated;
    if (generated === 'identity' && this.dialect === 'postgres' && c.generatedIdentity === 'ALWAYS') column.generatedIdentity = 'ALWAYS';
    if (typeof c.asExpression === 'string' && c.asExpression) {
      // Computed from the row: no default (TypeORM writes none).
      delete column.default;
      column.asExpression = c.asExpression;
      column.generatedType = c.generatedType ?? (this.dialect === 'postgres' ? 'STORED' : 'VIRTUAL');
    }
    if (this.dialect !== 'sqlite' && commentText(c.comment)) column.comment = commentText(c.comment);
    if (this.dialect === 'mysql' && typeof c.onUpdate === 'string' && c.onUpdate.trim()) {
      const normalize = (driver as DatetimeNormalizer).normalizeDatetimeFunction?.bind(driver);
      column.onUpdate = normalize ? normalize(c.onUpdate.trim()) : c.onUpdate.trim();
    }
    if (c.collation) column.collation = c.collation;
    return column;
  }

  private addEnum(metadata: TypeormEntityMetadata, name: string, values: string[]): void {
    const schema = this.schemaOf(metadata);
    const key = tableKey({ schema, name });
    // Columns sharing an enumName share one type; synchronize creates it once, from the first.
    if (!this.enums.has(key)) this.enums.set(key, schema ? { schema, name, values: [...values] } : { name, values: [...values] });
  }

  /**
   * Named as synchronize names it: the first primary column's primaryKeyConstraintName, else the
   * naming strategy given the table as `Table.create` builds it (its name schema-qualified when
   * the entity's schema is not the DataSource's). SQLite primary keys have no name.
   */
  private primaryKey(metadata: TypeormEntityMetadata, columns: TypeormColumnMetadata[]): PrimaryKeyDef | undefined {
    const primary = columns.filter((c) => c.isPrimary);
    if (!primary.length) return undefined;
    const names = primary.map((c) => c.databaseName);
    if (this.dialect !== 'postgres') return { kind: 'primaryKey', columns: names };
    const name = primary[0].primaryKeyConstraintName ?? this.dataSource.namingStrategy.primaryKeyName(this.syncTable(metadata), names);
    return { kind: 'primaryKey', name, columns: names };
  }

  /** What `Table.create(metadata, driver)` would give the naming strategy (name, schema, database). */
  private syncTable(metadata: TypeormEntityMetadata): { name: string; schema?: string; database?: string } {
    const driver = this.dataSource.driver;
    const schema = metadata.schema === driver.options?.schema ? undefined : metadata.schema;
    const database = metadata.database === driver.database ? undefined : metadata.database;
    const name = driver.buildTableName ? driver.buildTableName(metadata.tableName, schema, database) : schema ? `${schema}.${metadata.tableName}` : metadata.tableName;
    return { name, schema: metadata.schema, database: metadata.database };
  }

  private foreignKey(fk: TypeormForeignKeyMetadata): ForeignKeyDef {
    const out: ForeignKeyDef = {
      kind: 'foreignKey',
      name: fk.name,
      columns: [...fk.columnNames],
      referencedTable: this.ref(fk.referencedEntityMetadata),
      referencedColumns: [...fk.referencedColumnNames],
    };
    const onDelete = action(fk.onDelete);
    if (onDelete) out.onDelete = onDelete;
    const onUpdate = action(fk.onUpdate);
    if (onUpdate) out.onUpdate = onUpdate;
    if (fk.deferrable) out.deferrable = deferrable(fk.deferrable);
    return out;
  }
}

/** `initially deferred` -> `INITIALLY DEFERRED`. */
function deferrable(value: string): Deferrable {
  return value.trim().replace(/\s+/g, ' ').toUpperCase() as Deferrable;
}

/**
 * A PostgreSQL index's method as TypeORM's query runner writes it: `spatial` is GiST, else the
 * 1.x `type` (btree, the default, left out). TypeORM 0.3 has `isSpatial` only.
 */
function indexMethod(i: { isSpatial?: boolean; type?: unknown }): string | undefined {
  const type = i.isSpatial ? 'gist' : typeof i.type === 'string' ? i.type.trim().toLowerCase() : undefined;
  return type && type !== 'btree' ? type : undefined;
}

/** A MySQL index's kind as TypeORM's query runner writes it: FULLTEXT or SPATIAL (none is BTREE). */
function mysqlIndexKind(i: { isFulltext?: boolean; isSpatial?: boolean }): string | undefined {
  return i.isFulltext ? 'fulltext' : i.isSpatial ? 'spatial' : undefined;
}

/** Column types whose extension TypeORM's PostgresDriver installs when it connects (checkMetadataForExtensions). */
const TYPE_EXTENSIONS: Record<string, string> = {
  citext: 'citext',
  hstore: 'hstore',
  cube: 'cube',
  ltree: 'ltree',
  geometry: 'postgis',
  geography: 'postgis',
  vector: 'vector',
  halfvec: 'vector',
};

/**
 * The extensions the model needs, as TypeORM's driver decides them: a column type of an
 * extension (citext, hstore, cube, ltree, PostGIS's geometry/geography, pgvector's vector), any
 * exclusion constraint (btree_gist, for `=` on scalar columns in a GiST exclusion), a default
 * calling uuid-ossp's `uuid_generate_v*()` (mig's uuid generation is the built-in
 * gen_random_uuid()), and the DataSource's `extensions` option.
 */
function requiredExtensions(model: SchemaModel, dataSource: TypeormDataSource): string[] {
  const out = new Set<string>();
  for (const t of model.tables) {
    for (const c of t.columns) {
      const ext = TYPE_EXTENSIONS[c.type.toLowerCase()];
      if (ext) out.add(ext);
      const d = c.default;
      if (d && typeof d === 'object' && 'sql' in d && typeof d.sql === 'string' && /\buuid_generate_v\d/i.test(d.sql)) out.add('uuid-ossp');
    }
    if (t.exclusions?.length) out.add('btree_gist');
  }
  const extra = (dataSource.options as { extensions?: unknown }).extensions;
  if (Array.isArray(extra)) for (const e of extra) if (typeof e === 'string' && e) out.add(e);
  return [...out].sort(compare);
}

/** A ViewEntity's query as TypeORM records it: the expression trimmed, or the query builder's SQL. */
function viewDefinition(metadata: TypeormEntityMetadata, dataSource: TypeormDataSource): string {
  const expression = metadata.expression;
  if (typeof expression === 'string') return expression.trim();
  if (typeof expression !== 'function') {
    throw new MigError('view-expression', `View entity ${metadata.name} has no expression`, { hint: '@ViewEntity({ expression: `SELECT ...` }) or a query builder function' });
  }
  try {
    return expression(dataSource).getQuery();
  } catch (err) {
    throw new MigError('view-expression', `Cannot build the query of view entity ${metadata.name}: ${(err as Error).message ?? err}`, {
      hint: 'the expression function gets a DataSource that is not connected: build the query without running anything',
      cause: err,
    });
  }
}

/**
 * The enum type's name as PostgresQueryRunner.buildEnumName makes it: the column's enumName, else
 * `<table>_<column in lower case>_enum` (the table's name without its schema).
 */
export function enumTypeName(metadata: Pick<TypeormEntityMetadata, 'tableName'>, column: Pick<TypeormColumnMetadata, 'databaseName' | 'enumName'>): string {
  return pgEnumTypeName({ name: metadata.tableName }, { name: column.databaseName, ...(column.enumName ? { enumName: column.enumName } : {}) });
}

/** TypeORM's PostgreSQL driver rewrites datetime keywords before writing them (CURRENT_TIMESTAMP -> now()). */
interface DatetimeNormalizer {
  normalizeDatetimeFunction?(value: string): string;
}

/**
 * The metadata default: `() => 'now()'` is SQL (as TypeORM's driver writes it: on PostgreSQL
 * `CURRENT_TIMESTAMP` is `now()`, `CURRENT_DATE` is `('now'::text)::date`), a literal stays a
 * value (copied as plain JSON).
 */
function defaultValue(value: unknown, normalizeSql?: (sql: string) => string): DefaultValue | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'function') {
    const sql = String((value as () => unknown)());
    return { sql: normalizeSql ? normalizeSql(sql) : sql };
  }
  if (typeof value === 'string') return typeormString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  return JSON.parse(JSON.stringify(value)) as DefaultValue;
}

/**
 * A string default as TypeORM means it. TypeORM writes it between quotes without escaping
 * (typeorm#10408), so its users write a quote doubled (`"it''s"`) and the database holds `it's`:
 * a text whose quotes all come in pairs is that escaped form. A lone quote (which TypeORM would
 * turn into broken SQL) is taken as the character it is.
 */
export function typeormString(value: string): string {
  return /^(?:[^']|'')*$/.test(value) ? value.replace(/''/g, "'") : value;
}

function generation(c: TypeormColumnMetadata): Generation | undefined {
  if (!c.isGenerated) return undefined;
  switch (c.generationStrategy) {
    case 'increment':
    case 'identity':
    case 'uuid':
      return c.generationStrategy;
    default:
      return undefined;
  }
}

/** An action upper-cased; NO ACTION (what TypeORM gives when none is set, and SQL's default) left out. */
function action(value: string | undefined): ReferentialAction | undefined {
  const upper = value?.trim().replace(/\s+/g, ' ').toUpperCase();
  return upper && upper !== 'NO ACTION' ? (upper as ReferentialAction) : undefined;
}

function tableKey(t: { schema?: string; name: string }): string {
  return `${t.schema ?? ''}\u0000${t.name}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byName(a: { name?: string }, b: { name?: string }): number {
  return compare(a.name ?? '', b.name ?? '');
}

/** A comment as TypeORM's PostgreSQL query runner writes it: NUL characters dropped, empty is none. */
function commentText(comment: string | undefined): string | undefined {
  const text = comment?.replace(/\0/g, '');
  return text ? text : undefined;
}
