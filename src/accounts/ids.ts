import { randomBytes } from 'node:crypto';

/** A new object id: a readable prefix and 96 random bits (`flow_Xy3...`). */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`;
}
