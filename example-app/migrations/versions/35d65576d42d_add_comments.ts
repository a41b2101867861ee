/**
 * add comments
 *
 * Revision ID: 35d65576d42d
 * Revises: 67c8fb6d33c4
 * Create Date: 2026-12-07 05:04:28.520
 */
import { now, type Operations } from 'typeorm-mig';

export const revision = '35d65576d42d';
export const downRevision = '67c8fb6d33c4';
export const branchLabels = null;
export const dependsOn = null;

export async function upgrade(op: Operations): Promise<void> {
  await op.createTable(
    'comments',
    [
      { name: 'id', type: 'integer', primary: true, generated: 'increment' },
      { name: 'body', type: 'text' },
      { name: 'createdAt', type: 'datetime', default: now() },
      { name: 'postId', type: 'integer' },
      { name: 'authorId', type: 'integer', nullable: true },
    ],
    op.foreignKey(['authorId'], 'users', ['id'], {
      name: 'FK_4548cc4a409b8651ec75f70e280',
      onDelete: 'SET NULL',
    }),
    op.foreignKey(['postId'], 'posts', ['id'], {
      name: 'FK_e44ddaaa6d058cb4092f83ad61f',
      onDelete: 'CASCADE',
    }),
  );
}

export async function downgrade(op: Operations): Promise<void> {
  await op.dropTable('comments');
}
