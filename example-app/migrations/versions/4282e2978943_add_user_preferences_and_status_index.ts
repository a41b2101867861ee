/**
 * add user preferences and status index
 *
 * Revision ID: 4282e2978943
 * Revises: 2c05ba078f1c
 * Create Date: 2026-12-07 05:04:29.901
 */
import type { Operations } from 'typeorm-mig';

export const revision = '4282e2978943';
export const downRevision = '2c05ba078f1c';
export const branchLabels = null;
export const dependsOn = null;

export async function upgrade(op: Operations): Promise<void> {
  await op.createIndex('ix_posts_status_created', 'posts', ['status', 'createdAt']);
  await op.addColumn('users', { name: 'preferences', type: 'text', nullable: true });
}

export async function downgrade(op: Operations): Promise<void> {
  await op.dropColumn('users', 'preferences');
  await op.dropIndex('ix_posts_status_created', 'posts');
}
