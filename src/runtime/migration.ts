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
import { lockKeySql } from '../dialects/postgres';
import type { Dialect, Statement } from '../dialects/types';
import { isMigError, MigError } from '../errors';
import { loadEnvironment, loadUserModule, prepareProjectLoading, type Environment } from '../loader/env';
import { dataSourceOptions, metadataTableOf } from '../loader/typeorm';
import { Operations } from '../operations/api';
import { tableText, type Op, type TableRef } from '../operations/ops';
import type { RevisionHeader } from '../script/revision-file';
import type { RevisionMap } from '../script/revision-map';
import { ScriptDirectory } from '../script/script-directory';
import { DatabaseConnection, dialectForType, missingSqliteFile, ScriptConnection, type Connection, type StatementKind } from './connection';
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
  /** Before a step runs. */
  stepStart?(step: StepInfo): void;
  /** After a step ran (its transaction may commit later). */
  stepDone?(step: StepResult): void;
  /** When the run has to wait (for the migration lock). */
  waiting?(message: string): void;
  /** Each statement as it is sent or written (for --verbose, and to compare offline with online). */
  statement?(sql: string, kind: StatementKind): void;
}

export interface RunOptions {
  /** Offline: return the SQL script instead of connecting. */
  sql?: boolean;
  /** Free text passed to env.ts (`context.config.cmdOpts.tag`). */
  tag?: string;
  /** Seconds to wait for another run's lock (default: wait as long as it takes). */
  lockTimeout?: number;
  events?: RunEvents;
}

export interface RunResult {
  steps: StepResult[];
  /** The version table's rows after the run. */
  heads: string[];
  /** Offline runs: the SQL script. */
  sql?: string;
}

const MIG_LOCK_CLASS = 5065031; // 'MIG'

interface RunState {
  config: Config;
  map: RevisionMap<RevisionHeader>;
  conn: Connection;
  dialect: Dialect;
  versionTable: TableRef;
  events: RunEvents;
  inTransaction: boolean;
  /** SQLite: foreign_keys as it was before the run. */
  foreignKeys?: boolean;
  /** What the version table holds, and what it will hold once the pending rows are written. */
  stored: Set<string>;
  heads: Set<string>;
  /** SQLite: rows breaking a foreign key when the transaction began, per child and parent table. */
  orphansBefore?: Map<string, number>;
  lastStatement?: string;
  locked: boolean;
  lockTimeout?: number;
  /** TypeORM's typeorm_metadata table, whose rows for views and generated columns the ops keep. */
  metadataTable: TableRef;
}

function versionTableOf(config: Config): TableRef {
  const schema = config.versionTableSchema;
  return schema ? { schema, name: config.versionTable } : { name: config.versionTable };
}

async function exec(state: RunState, statement: Statement, kind: StatementKind) {
  if (kind !== 'internal') state.lastStatement = statement.sql;
  state.events.statement?.(state.dialect.inline(statement), kind);
  return state.conn.run(statement, kind);
}

// ----- the lock -----

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function acquireLock(state: RunState): Promise<void> {
  if (state.conn.offline || state.dialect.name !== 'postgres') return;
  const key = lockKeySql(state.versionTable);
  const started = Date.now();
  let told = false;
  for (;;) {
    const { rows } = await exec(state, { sql: `SELECT pg_try_advisory_lock(${MIG_LOCK_CLASS}, ${key}) AS locked` }, 'internal');
    if (rows[0]?.locked === true) {
      state.locked = true;
      return;
    }
    const holder = await exec(
      state,
      {
        sql: `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = ${MIG_LOCK_CLASS} AND objsubid = 2 AND objid = (CASE WHEN ${key} < 0 THEN ${key}::bigint + 4294967296 ELSE ${key} END)::oid`,
      },
      'internal',
    );
    const pid = holder.rows[0]?.pid;
    if (!told) {
      state.events.waiting?.(`Waiting for the migration lock on ${tableText(state.versionTable)}${pid ? ` (held by server process ${pid})` : ''} ...`);
      told = true;
    }
    if (state.lockTimeout !== undefined && Date.now() - started >= state.lockTimeout * 1000) {
      throw new MigError('lock-timeout', `Timed out after ${state.lockTimeout} s waiting for the migration lock on ${state.conn.description}${pid ? ` (held by server process ${pid})` : ''}`, {
        hint: 'another mig run is migrating this database; wait for it, or raise --lock-timeout',
      });
    }
    await sleep(200);
  }
}

async function releaseLock(state: RunState): Promise<void> {
  if (!state.locked) return;
  state.locked = false;
  await exec(state, { sql: `SELECT pg_advisory_unlock(${MIG_LOCK_CLASS}, ${lockKeySql(state.versionTable)})` }, 'internal');
}

// ----- transactions -----

async function begin(state: RunState): Promise<void> {
  if (state.dialect.name === 'sqlite') {
    if (state.conn.offline) {
      await exec(state, { sql: 'BEGIN IMMEDIATE' }, 'transaction');
    } else {
      // BEGIN IMMEDIATE takes the write lock now, so the version table read next stays true.
      const started = Date.now();
      let told = false;
      await exec(state, { sql: 'PRAGMA busy_timeout = 200' }, 'internal');
      for (;;) {
        try {
          await exec(state, { sql: 'BEGIN IMMEDIATE' }, 'transaction');
          break;
        } catch (err) {
          if (!/SQLITE_BUSY|database is locked/i.test(String((err as Error).message))) throw err;
          if (!told) {
            state.events.waiting?.(`Waiting for another process to finish writing to ${state.conn.description} ...`);
            told = true;
          }
          if (state.lockTimeout !== undefined && Date.now() - started >= state.lockTimeout * 1000) {
            throw new MigError('lock-timeout', `Timed out after ${state.lockTimeout} s waiting for the write lock on ${state.conn.description}`, {
              hint: 'another process is writing to the database; wait for it, or raise --lock-timeout',
            });
          }
          await sleep(100);
        }
      }
      await exec(state, { sql: 'PRAGMA busy_timeout = 30000' }, 'internal');
      state.orphansBefore = await orphans(state);
    }
  } else {
    await exec(state, { sql: 'BEGIN' }, 'transaction');
  }
  state.inTransaction = true;
}

/** SQLite: how many rows of each child table lack their parent (foreign keys are off during a run). */
async function orphans(state: RunState): Promise<Map<string, number>> {
  const { rows } = await exec(state, { sql: 'PRAGMA foreign_key_check' }, 'internal');
  const counts = new Map<string, number>();
  for (const r of rows) {
    const k = `${r.table} -> ${r.parent}`;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

/** Writes the version table's rows once for all the steps since the last write. */
async function flushRows(state: RunState): Promise<void> {
  await writeRowChanges(state, netRowChanges(state.stored, state.heads));
  state.stored = new Set(state.heads);
}

async function commit(state: RunState): Promise<void> {
  if (!state.inTransaction) return;
  await flushRows(state);
  if (state.dialect.name === 'sqlite' && !state.conn.offline) {
    // Only rows this transaction orphaned count: a database may already hold some.
    const after = await orphans(state);
    const added = [...after].filter(([k, n]) => n > (state.orphansBefore?.get(k) ?? 0)).map(([k, n]) => `${k}: ${n - (state.orphansBefore?.get(k) ?? 0)}`);
    if (added.length) {
      throw new MigError('foreign-key-check', `The migration would leave rows whose foreign key has no parent (${added.join(', ')})`, {
        hint: 'fix the data in the revision (or its order); nothing was committed',
      });
    }
  }
  await exec(state, { sql: 'COMMIT' }, 'transaction');
  state.inTransaction = false;
}

async function rollback(state: RunState): Promise<void> {
  if (!state.inTransaction) return;
  state.inTransaction = false;
  try {
    await exec(state, { sql: 'ROLLBACK' }, 'transaction');
  } catch {
    // the connection may be gone; the server rolls back on its own
  }
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
  return new MigError('revision-failed', conn.maskSecrets ? conn.maskSecrets(text) : text, {
    hint: isMigError(err) && err.hint ? err.hint : enumHint,
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

interface Prepared {
  state: RunState;
  env?: Environment;
}

async function prepare(config: Config, options: RunOptions): Promise<Prepared> {
  const script = ScriptDirectory.fromConfig(config);
  const map = script.revisionMap;
  if (options.tag !== undefined) (config.cmdOpts as Record<string, unknown>).tag = options.tag;
  const env = loadEnvironment(config);
  let conn: Connection;
  const dsOptions = await dataSourceOptions(config, env);
  if (options.sql) {
    conn = new ScriptConnection(dialectForType(String(dsOptions.type)));
  } else {
    conn = await DatabaseConnection.open(config, env, dsOptions);
  }
  const state: RunState = {
    config,
    map,
    conn,
    dialect: conn.dialect,
    versionTable: versionTableOf(config),
    events: options.events ?? {},
    inTransaction: false,
    locked: false,
    lockTimeout: options.lockTimeout,
    stored: new Set(),
    heads: new Set(),
    metadataTable: metadataTableOf(dsOptions),
  };
  return { state, env };
}

/**
 * Computes the steps once the lock is held and the heads are read, then runs them in
 * transactions. `plan` turns the starting heads into steps.
 */
async function run(
  config: Config,
  options: RunOptions,
  start: string[] | undefined,
  plan: (state: RunState, heads: string[]) => Step[],
  versionTable: { create: boolean; purge?: boolean },
): Promise<RunResult> {
  const { state } = await prepare(config, options);
  const results: StepResult[] = [];
  const perMigration = config.transactionPerMigration;
  const offline = state.conn.offline;
  let finalHeads: string[] = [];
  try {
    await acquireLock(state);
    if (state.dialect.name === 'sqlite') {
      if (!offline) {
        const { rows } = await exec(state, { sql: 'PRAGMA foreign_keys' }, 'internal');
        state.foreignKeys = Number(rows[0]?.foreign_keys) === 1;
      }
      // Off outside the transaction: SQLite ignores it inside one, and a table rebuild must not cascade.
      await exec(state, { sql: 'PRAGMA foreign_keys = OFF' }, 'internal');
    }
    await begin(state);
    if (versionTable.create && (!offline || start === undefined || !start.length)) await ensureVersionTable(state);
    if (versionTable.purge) await exec(state, { sql: state.dialect.versionTable(state.versionTable).deleteAll() }, 'version');
    const initial = offline || versionTable.purge ? (start ?? []) : await readHeads(state);
    checkKnownHeads(state, initial);
    const { steps, heads } = planFrom(state, plan(state, initial), initial);
    let current = heads[0];
    state.stored = new Set(current);
    state.heads = new Set(current);
    let verify = false;
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i];
      const mod = loadRevision(state, step);
      const transactional = mod?.transactional !== false;
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
      try {
        if (step.kind === 'revision') await (step.upgrade ? mod!.upgrade! : mod!.downgrade!)(operationsFor(state));
        current = applyRowChanges(current, rowChanges(state.map, step, current));
        state.heads = current;
        // Inside a transaction the rows are written once, before COMMIT; outside, right away.
        if (!state.inTransaction) await flushRows(state);
      } catch (err) {
        throw failure(state, step, err);
      }
      const result = { ...info, durationMs: Math.round(performance.now() - started) };
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
      if (state.dialect.name === 'sqlite' && (offline || state.foreignKeys)) await exec(state, { sql: 'PRAGMA foreign_keys = ON' }, 'internal');
      await releaseLock(state);
    } finally {
      await state.conn.close();
    }
  }
  return { steps: results, heads: finalHeads, ...(offline ? { sql: (state.conn as ScriptConnection).script } : {}) };
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

/** Applies revisions up to `target` (head, heads, +N, an id, LABEL@head, ...). */
export async function upgrade(config: Config, target: string, options: RunOptions = {}): Promise<RunResult> {
  let end = target;
  let start: string[] | undefined;
  if (options.sql) {
    const range = splitRange(target, 'upgrade', false);
    end = range.end;
    start = startHeads(ScriptDirectory.fromConfig(config).revisionMap, range.start) ?? [];
  } else if (target.includes(':')) {
    throw new MigError('usage', `Range revision not allowed: ${target}`, { hint: 'START:END ranges are for --sql; name one target' });
  }
  return run(config, options, start, (state, heads) => upgradeSteps(state.map, end, heads), { create: true });
}

/** Reverts revisions down to `target` (-1, base, an id, LABEL@base, REV-2, ...). */
export async function downgrade(config: Config, target: string, options: RunOptions = {}): Promise<RunResult> {
  let end = target;
  let start: string[] | undefined;
  if (options.sql) {
    const range = splitRange(target, 'downgrade', true);
    end = range.end;
    start = startHeads(ScriptDirectory.fromConfig(config).revisionMap, range.start);
  } else if (target.includes(':')) {
    throw new MigError('usage', `Range revision not allowed: ${target}`, { hint: 'START:END ranges are for --sql; name one target' });
  }
  return run(config, options, start, (state, heads) => downgradeSteps(state.map, end, heads), { create: false });
}

export interface StampOptions extends RunOptions {
  /** Empty the version table first. */
  purge?: boolean;
}

/** Sets the version table to `revisions` without running any revision. */
export async function stamp(config: Config, revisions: string[], options: StampOptions = {}): Promise<RunResult> {
  if (options.purge && options.sql) throw new MigError('usage', "Can't use --purge with --sql mode");
  let targets = revisions;
  let start: string[] | undefined;
  if (options.sql && revisions.length === 1 && revisions[0].includes(':')) {
    const range = splitRange(revisions[0], 'stamp', true);
    targets = [range.end];
    start = startHeads(ScriptDirectory.fromConfig(config).revisionMap, range.start);
  } else if (options.sql) {
    start = [];
  }
  return run(config, options, start, (state, heads) => stampSteps(state.map, targets, heads), { create: true, purge: options.purge });
}

/** The revisions in the version table, read through an open connection (never creates it). */
export async function versionHeads(config: Config, conn: Connection): Promise<string[]> {
  const sqlFor = conn.dialect.versionTable(versionTableOf(config));
  if (!(await conn.run({ sql: sqlFor.exists() }, 'internal')).rows.length) return [];
  return (await conn.run({ sql: sqlFor.select() }, 'internal')).rows.map((r) => String(r.version_num));
}

/** The revisions in the version table (empty when it does not exist; it is never created). */
export async function current(config: Config): Promise<{ heads: string[]; database: string }> {
  const env = loadEnvironment(config);
  const dsOptions = await dataSourceOptions(config, env);
  if (missingSqliteFile(dsOptions)) return { heads: [], database: `SQLite ${displayPath(String(dsOptions.database))} (no file yet)` };
  const conn = await DatabaseConnection.open(config, env, dsOptions);
  try {
    return { heads: await versionHeads(config, conn), database: conn.description };
  } finally {
    await conn.close();
  }
}
