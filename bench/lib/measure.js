/**
 * Whole-process timing: each case is a command; a group of cases runs interleaved (A B C, A B
 * C, ... with the order rotated each round) after optional warm-up rounds, and keeps every
 * sample. Wall time is taken around the child process; peak RSS comes from /usr/bin/time -f %M
 * when it exists (the child's, not the timer's).
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return null;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Runs a command; resolves { ms, rssMb, stdout, stderr } or rejects with its output. */
function run({ cmd, args, cwd, env }) {
  const rssFile = TIME ? path.join(os.tmpdir(), `mig-bench-rss-${process.pid}-${Math.random().toString(36).slice(2)}`) : undefined;
  const argv = TIME ? ['-f', '%M', '-o', rssFile, cmd, ...args] : args;
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(TIME ?? cmd, argv, { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      let rssMb = null;
      if (rssFile) {
        try {
          const kb = Number(fs.readFileSync(rssFile, 'utf8').trim().split('\n').pop());
          if (Number.isFinite(kb)) rssMb = kb / 1024;
        } catch {
          /* no file */
        }
        fs.rmSync(rssFile, { force: true });
      }
      if (code !== 0) {
        reject(new Error(`${cmd} ${args.join(' ')} (in ${cwd}) exited ${code}:\n${stdout.slice(-2000)}\n${stderr.slice(-4000)}`));
      } else {
        resolve({ ms, rssMb, stdout, stderr });
      }
    });
  });
}

/**
 * cases: { key: { cmd, args, cwd, env, before?(), after?(result) } }.
 * Returns { key: { samples: [ms], rss: [MB], median, min, max, rssMedian, last } }.
 */
async function interleave(cases, { runs, warmup = 0, log = () => undefined }) {
  const keys = Object.keys(cases);
  const out = Object.fromEntries(keys.map((k) => [k, { samples: [], rss: [], last: undefined }]));
  for (let round = -warmup; round < runs; round++) {
    for (let j = 0; j < keys.length; j++) {
      const key = keys[(((round + j) % keys.length) + keys.length) % keys.length];
      const c = cases[key];
      if (c.before) await c.before();
      const r = await run(c);
      if (c.after) await c.after(r);
      if (round >= 0) {
        out[key].samples.push(r.ms);
        if (r.rssMb !== null) out[key].rss.push(r.rssMb);
        out[key].last = r;
      }
      log(`${round < 0 ? 'warm-up' : `round ${round + 1}/${runs}`} ${key}: ${r.ms.toFixed(0)} ms`);
    }
  }
  for (const k of keys) {
    const o = out[k];
    o.median = median(o.samples);
    o.min = Math.min(...o.samples);
    o.max = Math.max(...o.samples);
    o.rssMedian = o.rss.length ? median(o.rss) : null;
  }
  return out;
}

/** Median of the per-round ratios a/b (rounds are paired by index). */
function pairedRatio(a, b) {
  const n = Math.min(a.samples.length, b.samples.length);
  return median(Array.from({ length: n }, (_, i) => a.samples[i] / b.samples[i]));
}

module.exports = { run, interleave, median, pairedRatio, hasTime: Boolean(TIME) };
