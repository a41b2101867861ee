/**
 * The README's quick start, run as written: its command blocks and its revision file, in a
 * fresh project on SQLite. If the README drifts from the code, this fails.
 */
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_PACKAGES } from '../helpers/databases';
import { makeProject, mig, REPO } from '../helpers/project';

const README = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');

/** The fenced blocks of one language in a section of the README. */
function blocks(section: string, lang: string): string[] {
  const start = README.indexOf(`## ${section}`);
  const end = README.indexOf('\n## ', start + 1);
  const text = README.slice(start, end < 0 ? undefined : end);
  return [...text.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);
}

/** `npx mig revision -m "create users" # comment` -> ['revision', '-m', 'create users'] */
function migArgs(line: string): string[] | undefined {
  const command = line.replace(/\s+#.*$/, '').trim();
  if (!command.startsWith('npx mig ')) return undefined;
  return [...command.slice('npx mig '.length).matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]);
}

describe('README quick start', function () {
  this.timeout(120_000);

  it('runs as written: init, revision, the revision body, upgrade, current, history, downgrade, --sql', () => {
    const dir = makeProject({ packages: PROJECT_PACKAGES });
    const [setupBlock, runBlock] = blocks('Quick start', 'sh');
    const [revisionBody] = blocks('Quick start', 'ts');
    expect(setupBlock).to.contain('npx mig init migrations');
    for (const line of setupBlock.split('\n')) {
      const args = migArgs(line);
      if (!args) continue;
      const r = mig(dir, args);
      expect(r.status, `${line}\n${r.stderr}`).to.equal(0);
      if (args[0] === 'init') {
        const ini = path.join(dir, 'mig.ini');
        fs.writeFileSync(ini, fs.readFileSync(ini, 'utf8').replace(/^url =.*$/m, 'url = sqlite:app.db'));
      }
    }
    const versions = path.join(dir, 'migrations', 'versions');
    const file = path.join(versions, fs.readdirSync(versions)[0]);
    const header = fs.readFileSync(file, 'utf8').split('export async function upgrade')[0].replace("import type { Operations } from 'typeorm-mig';\n", '');
    fs.writeFileSync(file, header + revisionBody);
    const outputs: string[] = [];
    for (const line of runBlock.split('\n')) {
      const args = migArgs(line);
      if (!args) continue;
      const r = mig(dir, args);
      expect(r.status, `${line}\n${r.stderr}`).to.equal(0);
      outputs.push(r.stdout);
    }
    expect(outputs[0]).to.match(/^Running upgrade <base> -> [0-9a-f]{12}, create users \.\.\. done in \d+ ms\n$/);
    expect(outputs[1]).to.match(/^[0-9a-f]{12} \(head\)\n$/);
    expect(outputs.at(-1)).to.contain('CREATE TABLE "users"');
  });
});
