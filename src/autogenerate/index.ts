/**
 * Autogenerate: the model from the entities (schema/from-typeorm), the model from the database
 * (dialects/<d>/introspect), compare -> ops, and for a revision the ops rendered as code. Also
 * `mig check`. Each stage is its own module and testable alone; this file only wires them.
 */
import { displayPath, type Config } from '../config/config';
import { neutralDefault } from '../dialects/normalize';
import type { DialectName, Queryable } from '../dialects/types';
import { MigError } from '../errors';
import { lintFindings } from '../lint';
import { splitStatements, type Finding } from '../lint/rules';
import { loadEnvironment, prepareProjectLoading, type Environment } from '../loader/env';
import { buildEntityMetadata, dataSourceOptions, metadataTableOf } from '../loader/typeorm';
import { reverse } from '../operations/reverse';
import { enumTypeRenames, withEnumTypes } from './portable';
import { emptyModel, replayOps } from './replay';
import { applicableHints, applyRenames, planRenames, renamedTables, renameOps, unconfirmedNote, type RenameDecision, type RenameHints, type RenamePlan } from './renames';
import type { ColumnDef, Op, TableDef, TableRef } from '../operations/ops';
import { DatabaseConnection, dialectForType, missingSqliteFile } from '../runtime/connection';
import { versionHeads } from '../runtime/migration';
import { modelFromTypeorm } from '../schema/from-typeorm';
import type { SchemaModel } from '../schema/model';
import { recordUpgrade } from '../script/record-upgrade';
import { ScriptDirectory, type Script } from '../script/script-directory';
import { compare, tableDefinition, type CompareHooks, type ObjectType } from './compare';
import { renderOps } from './render';

export interface RevisionDirectives {
  message?: string;
  upgradeOps: Op[];
  downgradeOps: Op[];
  /** Set to true (from processRevisionDirectives) to write no file. */
  skip?: boolean;
}

/** What env.ts may export to steer autogenerate, as Alembic's context.configure arguments. */
export interface AutogenerateHooks extends CompareHooks {
  includeName?(name: string, type: ObjectType | 'schema', parent: { table?: TableRef }): boolean;
  processRevisionDirectives?(directives: RevisionDirectives): void;
}

export interface Comparison {
  dialect: DialectName;
  upgradeOps: Op[];
  downgradeOps: Op[];
  model: SchemaModel;
  database: SchemaModel;
  /** The renames taken (their ops lead upgradeOps) and the candidates left as drop + add. */
  renames: RenamePlan;
}

export interface CompareRunOptions {
  /** Compare with an empty database instead of connecting (adopting an existing project). */
  fromEmpty?: boolean;
  /**
   * Called as each stage starts, for a command to show progress: "Loading the entities",
   * "Reading the database (N tables)", "Comparing".
   */
  onProgress?(message: string): void;
  /** Renames the user names (`--rename`, `--rename-table`): each must match a drop and an add. */
  renames?: RenameHints;
  /** Asked for each rename candidate the hints leave open (a prompt); none: all stay drop + add. */
  decideRename?: RenameDecision;
  /** What the new revision builds on (`--head`): the database must be there. Default: the head. */
  basedOn?: string;
  /**
   * Compare with the schema the revisions build (their upgrade ops replayed from base to
   * `basedOn`) instead of connecting: autogenerate without a database.
   */
  offline?: boolean;
}

/**
 * Tables never compared: the version table and the applied-revision log, and TypeORM's own under their configured names
 * (DataSource options `migrationsTableName`, default `migrations`, and `metadataTableName`,
 * default `typeorm_metadata`) in the DataSource's schema.
 */
export function bookkeepingTables(config: Pick<Config, 'versionTable' | 'versionTableSchema'> & { logTable?: string }, dataSourceOptions: Record<string, unknown>): TableRef[] {
  const version: TableRef = config.versionTableSchema ? { schema: config.versionTableSchema, name: config.versionTable } : { name: config.versionTable };
  // mig's applied-revision log sits beside the version table.
  const log: TableRef[] = config.logTable ? [{ ...version, name: config.logTable }] : [];
  const name = (v: unknown, fallback: string) => (typeof v === 'string' && v ? v : fallback);
  const schema = typeof dataSourceOptions.schema === 'string' && dataSourceOptions.schema ? dataSourceOptions.schema : undefined;
  const migrations: TableRef = { ...(schema ? { schema } : {}), name: name(dataSourceOptions.migrationsTableName, 'migrations') };
  const metadata: TableRef = { ...(schema ? { schema } : {}), name: metadataTableOf(dataSourceOptions).name };
  return [version, ...log, migrations, metadata];
}

/**
 * The model without the tables it must not manage (an entity mapped onto the version table, or
 * onto TypeORM's migrations table, would otherwise come out as a createTable). A ref without a
 * schema is the default schema's; `defaultSchema` is the schema the model leaves unnamed.
 */
export function withoutTables(model: SchemaModel, refs: TableRef[], defaultSchema?: string): SchemaModel {
  const schemaOf = (t: TableRef) => t.schema ?? defaultSchema ?? '';
  const left = (t: TableRef) => refs.some((r) => r.name === t.name && (r.schema === undefined ? !t.schema || t.schema === defaultSchema : schemaOf(r) === schemaOf(t)));
  return { ...model, tables: model.tables.filter((t) => !left(t)) };
}

function hooksOf(env: Environment): AutogenerateHooks {
  const pick = <K extends keyof AutogenerateHooks>(name: K) => {
    const v = env.exports[name] ?? (env.exports.default as Record<string, unknown> | undefined)?.[name];
    return typeof v === 'function' ? (v as AutogenerateHooks[K]) : undefined;
  };
  return {
    includeName: pick('includeName'),
    includeObject: pick('includeObject'),
    compareType: pick('compareType'),
    compareServerDefault: pick('compareServerDefault'),
    processRevisionDirectives: pick('processRevisionDirectives'),
  };
}

/**
 * env.ts's `export const renames = { tables: { old: 'new' }, columns: { 'users.name': 'fullName' } }`:
 * hints kept in the repository, so those that no longer match (the rename ran) are passed over.
 */
function envRenames(env: Environment): RenameHints {
  const v = env.exports.renames ?? (env.exports.default as Record<string, unknown> | undefined)?.renames;
  if (v === undefined) return {};
  const isMap = (x: unknown): x is Record<string, string> => x === undefined || (typeof x === 'object' && x !== null && Object.values(x).every((s) => typeof s === 'string'));
  const hints = v as RenameHints;
  if (typeof v !== 'object' || v === null || !isMap(hints.tables) || !isMap(hints.columns)) {
    throw new MigError('env-renames', `${displayPath(env.file)}: renames must be { tables?: { old: 'new' }, columns?: { 'table.old': 'new' } }`, { hint: "e.g. export const renames = { columns: { 'users.name': 'fullName' } }" });
  }
  return hints;
}

function filterNames(model: SchemaModel, includeName: AutogenerateHooks['includeName']): SchemaModel {
  if (!includeName) return model;
  return {
    ...model,
    enums: model.enums.filter((e) => includeName(e.name, 'enum', {})),
    tables: model.tables
      .filter((t) => (!t.schema || includeName(t.schema, 'schema', {})) && includeName(t.name, 'table', {}))
      .map((t) => {
        const table = { schema: t.schema, name: t.name };
        return {
          ...t,
          columns: t.columns.filter((c) => includeName(c.name, 'column', { table })),
          indexes: t.indexes.filter((i) => includeName(i.name, 'index', { table })),
          uniques: t.uniques.filter((u) => !u.name || includeName(u.name, 'unique', { table })),
          foreignKeys: t.foreignKeys.filter((f) => !f.name || includeName(f.name, 'foreignKey', { table })),
          checks: t.checks.filter((c) => !c.name || includeName(c.name, 'check', { table })),
        };
      }),
    ...(model.views ? { views: model.views.filter((v) => (!v.schema || includeName(v.schema, 'schema', {})) && includeName(v.name, 'view', {})) } : {}),
  };
}

/** The database's schema model, through the run's connection, without the tables in `exclude`. */
async function databaseModel(conn: DatabaseConnection, model: SchemaModel, exclude: TableRef[], metadataTable: TableRef, onProgress?: (message: string) => void): Promise<SchemaModel> {
  {
    const db: Queryable = { query: async (sql, params) => (await conn.run({ sql, params }, 'internal')).rows };
    // TypeORM's tables are in `exclude` under their configured names (a user table may be called `migrations`).
    // The current schema and every schema the entities use.
    const named = [...model.tables, ...model.enums, ...(model.views ?? [])].map((t) => t.schema).filter((x): x is string => !!x);
    const result = await conn.dialect.introspect(db, { exclude, typeormTables: [], extraSchemas: named, metadataTable });
    onProgress?.(`Reading the database (${result.tables.length} ${result.tables.length === 1 ? 'table' : 'tables'})`);
    return result;
  }
}

/** Entities vs. database: the ops to bring the database to the entities, and their inverse. */
export async function compareWithDatabase(config: Config, options: CompareRunOptions & { requireUpToDate?: boolean } = {}): Promise<Comparison & { hooks: AutogenerateHooks }> {
  options.onProgress?.('Loading the entities');
  const env = loadEnvironment(config);
  const hooks = hooksOf(env);
  // The entities first: what is wrong with them is said before anything connects.
  const { dataSource } = await buildEntityMetadata(config, env);
  const dialect = dialectForType(String(dataSource.options.type)).name;
  if (!dataSource.entityMetadatas.length) {
    throw new MigError('env-target-metadata', `${displayPath(env.file)}: targetMetadata holds no entities, so autogenerate would drop every table`, {
      hint: 'export const targetMetadata = [User, Post] (the entity classes or EntitySchemas, or the DataSource whose entities mig compares)',
    });
  }
  const exclude = bookkeepingTables(config, dataSource.options);
  const defaultSchema = dialect === 'postgres' ? (dataSource.driver.options?.schema ?? 'public') : undefined;
  const model = withoutTables(modelFromTypeorm(dataSource), exclude, defaultSchema);
  const empty: SchemaModel = { dialect, tables: [], enums: [] };
  if (options.offline) {
    if (options.fromEmpty) throw new MigError('offline-from-empty', '--offline and --from-empty both say what to compare with', { hint: 'give one of them' });
    options.onProgress?.('Replaying the revisions');
    const replayed = await replayedSchema(config, dialect, model, options.basedOn ?? 'head');
    return finishComparison(dialect, model, filterNames(withoutTables(replayed, exclude, defaultSchema), hooks.includeName), hooks, options, envRenames(env));
  }
  // A SQLite file that does not exist yet is an empty database: reading it must not create it.
  const dsOptions = await dataSourceOptions(config, env);
  if (options.fromEmpty || missingSqliteFile(dsOptions)) {
    if (!options.fromEmpty && options.requireUpToDate) requireUpToDate(config, [], options.basedOn);
    return finishComparison(dialect, model, empty, hooks, options, envRenames(env));
  }
  // One connection for the version-table check and the introspection.
  const conn = await DatabaseConnection.open(config, env, dsOptions);
  try {
    if (options.requireUpToDate) requireUpToDate(config, await versionHeads(config, conn), options.basedOn);
    const read = await databaseModel(conn, model, exclude, metadataTableOf(dataSource.options), options.onProgress);
    return await finishComparison(dialect, model, filterNames(read, hooks.includeName), hooks, options, envRenames(env), read);
  } finally {
    await conn.close();
  }
}

async function finishComparison(
  dialect: DialectName,
  model: SchemaModel,
  database: SchemaModel,
  hooks: AutogenerateHooks,
  options: CompareRunOptions,
  kept: RenameHints,
  read: SchemaModel = database,
): Promise<Comparison & { hooks: AutogenerateHooks }> {
  options.onProgress?.('Comparing');
  const fromEnv = applicableHints(model, database, kept);
  const hints = { tables: { ...fromEnv.tables, ...options.renames?.tables }, columns: { ...fromEnv.columns, ...options.renames?.columns } };
  const renames = await planRenames(model, database, dialect, hints, options.decideRename);
  const renamed = applyRenames(database, renames);
  const compared = withCopyFrom(compare(model, renamed, { dialect, ...hooks, renamed: followers(renamed, renames) }), applyRenames(read, renames), dialect);
  const renaming = renameOps(renames);
  const upgradeOps = [...renaming, ...enumTypeRenames(renaming, renamed, dialect), ...withEnumTypes(compared, dialect, model, renamed)];
  const downgradeOps = upgradeOps.map(reverse).reverse();
  return { dialect, upgradeOps, downgradeOps, model, database, hooks, renames };
}

/** The tables a rename touches, and those whose foreign keys point at one (their names follow too). */
function followers(renamedDb: SchemaModel, plan: RenamePlan): Set<string> {
  const touched = renamedTables(plan);
  for (const t of renamedDb.tables) if (t.foreignKeys.some((f) => touched.has(tableKey(f.referencedTable)))) touched.add(tableKey(t));
  return touched;
}

/**
 * SQLite batches carry the table as the database holds it (`copyFrom`), so that `--sql` can
 * rebuild it without reading the database: every column (also those includeName hides from the
 * comparison: a rebuild must not lose them) and the indexes left after the drops before the
 * batch. A batch whose definition cannot be followed to its downgrade is left without one.
 */
function withCopyFrom(ops: Op[], read: SchemaModel, dialect: DialectName): Op[] {
  if (dialect !== 'sqlite') return ops;
  const tables = new Map(read.tables.map((t) => [tableKey(t), t]));
  return ops.map((op, i) => {
    if (op.kind !== 'batch' || op.copyFrom) return op;
    const t = tables.get(tableKey(op.table));
    if (!t) return op;
    const dropped = new Set(ops.slice(0, i).flatMap((o) => (o.kind === 'dropIndex' && tableKey(o.table) === tableKey(op.table) ? [o.name] : [])));
    const def = tableDefinition(t, dialect);
    const copyFrom = { ...def, indexes: (def.indexes ?? []).filter((x) => !dropped.has(x.name)) };
    if (!copyFrom.indexes.length) delete (copyFrom as { indexes?: unknown }).indexes;
    const withDef = { ...op, copyFrom };
    try {
      reverse(withDef);
    } catch {
      return op;
    }
    return withDef;
  });
}

const tableKey = (t: TableRef) => `${t.schema ?? ''}.${t.name}`;

/**
 * The schema at `basedOn` without a database: each revision's upgrade, recorded (as the lint
 * records it), replayed from base in upgrade order. An upgrade that reads the database cannot be
 * replayed; SQL given to execute() is not, and it is refused when it changes (DDL) a table, view
 * or enum type the entities or the revisions name, which the diff would then get wrong.
 */
async function replayedSchema(config: Config, dialect: SchemaModel['dialect'], model: SchemaModel, basedOn: string): Promise<SchemaModel> {
  const map = ScriptDirectory.fromConfig(config).revisionMap;
  const revisions = basedOn === 'base' ? [] : map.upgradeRevisions(basedOn, []);
  return replayRevisions(config, dialect, revisions, emptyModel(dialect), model);
}

/**
 * `revisions` (in upgrade order) replayed on `start`, refused as replayedSchema says (`names`:
 * the other side, whose tables execute() DDL must not name). `visit` sees each revision's ops.
 */
export async function replayRevisions(config: Config, dialect: DialectName, revisions: Script[], start: SchemaModel, names: SchemaModel, visit?: (revision: Script, ops: Op[]) => void): Promise<SchemaModel> {
  if (revisions.length) prepareProjectLoading(config.here);
  let schema = start;
  for (const revision of revisions) {
    const recorded = await recordUpgrade(revision, dialect);
    if (recorded.note) {
      throw new MigError('offline-replay', `${revision.source.path}: upgrade() reads the database (op.query), so its schema cannot be replayed offline`, { hint: 'run revision --autogenerate against a database at the head' });
    }
    visit?.(revision, recorded.ops);
    const { model: next, executed } = replayOps(schema, recorded.ops);
    for (const sql of executed) {
      const touched = schemaChangeTargets(sql, [names, next]);
      if (touched.length) {
        throw new MigError('offline-replay', `${revision.source.path}: op.execute() changes ${touched.join(', ')} with SQL mig cannot replay, so the offline diff would be wrong`, {
          hint: 'run revision --autogenerate against a database at the head, or write the change as op calls',
        });
      }
    }
    schema = next;
  }
  return schema;
}

/** The tables, views and enum types of `models` a DDL statement in `sql` names (none for DML). */
function schemaChangeTargets(sql: string, models: SchemaModel[]): string[] {
  const statements = splitStatements(sql.replace(/\/\*[\s\S]*?\*\//g, ''));
  const names = new Set(models.flatMap((m) => [...m.tables.map((t) => t.name), ...(m.views ?? []).map((v) => v.name), ...m.enums.map((e) => e.name)]));
  const out = new Set<string>();
  for (const st of statements) {
    if (!/^\s*(create|alter|drop|comment|rename|truncate)\b/i.test(st)) continue;
    for (const word of st.match(/"(?:[^"]|"")+"|[A-Za-z_][\w$]*/g) ?? []) {
      const name = word.startsWith('"') ? word.slice(1, -1).replace(/""/g, '"') : word;
      if (names.has(name)) out.add(name);
    }
  }
  return [...out];
}

/**
 * The database must be at what the new revision builds on (`--head`: the head by default, or a
 * revision a branch starts from): the diff against it is the new revision's upgrade.
 */
function requireUpToDate(config: Config, stored: string[], basedOn = 'head'): void {
  // A database at the end of a squashed range is at the squash.
  const { map, heads } = ScriptDirectory.fromConfig(config).revisionMapFor(stored);
  const wanted = new Set(basedOn === 'head' || basedOn === 'heads' ? map.heads : basedOn === 'base' ? [] : map.revisions([basedOn]).map((r) => r.id));
  if (heads.length !== wanted.size || heads.some((h) => !wanted.has(h))) {
    throw new MigError('not-up-to-date', 'Target database is not up to date.', {
      hint:
        basedOn === 'head' || basedOn === 'heads'
          ? `it is at ${heads.join(', ') || 'base'}, the head is ${map.heads.join(', ') || 'base'}; run \`mig upgrade head\` first`
          : `it is at ${heads.join(', ') || 'base'}, the new revision builds on ${[...wanted].join(', ') || 'base'} (--head ${basedOn}); bring it there first (mig upgrade / mig downgrade)`,
    });
  }
}

export interface AutogenerateResult {
  upgradeOps: Op[];
  downgradeOps: Op[];
  upgrades: string;
  downgrades: string;
  /** What the code uses from typeorm-mig besides Operations (`sql`). */
  importNames: string[];
  /** False when processRevisionDirectives asked for no file. */
  write: boolean;
  message?: string;
}

/**
 * What the revision file shows: a drop's `existing` definition serves only to reverse the op,
 * and the file's other function already holds the reverse, so it is left out (alterColumn keeps
 * its existing… options, as Alembic's alter_column does: a rebuild and a reader need them).
 * A drop of a generated column, or of a table with one, keeps it: it names the typeorm_metadata
 * rows to remove.
 */
function forFile(op: Op): Op {
  switch (op.kind) {
    case 'dropColumn':
      // A generated column's definition stays: it says the drop loses nothing (the values are
      // computed), and it is what removes the column's typeorm_metadata row.
      if (op.existing?.asExpression !== undefined) return op;
      return stripExisting(op);
    case 'dropTable':
      if (op.existing?.columns.some((c) => c.asExpression !== undefined)) return op;
      return stripExisting(op);
    case 'dropIndex':
    case 'dropConstraint':
    case 'dropView':
    case 'dropEnum':
      return stripExisting(op);
    case 'batch':
      return { ...op, ops: op.ops.map(forFile) };
    default:
      return op;
  }
}

/**
 * Defaults as an entity writes them (`default: '42'`, not `sql("'42'::character varying")`):
 * what the database's catalog gave, where it is a plain literal of the column's type
 * (`neutralDefault`, which keeps anything else SQL). The ops run the same either way.
 */
function withNeutralDefaults(op: Op, dialect: DialectName): Op {
  const column = (c: ColumnDef): ColumnDef => (c.default === undefined ? c : { ...c, default: neutralDefault(dialect, c.default, c) as ColumnDef['default'] });
  const table = <T extends TableDef | undefined>(t: T): T => (t ? { ...t, columns: t.columns.map(column) } : t);
  switch (op.kind) {
    case 'createTable':
      return { ...op, columns: op.columns.map(column) };
    case 'addColumn':
      return { ...op, column: column(op.column) };
    case 'dropColumn':
      return op.existing ? { ...op, existing: column(op.existing) } : op;
    case 'dropTable':
      return { ...op, existing: table(op.existing) };
    case 'alterColumn': {
      const changes = { ...op.changes };
      const existing = { ...op.existing };
      const newType = changes.type ?? existing.type;
      if (changes.default !== undefined && newType) changes.default = neutralDefault(dialect, changes.default, newType) as ColumnDef['default'];
      if (existing.default !== undefined && existing.type) existing.default = neutralDefault(dialect, existing.default, existing.type) as ColumnDef['default'];
      return { ...op, changes, existing };
    }
    case 'alterEnum': {
      const type = { type: 'enum', enumName: op.name.name, enum: op.existing };
      return { ...op, columns: op.columns.map((c) => (c.default === undefined ? c : { ...c, default: neutralDefault(dialect, c.default, type) as ColumnDef['default'] })) };
    }
    case 'batch':
      return { ...op, ops: op.ops.map((o) => withNeutralDefaults(o, dialect)), ...(op.copyFrom ? { copyFrom: table(op.copyFrom) } : {}) };
    default:
      return op;
  }
}

function stripExisting(op: Op & { existing?: unknown }): Op {
  const { existing: _existing, ...rest } = op;
  void _existing;
  return rest as Op;
}

/** `// mig-lint: rule: subject (reason)` above each op the lint flags, by the project's [lint] settings. */
function lintNotes(config: Config, dialect: DialectName, ops: Op[]): Map<number, string[]> {
  const notes = new Map<number, string[]>();
  for (const f of lintFindings(config, dialect, ops)) {
    notes.set(f.opIndex, [...(notes.get(f.opIndex) ?? []), `mig-lint: ${f.rule}: ${f.subject}: ${f.reason}`]);
  }
  return notes;
}

/** Above the drop of each rename candidate left as drop + add: what it may be and how to keep the data. */
function renameNotes(plan: RenamePlan, ops: Op[]): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  for (const c of plan.unconfirmed) {
    const drops = (o: Op): boolean =>
      c.kind === 'table' ? o.kind === 'dropTable' && tableKey(o.table) === tableKey(c.from) : (o.kind === 'dropColumn' && tableKey(o.table) === tableKey(c.table) && o.column === c.from) || (o.kind === 'batch' && o.ops.some(drops));
    const i = ops.findIndex(drops);
    if (i >= 0) out.push([i, unconfirmedNote(c)]);
  }
  return out;
}

/** The code of an autogenerated revision (the caller writes it through the script directory). */
export async function autogenerate(config: Config, message: string | undefined, options: CompareRunOptions = {}): Promise<AutogenerateResult> {
  const comparison = await compareWithDatabase(config, { ...options, requireUpToDate: true });
  const directives: RevisionDirectives = { message, upgradeOps: comparison.upgradeOps, downgradeOps: comparison.downgradeOps };
  comparison.hooks.processRevisionDirectives?.(directives);
  return { ...renderRevision(config, comparison.dialect, directives.upgradeOps, directives.downgradeOps, comparison.renames), write: !directives.skip, message: directives.message };
}

/** Ops as the bodies of a revision file: neutral defaults, no drop definitions, lint and rename notes. */
export function renderRevision(config: Config, dialect: DialectName, upgradeOps: Op[], downgradeOps: Op[], renames?: RenamePlan): Omit<AutogenerateResult, 'write' | 'message'> {
  const forRevision = (op: Op) => forFile(withNeutralDefaults(op, dialect));
  const notes = lintNotes(config, dialect, upgradeOps);
  if (renames) for (const [i, note] of renameNotes(renames, upgradeOps)) notes.set(i, [note, ...(notes.get(i) ?? [])]);
  const up = renderOps(upgradeOps.map(forRevision), { indent: '  ', notes });
  const down = renderOps(downgradeOps.map(forRevision), { indent: '  ' });
  const importNames = [...new Set([...up.imports, ...down.imports])].sort();
  return { upgradeOps, downgradeOps, upgrades: up.code, downgrades: down.code, importNames };
}

/**
 * The ops from `database` to `target`, two models (no entities, no env.ts hooks): renames only
 * where `renames` names them, the rest as compare gives it; the downgrade is their reverse.
 */
export async function compareModels(dialect: DialectName, target: SchemaModel, database: SchemaModel, renames: RenameHints = {}): Promise<Comparison> {
  const { hooks: _hooks, ...comparison } = await finishComparison(dialect, target, database, {}, { renames: applicableHints(target, database, renames) }, {});
  void _hooks;
  return comparison;
}

/** `mig check`: the ops a new autogenerate would write (none when entities and database agree). */
export async function check(config: Config, options: Pick<CompareRunOptions, 'onProgress' | 'offline'> = {}): Promise<Op[]> {
  return (await checkWithLint(config, options)).ops;
}

/** `mig check` with the lint's findings on those ops (what the new revision would be flagged for). */
export async function checkWithLint(config: Config, options: Pick<CompareRunOptions, 'onProgress' | 'offline'> = {}): Promise<{ ops: Op[]; findings: Finding[] }> {
  const comparison = await compareWithDatabase(config, { ...options, requireUpToDate: true });
  const ops = comparison.upgradeOps;
  return { ops, findings: lintFindings(config, comparison.dialect, ops) };
}
