#!/usr/bin/env node
/**
 * `npm run demo`: the mig workflow from start to finish on SQLite, in a temporary copy of
 * example-app/ (a TypeORM 0.3 blog: users, posts, tags, comments).
 *
 * The copy starts with no revisions. The demo autogenerates the first one from the entities,
 * upgrades, changes an entity, autogenerates and upgrades again, checks, shows the history,
 * steps one revision down and shows where the database is — printing each command before its
 * output. Nothing to set up: the copy's node_modules links to the packages this repository's
 * `npm install` put in place (TypeORM 0.3 and sqlite3 among them), and mig is this repository's
 * build. The copy is left in place so you can look at the files and go on from there.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..');
const APP = path.join(REPO, 'example-app');
const BIN = path.join(REPO, 'bin', 'run.js');

const color = process.stdout.isTTY && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
const paint = (code) => (text) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
const bold = paint('1');
const dim = paint('2');
const cyan = paint('36');
const green = paint('32');

/** The packages example-app/package.json asks for, as this repository has them installed. */
const PACKAGES = {
  typeorm: 'typeorm-0.3',
  sqlite3: 'sqlite3',
  pg: 'pg',
  'reflect-metadata': 'reflect-metadata',
  typescript: 'typescript',
  '@types/node': '@types/node',
};

function fail(message) {
  console.error(`demo: ${message}`);
  process.exit(1);
}

function ensureBuilt() {
  if (fs.existsSync(path.join(REPO, 'dist', 'index.js')) && fs.existsSync(path.join(REPO, 'dist', 'commands'))) return;
  console.log(dim('dist/ is missing: building typeorm-mig (npm run build) ...'));
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['run', 'build', '--silent'], { cwd: REPO, stdio: 'inherit' });
  if (r.status !== 0) fail('the build failed; run `npm install` first');
}

/** A copy of example-app without its history, build output, database or node_modules. */
function copyApp() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mig-demo-'));
  const skip = new Set(['node_modules', 'dist']);
  fs.cpSync(APP, dir, {
    recursive: true,
    filter: (src) => !skip.has(path.basename(src)) && !src.endsWith('.sqlite'),
  });
  const versions = path.join(dir, 'migrations', 'versions');
  for (const file of fs.readdirSync(versions)) fs.rmSync(path.join(versions, file), { recursive: true });

  const modules = path.join(dir, 'node_modules');
  for (const [name, installed] of Object.entries(PACKAGES)) {
    const source = path.join(REPO, 'node_modules', installed);
    if (!fs.existsSync(source)) fail(`node_modules/${installed} is missing; run \`npm install\` at the repository root first`);
    const link = path.join(modules, name);
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(source, link, 'dir');
  }
  fs.symlinkSync(REPO, path.join(modules, 'typeorm-mig'), 'dir');
  // So that `npx mig ...` works in the copy afterwards.
  fs.mkdirSync(path.join(modules, '.bin'));
  fs.symlinkSync(path.join('..', 'typeorm-mig', 'bin', 'run.js'), path.join(modules, '.bin', 'mig'));
  return dir;
}

let stepNo = 0;
function heading(text) {
  stepNo += 1;
  console.log(`\n${bold(`${stepNo}. ${text}`)}`);
}

function quote(arg) {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `"${arg.replace(/(["\\$`])/g, '\\$1')}"`;
}

/** Prints `$ mig ...`, runs it in the copy, prints its output; fails the demo on an unexpected status. */
function mig(dir, args, expectStatus = 0) {
  console.log(cyan(`$ mig ${args.map(quote).join(' ')}`));
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: undefined, MIG_CONFIG: undefined, FORCE_COLOR: color ? '1' : '0' },
  });
  process.stdout.write(r.stdout);
  process.stdout.write(r.stderr);
  if (r.status !== expectStatus) fail(`\`mig ${args.join(' ')}\` exited with ${r.status} (expected ${expectStatus})`);
  return r.stdout;
}

function show(dir, file) {
  console.log(cyan(`$ cat ${file}`));
  console.log(dim(fs.readFileSync(path.join(dir, file), 'utf8').trimEnd()));
}

/** The change a developer makes: a new `bio` column, and a longer `name`. */
function editUserEntity(dir) {
  const file = path.join(dir, 'src', 'entities', 'User.ts');
  const before = fs.readFileSync(file, 'utf8');
  const nameColumn = "  @Column({ type: 'varchar', length: 100 })\n  name: string;\n";
  if (!before.includes(nameColumn)) fail('example-app/src/entities/User.ts changed: update scripts/demo.js to match');
  const after = before.replace(
    nameColumn,
    "  @Column({ type: 'varchar', length: 150 })\n  name: string;\n\n  @Column({ type: 'text', nullable: true })\n  bio: string | null;\n",
  );
  fs.writeFileSync(file, after);
  console.log(cyan('$ edit src/entities/User.ts'));
  console.log(red("-  @Column({ type: 'varchar', length: 100 })"));
  console.log(green("+  @Column({ type: 'varchar', length: 150 })"));
  console.log('   name: string;');
  console.log(green('+'));
  console.log(green("+  @Column({ type: 'text', nullable: true })"));
  console.log(green('+  bio: string | null;'));
}

function red(text) {
  return paint('31')(text);
}

function main() {
  ensureBuilt();
  const dir = copyApp();
  console.log(bold('typeorm-mig demo: the Alembic workflow for a TypeORM app, on SQLite'));
  console.log(dim(`A copy of example-app/ (users, posts, tags, comments; TypeORM 0.3, sqlite3) with no revisions yet, in\n${dir}`));

  heading('Autogenerate the first revision from the entities (the database is empty)');
  mig(dir, ['revision', '--autogenerate', '-m', 'create blog schema']);

  heading('Apply it');
  mig(dir, ['upgrade', 'head']);

  heading('Change an entity');
  editUserEntity(dir);

  heading('Autogenerate the change: a revision to review, with its downgrade');
  const out = mig(dir, ['revision', '--autogenerate', '-m', 'add user bio']);
  const written = /Generating (\S+) \.\.\./.exec(out);
  if (!written) fail('no revision file was written');
  show(dir, written[1]);

  heading('Apply it (SQLite cannot change a column in place: users is rebuilt, its rows copied)');
  mig(dir, ['upgrade', 'head']);

  heading('The entities and the database agree (what CI runs)');
  mig(dir, ['check']);

  heading('The history, newest first');
  mig(dir, ['history', '--indicate-current']);

  heading('Step one revision back');
  mig(dir, ['downgrade', '-1']);

  heading('Where the database is now');
  mig(dir, ['current']);

  const versions = fs.readdirSync(path.join(dir, 'migrations', 'versions')).sort();
  console.log(`\n${green(bold('Done.'))} The files are in ${bold(dir)}:`);
  console.log('  mig.ini                 the configuration (no url: env.ts reuses the app\'s DataSource)');
  console.log('  migrations/env.ts       export const dataSource = AppDataSource; targetMetadata = AppDataSource');
  for (const file of versions) console.log(`  migrations/versions/${file}`);
  console.log('  src/data-source.ts      the application\'s DataSource (SQLite blog.sqlite, or DATABASE_URL)');
  console.log('  blog.sqlite             the database');
  console.log(`Go on from there:  cd ${dir} && npx mig upgrade head && npx mig history -i`);
  console.log('example-app/ itself has a longer history, with a branch and a merge: see example-app/migrations/versions.');
}

main();
