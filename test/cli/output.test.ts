/**
 * Colours on a terminal, plain text when piped or with NO_COLOR.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_PACKAGES } from '../helpers/databases';
import { entities } from '../autogenerate/fixtures';
import { BIN, makeProject, mig } from '../helpers/project';

const ESC = '\u001b[';

/** Runs mig under a pseudo-terminal (util-linux `script`), as a user at a terminal does. */
function onTerminal(cwd: string, args: string[], env: Record<string, string | undefined>): string {
  const command = [process.execPath, BIN, ...args].map((a) => `'${a}'`).join(' ');
  const r = spawnSync('script', ['-qec', command, '/dev/null'], { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  return r.stdout;
}

describe('terminal output', function () {
  this.timeout(60_000);

  it('colours revision ids, markers and errors on a terminal, and stays plain when piped or with NO_COLOR', () => {
    const dir = makeProject({ packages: [] });
    mig(dir, ['init', 'migrations']);
    mig(dir, ['revision', '-m', 'first', '--rev-id', 'aaaa00000001']);
    // supports-color turns colours off under CI=…, even on a terminal: a user's terminal has no CI.
    const terminal = { NO_COLOR: undefined, FORCE_COLOR: undefined, CI: undefined };
    const coloured = onTerminal(dir, ['history'], terminal);
    expect(coloured).to.contain(`${ESC}33maaaa00000001${ESC}39m`);
    expect(onTerminal(dir, ['upgrade', 'hed'], terminal)).to.contain(`${ESC}31mError:`);
    expect(onTerminal(dir, ['history'], { NO_COLOR: '1' })).to.not.contain(ESC);
    const piped = mig(dir, ['history'], { NO_COLOR: undefined, FORCE_COLOR: undefined });
    expect(piped.stdout).to.equal('<base> -> aaaa00000001 (head), first\n');
  });

  it('shows what autogenerate is doing on a terminal, and nothing of it when piped', () => {
    const dir = makeProject({ packages: PROJECT_PACKAGES });
    mig(dir, ['init', 'migrations']);
    const ini = path.join(dir, 'mig.ini');
    fs.writeFileSync(ini, fs.readFileSync(ini, 'utf8').replace(/^url =.*$/m, 'url = sqlite:app.db'));
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(path.join(dir, 'src', 'entities.ts'), entities('sqlite', 1));
    fs.writeFileSync(path.join(dir, 'migrations', 'env.ts'), "import * as entities from '../src/entities';\nexport const targetMetadata = Object.values(entities);\n");
    expect(mig(dir, ['revision', '--autogenerate', '-m', 'init']).status).to.equal(0);
    expect(mig(dir, ['upgrade', 'head']).status).to.equal(0);
    const terminal = onTerminal(dir, ['check'], { NO_COLOR: '1' });
    expect(terminal).to.contain('Loading the entities').and.contain('No new upgrade operations detected.');
    const piped = mig(dir, ['check']);
    expect(piped.stdout + piped.stderr).to.equal('No new upgrade operations detected.\n');
  });
});
