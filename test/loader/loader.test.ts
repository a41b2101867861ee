/**
 * Loading a user's TypeScript: fixture projects of each kind are loaded in a fresh node process
 * through typeorm-mig as the project has it installed, and TypeORM's metadata is checked.
 */
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeProject, node, type ProjectOptions } from '../helpers/project';

const LOAD_MODEL = `
const { Config, loadEnvironment, buildEntityMetadata } = require('typeorm-mig');
(async () => {
  const config = Config.load('mig.ini', { cmdOpts: { x: { tenant: 'acme' } } });
  const env = loadEnvironment(config);
  const { dataSource, typeorm } = await buildEntityMetadata(config, env);
  const tables = {};
  for (const m of dataSource.entityMetadatas) {
    tables[m.tableName] = Object.fromEntries(m.columns.map((c) => [c.databaseName, dataSource.driver.normalizeType(c)]));
  }
  const exported = Object.fromEntries(Object.entries(env.exports).filter(([, v]) => typeof v === 'string'));
  console.log(JSON.stringify({ typeorm: typeorm.version, driver: dataSource.options.type, tables, exported }));
})().catch((e) => { console.log(JSON.stringify({ error: e.code || e.name, line: e.line || e.message })); });
`;

interface Loaded {
  typeorm: string;
  driver: string;
  tables: Record<string, Record<string, string>>;
  exported: Record<string, string>;
  error?: string;
  line?: string;
}

function load(options: ProjectOptions): { dir: string; result: Loaded } {
  const dir = makeProject({ packages: ['typeorm', 'typescript', 'reflect-metadata', 'typeorm-mig', 'pg', 'better-sqlite3'], ...options });
  const run = node(dir, LOAD_MODEL, { MIG_CACHE_DIR: undefined });
  if (run.status !== 0 || !run.stdout.trim()) throw new Error(`loader process failed: ${run.stderr}`);
  return { dir, result: JSON.parse(run.stdout.trim().split('\n').pop()!) };
}

describe('loading the project TypeScript', function () {
  this.timeout(60_000);

  it('loads circular entities (CommonJS, tsconfig extends and paths) with inferred column types', () => {
    const { result } = load({ fixture: 'circular-cjs' });
    expect(result.error, result.line).to.equal(undefined);
    expect(result.typeorm).to.match(/^1\./);
    expect(result.tables.users).to.deep.equal({
      id: 'integer',
      name: 'character varying',
      age: 'integer',
      active: 'boolean',
      createdAt: 'timestamp without time zone',
      pinnedId: 'integer',
    });
    expect(result.tables.posts).to.deep.equal({ id: 'integer', title: 'character varying', body: 'text', views: 'integer', authorId: 'integer' });
    expect(result.exported.seenTenant).to.equal('acme');
  });

  it('loads an ESM project: .js specifiers to .ts files, .mts, import.meta, circular imports without Relation<>', () => {
    const { dir, result } = load({ fixture: 'circular-esm' });
    expect(result.error, result.line).to.equal(undefined);
    expect(result.driver).to.equal('better-sqlite3');
    expect(result.tables.users).to.deep.equal({ id: 'integer', email: 'varchar', score: 'integer' });
    expect(result.tables.posts).to.deep.equal({ id: 'integer', published: 'boolean', publishedAt: 'datetime', authorId: 'integer', tagSlug: 'varchar' });
    expect(result.tables.tags).to.deep.equal({ slug: 'varchar', label: 'varchar' });
    expect(fs.realpathSync(result.exported.envFile)).to.equal(fs.realpathSync(path.join(dir, 'migrations', 'env.ts')));
  });

  it("uses the project's TypeORM 0.3 copy", () => {
    const { result } = load({ fixture: 'circular-cjs', typeorm: '0.3' });
    expect(result.error, result.line).to.equal(undefined);
    expect(result.typeorm).to.match(/^0\.3\./);
    expect(result.tables.users.createdAt).to.equal('timestamp without time zone');
  });

  it('caches compiled files so a second run compiles nothing', () => {
    const dir = makeProject({ fixture: 'circular-cjs', packages: ['typeorm', 'typescript', 'reflect-metadata', 'typeorm-mig', 'pg'] });
    const stats = `
      const { Config, loadEnvironment } = require('typeorm-mig');
      const { loaderStats } = require('typeorm-mig/dist/loader/typescript');
      loadEnvironment(Config.load('mig.ini'));
      console.log(JSON.stringify({ stats: loaderStats(), typescriptLoaded: Object.keys(require.cache).some((f) => f.endsWith('typescript.js') && f.includes('node_modules/typescript')) }));`;
    const first = JSON.parse(node(dir, stats).stdout);
    const second = JSON.parse(node(dir, stats).stdout);
    expect(first.stats).to.deep.equal({ compiled: 3, cached: 0 });
    expect(second.stats).to.deep.equal({ compiled: 0, cached: 3 });
    expect(second.typescriptLoaded).to.equal(false);
    fs.appendFileSync(path.join(dir, 'src/entities/post.ts'), '\nexport const changed = 1;\n');
    expect(JSON.parse(node(dir, stats).stdout).stats).to.deep.equal({ compiled: 1, cached: 2 });
    fs.writeFileSync(path.join(dir, 'tsconfig.base.json'), '{ "compilerOptions": { "experimentalDecorators": true, "emitDecoratorMetadata": true, "useDefineForClassFields": false } }');
    expect(JSON.parse(node(dir, stats).stdout).stats).to.deep.equal({ compiled: 3, cached: 0 });
  });

  describe('says what to change when it cannot load', () => {
    const entity = `import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';\n@Entity()\nexport class Thing {\n  @PrimaryGeneratedColumn() id: number;\n  @Column() name: string;\n}\n`;
    const env = "import { Thing } from '../src/thing';\nexport const targetMetadata = [Thing];\n";
    const ini = '[mig]\nscript_location = migrations\nurl = sqlite:app.db\n';

    it('when the project has no typescript package', () => {
      const { result } = load({ packages: ['typeorm', 'reflect-metadata', 'typeorm-mig', 'better-sqlite3'], files: { 'mig.ini': ini, 'src/thing.ts': entity, 'migrations/env.ts': env } });
      expect(result.error).to.equal('typescript-missing');
      expect(result.line).to.equal('Cannot load migrations/env.ts: the project has no `typescript` package; run `npm install --save-dev typescript` in the project');
    });

    it('when decorator metadata is off', () => {
      const { result } = load({
        files: { 'mig.ini': ini, 'src/thing.ts': entity, 'migrations/env.ts': env, 'tsconfig.json': '{"compilerOptions":{"experimentalDecorators":true,"emitDecoratorMetadata":false}}' },
      });
      expect(result.error).to.equal('load-column-type');
      expect(result.line).to.match(/Column type for Thing#name is not defined.*set "emitDecoratorMetadata": true/);
    });

    it('when a column type is a union the runtime cannot see', () => {
      const union = entity.replace('@Column() name: string;', '@Column({ nullable: true }) name: string | null;');
      const { result } = load({
        files: { 'mig.ini': ini, 'src/thing.ts': union, 'migrations/env.ts': env, 'tsconfig.json': '{"compilerOptions":{"strict":true,"experimentalDecorators":true,"emitDecoratorMetadata":true}}' },
      });
      expect(result.error).to.equal('load-column-type');
      expect(result.line).to.match(/Data type "Object".*give the column an explicit type/);
    });

    it('when a file has a syntax error, with its line and column', () => {
      const { result } = load({ files: { 'mig.ini': ini, 'src/thing.ts': entity.replace('id: number;', 'id: number = ;'), 'migrations/env.ts': env } });
      expect(result.error).to.equal('typescript-syntax');
      expect(result.line).to.match(/^src\/thing\.ts:4:42: Expression expected\. \(TS1109\); fix the syntax error$/);
    });

    it('when an import names a missing package or file', () => {
      let { result } = load({ files: { 'mig.ini': ini, 'migrations/env.ts': "import 'left-pad-nowhere';\nexport const targetMetadata = [];\n" } });
      expect(result.error).to.equal('load-module-missing');
      expect(result.line).to.equal("migrations/env.ts: Cannot find module 'left-pad-nowhere'; run `npm install left-pad-nowhere` in the project");
      ({ result } = load({ files: { 'mig.ini': ini, 'migrations/env.ts': "export { AppDataSource as dataSource } from '../src/data-source';\nexport const targetMetadata = [];\n" } }));
      expect(result.line).to.equal("migrations/env.ts: Cannot find module '../src/data-source'; check the import path");
    });

    it('when env.ts exports no targetMetadata, or the project has no typeorm', () => {
      let { result } = load({ files: { 'mig.ini': ini, 'migrations/env.ts': 'export const nothing = 1;\n' } });
      expect(result.line).to.equal('migrations/env.ts exports no targetMetadata; export const targetMetadata = [User, Post] (entity classes or EntitySchemas), or a DataSource');
      ({ result } = load({ packages: ['typescript', 'reflect-metadata', 'typeorm-mig'], files: { 'mig.ini': ini, 'migrations/env.ts': 'export const targetMetadata = [];\n' } }));
      expect(result.error).to.equal('package-missing');
      expect(result.line).to.match(/^mig needs the `typeorm` package, which is not installed in .*; run `npm install typeorm` in the project$/);
    });
  });

  it("runs the seed's pattern: env.ts sets an option that mig.ini interpolates", () => {
    const { result } = load({
      fixture: 'circular-cjs',
      files: {
        'mig.ini': '[mig]\nscript_location = migrations\nurl = %(DB_URL)s\n',
        'src/config.ts': "export const settings = { databaseUrl: 'sqlite:from-settings.db' };\n",
        'migrations/env.ts': [
          "import { context } from 'typeorm-mig';",
          "import { settings } from '../src/config';",
          "import { User } from '../src/entities/user';",
          "import { Post } from '../src/entities/post';",
          'const config = context.config;',
          'const section = config.configIniSection;',
          "config.setSectionOption(section, 'DB_URL', settings.databaseUrl);",
          'export const seenUrl = config.url;',
          'export const targetMetadata = [User, Post];',
        ].join('\n'),
      },
    });
    expect(result.error, result.line).to.equal(undefined);
    expect(result.exported.seenUrl).to.equal('sqlite:from-settings.db');
    expect(result.driver).to.equal('better-sqlite3');
  });

  it('loads a JavaScript ESM env.js and a .cts module', () => {
    const { result } = load({
      type: 'module',
      files: {
        'mig.ini': '[mig]\nscript_location = migrations\nurl = sqlite:app.db\n',
        'tsconfig.json': '{"compilerOptions":{"experimentalDecorators":true,"emitDecoratorMetadata":true}}',
        'src/thing.cts': "import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';\n@Entity()\nexport class Thing {\n  @PrimaryGeneratedColumn() id!: number;\n  @Column() name!: string;\n}\n",
        'src/index.ts': "export { Thing } from './thing.cjs';\n",
        'migrations/env.js': "import { Thing } from '../src/index.js';\nexport const kind = typeof Thing;\nexport const targetMetadata = [Thing];\n",
      },
    });
    expect(result.error, result.line).to.equal(undefined);
    expect(result.exported.kind).to.equal('function');
    expect(result.tables.thing).to.deep.equal({ id: 'integer', name: 'varchar' });
  });

  it('loads a plain JavaScript ESM project that has no TypeScript (EntitySchema)', () => {
    const { result } = load({
      type: 'module',
      packages: ['typeorm', 'reflect-metadata', 'typeorm-mig', 'better-sqlite3'],
      files: {
        'mig.ini': '[mig]\nscript_location = migrations\nurl = sqlite:app.db\n',
        'src/note.js': "import { EntitySchema } from 'typeorm';\nexport const Note = new EntitySchema({ name: 'Note', tableName: 'notes', columns: { id: { type: Number, primary: true, generated: true }, body: { type: 'text' } } });\n",
        'migrations/env.js': "import { Note } from '../src/note.js';\nexport const targetMetadata = [Note];\n",
      },
    });
    expect(result.error, result.line).to.equal(undefined);
    expect(result.tables.notes).to.deep.equal({ id: 'integer', body: 'text' });
  });

  it('reuses an application DataSource exported from env.ts, with glob-free entity lists', () => {
    const { result } = load({
      fixture: 'circular-cjs',
      files: {
        'src/data-source.ts': "import { DataSource } from 'typeorm';\nimport { User } from './entities/user';\nimport { Post } from './entities/post';\nexport const AppDataSource = new DataSource({ type: 'better-sqlite3', database: 'app.db', entities: [User, Post], migrations: ['nowhere/*.ts'] });\n",
        'migrations/env.ts': "import { AppDataSource } from '../src/data-source';\nexport const dataSource = AppDataSource;\nexport const targetMetadata = AppDataSource;\n",
      },
    });
    expect(result.error, result.line).to.equal(undefined);
    expect(result.driver).to.equal('better-sqlite3');
    expect(result.tables.users.name).to.equal('varchar');
  });
});
