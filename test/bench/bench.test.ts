/**
 * Smoke test of the benchmark (`npm run bench`): runs `node bench/run.js --quick` (tiny sizes,
 * one repetition; CI never runs the full bench) into a temporary folder and checks that
 * results.json and benchmarks.md hold every workload row, so the script cannot rot. It
 * measures nothing and asserts no timing.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '..', '..');

interface Stat {
  median: number;
  samples: number[];
}
interface Row {
  id: string;
  mig: Stat | null;
  peer: Stat;
  floor?: Stat;
  [key: string]: unknown;
}
interface Results {
  config: {
    quick: boolean;
    autogenerateSizes: number[];
    tsEntitiesSize: number;
    scalingExtraSizes: number[];
    applyRevisions: number;
    historyRevisions: number;
    targetsSchemas: number;
  };
  machine: Record<string, unknown>;
  sections: {
    autogenerate: Row[];
    tsEntities: Row[];
    apply: Row[];
    startup: Row[];
    scaling: { rows: Row[]; fit: { linear: boolean; msPerTable: number } };
    renames: { baseline: { ref: string; commit: string }; rows: Row[]; machine: Record<string, unknown> };
    targets: { rows: Row[] };
  };
}

describe('bench/run.js --quick', function () {
  this.timeout(300_000);
  let out: string;
  let results: Results;
  let markdown: string;

  before(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'mig-bench-smoke-'));
    const r = spawnSync(process.execPath, [path.join(REPO, 'bench', 'run.js'), '--quick', '--out', out], { cwd: REPO, encoding: 'utf8', env: { ...process.env, MIG_CACHE_DIR: undefined } });
    expect(r.status, `bench/run.js --quick failed:\n${r.stdout}\n${r.stderr}`).to.equal(0);
    results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8'));
    markdown = fs.readFileSync(path.join(out, 'benchmarks.md'), 'utf8');
  });

  after(() => {
    if (out) fs.rmSync(out, { recursive: true, force: true });
  });

  const measured = (s: Stat | null | undefined, what: string) => {
    expect(s, what).to.be.an('object');
    expect(s!.samples.length, what).to.be.greaterThan(0);
    expect(s!.median, what).to.be.a('number').and.greaterThan(0);
  };

  it('records the machine', () => {
    expect(results.config.quick).to.equal(true);
    for (const key of ['cpu', 'cores', 'node', 'postgres', 'sqlite', 'typeorm']) expect(results.machine[key], key).to.not.equal(undefined);
    for (const text of ['## Machine', '| CPU |', '| Node |', '| PostgreSQL |']) expect(markdown).to.contain(text);
  });

  it('has every autogenerate row, on PostgreSQL and SQLite, with statement counts and a real diff', () => {
    const { autogenerateSizes, tsEntitiesSize } = results.config;
    for (const dialect of ['postgres', 'sqlite']) {
      for (const n of autogenerateSizes) {
        const row = results.sections.autogenerate.find((r) => r.id === `autogenerate/${dialect}/${n}`);
        expect(row, `autogenerate/${dialect}/${n}`).to.not.equal(undefined);
        measured(row!.mig, `${row!.id} mig`);
        measured(row!.peer, `${row!.id} typeorm`);
        expect(row!.ratio).to.be.a('number');
        expect(row!.migStatements).to.be.a('number').and.greaterThan(0);
        expect(row!.peerStatements).to.be.a('number').and.greaterThan(0);
        expect(row!.migOperations, `${row!.id}: mig found the v2 changes`).to.be.at.least(n);
        expect(row!.typeormUpStatements, `${row!.id}: typeorm found the v2 changes`).to.be.at.least(n);
        const label = `autogenerate, ${dialect === 'postgres' ? 'PostgreSQL' : 'SQLite'}, ${n} tables |`;
        expect(markdown, label).to.contain(label);
      }
      const first = results.sections.autogenerate.find((r) => r.id === `autogenerate/${dialect}/${autogenerateSizes[0]}`)!;
      expect(first.sanityAtV1, 'at v1 both tools find nothing to do').to.include({ ok: true });
    }
    for (const cache of ['warm', 'cold']) {
      const row = results.sections.tsEntities.find((r) => r.id === `ts-entities/postgres/${tsEntitiesSize}/${cache}`);
      measured(row?.mig, `ts entities ${cache}`);
      expect(markdown).to.contain(`${tsEntitiesSize} TypeScript entities, ${cache} compile cache`);
    }
  });

  it('has every apply row with its floor', () => {
    for (const dialect of ['postgres', 'sqlite']) {
      for (const tool of ['typeorm', 'mig-js', 'mig-ts-warm', 'mig-ts-cold', 'mig-js-no-entities']) {
        const row = results.sections.apply.find((r) => r.id === `apply/${dialect}/${tool}`);
        expect(row, `apply/${dialect}/${tool}`).to.not.equal(undefined);
        measured(row!.peer, `${row!.id} typeorm`);
        measured(row!.floor, `${row!.id} floor`);
        if (tool !== 'typeorm') measured(row!.mig, `${row!.id} mig`);
      }
      for (const what of ['JS revisions', 'TS revisions, warm cache', 'TS revisions, cold cache']) {
        expect(markdown).to.contain(`apply ${results.config.applyRevisions} revisions, ${dialect === 'postgres' ? 'PostgreSQL' : 'SQLite'}, ${what} |`);
      }
    }
  });

  it('has every start-up row', () => {
    for (const k of ['current', 'heads', 'history']) {
      const row = results.sections.startup.find((r) => r.id === `startup/${k}`);
      measured(row?.mig, k);
      measured(row?.floor, `${k} floor`);
      expect(markdown).to.contain(`start-up: mig ${k}, ${results.config.historyRevisions} revisions |`);
    }
    measured(results.sections.startup.find((r) => r.id === 'startup/currentBare')?.mig, 'mig current, env.js without entities');
    measured(results.sections.startup.find((r) => r.id === 'startup/typeorm')?.peer, 'typeorm migration:show');
  });

  it('has the scaling curve and its fit', () => {
    const sizes = [...results.config.autogenerateSizes, ...results.config.scalingExtraSizes];
    expect(results.sections.scaling.rows.map((r) => r.id)).to.deep.equal(sizes.map((n) => `scaling/postgres/${n}`));
    for (const r of results.sections.scaling.rows) measured(r.mig, r.id);
    expect(results.sections.scaling.fit.msPerTable).to.be.a('number');
    expect(markdown).to.contain('## 4. Scaling');
  });

  it('measures the rename detector against the build before it, on what each build wrote', () => {
    const { baseline, rows } = results.sections.renames;
    expect(baseline.ref).to.equal('f3b92fb');
    const row = (id: string) => rows.find((r) => r.id.endsWith(`/${id}`))!;
    for (const id of ['no-candidate', 'candidates', 'hinted']) {
      measured(row(id)?.mig, `${id} this build`);
      measured(row(id)?.peer, `${id} the baseline`);
    }
    const tables = rows[0].tables as number;
    // Proof that the peer is the old build: it neither comments nor takes renames.
    expect(row('candidates').shape).to.deep.equal({ dropColumns: tables, possibleRenameComments: tables, renamesTaken: 0 });
    expect(row('candidates').peerShape).to.deep.equal({ dropColumns: tables, possibleRenameComments: 0, renamesTaken: 0 });
    expect(row('hinted').shape).to.deep.equal({ dropColumns: 0, possibleRenameComments: 0, renamesTaken: tables });
    expect(row('no-candidate').shape).to.deep.equal({ dropColumns: 0, possibleRenameComments: 0, renamesTaken: 0 });
    expect(markdown).to.contain('## 5. Rename detection');
  });

  it('measures --all over tenant schemas against sequential mig and TypeORM runs', () => {
    const { rows } = results.sections.targets;
    expect(rows.map((r) => r.id)).to.deep.equal(['targets/all-vs-sequential', 'targets/all1-vs-sequential', 'targets/all-vs-typeorm', 'targets/sequential-vs-typeorm']);
    for (const r of rows) {
      measured(r.mig, `${r.id} mig`);
      measured(r.peer, `${r.id} peer`);
      expect(r.ratio, r.id).to.be.a('number').and.greaterThan(0);
      expect(r.schemas).to.equal(results.config.targetsSchemas);
    }
    expect(markdown).to.contain('## 6. Many targets');
  });

  it('states every target with a verdict', () => {
    const section = markdown.slice(markdown.indexOf('## Targets'), markdown.indexOf('## 1. Autogenerate'));
    const verdicts = section.split('\n').filter((l) => /\*\*(met|missed)\*\*|\| n\/a \|/.test(l));
    expect(verdicts).to.have.length(16);
  });

  it('--only measures the named section again and keeps the others from results.json', () => {
    const before = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as Results;
    const r = spawnSync(process.execPath, [path.join(REPO, 'bench', 'run.js'), '--quick', '--out', out, '--only', 'startup'], { cwd: REPO, encoding: 'utf8', env: { ...process.env, MIG_CACHE_DIR: undefined } });
    expect(r.status, `bench/run.js --only startup failed:\n${r.stdout}\n${r.stderr}`).to.equal(0);
    const after = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as Results;
    expect(after.sections.autogenerate).to.deep.equal(before.sections.autogenerate);
    expect(after.sections.renames).to.deep.equal(before.sections.renames);
    expect(after.sections.startup).to.not.deep.equal(before.sections.startup);
    expect(fs.readFileSync(path.join(out, 'benchmarks.md'), 'utf8')).to.contain('## 5. Rename detection');
  });
});
