#!/usr/bin/env node
/**
 * CPU profile of one mig command on a bench workload (`node --cpu-prof`), summarised: time by
 * package / mig module, the top functions by self time, and mig's functions by inclusive time.
 * For finding where a missed target's time goes; it measures nothing to compare.
 *
 *   node bench/profile.js autogenerate postgres 2000
 *   node bench/profile.js autogenerate sqlite 200
 *   node bench/profile.js apply postgres 200        (mig upgrade head, JS revisions)
 *   node bench/profile.js current postgres 200      (mig current, 1,000 revisions, 200 entities)
 *   node bench/profile.js renames postgres 500      (autogenerate of v3 with env.js hints: every rename taken)
 *   [--peer] profiles TypeORM's command instead; [--keep] keeps the .cpuprofile and workload.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const W = require('./lib/workload');
const { run } = require('./lib/measure');
const { startPostgres } = require('./lib/postgres');

const [what = 'autogenerate', dialect = 'postgres', nText = '500'] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const N = Number(nText);
const PEER = process.argv.includes('--peer');
const KEEP = process.argv.includes('--keep');
const node = process.execPath;

function group(url) {
  if (!url) return '(native / vm)';
  const u = url.replace(/^file:\/\//, '');
  if (u.startsWith('node:')) return 'node internals';
  const nm = u.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = u.slice(nm + 14).split('/');
    return `pkg ${rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]}`;
  }
  if (u.startsWith(W.REPO)) {
    const rel = path.relative(W.REPO, u);
    return rel.startsWith('dist/') ? `mig ${rel.slice(5).replace(/\.js$/, '')}` : `mig ${rel}`;
  }
  return 'workload (entities, env, revisions)';
}

function summarise(file) {
  const prof = JSON.parse(fs.readFileSync(file, 'utf8'));
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map();
  const groups = new Map();
  const inclusive = new Map();
  let total = 0;
  for (let i = 0; i < prof.samples.length; i++) {
    const dt = (prof.timeDeltas[i] ?? 0) / 1000;
    total += dt;
    const n = byId.get(prof.samples[i]);
    const cf = n.callFrame;
    const key = `${cf.functionName || '(anonymous)'}  ${group(cf.url)}:${cf.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + dt);
    const g = ['(idle)', '(garbage collector)', '(program)'].includes(cf.functionName) ? cf.functionName : group(cf.url);
    groups.set(g, (groups.get(g) ?? 0) + dt);
    const seen = new Set();
    for (let id = n.id; id !== undefined; id = parent.get(id)) {
      const f = byId.get(id).callFrame;
      if (!f.url.includes('/dist/') || f.url.includes('node_modules')) continue;
      const k = `${f.functionName || '(anonymous)'}  ${group(f.url)}:${f.lineNumber + 1}`;
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + dt);
    }
  }
  const top = (m, k) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, k);
  console.log(`\nprofile: ${total.toFixed(0)} ms sampled\n\nby package / mig module (self time):`);
  for (const [k, v] of top(groups, 18)) console.log(`  ${v.toFixed(0).padStart(6)} ms  ${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`);
  console.log('\ntop functions (self time):');
  for (const [k, v] of top(self, 25)) console.log(`  ${v.toFixed(0).padStart(6)} ms  ${k}`);
  console.log("\nmig's functions (inclusive time):");
  for (const [k, v] of top(inclusive, 25)) console.log(`  ${v.toFixed(0).padStart(6)} ms  ${k}`);
}

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mig-profile-'));
  const dir = path.join(work, 'w');
  const pg = dialect === 'postgres' ? await startPostgres() : undefined;
  try {
    W.makeProjectDir(dir);
    W.writeEntities(dir, N, dialect, { v3: what === 'renames' });
    W.writeDataSource(dir, dialect);
    const e = W.writeMigEnv(dir, 'migrations', { renameHints: what === 'renames' ? N : undefined });
    let url;
    const ddl = W.v1Ddl(N, dialect);
    if (pg) {
      url = await pg.createDatabase('bench_profile');
      await pg.exec('bench_profile', ddl);
    } else {
      url = path.join(dir, 'db.sqlite');
      const Database = require('better-sqlite3');
      const db = new Database(url);
      db.transaction(() => ddl.forEach((s) => db.prepare(s).run()))();
      db.close();
    }
    const env = { BENCH_DB_URL: url, BENCH_MODELS: 'entities-v2', MIG_CACHE_DIR: path.join(dir, '.cache') };
    let args;
    if (what === 'autogenerate' || what === 'renames') {
      if (what === 'renames') env.BENCH_MODELS = 'entities-v3';
      fs.writeFileSync(path.join(e.versions, 'b00000000000_baseline.js'), W.migRevision('js', 'b00000000000', null, 'baseline', '', ''));
      await run({ cmd: node, args: [W.BIN, 'stamp', 'head'], cwd: dir, env });
      args = PEER ? [W.TYPEORM_CLI, 'migration:generate', '-d', 'data-source.js', 'out/V2'] : [W.BIN, 'revision', '--autogenerate', '-m', 'v2'];
    } else if (what === 'apply') {
      env.BENCH_MODELS = 'entities-v1';
      W.writeMigRevisions(e.versions, N, N, 'js');
      W.writeTypeormMigrations(path.join(dir, 'typeorm_migrations'), N, N);
      env.BENCH_MIGRATIONS = 'typeorm_migrations';
      args = PEER ? [W.TYPEORM_CLI, 'migration:run', '-d', 'data-source.js'] : [W.BIN, 'upgrade', 'head'];
    } else if (what === 'current') {
      env.BENCH_MODELS = 'entities-v1';
      W.writeMigRevisions(e.versions, 1000, N, 'ts');
      await run({ cmd: node, args: [W.BIN, 'stamp', 'head'], cwd: dir, env });
      args = [W.BIN, 'current'];
    } else {
      throw new Error(`unknown workload ${what}`);
    }
    // One run first so that file and catalog caches are warm, then the profiled run.
    if (what !== 'apply') await run({ cmd: node, args, cwd: dir, env }).catch(() => undefined);
    for (const f of fs.readdirSync(e.versions)) if (!f.startsWith('b0000') && (what === 'autogenerate' || what === 'renames')) fs.rmSync(path.join(e.versions, f));
    fs.rmSync(path.join(dir, 'out'), { recursive: true, force: true });
    const profDir = path.join(work, 'prof');
    const r = await run({ cmd: node, args: ['--cpu-prof', '--cpu-prof-dir', profDir, ...args], cwd: dir, env });
    console.log(`${PEER ? 'peer' : 'mig'} ${args.slice(1).join(' ')}: ${r.ms.toFixed(0)} ms wall, ${r.rssMb?.toFixed(0)} MB peak RSS (profiled run)`);
    const file = path.join(profDir, fs.readdirSync(profDir)[0]);
    summarise(file);
    if (KEEP) console.log(`\nkept ${file} (workload in ${dir})`);
  } finally {
    if (pg) await pg.stop();
    if (!KEEP) fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
