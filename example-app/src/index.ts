/**
 * The application: brings the database to the newest revision at start-up with mig's
 * programmatic API, then uses it through TypeORM as usual.
 */
import * as path from 'node:path';
import { Config, upgrade } from 'typeorm-mig';
import { AppDataSource } from './data-source';
import { Comment } from './entities/Comment';
import { Post, PostStatus } from './entities/Post';
import { Tag } from './entities/Tag';
import { User } from './entities/User';

async function main(): Promise<void> {
  // The same as `npx mig upgrade head`; concurrent starts wait for each other and apply each revision once.
  const { steps, heads } = await upgrade(Config.load(path.join(__dirname, '..', 'mig.ini')), 'head');
  console.log(`${steps.length ? `Applied ${steps.length} revision(s)` : 'No revision to apply'}; the database is at ${heads.join(', ')}.`);

  await AppDataSource.initialize();
  try {
    const users = AppDataSource.getRepository(User);
    const email = `ada+${Date.now()}@example.com`;
    const ada = await users.save(users.create({ email, name: 'Ada', preferences: { theme: 'dark' } }));
    const tag = await AppDataSource.getRepository(Tag).save({ name: `intro-${ada.id}` });
    const post = await AppDataSource.getRepository(Post).save({
      title: 'Hello, mig',
      body: 'Schema changes as reviewed revision files.',
      status: PostStatus.Published,
      author: ada,
      tags: [tag],
    });
    await AppDataSource.getRepository(Comment).save({ body: 'First!', post, author: ada });

    const read = await AppDataSource.getRepository(Post).findOneOrFail({
      where: { id: post.id },
      relations: { author: true, tags: true, comments: true },
    });
    console.log(
      `Post #${read.id} "${read.title}" [${read.status}] by ${read.author.name} <${read.author.email}>` +
        ` (theme ${ada.preferences?.theme}), tags: ${read.tags.map((t) => t.name).join(', ')}, comments: ${read.comments.length}`,
    );

    // Comments go with their post (ON DELETE CASCADE).
    await AppDataSource.getRepository(Post).delete(post.id);
    const left = await AppDataSource.getRepository(Comment).countBy({ post: { id: post.id } });
    console.log(`Deleted post #${post.id}; comments left: ${left}`);
  } finally {
    await AppDataSource.destroy();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
