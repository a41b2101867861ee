/**
 * typeorm-mig as an oclif plugin of another CLI, both ways a host takes a plugin: declared in
 * the host's package.json `oclif.plugins` (and `dependencies`, with the package in its
 * node_modules, as `npm install typeorm-mig` places it), and linked at run time with
 * `host plugins link` (@oclif/plugin-plugins, `--no-install`: this repository's dependencies
 * are installed already). The host runs mig's commands against example-app's SQLite project.
 */
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO } from '../helpers/project';
import { copyExampleApp, expectOk, run, sqliteTables } from './example-project';

const hosts: string[] = [];

/** A minimal oclif CLI `host` with one command of its own. */
function makeHost(declare: 'core' | 'plugins'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mig-host-'));
  hosts.push(dir);
  const oclif = { bin: 'host', dirname: 'host-cli-test', commands: './commands', plugins: declare === 'core' ? ['typeorm-mig'] : ['@oclif/plugin-plugins'], topicSeparator: ' ' };
  const dependencies: Record<string, string> = { '@oclif/core': '^4' };
  if (declare === 'core') dependencies['typeorm-mig'] = '^0.1.0';
  else dependencies['@oclif/plugin-plugins'] = '^5';
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'host-cli', version: '1.0.0', private: true, bin: { host: './bin/run.js' }, dependencies, oclif }, null, 2));
  fs.mkdirSync(path.join(dir, 'bin'));
  fs.writeFileSync(path.join(dir, 'bin', 'run.js'), "#!/usr/bin/env node\nrequire('@oclif/core').execute({ dir: __dirname }).catch(require('@oclif/core').handle);\n");
  fs.mkdirSync(path.join(dir, 'commands'));
  fs.writeFileSync(
    path.join(dir, 'commands', 'hello.js'),
    "const { Command } = require('@oclif/core');\nmodule.exports = class Hello extends Command {\n  static description = 'Say hello (a command of the host itself).';\n  async run() { this.log('hello from host'); }\n};\n",
  );
  fs.mkdirSync(path.join(dir, 'node_modules', '@oclif'), { recursive: true });
  fs.symlinkSync(path.join(REPO, 'node_modules', '@oclif', 'core'), path.join(dir, 'node_modules', '@oclif', 'core'), 'dir');
  if (declare === 'core') fs.symlinkSync(REPO, path.join(dir, 'node_modules', 'typeorm-mig'), 'dir');
  else fs.symlinkSync(path.join(REPO, 'node_modules', '@oclif', 'plugin-plugins'), path.join(dir, 'node_modules', '@oclif', 'plugin-plugins'), 'dir');
  return dir;
}

describe('typeorm-mig inside a host oclif CLI', function () {
  this.timeout(300_000);
  after(() => {
    for (const dir of hosts.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  function hostRunner(host: string, env: Record<string, string> = {}) {
    // XDG_DATA_HOME: a data folder of the test's own, so no user plugins of this machine are read.
    const dataHome = env.XDG_DATA_HOME ?? fs.mkdtempSync(path.join(os.tmpdir(), 'mig-host-data-'));
    hosts.push(dataHome);
    return (cwd: string, args: string[]) => run(cwd, process.execPath, [path.join(host, 'bin', 'run.js'), ...args], { XDG_DATA_HOME: dataHome, ...env });
  }

  it("declared in the host's oclif.plugins: mig's commands are the host's top-level commands, next to its own", () => {
    const host = makeHost('core');
    const h = hostRunner(host);
    const help = expectOk(h(host, ['--help']), 'host --help');
    for (const name of ['branches', 'check', 'current', 'downgrade', 'heads', 'history', 'init', 'merge', 'revision', 'show', 'stamp', 'upgrade']) {
      expect(help).to.match(new RegExp(`^  ${name} +\\S`, 'm'));
    }
    expect(help).to.match(/^  hello +Say hello/m);
    expect(help).to.not.match(/^  mig\b/m);
    // Help speaks the host's name.
    const upgradeHelp = expectOk(h(host, ['upgrade', '--help']), 'host upgrade --help');
    expect(upgradeHelp).to.match(/^  \$ host upgrade TARGET/m);
    expect(upgradeHelp).to.not.match(/\$ mig /);
  });

  it('host history, host upgrade head, host current, host check, host downgrade -1 work against a SQLite project', () => {
    const host = makeHost('core');
    const h = hostRunner(host);
    const project = copyExampleApp();
    const history = expectOk(h(project, ['history']), 'host history');
    expect(history).to.match(/\(mergepoint\), merge tags and comments/);
    expect(history).to.match(/\(branchpoint\), add post status/);
    const up = expectOk(h(project, ['upgrade', 'head']), 'host upgrade head');
    expect(up.match(/^Running upgrade /gm)).to.have.length(6);
    expect(sqliteTables(path.join(project, 'blog.sqlite'))).to.deep.equal(['comments', 'mig_log', 'mig_version', 'post_tags', 'posts', 'tags', 'users']);
    const head = /-> ([0-9a-f]{12}), add user preferences and status index/.exec(up)![1];
    expect(expectOk(h(project, ['current']), 'host current')).to.equal(`${head} (head)\n`);
    expect(expectOk(h(project, ['check']), 'host check')).to.equal('No new upgrade operations detected.\n');
    expect(expectOk(h(project, ['downgrade', '-1']), 'host downgrade -1')).to.match(new RegExp(`^Running downgrade ${head} -> `));
    expect(expectOk(h(project, ['history', '-i']), 'host history -i')).to.match(/ \(current\) \(mergepoint\), merge tags and comments/);
    expect(expectOk(h(host, ['hello']), 'host hello')).to.equal('hello from host\n');
    // Hints name the host's binary, not mig.
    const mistyped = h(project, ['upgrade', 'zzzzzzz']);
    expect(mistyped.stderr).to.contain('`host history` lists the revisions').and.not.contain('`mig ');
  });

  it('host plugins link typeorm-mig: the same commands run, and plugins unlink takes them away', () => {
    const host = makeHost('plugins');
    const dataHome = fs.mkdtempSync(path.join(os.tmpdir(), 'mig-host-data-'));
    hosts.push(dataHome);
    const h = hostRunner(host, { XDG_DATA_HOME: dataHome });
    expect(h(host, ['history']).status, 'no mig commands before linking').to.not.equal(0);
    expectOk(h(host, ['plugins', 'link', REPO, '--no-install']), 'host plugins link');
    expect(expectOk(h(host, ['plugins']), 'host plugins')).to.match(/typeorm-mig .*\(link\)/);
    const project = copyExampleApp();
    expect(expectOk(h(project, ['upgrade', 'head']), 'host upgrade head').match(/^Running upgrade /gm)).to.have.length(6);
    expect(expectOk(h(project, ['check']), 'host check')).to.equal('No new upgrade operations detected.\n');
    expectOk(h(host, ['plugins', 'unlink', 'typeorm-mig']), 'host plugins unlink');
    expect(h(project, ['history']).status, 'no mig commands after unlinking').to.not.equal(0);
  });
});
