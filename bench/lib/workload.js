/**
 * Generated workloads: one schema written three ways, so that both tools see the same thing.
 *
 *  - entity classes, as TypeScript source and as the CommonJS tsc would emit for it (the
 *    compiled form is written directly: no tsc run, so a 2,000-table workload takes a second);
 *  - the DDL of that schema at v1, as TypeORM's synchronize would create it (explicit
 *    constraint names, so no naming strategy is involved), to put a database at v1 quickly;
 *  - a `data-source.js` exporting one TypeORM DataSource that both `typeorm` (-d) and mig
 *    (env.js `dataSource` and `targetMetadata`) use.
 *
 * Each table tNNNN: id serial PK, code varchar(32) UNIQUE, name varchar(100), body text, active
 * boolean default true, created_at timestamp INDEXED, price numeric(10,2), status enum
 * ('new','active','archived') (a native enum on PostgreSQL, TypeORM's CHECKed simple-enum on
 * SQLite), tags text[] (PostgreSQL only), note varchar(50) NULL, prev_id -> previous table (FK;
 * t0000 -> itself). v2 (the entities autogenerate compares): every table gets `extra integer
 * NULL` and `name varchar(200)`: a real diff of two changes per table. v3 (the rename
 * detector's workload): v2 with `note` renamed to `remark` in every table, a rename candidate
 * per table (same type, nullability and default).
 */
const fs = require('node:fs');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..', '..');
const TYPEORM_CLI = path.join(REPO, 'node_modules', 'typeorm', 'cli.js');
/** The typeorm-mig package the workloads use: this repository, or a snapshot of its build. */
let migRoot = REPO;

/**
 * Copies the build (bin/, dist/, templates/, package.json, oclif.manifest.json) to `dir`, with
 * node_modules linked to this repository's, and makes the workloads use that copy: a rebuild of
 * the repository during the run (which empties dist/) cannot change what is measured.
 */
function snapshotBuild(dir) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const name of ['bin', 'dist', 'templates', 'package.json', 'oclif.manifest.json']) {
    const from = path.join(REPO, name);
    if (!fs.existsSync(from)) throw new Error(`No ${name} in ${REPO}: run npm run build first`);
    fs.cpSync(from, path.join(dir, name), { recursive: true });
  }
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  migRoot = dir;
  module.exports.BIN = path.join(dir, 'bin', 'run.js');
  module.exports.MIG_ROOT = dir;
}

const tname = (i) => `t${String(i).padStart(4, '0')}`;
const cname = (i) => `T${String(i).padStart(4, '0')}`;

/** A folder that resolves packages as a user's project would (links into this repository). */
function makeProjectDir(dir) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"mig-bench-workload","private":true,"type":"commonjs"}\n');
  for (const name of ['typeorm', 'typescript', 'reflect-metadata', 'pg', 'better-sqlite3']) {
    fs.symlinkSync(path.join(REPO, 'node_modules', name), path.join(dir, 'node_modules', name), 'dir');
  }
  fs.symlinkSync(migRoot, path.join(dir, 'node_modules', 'typeorm-mig'), 'dir');
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'commonjs', experimentalDecorators: true, emitDecoratorMetadata: true, strict: false, skipLibCheck: true } }, null, 2),
  );
}

/** The columns of table i: [property, decorator, options source, design:type]. */
function members(i, dialect, version) {
  const t = tname(i);
  const pg = dialect === 'postgres';
  const prev = cname(i === 0 ? 0 : i - 1);
  const m = [
    ['id', 'PrimaryGeneratedColumn', pg ? `{ primaryKeyConstraintName: 'pk_${t}' }` : '', 'Number'],
    ['code', 'Column', `{ type: 'varchar', length: 32 }`, 'String'],
    ['name', 'Column', `{ type: 'varchar', length: ${version >= 2 ? 200 : 100} }`, 'String'],
    ['body', 'Column', `{ type: 'text' }`, 'String'],
    ['active', 'Column', `{ type: 'boolean', default: true }`, 'Boolean'],
    ['createdAt', 'Column', `{ type: '${pg ? 'timestamp' : 'datetime'}', name: 'created_at' }`, 'Date', `ix_${t}_created_at`],
    ['price', 'Column', `{ type: 'numeric', precision: 10, scale: 2 }`, 'String'],
    ['status', 'Column', `{ type: '${pg ? 'enum' : 'simple-enum'}', enum: ['new', 'active', 'archived'], default: 'new' }`, 'String'],
  ];
  if (pg) m.push(['tags', 'Column', `{ type: 'text', array: true, nullable: true }`, 'Array']);
  m.push([version === 3 ? 'remark' : 'note', 'Column', `{ type: 'varchar', length: 50, nullable: true }`, 'String']);
  if (version >= 2) m.push(['extra', 'Column', `{ type: 'integer', nullable: true }`, 'Number']);
  m.push(['prev', 'ManyToOne', `() => ${prev}, { nullable: true }`, 'Object', undefined, `{ name: 'prev_id', foreignKeyConstraintName: 'fk_${t}_prev' }`]);
  return m;
}

function entityTs(i, dialect, version) {
  const C = cname(i);
  const P = cname(i === 0 ? 0 : i - 1);
  const lines = [
    `import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';`,
    i === 0 ? '' : `import { ${P} } from './${tname(i - 1)}';`,
    '',
    `@Entity('${tname(i)}')`,
    `@Unique('uq_${tname(i)}_code', ['code'])`,
    `export class ${C} {`,
  ];
  for (const [prop, deco, opts, type, index, join] of members(i, dialect, version)) {
    if (index) lines.push(`  @Index('${index}')`);
    lines.push(`  @${deco}(${opts})`);
    if (join) lines.push(`  @JoinColumn(${join})`);
    const ts = { Number: 'number', String: 'string', Boolean: 'boolean', Date: 'Date', Array: 'string[]', Object: P }[type];
    lines.push(`  ${prop}: ${ts};`, '');
  }
  lines.push('}', '');
  return lines.join('\n');
}

const TS_HELPERS = `"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
Object.defineProperty(exports, "__esModule", { value: true });
`;

/** What tsc emits for entityTs (CommonJS, experimentalDecorators, emitDecoratorMetadata). */
function entityJs(i, dialect, version) {
  const C = cname(i);
  const P = cname(i === 0 ? 0 : i - 1);
  const ref = (name) => (name === C ? C : `${tname(i - 1)}_1.${name}`);
  const lines = [TS_HELPERS + `exports.${C} = void 0;`, `const typeorm_1 = require("typeorm");`];
  if (i > 0) lines.push(`const ${tname(i - 1)}_1 = require("./${tname(i - 1)}");`);
  lines.push(`let ${C} = class ${C} {\n};`, `exports.${C} = ${C};`);
  for (const [prop, deco, opts, type, index, join] of members(i, dialect, version)) {
    const decos = [];
    if (index) decos.push(`(0, typeorm_1.Index)('${index}')`);
    decos.push(`(0, typeorm_1.${deco})(${deco === 'ManyToOne' ? opts.replace(`() => ${P}`, `() => ${ref(P)}`) : opts})`);
    if (join) decos.push(`(0, typeorm_1.JoinColumn)(${join})`);
    decos.push(`__metadata("design:type", ${type === 'Object' ? (P === C ? 'Object' : ref(P)) : type})`);
    lines.push(`__decorate([\n    ${decos.join(',\n    ')}\n], ${C}.prototype, "${prop}", void 0);`);
  }
  lines.push(`exports.${C} = ${C} = __decorate([\n    (0, typeorm_1.Entity)('${tname(i)}'),\n    (0, typeorm_1.Unique)('uq_${tname(i)}_code', ['code'])\n], ${C});`, '');
  return lines.join('\n');
}

/** entities-v1/, entities-v2/ (JS) and, when asked, entities-ts-v2/ (TypeScript source) and entities-v3/. */
function writeEntities(dir, n, dialect, { ts = false, v3 = false } = {}) {
  const variants = [['entities-v1', 1, 'js'], ['entities-v2', 2, 'js']];
  if (ts) variants.push(['entities-ts-v2', 2, 'ts']);
  if (v3) variants.push(['entities-v3', 3, 'js']);
  for (const [folder, version, kind] of variants) {
    const out = path.join(dir, folder);
    fs.mkdirSync(out, { recursive: true });
    for (let i = 0; i < n; i++) {
      fs.writeFileSync(path.join(out, `${tname(i)}.${kind}`), kind === 'ts' ? entityTs(i, dialect, version) : entityJs(i, dialect, version));
    }
    const names = Array.from({ length: n }, (_, i) => i);
    fs.writeFileSync(
      path.join(out, `index.${kind}`),
      kind === 'ts'
        ? names.map((i) => `import { ${cname(i)} } from './${tname(i)}';`).join('\n') + `\n\nexport const entities = [${names.map(cname).join(', ')}];\n`
        : `"use strict";\nexports.entities = [\n${names.map((i) => `  require('./${tname(i)}').${cname(i)},`).join('\n')}\n];\n`,
    );
  }
}

/** The v1 schema as TypeORM's synchronize creates it, in statements (tables, then foreign keys). */
function v1Ddl(n, dialect) {
  const out = [];
  const fks = [];
  for (let i = 0; i < n; i++) {
    const t = tname(i);
    const p = tname(i === 0 ? 0 : i - 1);
    if (dialect === 'postgres') {
      out.push(`CREATE TYPE "public"."${t}_status_enum" AS ENUM('new', 'active', 'archived')`);
      out.push(
        `CREATE TABLE "${t}" ("id" SERIAL NOT NULL, "code" character varying(32) NOT NULL, "name" character varying(100) NOT NULL, "body" text NOT NULL, ` +
          `"active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP NOT NULL, "price" numeric(10,2) NOT NULL, ` +
          `"status" "public"."${t}_status_enum" NOT NULL DEFAULT 'new', "tags" text array, "note" character varying(50), "prev_id" integer, ` +
          `CONSTRAINT "uq_${t}_code" UNIQUE ("code"), CONSTRAINT "pk_${t}" PRIMARY KEY ("id"))`,
      );
      out.push(`CREATE INDEX "ix_${t}_created_at" ON "${t}" ("created_at")`);
      fks.push(`ALTER TABLE "${t}" ADD CONSTRAINT "fk_${t}_prev" FOREIGN KEY ("prev_id") REFERENCES "${p}"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    } else {
      out.push(
        `CREATE TABLE "${t}" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "code" varchar(32) NOT NULL, "name" varchar(100) NOT NULL, "body" text NOT NULL, ` +
          `"active" boolean NOT NULL DEFAULT (1), "created_at" datetime NOT NULL, "price" numeric(10,2) NOT NULL, ` +
          `"status" varchar CHECK( "status" IN ('new','active','archived') ) NOT NULL DEFAULT ('new'), "note" varchar(50), "prev_id" integer, ` +
          `CONSTRAINT "uq_${t}_code" UNIQUE ("code"), ` +
          `CONSTRAINT "fk_${t}_prev" FOREIGN KEY ("prev_id") REFERENCES "${p}" ("id") ON DELETE NO ACTION ON UPDATE NO ACTION)`,
      );
      out.push(`CREATE INDEX "ix_${t}_created_at" ON "${t}" ("created_at")`);
    }
  }
  return [...out, ...fks];
}

/**
 * data-source.js: the one DataSource of the workload. BENCH_DB_URL (PostgreSQL URL or SQLite
 * file), BENCH_MODELS (entities-v1 | entities-v2, default v2), BENCH_MIGRATIONS (a folder of
 * TypeORM migrations, for migration:run / migration:show).
 */
function writeDataSource(dir, dialect) {
  // The connection options in a module of their own (what templates/datasource/env.ts suggests
  // for start-up without entities); data-source.js, which both tools' model comes from, adds the entities.
  fs.writeFileSync(
    path.join(dir, 'db-options.js'),
    `"use strict";\nexports.dbOptions = { ${dialect === 'postgres' ? "type: 'postgres', url: process.env.BENCH_DB_URL" : "type: 'better-sqlite3', database: process.env.BENCH_DB_URL"} };\n`,
  );
  fs.writeFileSync(
    path.join(dir, 'data-source.js'),
    `"use strict";
const path = require('path');
const { DataSource } = require('typeorm');
const { dbOptions } = require('./db-options');
const { entities } = require('./' + (process.env.BENCH_MODELS || 'entities-v2'));
const migrations = process.env.BENCH_MIGRATIONS ? [path.join(__dirname, process.env.BENCH_MIGRATIONS, '*.js')] : [];
exports.AppDataSource = new DataSource({
  ...dbOptions,
  entities,
  migrations,
  logging: false,
});
`,
  );
}

/**
 * A mig environment at `location` using data-source.js; `ts` makes env.ts import TS entities;
 * `renameHints: n` adds env.js's `renames` export naming v3's rename in each of n tables.
 */
function writeMigEnv(dir, location, { tsEntities = false, connectionOnly, renameHints } = {}) {
  const env = path.join(dir, location);
  fs.mkdirSync(path.join(env, 'versions'), { recursive: true });
  fs.copyFileSync(path.join(migRoot, 'templates', 'generic', 'script.ts.ejs'), path.join(env, 'script.ts.ejs'));
  if (connectionOnly) {
    // Diagnostic: the same connection as DataSourceOptions, no DataSource module, no entities.
    fs.writeFileSync(
      path.join(env, 'env.js'),
      `"use strict";\nexports.dataSource = ${connectionOnly === 'postgres' ? "{ type: 'postgres', url: process.env.BENCH_DB_URL }" : "{ type: 'better-sqlite3', database: process.env.BENCH_DB_URL }"};\nexports.targetMetadata = [];\n`,
    );
  } else if (tsEntities) {
    fs.writeFileSync(
      path.join(env, 'env.ts'),
      `import { DataSource } from 'typeorm';\nimport { entities } from '../entities-ts-v2';\n\n` +
        `export const dataSource = new DataSource({ type: 'postgres', url: process.env.BENCH_DB_URL, entities });\nexport const targetMetadata = dataSource;\n`,
    );
  } else {
    // As templates/datasource/env.ts suggests: the connection options alone; the DataSource (and its entities) only for the model.
    const rel = path.relative(env, path.join(dir, 'data-source')).split(path.sep).join('/');
    const opts = path.relative(env, path.join(dir, 'db-options')).split(path.sep).join('/');
    const hints = renameHints ? `exports.renames = { columns: {\n${Array.from({ length: renameHints }, (_, i) => `  '${tname(i)}.note': 'remark',\n`).join('')}} };\n` : '';
    fs.writeFileSync(path.join(env, 'env.js'), `"use strict";\nexports.dataSource = async () => require('${opts}').dbOptions;\nexports.targetMetadata = async () => require('${rel}').AppDataSource;\n${hints}`);
  }
  const ini = location === 'migrations' ? 'mig.ini' : `${location}.ini`;
  fs.writeFileSync(path.join(dir, ini), `[mig]\nscript_location = ${location}\nfile_template = %%(rev)s_%%(slug)s\n`);
  return { ini: path.join(dir, ini), versions: path.join(env, 'versions') };
}

const revId = (i) => `a${String(i).padStart(11, '0')}`;

/** A mig revision file: `ts` or `js` (compiled CommonJS), with an upgrade body (op calls). */
function migRevision(kind, id, down, message, upgrade, downgrade) {
  const header = `/**\n * ${message}\n *\n * Revision ID: ${id}\n * Revises: ${down ?? ''}\n * Create Date: 2026-01-01 00:00:00.000\n */\n`;
  const d = down ? `'${down}'` : 'null';
  if (kind === 'ts') {
    return (
      header +
      `import type { Operations } from 'typeorm-mig';\n\nexport const revision = '${id}';\nexport const downRevision = ${d};\nexport const branchLabels = null;\nexport const dependsOn = null;\n\n` +
      `export async function upgrade(op: Operations): Promise<void> {\n${upgrade}}\n\nexport async function downgrade(op: Operations): Promise<void> {\n${downgrade}}\n`
    );
  }
  return (
    `"use strict";\n` +
    header +
    `Object.defineProperty(exports, "__esModule", { value: true });\nexports.revision = '${id}';\nexports.downRevision = ${d};\nexports.branchLabels = null;\nexports.dependsOn = null;\n` +
    `async function upgrade(op) {\n${upgrade}}\nexports.upgrade = upgrade;\nasync function downgrade(op) {\n${downgrade}}\nexports.downgrade = downgrade;\n`
  );
}

/** `count` chained revisions, each adding column extra_mK to table t(K mod tables). */
function writeMigRevisions(versions, count, tables, kind) {
  let down = null;
  for (let k = 1; k <= count; k++) {
    const id = revId(k);
    const t = tname((k - 1) % tables);
    fs.writeFileSync(
      path.join(versions, `${id}_add_extra_m${k}.${kind}`),
      migRevision(kind, id, down, `add extra_m${k}`, `  await op.addColumn('${t}', { name: 'extra_m${k}', type: 'integer', nullable: true });\n`, `  await op.dropColumn('${t}', 'extra_m${k}');\n`),
    );
    down = id;
  }
  return down;
}

const TS0 = 1700000000000;

/** The same `count` steps as TypeORM migrations (compiled JS classes), one file each. */
function writeTypeormMigrations(folder, count, tables) {
  fs.mkdirSync(folder, { recursive: true });
  const names = [];
  for (let k = 1; k <= count; k++) {
    const name = `AddExtraM${k}${TS0 + k}`;
    const t = tname((k - 1) % tables);
    names.push({ name, timestamp: TS0 + k });
    fs.writeFileSync(
      path.join(folder, `${TS0 + k}-AddExtraM${k}.js`),
      `"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\nexports.${name} = void 0;\n` +
        `class ${name} {\n    constructor() {\n        this.name = '${name}';\n    }\n` +
        `    async up(queryRunner) {\n        await queryRunner.query(\`ALTER TABLE "${t}" ADD "extra_m${k}" integer\`);\n    }\n` +
        `    async down(queryRunner) {\n        await queryRunner.query(\`ALTER TABLE "${t}" DROP COLUMN "extra_m${k}"\`);\n    }\n}\nexports.${name} = ${name};\n`,
    );
  }
  return names;
}

/** The floor: the same DDL in one transaction with the bare driver. */
function applyStatements(count, tables, dialect) {
  return Array.from({ length: count }, (_, j) => {
    const k = j + 1;
    return `ALTER TABLE "${tname((k - 1) % tables)}" ADD ${dialect === 'sqlite' ? 'COLUMN ' : ''}"extra_m${k}" integer`;
  });
}

function writeFloorScripts(dir) {
  fs.writeFileSync(
    path.join(dir, 'floor-pg.js'),
    `"use strict";
// node + pg: connect, BEGIN, the statements of apply.sql one by one, COMMIT.
const { Client } = require('pg');
const sql = require('fs').readFileSync(process.argv[3], 'utf8').split(';\\n').filter((s) => s.trim());
(async () => {
  const c = new Client({ connectionString: process.argv[2] });
  await c.connect();
  await c.query('BEGIN');
  for (const s of sql) await c.query(s);
  await c.query('COMMIT');
  await c.end();
})().catch((e) => { console.error(e); process.exit(1); });
`,
  );
  fs.writeFileSync(
    path.join(dir, 'floor-sqlite.js'),
    `"use strict";
// node + better-sqlite3: the statements of apply.sql one by one in one transaction.
const Database = require('better-sqlite3');
const sql = require('fs').readFileSync(process.argv[3], 'utf8').split(';\\n').filter((s) => s.trim());
const db = new Database(process.argv[2]);
db.transaction(() => { for (const s of sql) db.prepare(s).run(); })();
db.close();
`,
  );
}

module.exports = {
  REPO,
  MIG_ROOT: REPO,
  BIN: path.join(REPO, 'bin', 'run.js'),
  snapshotBuild,
  TYPEORM_CLI,
  tname,
  makeProjectDir,
  writeEntities,
  v1Ddl,
  writeDataSource,
  writeMigEnv,
  migRevision,
  revId,
  writeMigRevisions,
  writeTypeormMigrations,
  applyStatements,
  writeFloorScripts,
};
