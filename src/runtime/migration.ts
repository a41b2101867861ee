/**
 * Running migrations: the version table, transactions, the lock, and walking the steps.
 *
 * One transaction covers the run by default (Alembic's default); `transaction_per_migration`
 * gives each revision its own; a revision exporting `transactional = false` runs between
 * transactions. Before each transaction's first step the version table is read again and
 * checked against the plan, so concurrent runs never apply a revision twice: PostgreSQL
 * serializes runs with an advisory lock, SQLite with BEGIN IMMEDIATE.
 */
import type { Config } from '../config/config';
import { displayPath } from '../config/config';
import type { Dialect, MigrationAdapter, MigrationDb, Statement } from '../dialects/types';
import { isMigError, MigError } from '../errors';
import { loadEnvironment, loadUserModule, prepareProjectLoading } from '../loader/env';
import { dataSourceOptions, metadataTableOf } from '../loader/typeorm';
import { Operations } from '../operations/api';
import { tableText, type Op, type TableRef } from '../operations/ops';
import type { RevisionHeader } from '../script/revision-file';
import type { RevisionMap } from '../script/revision-map';
import { ScriptDirectory } from '../script/script-directory';
import { appliedClosure, changedRevisions, logEntryFromRow, logRowsForStep, migVersion, revisionChecksum, type AppliedLogEntry, type ChangedRevision } from './checksums';
import type { LogRowInput } from '../dialects/types';
import { DatabaseConnection, describeOptions, dialectForType, enterSchema, missingSqliteFile, ScriptConnection, type Connection, type StatementKind } from './connection';
import { applyRowChanges, downgradeSteps, netRowChanges, rowChanges, stampSteps, stepLabel, upgradeSteps, type RowChange, type Step } from './steps';

export interface StepInfo {
  kind: 'upgrade' | 'downgrade' | 'stamp';
  revision?: string;
  from: string[];
  to: string[];
  message?: string;
}

export interface StepResult extends StepInfo {
  durationMs: number;
}

export interface RunEvents {
  /** Once the lock is held: the revisions the version table holds as the run begins. */
  begun?(heads: string[]): void;
  /** Before a step runs. */
  stepStart?(step: StepInfo): void;
  /** After a step ran (its transaction may commit later). */
  stepDone?(step: StepResult): void;
  /** When the run has to wait (for the migration lock). */
  waiting?(message: string): void;
  /** Each statement as it is sent or written (for --verbose, and to compare offline with online). */
  statement?(sql: string, kind: StatementKind): void;
  /** Online upgrades, before the first step: applied revisions edited or deleted since the log recorded them. */
  changedRevisions?(changed: ChangedRevision[]): void;
}

export interface RunOptions {
  /** Offline: return the SQL script instead of connecting. */
  sql?: boolean;
  /** Free text passed to env.ts (`context.config.cmdOpts.tag`). */
  tag?: string;
  /** Seconds to wait for another run's lock (default: wait as long as it takes). */
  lockTimeout?: number;
  events?: RunEvents;
  /** Runs with this dialect in place of the connection's (a wrapper of it, e.g. in tests). */
  dialect?: (base: Dialect) => Dialect;
}

export interface RunResult {
  steps: StepResult[];
  /** The version table's rows when the run began (offline: the range's start). */
  before: string[];
  /** The version table's rows after the run. */
  heads: string[];
  /** Offline runs: the SQL script. */
  sql?: string;
  /** Online upgrades: applied revisions whose file was edited or deleted since the log recorded it. */
  changedRevisions?: ChangedRevision[];
  /** `stamp --refresh-checksums`: the revisions whose current checksum was recorded. */
  refreshed?: string[];
}

interface RunState {
  config: Config;
  /** The revision graph; once the version table is read, as this database sees it (databaseView). */
  map: RevisionMap<RevisionHeader>;
  conn: Connection;
  dialect: Dialect;
  versionTable: TableRef;
  /** The applied-revision log, beside the version table; created before its first row. */
  logTable: TableRef;
  logReady: boolean;
  events: RunEvents;
  /** The dialect's lock and transactions on this run's connection. */
  adapter: MigrationAdapter;
  inTransaction: boolean;
  /** What the version table holds, and what it will hold once the pending rows are written. */
  stored: Set<string>;
  heads: Set<string>;
  lastStatement?: string;
  /** TypeORM's typeorm_metadata table, whose rows for views and generated columns the ops keep. */
  metadataTable: TableRef;
}

function versionTableOf(config: Config): TableRef {
  const schema = config.versionTableSchema;
  return schema ? { schema, name: config.versionTable } : { name: config.versionTable };
}

/** The applied-revision log's table: `log_table` in the version table's schema. */
export function logTableOf(config: Config): TableRef {
  const schema = config.versionTableSchema;
  return schema ? { schema, name: config.logTable } : { name: config.logTable };
}

async function exec(state: RunState, statement: Statement, kind: StatementKind) {
  if (kind !== 'internal') state.lastStatement = statement.sql;
  state.events.statement?.(state.dialect.inline(statement), kind);
  return state.conn.run(statement, kind);
}

// ----- transactions (the dialect's adapter: lock, BEGIN, checks before COMMIT) -----

async function begin(state: RunState): Promise<void> {
  await state.adapter.beginTransaction();
  state.inTransaction = true;
}

/** Writes the version table's rows once for all the steps since the last write. */
async function flushRows(state: RunState): Promise<void> {
  await writeRowChanges(state, netRowChanges(state.stored, state.heads));
  state.stored = new Set(state.heads);
}

async function commit(state: RunState): Promise<void> {
  if (!state.inTransaction) return;
  await flushRows(state);
  await state.adapter.commitTransaction();
  state.inTransaction = false;
}

async function rollback(state: RunState): Promise<void> {
  if (!state.inTransaction) return;
  state.inTransaction = false;
  await state.adapter.rollbackTransaction();
}

// ----- the version table -----

async function ensureVersionTable(state: RunState): Promise<void> {
  await exec(state, { sql: state.dialect.versionTable(state.versionTable).create() }, 'version');
}

async function versionTableExists(state: RunState): Promise<boolean> {
  const { rows } = await exec(state, { sql: state.dialect.versionTable(state.versionTable).exists() }, 'internal');
  return rows.length > 0;
}

async function readHeads(state: RunState): Promise<string[]> {
  if (!(await versionTableExists(state))) return [];
  const { rows } = await exec(state, { sql: state.dialect.versionTable(state.versionTable).select() }, 'internal');
  return rows.map((r) => String(r.version_num));
}

async function writeRowChanges(state: RunState, changes: RowChange[]): Promise<void> {
  const sqlFor = state.dialect.versionTable(state.versionTable);
  for (const c of changes) {
    if (c.kind === 'insert') {
      await exec(state, { sql: sqlFor.insert(c.version) }, 'version');
      continue;
    }
    const { affected } = await exec(state, { sql: c.kind === 'delete' ? sqlFor.delete(c.version) : sqlFor.update(c.from, c.to) }, 'version');
    if (!state.conn.offline && affected !== undefined && affected !== 1) {
      const what = c.kind === 'delete' ? `deleting '${c.version}'` : `updating '${c.from}' to '${c.to}'`;
      throw new MigError('version-table', `Online migration expected to match one row when ${what} in '${tableText(state.versionTable)}'; ${affected} found`, {
        hint: 'the version table was changed by hand or by another tool; check it with `mig current`',
      });
    }
  }
}

// ----- the applied-revision log -----

async function writeLog(state: RunState, rows: LogRowInput[]): Promise<void> {
  if (!rows.length) return;
  const sqlFor = state.dialect.logTable(state.logTable);
  if (!state.logReady) {
    await exec(state, { sql: sqlFor.create() }, 'log');
    state.logReady = true;
  }
  await exec(state, { sql: sqlFor.insert(rows) }, 'log');
}

/** The log's rows, oldest first (none when the table does not exist). */
async function readLog(conn: Pick<Connection, 'run' | 'dialect'>, table: TableRef): Promise<AppliedLogEntry[]> {
  const sqlFor = conn.dialect.logTable(table);
  if (!(await conn.run({ sql: sqlFor.exists() }, 'internal')).rows.length) return [];
  return (await conn.run({ sql: sqlFor.select() }, 'internal')).rows.map(logEntryFromRow);
}

/** Rows recording the current checksum of `targets` (applied revisions, or deleted ones the log names). */
async function refreshRows(state: RunState, targets: string[], heads: string[]): Promise<LogRowInput[]> {
  const log = await readLog(state.conn, state.logTable);
  const applied = appliedClosure(state.map, heads);
  const rows: LogRowInput[] = [];
  for (const target of targets) {
    let revisions;
    try {
      revisions = state.map.revisions(target);
    } catch (err) {
      // A deleted file: the log may still name it (an id or a unique prefix).
      const gone = [...new Set(log.map((e) => e.revision))].filter((id) => !state.map.has(id) && (id === target || id.startsWith(target)));
      if (gone.length !== 1) throw err;
      rows.push({ revision: gone[0], direction: 'refresh', checksum: null, durationMs: null, migVersion: migVersion() });
      continue;
    }
    for (const rev of revisions) {
      if (!applied.has(rev.id)) {
        throw new MigError('refresh-not-applied', `Revision ${rev.id} is not applied to ${state.conn.description}: there is no checksum to refresh`, { hint: `upgrade to it instead (mig upgrade ${rev.id})` });
      }
      rows.push({ revision: rev.id, direction: 'refresh', checksum: revisionChecksum(rev.source.file) ?? null, durationMs: null, migVersion: migVersion() });
    }
  }
  return rows;
}

/**
 * The graph as this database sees it (squash revisions: script/squash.ts): `state.map` becomes
 * it, and version rows naming replaced revisions are rewritten to their squash (in the run's
 * transaction), so the steps' UPDATEs match.
 */
async function databaseView(state: RunState, stored: string[]): Promise<{ heads: string[]; hidden: ReadonlySet<string> }> {
  const view = ScriptDirectory.fromConfig(state.config).revisionMapFor(stored);
  state.map = view.map;
  await writeRowChanges(state, view.rewrites);
  return view;
}

/** Log rows of revisions a squash stands for (or of a squash set aside) are neither edited nor deleted. */
const withoutHidden = (log: AppliedLogEntry[], hidden: ReadonlySet<string>) => log.filter((e) => !hidden.has(e.revision));

function checkKnownHeads(state: RunState, heads: string[]): void {
  for (const h of heads) {
    if (!state.map.has(h)) {
      throw new MigError('unknown-db-revision', `The database is at revision '${h}' (in ${tableText(state.versionTable)}), which is not among the revision files`, {
        hint: 'restore its file, or point the version table at a known revision with `mig stamp REV --purge`',
      });
    }
  }
}

// ----- running one step -----

interface RevisionModule {
  upgrade?: (op: Operations) => unknown;
  downgrade?: (op: Operations) => unknown;
  transactional?: boolean;
}

function loadRevision(state: RunState, step: Step): RevisionModule | undefined {
  if (step.kind !== 'revision') return undefined;
  prepareProjectLoading(state.config.here);
  const mod = loadUserModule(step.revision.source.file) as RevisionModule;
  const fn = step.upgrade ? 'upgrade' : 'downgrade';
  if (typeof mod[fn] !== 'function') {
    throw new MigError('revision-file', `${step.revision.source.path} has no ${fn}(op) function`, { hint: `export async function ${fn}(op) { ... }` });
  }
  return mod;
}

function operationsFor(state: RunState): Operations {
  return new Operations({
    dialect: state.dialect.name,
    offline: state.conn.offline,
    run: async (op: Op) => {
      const statements = await state.dialect.compile(op, {
        serverVersion: state.conn.serverVersion,
        readTableSql: state.conn.readTableSql ? (t) => state.conn.readTableSql!(t) : undefined,
        query: state.conn.offline ? undefined : async (sql) => (await exec(state, { sql }, 'internal')).rows,
        typeormMetadataTable: state.metadataTable,
      });
      for (const s of statements) {
        if (op.kind === 'execute' && !s.params?.length) {
          state.lastStatement = s.sql;
          state.events.statement?.(s.sql, 'change');
          await state.conn.runScript(s.sql);
        } else {
          await exec(state, s, 'change');
        }
      }
    },
    query: async (sql: string, params?: unknown[]) => {
      if (state.conn.offline) throw new MigError('offline-read', 'op.query reads the database, which a --sql run cannot do', { hint: 'guard it with `if (!op.offline)`' });
      return (await exec(state, { sql, params }, 'internal')).rows;
    },
  });
}

function stepInfo(step: Step): StepInfo {
  const { from, to } = stepLabel(step);
  if (step.kind === 'stamp') return { kind: 'stamp', from, to };
  return { kind: step.upgrade ? 'upgrade' : 'downgrade', revision: step.revision.id, from, to, message: step.revision.source.message };
}

function failure(state: RunState, step: Step, err: unknown): MigError {
  if (isMigError(err) && ['lock-timeout', 'foreign-key-check', 'version-table'].includes(err.code)) return err;
  const e = err as Error & { driverError?: Error; query?: string };
  const dbMessage = String(e.driverError?.message ?? e.message ?? err).split('\n')[0];
  const label = step.kind === 'revision' ? `Revision ${step.revision.id} (${step.revision.source.message})` : 'Stamp';
  const direction = step.kind === 'revision' ? (step.upgrade ? 'upgrade' : 'downgrade') : 'stamp';
  const statement = e.query ?? (isMigError(err) ? undefined : state.lastStatement);
  const shown = statement ? `; statement: ${statement.replace(/\s+/g, ' ').trim().slice(0, 200)}` : '';
  const text = `${label} failed in ${direction}: ${isMigError(err) ? err.message : dbMessage}${shown}`;
  const conn = state.conn as DatabaseConnection;
  const enumHint = /unsafe use of new value/i.test(dbMessage)
    ? 'PostgreSQL cannot use an enum value added by ALTER TYPE ... ADD VALUE in the transaction that added it: set transaction_per_migration = true in the config, or run the revisions in two upgrades'
    : undefined;
  // Outside a transaction nothing rolls back: say what the database holds now. (A failed
  // downgrade leaves its own revision in the version table, half undone.)
  const at = [...state.heads].join(', ') || 'base';
  const outside =
    step.kind === 'revision' && !state.inTransaction && !state.conn.offline
      ? `${state.dialect.supportsTransactionalDdl ? 'it runs outside a transaction (transactional = false)' : `${state.dialect.name} has no transactional DDL`}: the statements it ran before the failure stay applied, and the version table is at ${at}${step.upgrade ? ', the last revision that succeeded' : `: the downgrade of ${step.revision.id} did not finish`}`
      : undefined;
  return new MigError('revision-failed', conn.maskSecrets ? conn.maskSecrets(text) : text, {
    hint: [isMigError(err) && err.hint ? err.hint : enumHint, outside].filter(Boolean).join('; ') || undefined,
    cause: err,
  });
}

// ----- the run -----

interface Plan {
  steps: Step[];
  /** The heads expected before each step, and after the last (length steps + 1). */
  heads: Set<string>[];
}

function planFrom(state: RunState, steps: Step[], start: string[]): Plan {
  const heads = [new Set(start)];
  for (const step of steps) heads.push(applyRowChanges(heads[heads.length - 1], rowChanges(state.map, step, heads[heads.length - 1])));
  return { steps, heads };
}

const sameSet = (a: Set<string>, b: Set<string>) => a.size === b.size && [...a].every((x) => b.has(x));

/** What a command runs: checked against the revision files before anything connects. */
interface RunSpec {
  /** Offline: the heads the script starts from (undefined: the version table is read). */
  start?: string[];
  /** The steps from the heads the run finds. */
  plan(map: RevisionMap<RevisionHeader>, heads: string[]): Step[];
  versionTable: { create: boolean; purge?: boolean };
  /** Online: report applied revisions edited or deleted since the log recorded them. */
  verify?: boolean;
  /** `stamp --refresh-checksums`: record these revisions' current checksums (no steps). */
  refresh?: string[];
}

async function prepare(config: Config, options: RunOptions, resolve: (map: RevisionMap<RevisionHeader>) => RunSpec): Promise<{ state: RunState; spec: RunSpec } | { nothing: true }> {
  const map = ScriptDirectory.fromConfig(config).revisionMap;
  // Every target is resolved before env.ts runs or anything connects: a bad one writes nothing.
  const spec = resolve(map);
  if (options.tag !== undefined) (config.cmdOpts as Record<string, unknown>).tag = options.tag;
  const env = loadEnvironment(config);
  const dsOptions = await dataSourceOptions(config, env);
  if (!options.sql && missingSqliteFile(dsOptions)) {
    // A SQLite file that does not exist yet is at base: plan from there first, so that a target
    // that cannot be reached from base (downgrade -1) creates no file, nor does a run with nothing to do.
    const steps = spec.plan(map, []);
    if (!steps.length && !spec.versionTable.create) return { nothing: true };
  }
  const createSchema = spec.versionTable.create;
  let conn: Connection;
  if (options.sql) {
    conn = new ScriptConnection(dialectForType(String(dsOptions.type)));
    if (config.schema) await enterSchema(conn, config, createSchema);
  } else {
    try {
      conn = await DatabaseConnection.open(config, env, dsOptions, { createSchema });
    } catch (err) {
      // A schema target not created yet is at base, as a SQLite file that does not exist yet.
      if (isMigError(err) && err.code === 'schema-missing' && !spec.plan(map, []).length) return { nothing: true };
      throw err;
    }
  }
  const dialect = options.dialect ? options.dialect(conn.dialect) : conn.dialect;
  const versionTable = versionTableOf(config);
  const events = options.events ?? {};
  const db: MigrationDb = {
    offline: conn.offline,
    description: conn.description,
    run: (statement, kind) => exec(state, statement, kind),
  };
  const state: RunState = {
    config,
    map,
    conn,
    dialect,
    adapter: dialect.migrationAdapter(db, { versionTable, lockTimeout: options.lockTimeout, waiting: events.waiting }),
    versionTable,
    logTable: logTableOf(config),
    logReady: false,
    events,
    inTransaction: false,
    stored: new Set(),
    heads: new Set(),
    metadataTable: metadataTableOf(dsOptions),
  };
  return { state, spec };
}

/**
 * Computes the steps once the lock is held and the heads are read, then runs them in
 * transactions (each revision on its own, outside any, on a dialect without transactional DDL).
 */
async function run(config: Config, options: RunOptions, resolve: (map: RevisionMap<RevisionHeader>) => RunSpec): Promise<RunResult> {
  const prepared = await prepare(config, options, resolve);
  if ('nothing' in prepared) return { steps: [], before: [], heads: [] };
  const { state, spec } = prepared;
  const { start, versionTable } = spec;
  const results: StepResult[] = [];
  const perMigration = config.transactionPerMigration;
  const offline = state.conn.offline;
  const transactionalDdl = state.dialect.supportsTransactionalDdl;
  let finalHeads: string[] = [];
  let before: string[] = [];
  let locked = false;
  let changed: ChangedRevision[] | undefined;
  let refreshed: string[] | undefined;
  try {
    await state.adapter.acquireMigrationLock();
    locked = true;
    if (transactionalDdl) await begin(state);
    if (versionTable.create && (!offline || start === undefined || !start.length)) await ensureVersionTable(state);
    if (versionTable.purge) await exec(state, { sql: state.dialect.versionTable(state.versionTable).deleteAll() }, 'version');
    const view = await databaseView(state, offline || versionTable.purge ? (start ?? []) : await readHeads(state));
    const initial = view.heads;
    checkKnownHeads(state, initial);
    before = initial;
    state.events.begun?.(initial);
    if (spec.verify && !offline) {
      changed = changedRevisions(state.map, initial, withoutHidden(await readLog(state.conn, state.logTable), view.hidden));
      state.events.changedRevisions?.(changed);
    }
    if (spec.refresh) {
      const rows = await refreshRows(state, spec.refresh, initial);
      await writeLog(state, rows);
      refreshed = rows.map((r) => r.revision);
    }
    const { steps, heads } = planFrom(state, spec.plan(state.map, initial), initial);
    let current = heads[0];
    state.stored = new Set(current);
    state.heads = new Set(current);
    let verify = false;
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i];
      const mod = loadRevision(state, step);
      const transactional = transactionalDdl && mod?.transactional !== false;
      if (!transactional && state.inTransaction) await commit(state);
      if (transactional && !state.inTransaction) {
        await begin(state);
        verify = true;
      }
      if (verify && !offline) {
        // Another run may have moved the version table since our last transaction.
        const now = new Set(await readHeads(state));
        if (!sameSet(now, current)) {
          const j = heads.findIndex((h, k) => k > i && sameSet(h, now));
          if (j < 0) {
            throw new MigError('version-table', `The version table changed during the run: expected ${[...current].join(', ') || 'base'}, found ${[...now].join(', ') || 'base'}`, {
              hint: 'another tool or run changed it; run the command again',
            });
          }
          current = now;
          state.stored = new Set(now);
          state.heads = new Set(now);
          verify = false;
          if (j >= steps.length) break;
          // Resume at step j, inside the transaction just begun (it may commit first if j is non-transactional).
          i = j - 1;
          continue;
        }
        verify = false;
      }
      const info = stepInfo(step);
      state.events.stepStart?.(info);
      if (offline) (state.conn as ScriptConnection).comment(`Running ${info.kind} ${info.from.join(', ') || '<base>'} -> ${info.to.join(', ') || '<base>'}${info.message ? `, ${info.message}` : ''}`);
      const started = performance.now();
      let durationMs = 0;
      try {
        if (step.kind === 'revision') await (step.upgrade ? mod!.upgrade! : mod!.downgrade!)(operationsFor(state));
        const before = current;
        current = applyRowChanges(current, rowChanges(state.map, step, current));
        state.heads = current;
        durationMs = Math.round(performance.now() - started);
        // The log row goes with the step: in its transaction, or right after it outside one.
        await writeLog(state, logRowsForStep(state.map, step, before, current, offline ? null : durationMs));
        // Inside a transaction the rows are written once, before COMMIT; outside, right away.
        if (!state.inTransaction) await flushRows(state);
      } catch (err) {
        throw failure(state, step, err);
      }
      const result = { ...info, durationMs };
      results.push(result);
      state.events.stepDone?.(result);
      if (!transactional) verify = true;
      if (perMigration && state.inTransaction) await commit(state);
    }
    await commit(state);
    finalHeads = [...current];
  } catch (err) {
    await rollback(state);
    throw err;
  } finally {
    try {
      if (locked) await state.adapter.releaseMigrationLock();
    } finally {
      await state.conn.close();
    }
  }
  return {
    steps: results,
    before,
    heads: finalHeads,
    ...(offline ? { sql: (state.conn as ScriptConnection).script } : {}),
    ...(changed ? { changedRevisions: changed } : {}),
    ...(refreshed ? { refreshed } : {}),
  };
}

/** Parses `START:END` of an offline run. */
function splitRange(target: string, command: string, requireRange: boolean): { start?: string; end: string } {
  const colon = target.indexOf(':');
  if (colon < 0) {
    if (requireRange) throw new MigError('usage', `${command} with --sql requires <fromrev>:<torev>`, { hint: `e.g. mig ${command} ae10:base --sql` });
    return { end: target };
  }
  return { start: target.slice(0, colon), end: target.slice(colon + 1) };
}

function startHeads(map: RevisionMap<RevisionHeader>, start: string | undefined): string[] | undefined {
  if (start === undefined) return undefined;
  return map.revisions(start || 'base').map((r) => r.id);
}

const RELATIVE = /^(?:(.+?)@)?(\w+)?([+-]\d+)$/;

/**
 * Resolves what a target names without the database's heads (ids, prefixes, labels, `head` with
 * several heads), so that a bad target is refused before anything connects. Relative targets
 * (`+1`, `label@-2`) are walked later, from the heads the run finds.
 */
export function checkTarget(map: RevisionMap<RevisionHeader>, target: string): void {
  const relative = RELATIVE.exec(target);
  if (!relative) {
    map.getRevisions(target);
    return;
  }
  const [, branch, symbol] = relative;
  if (symbol !== undefined && symbol !== 'base') map.getRevisions(branch ? `${branch}@${symbol}` : symbol);
  else if (branch) map.getRevisions(`${branch}@heads`);
}

function noRange(target: string, command: string): void {
  if (target.includes(':')) throw new MigError('usage', `Range revision not allowed: ${target}`, { hint: `START:END ranges are for --sql; name one target (mig ${command} ${target.slice(target.indexOf(':') + 1) || 'head'})` });
}

const ancestorsOf = (map: RevisionMap<RevisionHeader>, ids: string[]) => new Set([...map.ancestors(map.revisions(ids))].map((r) => r.id));

/** An offline range that goes the wrong way (`upgrade b:a` with a below b): say how to write it. */
function checkDirection(map: RevisionMap<RevisionHeader>, command: 'upgrade' | 'downgrade', start: string[], startText: string, endText: string): void {
  const end = map.revisions(endText || 'base').map((r) => r.id);
  const [lower, upper] = command === 'upgrade' ? [end, start] : [start, end];
  if (!upper.length || upper.every((id) => lower.includes(id))) return;
  const below = ancestorsOf(map, upper);
  if (lower.every((id) => below.has(id))) {
    const other = command === 'upgrade' ? 'downgrade' : 'upgrade';
    const [from, to] = command === 'upgrade' ? ['down', 'up'] : ['up', 'down'];
    throw new MigError('usage', `The ${command} range ${startText || 'base'}:${endText || 'base'} goes ${from}: ${endText || 'base'} is ${command === 'upgrade' ? 'below' : 'above'} ${startText || 'base'}`, {
      hint: `${command === 'upgrade' ? 'an' : 'a'} ${command} range goes ${to}, START:END: write \`mig ${command} ${endText || 'base'}:${startText || 'base'} --sql\`, or \`mig ${other} ${startText || 'base'}:${endText || 'base'} --sql\``,
    });
  }
}

/** Applies revisions up to `target` (head, heads, +N, an id, LABEL@head, ...). */
export async function upgrade(config: Config, target: string, options: RunOptions = {}): Promise<RunResult> {
  if (!options.sql) noRange(target, 'upgrade');
  return run(config, options, (map) => {
    const range = options.sql ? splitRange(target, 'upgrade', false) : { end: target };
    checkTarget(map, range.end);
    const start = options.sql ? (startHeads(map, range.start) ?? []) : undefined;
    if (start && range.start !== undefined) checkDirection(map, 'upgrade', start, range.start, range.end);
    return { start, plan: (m, heads) => upgradeSteps(m, range.end, heads), versionTable: { create: true }, verify: true };
  });
}

/** Reverts revisions down to `target` (-1, base, an id, LABEL@base, REV-2, ...). */
export async function downgrade(config: Config, target: string, options: RunOptions = {}): Promise<RunResult> {
  if (!options.sql) noRange(target, 'downgrade');
  return run(config, options, (map) => {
    const range = options.sql ? splitRange(target, 'downgrade', true) : { end: target };
    checkTarget(map, range.end);
    const start = options.sql ? startHeads(map, range.start) : undefined;
    if (start && range.start !== undefined) checkDirection(map, 'downgrade', start, range.start, range.end);
    return { start, plan: (m, heads) => downgradeSteps(m, range.end, heads), versionTable: { create: false } };
  });
}

export interface StampOptions extends RunOptions {
  /** Empty the version table first. */
  purge?: boolean;
  /**
   * Leave the version table alone and record the current checksum of each named applied
   * revision (or accept a deleted one the log names), so an edit is no longer reported.
   */
  refreshChecksums?: boolean;
}

/** Sets the version table to `revisions` without running any revision. */
export async function stamp(config: Config, revisions: string[], options: StampOptions = {}): Promise<RunResult> {
  if (options.purge && options.sql) throw new MigError('usage', "Can't use --purge with --sql mode");
  if (options.refreshChecksums) {
    if (options.sql || options.purge) throw new MigError('usage', `Can't use --refresh-checksums with ${options.sql ? '--sql' : '--purge'}`, { hint: '--refresh-checksums reads the database and changes only the log' });
    return run(config, options, () => ({ plan: () => [], versionTable: { create: false }, refresh: revisions }));
  }
  return run(config, options, (map) => {
    let targets = revisions;
    let start: string[] | undefined;
    if (options.sql && revisions.length === 1 && revisions[0].includes(':')) {
      const range = splitRange(revisions[0], 'stamp', true);
      targets = [range.end];
      start = startHeads(map, range.start);
    } else if (options.sql) {
      start = [];
    }
    // From base every target is resolved (and a bad one refused) before connecting.
    stampSteps(map, targets, []);
    return { start, plan: (m, heads) => stampSteps(m, targets, heads), versionTable: { create: true, purge: options.purge } };
  });
}

/** The revisions in the version table, read through an open connection (never creates it). */
export async function versionHeads(config: Config, conn: Connection): Promise<string[]> {
  const sqlFor = conn.dialect.versionTable(versionTableOf(config));
  if (!(await conn.run({ sql: sqlFor.exists() }, 'internal')).rows.length) return [];
  return (await conn.run({ sql: sqlFor.select() }, 'internal')).rows.map((r) => String(r.version_num));
}

/**
 * Opens the database of the run's env.ts / mig.ini for reading; a SQLite file that does not
 * exist yet is not created (`missing` answers instead).
 */
async function reading<R>(config: Config, missing: (database: string) => R, read: (conn: DatabaseConnection) => Promise<R>): Promise<R> {
  const env = loadEnvironment(config);
  const dsOptions = await dataSourceOptions(config, env);
  if (missingSqliteFile(dsOptions)) return missing(`SQLite ${displayPath(String(dsOptions.database))} (no file yet)`);
  let conn: DatabaseConnection;
  try {
    conn = await DatabaseConnection.open(config, env, dsOptions);
  } catch (err) {
    if (isMigError(err) && err.code === 'schema-missing') return missing(`${describeOptions(dsOptions)} schema ${config.schema} (not created yet)`);
    throw err;
  }
  try {
    return await read(conn);
  } finally {
    await conn.close();
  }
}

export interface CurrentResult {
  heads: string[];
  database: string;
  /** With `verify`: applied revisions edited or deleted since the log recorded them. */
  changedRevisions?: ChangedRevision[];
}

/** The revisions in the version table (empty when it does not exist; it is never created). */
export async function current(config: Config, options: { verify?: boolean } = {}): Promise<CurrentResult> {
  return reading(
    config,
    (database) => ({ heads: [], database, ...(options.verify ? { changedRevisions: [] } : {}) }),
    async (conn) => {
      const heads = await versionHeads(config, conn);
      if (!options.verify) return { heads, database: conn.description };
      const view = ScriptDirectory.fromConfig(config).revisionMapFor(heads);
      return { heads, database: conn.description, changedRevisions: changedRevisions(view.map, view.heads, withoutHidden(await readLog(conn, logTableOf(config)), view.hidden)) };
    },
  );
}

/** The applied-revision log, oldest first (empty when there is none yet; nothing is created). */
export async function appliedLog(config: Config): Promise<{ database: string; entries: AppliedLogEntry[] }> {
  return reading(
    config,
    (database) => ({ database, entries: [] }),
    async (conn) => ({ database: conn.description, entries: await readLog(conn, logTableOf(config)) }),
  );
}

/** The applied revisions whose file was edited or deleted since the log recorded it (what `mig check` reports). */
export async function checkAppliedRevisions(config: Config): Promise<ChangedRevision[]> {
  return (await current(config, { verify: true })).changedRevisions ?? [];
}
