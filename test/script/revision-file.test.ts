import { expect } from 'chai';
import { parseRevisionSource } from '../../src/script/revision-file';
import { commentText, tsLiteral } from '../../src/script/script-directory';
import { expectError } from '../helpers/graph';

const file = (body: string, header = '/**\n * add users\n *\n * Revision ID: abc123\n * Create Date: 2026-01-02 03:04:05.000\n */\n') => header + body;

describe('revision files read without running them', () => {
  it('reads the ids, labels, dependencies and the header', () => {
    const h = parseRevisionSource(
      file(`export const revision = 'abc123';\nexport const downRevision: string | string[] | null = ['p1', "p2"];\nexport const branchLabels = ['billing'] as const;\nexport const dependsOn = null;\n`),
      '/x/abc123_add_users.ts',
    );
    expect(h).to.include({ id: 'abc123', message: 'add users', createDate: '2026-01-02 03:04:05.000', path: '/x/abc123_add_users.ts' });
    expect(h.down).to.deep.equal(['p1', 'p2']);
    expect(h.branchLabels).to.deep.equal(['billing']);
    expect(h.dependsOn).to.deep.equal([]);
    expect(h.doc).to.contain('Revision ID: abc123');
  });

  it('reads compiled CommonJS output, skipping the void 0 initializers', () => {
    const h = parseRevisionSource(
      `"use strict";\n/**\n * first\n */\nObject.defineProperty(exports, "__esModule", { value: true });\nexports.dependsOn = exports.branchLabels = exports.downRevision = exports.revision = void 0;\nexports.revision = 'r1';\nexports.downRevision = null;\nexports.branchLabels = null;\nexports.dependsOn = ['x1'];\n`,
      'r1.js',
    );
    expect(h).to.include({ id: 'r1', message: 'first' });
    expect(h.down).to.deep.equal([]);
    expect(h.dependsOn).to.deep.equal(['x1']);
  });

  it("reads a squash's replaces (source and compiled output); none is an empty list", () => {
    const ts = parseRevisionSource("export const revision = 's1';\nexport const downRevision = 'a';\nexport const replaces = ['b1', 'b2', 'm'];\n", 's1.ts');
    expect(ts.replaces).to.deep.equal(['b1', 'b2', 'm']);
    const js = parseRevisionSource('exports.replaces = exports.downRevision = exports.revision = void 0;\nexports.revision = "s1";\nexports.downRevision = null;\nexports.replaces = ["b1"];\n', 's1.js');
    expect(js.replaces).to.deep.equal(['b1']);
    expect(parseRevisionSource("export const revision = 'r';\nexport const downRevision = null;\n", 'r.ts').replaces).to.deep.equal([]);
    expectError(() => parseRevisionSource("export const revision = 's';\nexport const downRevision = null;\nexport const replaces = IDS;\n", 's.ts'), /^s\.ts: replaces must be a string literal, an array of string literals, or null/, 'revision-file');
  });

  it('reads a message from line comments and keeps only its first paragraph', () => {
    const h = parseRevisionSource(`// add the\n// orders table\n//\n// more text\nexport const revision = "r2";\nexport const downRevision = undefined;\n`, 'r2.ts');
    expect(h.message).to.equal('add the orders table');
  });

  it('round-trips messages with comment terminators and literals with quotes', () => {
    const msg = 'fix */ and \'quotes\'';
    const src = `/**\n * ${commentText(msg)}\n */\nexport const revision = ${tsLiteral("it's")};\nexport const downRevision = ${tsLiteral(['a\\b'])};\n`;
    const h = parseRevisionSource(src, 'q.ts');
    expect(h.message).to.equal(msg);
    expect(h.id).to.equal("it's");
    expect(h.down).to.deep.equal(['a\\b']);
  });

  it('refuses a file without a literal revision id, naming the file', () => {
    expectError(() => parseRevisionSource('export const downRevision = null;\n', 'versions/x.ts'), /^versions\/x\.ts: no `export const revision = '<id>'`/, 'revision-file');
    expectError(() => parseRevisionSource('export const revision = makeId();\nexport const downRevision = null;\n', 'versions/y.ts'), /^versions\/y\.ts: revision must be a string literal/);
    expectError(() => parseRevisionSource('export const revision = `a${b}`;\nexport const downRevision = null;\n', 'z.ts'), /revision must be a string literal/);
    expectError(() => parseRevisionSource("export const revision = 'a';\n", 'w.ts'), /no `export const downRevision = \.\.\.`; use null for a first revision/);
    expectError(() => parseRevisionSource("export const revision = 'a';\nexport const revision = 'b';\nexport const downRevision = null;", 'v.ts'), /revision is declared twice/);
    expectError(() => parseRevisionSource("export const revision = 'a';\nexport const downRevision = [x];", 'u.ts'), /downRevision must be a string literal, an array of string literals, or null/);
  });
});
