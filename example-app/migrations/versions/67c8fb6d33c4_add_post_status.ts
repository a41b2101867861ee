/**
 * add post status
 *
 * Revision ID: 67c8fb6d33c4
 * Revises: d1c654f68ead
 * Create Date: 2026-12-07 05:04:26.757
 */
import type { Operations } from 'typeorm-mig';

export const revision = '67c8fb6d33c4';
export const downRevision = 'd1c654f68ead';
export const branchLabels = null;
export const dependsOn = null;

export async function upgrade(op: Operations): Promise<void> {
  // PostgreSQL only: enum type (SQLite checks the column's values)
  await op.createEnum('posts_status_enum', ['draft', 'published', 'archived']);
  await op.addColumn('posts', {
    name: 'status',
    type: 'simple-enum',
    enum: ['draft', 'published', 'archived'],
    default: 'draft',
  });
}

export async function downgrade(op: Operations): Promise<void> {
  await op.dropColumn('posts', 'status');
  // PostgreSQL only: enum type (SQLite checks the column's values)
  await op.dropEnum('posts_status_enum');
}
