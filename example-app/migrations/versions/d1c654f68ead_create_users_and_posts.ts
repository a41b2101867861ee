/**
 * create users and posts
 *
 * Revision ID: d1c654f68ead
 * Revises: 
 * Create Date: 2026-12-07 05:04:25.601
 */
import { now, type Operations } from 'typeorm-mig';

export const revision = 'd1c654f68ead';
export const downRevision = null;
export const branchLabels = null;
export const dependsOn = null;

export async function upgrade(op: Operations): Promise<void> {
  await op.createTable(
    'users',
    [
      { name: 'id', type: 'integer', primary: true, generated: 'increment' },
      { name: 'email', type: 'varchar', length: 200 },
      { name: 'name', type: 'varchar', length: 100 },
      { name: 'createdAt', type: 'datetime', default: now() },
      { name: 'updatedAt', type: 'datetime', default: now() },
    ],
    op.unique(['email'], { name: 'UQ_97672ac88f789774dd47f7c8be3' }),
  );
  await op.createTable(
    'posts',
    [
      { name: 'id', type: 'integer', primary: true, generated: 'increment' },
      { name: 'title', type: 'varchar', length: 200 },
      { name: 'body', type: 'text', default: '' },
      { name: 'createdAt', type: 'datetime', default: now() },
      { name: 'updatedAt', type: 'datetime', default: now() },
      { name: 'authorId', type: 'integer' },
    ],
    op.foreignKey(['authorId'], 'users', ['id'], {
      name: 'FK_c5a322ad12a7bf95460c958e80e',
      onDelete: 'CASCADE',
    }),
  );
  await op.createIndex('IDX_2d82eb2bb2ddd7a6bfac8804d8', 'posts', ['title']);
}

export async function downgrade(op: Operations): Promise<void> {
  await op.dropIndex('IDX_2d82eb2bb2ddd7a6bfac8804d8', 'posts');
  await op.dropTable('posts');
  await op.dropTable('users');
}
