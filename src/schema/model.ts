/**
 * The neutral schema model that autogenerate compares: one from the TypeORM entities
 * (schema/from-typeorm), one from the live database (dialects/<d>/introspect). Plain JSON data
 * built from the op types, so a difference becomes an op without translation.
 *
 * Values are as each side reports them (a type as TypeORM's driver names it, or as the catalog
 * does; a default as TypeORM's metadata gives it, or the database's expression text). Making
 * equal things compare equal is the comparer's job, with the dialect's normalizers.
 */
import type { CheckDef, ColumnDef, ForeignKeyDef, IndexDef, PrimaryKeyDef, TableRef, UniqueDef } from '../operations/ops';

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
  indexes: IndexDef[];
  comment?: string;
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

export interface SchemaModel {
  dialect: 'postgres' | 'sqlite';
  tables: SchemaTable[];
  /** PostgreSQL enum types. */
  enums: SchemaEnum[];
}
