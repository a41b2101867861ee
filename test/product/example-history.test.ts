/**
 * example-app's committed history is autogenerate's output, unedited: scripts/example-history.js
 * writes it again in a copy of the app (autogenerate on SQLite from the entities as they were at
 * each step, a branch and its merge), and every file equals the committed one but for its
 * Create Date; `mig check --offline` (the history replayed, branch and merge included) is clean.
 * example-app.test.ts runs that history on SQLite and PostgreSQL.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO } from '../helpers/project';
import { copyExampleApp, EXAMPLE_APP } from './example-project';

const withoutDate = (text: string) => text.replace(/^ \* Create Date: .*$/m, ' * Create Date: (any)');

describe('example-app history', function () {
  this.timeout(300_000);

  it('is what mig revision --autogenerate writes at each step, with no hand edit', () => {
    const dir = copyExampleApp();
    const r = spawnSync(process.execPath, [path.join(REPO, 'scripts', 'example-history.js'), dir], { encoding: 'utf8' });
    expect(r.status, `scripts/example-history.js failed:\n${r.stdout}\n${r.stderr}`).to.equal(0);
    const committed = path.join(EXAMPLE_APP, 'migrations', 'versions');
    const written = path.join(dir, 'migrations', 'versions');
    expect(fs.readdirSync(written).sort()).to.deep.equal(fs.readdirSync(committed).sort());
    for (const f of fs.readdirSync(committed)) {
      const text = fs.readFileSync(path.join(committed, f), 'utf8');
      expect(text, `${f} says it was edited`).to.not.match(/edited/i);
      expect(withoutDate(fs.readFileSync(path.join(written, f), 'utf8')), `${f}: run node scripts/example-history.js to write it again`).to.equal(withoutDate(text));
    }
    // Offline, the branched and merged history replays to the entities: nothing left to write.
    const offline = spawnSync(process.execPath, [path.join(dir, 'node_modules', 'typeorm-mig', 'bin', 'run.js'), 'check', '--offline'], { cwd: dir, encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' } });
    expect(offline.stdout + offline.stderr).to.equal('No new upgrade operations detected.\n');
    // The script leaves the app's sources as they were.
    for (const f of ['entities/Post.ts', 'entities/User.ts', 'data-source.ts']) {
      expect(fs.readFileSync(path.join(dir, 'src', f), 'utf8'), f).to.equal(fs.readFileSync(path.join(EXAMPLE_APP, 'src', f), 'utf8'));
    }
  });
});
