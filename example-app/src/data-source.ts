import 'reflect-metadata';
import * as path from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { Comment } from './entities/Comment';
import { Post } from './entities/Post';
import { Tag } from './entities/Tag';
import { User } from './entities/User';

export const entities = [User, Post, Tag, Comment];

/**
 * SQLite file next to package.json by default (no server needed); PostgreSQL when
 * DATABASE_URL is set, e.g. DATABASE_URL=postgres://app:secret@localhost:5432/blog.
 */
function connectionOptions(): DataSourceOptions {
  const url = process.env.DATABASE_URL;
  if (url) return { type: 'postgres', url, entities };
  return { type: 'sqlite', database: path.join(__dirname, '..', 'blog.sqlite'), entities };
}

/** The application's DataSource. The schema is mig's job: never `synchronize: true`. */
export const AppDataSource = new DataSource({ ...connectionOptions(), synchronize: false, logging: false });
