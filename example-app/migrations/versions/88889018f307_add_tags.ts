/**
 * add tags
 *
 * Revision ID: 88889018f307
 * Revises: 67c8fb6d33c4
 * Create Date: 2026-12-07 05:04:27.906
 */
import type { Operations } from 'typeorm-mig';

export const revision = '88889018f307';
export const downRevision = '67c8fb6d33c4';
export const branchLabels = null;
export const dependsOn = null;

export async function upgrade(op: Operations): Promise<void> {
  await op.createTable(
    'tags',
    [
      { name: 'id', type: 'integer', primary: true, generated: 'increment' },
      { name: 'name', type: 'varchar', length: 50 },
    ],
    op.unique(['name'], { name: 'UQ_d90243459a697eadb8ad56e9092' }),
  );
  await op.createTable(
    'post_tags',
    [
      { name: 'postsId', type: 'integer' },
      { name: 'tagsId', type: 'integer' },
    ],
    op.primaryKey(['postsId', 'tagsId']),
    op.foreignKey(['tagsId'], 'tags', ['id'], { name: 'FK_03dde65485412da025858f03051' }),
    op.foreignKey(['postsId'], 'posts', ['id'], {
      name: 'FK_e989388f06246063f9af1798098',
      onDelete: 'CASCADE',
      onUpdate: 'CASCADE',
    }),
  );
  await op.createIndex('IDX_03dde65485412da025858f0305', 'post_tags', ['tagsId']);
  await op.createIndex('IDX_e989388f06246063f9af179809', 'post_tags', ['postsId']);
}

export async function downgrade(op: Operations): Promise<void> {
  await op.dropIndex('IDX_e989388f06246063f9af179809', 'post_tags');
  await op.dropIndex('IDX_03dde65485412da025858f0305', 'post_tags');
  await op.dropTable('post_tags');
  await op.dropTable('tags');
}
