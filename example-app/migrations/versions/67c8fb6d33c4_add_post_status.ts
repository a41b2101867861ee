/**
 * add post status
 *
 * Revision ID: 67c8fb6d33c4
 * Revises: d1c654f68ead
 * Create Date: 2026-11-26 06:45:53.833
 */
import type { Operations } from 'typeorm-mig';

export const revision = '67c8fb6d33c4';
export const downRevision = 'd1c654f68ead';
export const branchLabels = null;
export const dependsOn = null;

export async function upgrade(op: Operations): Promise<void> {
  // Edited after autogenerate (made on SQLite) so the history also runs on PostgreSQL: an enum
  // type there (createEnum does nothing on SQLite), a CHECK of the values on SQLite.
  await op.createEnum('posts_status_enum', ['draft', 'published', 'archived']);
  await op.addColumn('posts', {
    name: 'status',
    type: 'enum',
    enum: ['draft', 'published', 'archived'],
    enumName: 'posts_status_enum',
    default: 'draft',
  });
}

export async function downgrade(op: Operations): Promise<void> {
  await op.dropColumn('posts', 'status');
  await op.dropEnum('posts_status_enum');
}
