#!/usr/bin/env node
/**
 * Writes example-app's revision history again with `mig revision --autogenerate` on SQLite, from
 * the entities as they were at each step (today's, with what came later taken out), so that the
 * committed revisions are autogenerate's output, unedited, and run on SQLite and PostgreSQL.
 *
 *   node scripts/example-history.js [APP_DIR]     (default: example-app/, after its npm install)
 *
 * Steps (the same ids and messages each time): create users and posts; add post status; from
 * there two branches, add tags and add comments; their merge; add user preferences and status
 * index. APP_DIR's src/ is restored at the end; its versions/ and SQLite file are replaced.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const app = path.resolve(process.argv[2] ?? path.join(__dirname, '..', 'example-app'));
const versions = path.join(app, 'migrations', 'versions');
const database = path.join(app, 'blog.sqlite');

/** What each later step adds to today's entities: the exact text it added, or [text, what it was before]. */
const FEATURES = {
  status: {
    'entities/Post.ts': ["  /** `simple-enum`: a CHECK constraint on SQLite, an enum type on PostgreSQL. */\n  @Column({ type: 'simple-enum', enum: PostStatus, default: PostStatus.Draft })\n  status: PostStatus;\n\n"],
  },
  tags: {
    'entities/Post.ts': ["import { Tag } from './Tag';\n", "  @ManyToMany(() => Tag, (tag) => tag.posts)\n  @JoinTable({ name: 'post_tags' })\n  tags: Tag[];\n\n"],
    'data-source.ts': ["import { Tag } from './entities/Tag';\n", ' Tag,'],
  },
  comments: {
    'entities/Post.ts': ["import { Comment } from './Comment';\n", '  @OneToMany(() => Comment, (comment) => comment.post)\n  comments: Comment[];\n\n'],
    'entities/User.ts': ["import { Comment } from './Comment';\n", '\n  @OneToMany(() => Comment, (comment) => comment.author)\n  comments: Comment[];\n'],
    'data-source.ts': ["import { Comment } from './entities/Comment';\n", [', Comment]', ']']],
  },
  preferences: {
    'entities/User.ts': ["  @Column({ type: 'simple-json', nullable: true })\n  preferences: UserPreferences | null;\n\n"],
  },
  statusIndex: {
    'entities/Post.ts': ["@Index('ix_posts_status_created', ['status', 'createdAt'])\n"],
  },
};

const STEPS = [
  { id: 'd1c654f68ead', message: 'create users and posts', features: [] },
  { id: '67c8fb6d33c4', message: 'add post status', features: ['status'] },
  { id: '88889018f307', message: 'add tags', features: ['status', 'tags'], upgrade: false },
  { id: '35d65576d42d', message: 'add comments', features: ['status', 'comments'], head: '67c8fb6d33c4', upgrade: false },
  { id: '2c05ba078f1c', message: 'merge tags and comments', merge: true },
  { id: '4282e2978943', message: 'add user preferences and status index', features: Object.keys(FEATURES) },
];

const src = path.join(app, 'src');
const files = [...new Set(Object.values(FEATURES).flatMap((f) => Object.keys(f)))];
const today = Object.fromEntries(files.map((f) => [f, fs.readFileSync(path.join(src, f), 'utf8')]));

/** Today's sources without what the features left out added. */
function entitiesWith(features) {
  for (const f of files) {
    let text = today[f];
    for (const [name, edits] of Object.entries(FEATURES)) {
      if (features.includes(name)) continue;
      for (const edit of edits[f] ?? []) {
        const [added, before] = typeof edit === 'string' ? [edit, ''] : edit;
        // Missing text means the entities changed: say where, rather than write a wrong history.
        if (!text.includes(added)) throw new Error(`${f} no longer holds what "${name}" added: ${JSON.stringify(added)}; update scripts/example-history.js`);
        text = text.replace(added, before);
      }
    }
    fs.writeFileSync(path.join(src, f), text);
  }
}

function mig(args) {
  const bin = path.join(app, 'node_modules', 'typeorm-mig', 'bin', 'run.js');
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: app, encoding: 'utf8', env: { ...process.env, DATABASE_URL: '', MIG_CONFIG: '' } });
  if (r.status !== 0) throw new Error(`mig ${args.join(' ')} failed:\n${r.stdout}${r.stderr}`);
  process.stdout.write(r.stdout);
}

try {
  for (const f of fs.readdirSync(versions)) fs.rmSync(path.join(versions, f));
  fs.rmSync(database, { force: true });
  for (const step of STEPS) {
    if (step.merge) {
      mig(['merge', 'heads', '-m', step.message, '--rev-id', step.id]);
    } else {
      entitiesWith(step.features);
      const base = step.head ? ['--head', step.head, '--splice'] : [];
      mig(['revision', '--autogenerate', '-m', step.message, '--rev-id', step.id, ...base]);
    }
    if (step.upgrade !== false) mig(['upgrade', 'head']);
  }
} finally {
  for (const f of files) fs.writeFileSync(path.join(src, f), today[f]);
  fs.rmSync(database, { force: true });
}
