/**
 * merge tags and comments
 *
 * Revision ID: 2c05ba078f1c
 * Revises: 35d65576d42d, 88889018f307
 * Create Date: 2026-12-07 05:04:28.703
 */
import type { Operations } from 'typeorm-mig';

export const revision = '2c05ba078f1c';
export const downRevision = ['35d65576d42d', '88889018f307'];
export const branchLabels = null;
export const dependsOn = null;

export async function upgrade(op: Operations): Promise<void> {
}

export async function downgrade(op: Operations): Promise<void> {
}
