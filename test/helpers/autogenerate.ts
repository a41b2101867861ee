/**
 * A test project's entities and the CLI runs of the autogenerate workflow: write the entities,
 * run `mig`, and require `mig check` to be clean (showing the revision it would write otherwise).
 */
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MigProject } from './databases';
import { mig } from './project';

export const CLEAN = 'No new upgrade operations detected.\n';

/** `src/entities.ts` with `source`, and an env.ts whose targetMetadata is every class it exports. */
export function useSource(p: MigProject, source: string): void {
  fs.mkdirSync(path.join(p.dir, 'src'), { recursive: true });
  fs.writeFileSync(path.join(p.dir, 'src', 'entities.ts'), source);
  fs.writeFileSync(path.join(p.dir, 'migrations', 'env.ts'), "import * as entities from '../src/entities';\nexport const targetMetadata = Object.values(entities).filter((e) => typeof e === 'function');\n");
}

/** `mig args` must succeed; its output. */
export function ok(p: MigProject, args: string[]): string {
  const r = mig(p.dir, args);
  expect(r.status, `mig ${args.join(' ')}\n${r.stdout}\n${r.stderr}`).to.equal(0);
  return r.stdout;
}

/** `mig check`, with the revision-to-be in the message when it is not clean. */
export function expectClean(p: MigProject, what: string): void {
  const r = mig(p.dir, ['check']);
  if (r.status !== 0 || r.stdout !== CLEAN) {
    const preview = mig(p.dir, ['revision', '--autogenerate', '-m', 'spurious', '--rev-id', 'ffffffffffff']);
    const dir = path.join(p.dir, 'migrations', 'versions');
    const file = fs.readdirSync(dir).find((f) => f.startsWith('ffffffffffff'));
    const body = file ? fs.readFileSync(path.join(dir, file), 'utf8') : preview.stdout + preview.stderr;
    if (file) fs.rmSync(path.join(dir, file));
    expect.fail(`${what}: mig check is not clean\n${r.stdout}${r.stderr}\n${body}`);
  }
}

function revisionFile(p: MigProject, rev: string): string {
  const dir = path.join(p.dir, 'migrations', 'versions');
  const file = fs.readdirSync(dir).find((f) => f.startsWith(rev));
  if (!file) throw new Error(`no revision ${rev} in ${dir}`);
  return path.join(dir, file);
}

/** The text of the revision file whose id starts with `rev`. */
export function revisionText(p: MigProject, rev: string): string {
  return fs.readFileSync(revisionFile(p, rev), 'utf8');
}

/** Deletes a revision file (one the database was downgraded from). */
export function removeRevision(p: MigProject, rev: string): void {
  fs.rmSync(revisionFile(p, rev));
}
