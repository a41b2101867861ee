/** docs/safety.md lists every lint rule with the severity and databases the code gives it. */
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../../src/lint/rules';
import { REPO } from '../helpers/project';

describe('docs/safety.md', () => {
  it('has one row per lint rule, with its severity, databases, reason, fix and source', () => {
    const text = fs.readFileSync(path.join(REPO, 'docs', 'safety.md'), 'utf8');
    const rows = [...text.matchAll(/^\| `([a-z-]+)` \| (\w+) \| ([^|]+) \| ([^|]+) \| ((?:[^|]|\\\|)+) \| ([^|]+) \|$/gm)].map((m) => m.slice(1).map((s) => s.trim()));
    const NAMES: Record<string, string> = { postgres: 'PostgreSQL', sqlite: 'SQLite', mysql: 'MySQL' };
    const databases = (d?: string[]) => (d ? d.map((x) => NAMES[x]).join(', ') : 'all');
    expect(rows).to.deep.equal(RULES.map((r) => [r.id, r.severity, databases(r.dialects), r.reason, r.fix, r.source]));
  });
});
