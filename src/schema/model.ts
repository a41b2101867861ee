/**
 * The neutral schema model that autogenerate compares: one from the TypeORM entities
 * (schema/from-typeorm), one from the live database (dialects/<d>/introspect). Plain JSON data
 * built from the op types, so a difference becomes an op without translation.
 *
 * Values are as each side reports them (a type as TypeORM's driver names it, or as the catalog
 * does; a default as TypeORM's metadata gives it, or the database's expression text). Making
 * equal things compare equal is the comparer's job, with the dialect's normalizers.
 */
import type { CheckDef, ColumnDef, ExclusionDef, ForeignKeyDef, IndexDef, PrimaryKeyDef, TableRef, UniqueDef } from '../operations/ops';

export interface SchemaColumn extends Omit<ColumnDef, 'primary' | 'unique'> {
  /** PostgreSQL enum columns: the enum type (schema-qualified when not in the table's schema). */
  enumSchema?: string;
}

export interface SchemaTable extends TableRef {
  columns: SchemaColumn[];
  primaryKey?: PrimaryKeyDef;
  uniques: UniqueDef[];
  foreignKeys: ForeignKeyDef[];
  checks: CheckDef[];
  /** PostgreSQL exclusion constraints (optional: a table without them has none). */
  exclusions?: ExclusionDef[];
  indexes: IndexDef[];
  comment?: string;
  /** MySQL (database side): the table's collation, which a column without one of its own has. */
  collation?: string;
  /**
   * Indexes the entities declare with `synchronize: false`: the user's own, which TypeORM neither
   * creates nor drops. Compare leaves indexes of these names alone on both sides.
   */
  ignoredIndexes?: string[];
}

export interface SchemaEnum {
  schema?: string;
  name: string;
  values: string[];
}

/**
 * A view. Its definition is compared as TypeORM compares it: the text typeorm_metadata records
 * (the ViewEntity's expression, trimmed); a view the table does not record gives the database's
 * text (SQLite: its CREATE VIEW's query; PostgreSQL: pg_get_viewdef).
 */
export interface SchemaView {
  schema?: string;
  name: string;
  definition: string;
  /** PostgreSQL materialized view. */
  materialized?: boolean;
  /** A materialized view's indexes. */
  indexes: IndexDef[];
  /**
   * What it reads. Model: the views its ViewEntity `dependsOn`. Database: the tables and views
   * it reads, with the columns when the database knows them (PostgreSQL; SQLite gives none: any
   * column may be read).
   */
  dependsOn?: ViewDependency[];
  /** Database: whether typeorm_metadata records it (a view TypeORM or mig made). */
  recorded?: boolean;
}

export interface ViewDependency extends TableRef {
  columns?: string[];
}

export interface SchemaModel {
  dialect: 'postgres' | 'sqlite' | 'mysql';
  tables: SchemaTable[];
  /** PostgreSQL enum types. */
  enums: SchemaEnum[];
  /** Views (optional: a model without them has none). */
  views?: SchemaView[];
  /**
   * PostgreSQL extensions, by name. Model: those its types and constraints need (as TypeORM's
   * driver installs them when it connects). Database: those installed.
   */
  extensions?: string[];
}
