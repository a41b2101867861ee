/**
 * The package as users get it: `npm pack`, installed into a separate TypeORM project, run with
 * `npx mig`. Needs the npm registry (or npm's cache) for the package's own dependencies.
 */
import { expect } from 'chai';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO } from '../helpers/project';

function version(pkg: string): string {
  return JSON.parse(fs.readFileSync(path.join(REPO, 'node_modules', pkg, 'package.json'), 'utf8')).version;
}

describe('the packed package', function () {
  this.timeout(240_000);
  let work: string;
  let project: string;

  before(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'mig-pack-'));
    // `npm test` builds first, so dist/ and oclif.manifest.json are current.
    const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: REPO, encoding: 'utf8' });
    const packed = JSON.parse(out)[0];
    const files: string[] = packed.files.map((f: { path: string }) => f.path);
    expect(files).to.include.members(['oclif.manifest.json', 'bin/run.js', 'dist/index.js', 'dist/commands/init.js', 'templates/generic/script.ts.ejs', 'templates/generic/mig.ini.ejs']);
    expect(files.some((f) => f.startsWith('test/') || f.startsWith('src/'))).to.equal(false);
    project = path.join(work, 'app');
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'app', private: true }));
    const install = spawnSync(
      'npm',
      ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', path.join(work, packed.filename), `typeorm@${version('typeorm')}`, `typescript@${version('typescript')}`, `pg@${version('pg')}`, 'reflect-metadata'],
      { cwd: project, encoding: 'utf8' },
    );
    expect(install.status, install.stderr).to.equal(0);
  });

  after(() => fs.rmSync(work, { recursive: true, force: true }));

  const npx = (...args: string[]) => {
    const r = spawnSync('npx', ['--no-install', 'mig', ...args], { cwd: project, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    // npm's own warnings about this machine's npmrc are not mig's output.
    return { ...r, stderr: r.stderr.split('\n').filter((l) => !l.startsWith('npm warn')).join('\n') };
  };

  it('runs init, revision, history, heads and merge through npx', () => {
    let r = npx('init', 'migrations');
    expect(r.status, r.stderr).to.equal(0);
    expect(npx('revision', '-m', 'first', '--rev-id', 'aaaa0001').status).to.equal(0);
    expect(npx('revision', '-m', 'second', '--rev-id', 'aaaa0002').status).to.equal(0);
    r = npx('history');
    expect(r.stdout).to.equal('aaaa0001 -> aaaa0002 (head), second\n<base> -> aaaa0001, first\n');
    expect(JSON.parse(npx('heads', '--json').stdout)[0].revision).to.equal('aaaa0002');
    fs.copyFileSync(
      path.join(project, 'migrations/versions/aaaa0002_second.ts'),
      path.join(project, 'migrations/versions/bbbb0001_hand.ts'),
    );
    const hand = path.join(project, 'migrations/versions/bbbb0001_hand.ts');
    fs.writeFileSync(hand, fs.readFileSync(hand, 'utf8').replace("revision = 'aaaa0002'", "revision = 'bbbb0001'").replace("downRevision = 'aaaa0002'", "downRevision = 'aaaa0001'"));
    r = npx('revision', '-m', 'third');
    expect(r.status).to.equal(1);
    expect(r.stderr).to.match(/^Error: Multiple heads are present \(aaaa0002, bbbb0001\)/);
    expect(npx('merge', 'heads', '-m', 'join').status).to.equal(0);
    expect(npx('revision', '-m', 'third').status).to.equal(0);
  });

  it("loads the project's TypeScript entities with the project's TypeORM", () => {
    fs.mkdirSync(path.join(project, 'src'), { recursive: true });
    fs.writeFileSync(path.join(project, 'tsconfig.json'), '{"compilerOptions":{"experimentalDecorators":true,"emitDecoratorMetadata":true,"strict":true,"strictPropertyInitialization":false}}');
    fs.writeFileSync(
      path.join(project, 'src/user.ts'),
      "import { Column, Entity, OneToMany, PrimaryGeneratedColumn } from 'typeorm';\nimport { Post } from './post';\n@Entity()\nexport class User {\n  @PrimaryGeneratedColumn() id: number;\n  @Column() name: string;\n  @OneToMany(() => Post, (p) => p.author) posts: Post[];\n}\n",
    );
    fs.writeFileSync(
      path.join(project, 'src/post.ts'),
      "import { Column, Entity, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';\nimport { User } from './user';\n@Entity()\nexport class Post {\n  @PrimaryGeneratedColumn() id: number;\n  @Column() published: boolean;\n  @ManyToOne(() => User, (u) => u.posts) author: User;\n}\n",
    );
    fs.writeFileSync(path.join(project, 'migrations/env.ts'), "import { User } from '../src/user';\nimport { Post } from '../src/post';\nexport const targetMetadata = [User, Post];\n");
    fs.writeFileSync(path.join(project, 'mig.ini'), fs.readFileSync(path.join(project, 'mig.ini'), 'utf8').replace(/^url = .*$/m, 'url = postgres://u:p@127.0.0.1:1/none'));
    const script = `
      const { Config, loadEnvironment, buildEntityMetadata } = require('typeorm-mig');
      (async () => {
        const config = Config.load('mig.ini');
        const { dataSource } = await buildEntityMetadata(config, loadEnvironment(config));
        const user = dataSource.entityMetadatas.find((m) => m.name === 'User');
        console.log(user.columns.map((c) => c.databaseName + ':' + dataSource.driver.normalizeType(c)).join(' '));
        console.log(require.resolve('typeorm'));
      })();`;
    const r = spawnSync(process.execPath, ['-e', script], { cwd: project, encoding: 'utf8' });
    expect(r.status, r.stderr).to.equal(0);
    const [columns, typeormPath] = r.stdout.trim().split('\n');
    expect(columns).to.equal('id:integer name:character varying');
    expect(typeormPath.startsWith(path.join(fs.realpathSync(project), 'node_modules', 'typeorm'))).to.equal(true);
  });
});
