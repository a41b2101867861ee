/**
 * Preloaded (`node -r`) into a tool's process for one untimed run: counts the statements the
 * process sends through pg (Client#query) and better-sqlite3 (Statement#run/all/get/iterate,
 * Database#exec), and at exit writes { statements, catalog, maxRssKb, sql } to
 * $BENCH_COUNT_FILE. "catalog" are those reading pg_catalog / information_schema /
 * sqlite_master / PRAGMAs. Nothing in src/ is involved: it works the same for mig and TypeORM.
 */
const fs = require('node:fs');
const path = require('node:path');
const { createRequire } = require('node:module');

const out = process.env.BENCH_COUNT_FILE;
const counts = { statements: 0, catalog: 0, sql: [] };
const CATALOG = /\b(pg_catalog|information_schema|pg_(?:class|namespace|attribute|attrdef|type|enum|constraint|index|indexes|tables|views|matviews|depend|description|proc|inherits|sequences?|extension|collation)|sqlite_master|sqlite_schema|pragma|to_regclass)\b/i;

function note(sql) {
  const text = String(sql ?? '');
  counts.statements++;
  if (CATALOG.test(text)) counts.catalog++;
  counts.sql.push(text.replace(/\s+/g, ' ').slice(0, 160));
}

const req = createRequire(path.join(process.cwd(), 'bench-count.js'));
try {
  const pg = req('pg');
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (q, ...rest) {
    note(typeof q === 'string' ? q : q && q.text);
    return query.call(this, q, ...rest);
  };
} catch {
  /* no pg in this project */
}
try {
  const Database = req('better-sqlite3');
  const probe = new Database(':memory:');
  const Statement = Object.getPrototypeOf(probe.prepare('SELECT 1'));
  probe.close();
  for (const name of ['run', 'all', 'get', 'iterate']) {
    const fn = Statement[name];
    Statement[name] = function (...args) {
      note(this.source);
      return fn.apply(this, args);
    };
  }
  const exec = Database.prototype.exec;
  Database.prototype.exec = function (sql) {
    note(sql);
    return exec.call(this, sql);
  };
} catch {
  /* no better-sqlite3 */
}

process.on('exit', () => {
  if (!out) return;
  fs.writeFileSync(out, JSON.stringify({ ...counts, maxRssKb: process.resourceUsage().maxRSS }));
});
