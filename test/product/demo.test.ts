/**
 * `npm run demo` on a clone where `npm install` has run (dist/ built by prepare): it walks the
 * whole workflow on SQLite in a temporary copy of example-app, printing each command before its
 * output, exits 0, and ends by saying where the files are — which are there to look at.
 */
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO } from '../helpers/project';
import { run } from './example-project';

describe('npm run demo', function () {
  this.timeout(300_000);
  let left: string | undefined;
  after(() => {
    if (left) fs.rmSync(left, { recursive: true, force: true });
  });

  it('runs every step of the workflow on SQLite, printing each command before its output, and exits 0', () => {
    const r = run(REPO, 'npm', ['run', '--silent', 'demo']);
    const out = r.stdout;
    expect(r.status, `${out}\n${r.stderr}`).to.equal(0);
    left = /The files are in (\S+):/.exec(out)?.[1];

    // Each command, in order, each followed by what it printed.
    const expected: Array<[string, RegExp]> = [
      ['$ mig revision --autogenerate -m "create blog schema"', /Detected create table users\n[\s\S]*Generating migrations\/versions\/([0-9a-f]{12})_create_blog_schema\.ts \.\.\.  done/],
      ['$ mig upgrade head', /Running upgrade <base> -> [0-9a-f]{12}, create blog schema \.\.\. done/],
      ['$ edit src/entities/User.ts', /\+  bio: string \| null;/],
      ['$ mig revision --autogenerate -m "add user bio"', /Detected add column users\.bio\nDetected alter column users\.name \(type\)\nGenerating migrations\/versions\/[0-9a-f]{12}_add_user_bio\.ts/],
      ['$ cat migrations/versions/', /export async function upgrade\(op: Operations\)[\s\S]*batch\.addColumn\(\{ name: 'bio'[\s\S]*export async function downgrade/],
      ['$ mig upgrade head', /Running upgrade [0-9a-f]{12} -> [0-9a-f]{12}, add user bio \.\.\. done/],
      ['$ mig check', /^No new upgrade operations detected\.$/m],
      ['$ mig history --indicate-current', /[0-9a-f]{12} -> [0-9a-f]{12} \(head\) \(current\), add user bio\n<base> -> [0-9a-f]{12}, create blog schema/],
      ['$ mig downgrade -1', /Running downgrade [0-9a-f]{12} -> [0-9a-f]{12}, add user bio \.\.\. done/],
      ['$ mig current', /^[0-9a-f]{12}$/m],
    ];
    let at = 0;
    for (const [command, output] of expected) {
      const i = out.indexOf(command, at);
      expect(i, `"${command}" after position ${at} in\n${out}`).to.be.greaterThan(-1);
      const next = out.indexOf('\n$ ', i + command.length);
      const section = out.slice(i + command.length, next === -1 ? undefined : next);
      expect(section, `output of "${command}"`).to.match(output);
      at = i + command.length;
    }
    // The database is one step below the head, and mig current printed the first revision.
    const first = /([0-9a-f]{12})_create_blog_schema\.ts/.exec(out)![1];
    expect(out.slice(out.lastIndexOf('$ mig current'))).to.match(new RegExp(`^\\$ mig current\\n${first}\\n`));

    // It ends by saying where the files are, and they are there.
    expect(left, 'the folder it names').to.be.a('string');
    const versions = fs.readdirSync(path.join(left!, 'migrations', 'versions')).sort();
    expect(versions).to.have.length(2);
    for (const file of versions) expect(out).to.contain(`migrations/versions/${file}`);
    expect(fs.existsSync(path.join(left!, 'blog.sqlite'))).to.equal(true);
    expect(fs.readFileSync(path.join(left!, 'src', 'entities', 'User.ts'), 'utf8')).to.contain('bio: string | null;');
    // example-app itself is untouched.
    expect(fs.readFileSync(path.join(REPO, 'example-app', 'src', 'entities', 'User.ts'), 'utf8')).to.not.contain('bio');
  });
});
