#!/usr/bin/env node
/**
 * Start-up and loading costs, measured as medians of interleaved runs and reported as ratios
 * to a floor measured in the same run (never as absolute claims):
 *
 *   - `mig history` over N revision files vs `node -e "require('typeorm')"`;
 *   - loading M TypeScript entities through mig's loader, cold (empty compile cache) and warm,
 *     vs the same entities compiled to JavaScript by tsc.
 *
 * Usage: node bench/loading.js [--revisions 1000] [--entities 50] [--runs 9]
 * Needs a build (npm run build). Prints a Markdown table and writes bench/results/loading.json.
 */
const { spawnSync, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..');
const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []),
);
const REVISIONS = Number(args.revisions ?? 1000);
const ENTITIES = Number(args.entities ?? 50);
const RUNS = Number(args.runs ?? 9);

function project() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mig-bench-'));
  fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"bench","private":true}');
  fs.mkdirSync(path.join(dir, 'node_modules'));
  for (const name of ['typeorm', 'typescript', 'reflect-metadata', 'pg']) {
    fs.symlinkSync(path.join(REPO, 'node_modules', name), path.join(dir, 'node_modules', name), 'dir');
  }
  fs.symlinkSync(REPO, path.join(dir, 'node_modules', 'typeorm-mig'), 'dir');
  return dir;
}

function writeRevisions(dir, n) {
  fs.writeFileSync(path.join(dir, 'mig.ini'), '[mig]\nscript_location = migrations\nurl = postgres://u:p@127.0.0.1:1/x\n');
  const versions = path.join(dir, 'migrations', 'versions');
  fs.mkdirSync(versions, { recursive: true });
  let down = null;
  for (let i = 0; i < n; i++) {
    const id = `r${String(i).padStart(11, '0')}`;
    fs.writeFileSync(
      path.join(versions, `${id}_step_${i}.ts`),
      `/**\n * step ${i}\n *\n * Revision ID: ${id}\n * Revises: ${down ?? ''}\n * Create Date: 2026-01-01 00:00:00.000\n */\n\n` +
        `export const revision = '${id}';\nexport const downRevision = ${down ? `'${down}'` : 'null'};\nexport const branchLabels = null;\nexport const dependsOn = null;\n\n` +
        `export async function upgrade(op: unknown): Promise<void> {}\n\nexport async function downgrade(op: unknown): Promise<void> {}\n`,
    );
    down = id;
  }
}

function writeEntities(dir, n) {
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { target: 'ES2021', module: 'commonjs', experimentalDecorators: true, emitDecoratorMetadata: true, strict: true, strictPropertyInitialization: false, skipLibCheck: true, types: [], outDir: 'dist' }, include: ['src', 'migrations/env.ts'] }),
  );
  const src = path.join(dir, 'src');
  fs.mkdirSync(src, { recursive: true });
  const names = Array.from({ length: n }, (_, i) => `Entity${i}`);
  names.forEach((name, i) => {
    const prev = names[(i + n - 1) % n];
    fs.writeFileSync(
      path.join(src, `${name}.ts`),
      `import { Column, Entity, Index, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';\nimport { ${prev} } from './${prev}';\n\n` +
        `@Entity('t${i}')\nexport class ${name} {\n  @PrimaryGeneratedColumn() id: number;\n  @Column() name: string;\n  @Index() @Column() rank: number;\n` +
        `  @Column() active: boolean;\n  @Column() createdAt: Date;\n  @Column('text', { nullable: true }) note: string;\n` +
        `  @ManyToOne(() => ${prev}, { nullable: true }) parent: ${prev};\n}\n`,
    );
  });
  fs.mkdirSync(path.join(dir, 'migrations'), { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'migrations', 'env.ts'),
    names.map((name) => `import { ${name} } from '../src/${name}';`).join('\n') + `\nexport const targetMetadata = [${names.join(', ')}];\n`,
  );
  // The same project compiled to JavaScript by tsc, with env.js next to it.
  execFileSync(process.execPath, [path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir]);
}

const LOAD = `
const { Config, loadEnvironment, buildEntityMetadata } = require('typeorm-mig');
(async () => {
  const config = Config.load(process.env.BENCH_INI);
  const { dataSource } = await buildEntityMetadata(config, loadEnvironment(config));
  if (dataSource.entityMetadatas.length !== Number(process.env.BENCH_N)) throw new Error('wrong entity count');
})().catch((e) => { console.error(e); process.exit(1); });`;

function time(cmd, argv, opts) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { encoding: 'utf8', ...opts });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed: ${r.stderr}`);
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs each case once per round, in rotating order, and keeps the medians. */
function interleave(cases) {
  const samples = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  const keys = Object.keys(cases);
  for (let round = 0; round < RUNS; round++) {
    for (let j = 0; j < keys.length; j++) {
      const key = keys[(round + j) % keys.length];
      samples[key].push(cases[key]());
    }
  }
  return Object.fromEntries(keys.map((k) => [k, median(samples[k])]));
}

function main() {
  const dir = project();
  try {
    writeRevisions(dir, REVISIONS);
    writeEntities(dir, ENTITIES);
    const distDir = path.join(dir, 'dist');
    fs.mkdirSync(path.join(distDir, 'jsenv'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'mig-js.ini'), '[mig]\nscript_location = dist/migrations\nurl = postgres://u:p@127.0.0.1:1/x\n');
    const bin = path.join(REPO, 'bin', 'run.js');
    const coldCache = fs.mkdtempSync(path.join(os.tmpdir(), 'mig-bench-cache-'));
    const env = (ini, extra = {}) => ({ cwd: dir, env: { ...process.env, BENCH_INI: ini, BENCH_N: String(ENTITIES), ...extra } });
    // Warm the shared cache once.
    time(process.execPath, ['-e', LOAD], env('mig.ini'));
    const result = interleave({
      floor: () => time(process.execPath, ['-e', "require('typeorm')"], { cwd: dir }),
      history: () => time(process.execPath, [bin, 'history'], { cwd: dir }),
      heads: () => time(process.execPath, [bin, 'heads'], { cwd: dir }),
      loadJs: () => time(process.execPath, ['-e', LOAD], env('mig-js.ini')),
      loadTsWarm: () => time(process.execPath, ['-e', LOAD], env('mig.ini')),
      loadTsCold: () => {
        fs.rmSync(coldCache, { recursive: true, force: true });
        return time(process.execPath, ['-e', LOAD], env('mig.ini', { MIG_CACHE_DIR: coldCache }));
      },
    });
    const rows = [
      [`mig history, ${REVISIONS} revisions`, result.history, 'node -e "require(\'typeorm\')"', result.floor],
      [`mig heads, ${REVISIONS} revisions`, result.heads, 'node -e "require(\'typeorm\')"', result.floor],
      [`load ${ENTITIES} TS entities, warm cache`, result.loadTsWarm, 'same entities compiled by tsc', result.loadJs],
      [`load ${ENTITIES} TS entities, cold cache`, result.loadTsCold, 'same entities compiled by tsc', result.loadJs],
    ];
    const machine = `${os.cpus().length} × ${os.cpus()[0].model.trim()}, Node ${process.version}, ${RUNS} interleaved runs, medians`;
    console.log(`\n${machine}\n`);
    console.log('| workload | mig (ms) | reference | reference (ms) | ratio | difference (ms) |');
    console.log('|---|---:|---|---:|---:|---:|');
    for (const [name, ms, ref, refMs] of rows) {
      console.log(`| ${name} | ${ms.toFixed(0)} | ${ref} | ${refMs.toFixed(0)} | ${(ms / refMs).toFixed(2)} | ${(ms - refMs).toFixed(0)} |`);
    }
    fs.mkdirSync(path.join(REPO, 'bench', 'results'), { recursive: true });
    fs.writeFileSync(path.join(REPO, 'bench', 'results', 'loading.json'), JSON.stringify({ machine, revisions: REVISIONS, entities: ENTITIES, runs: RUNS, medians: result }, null, 2) + '\n');
    fs.rmSync(coldCache, { recursive: true, force: true });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();
