import { randomFillSync } from 'node:crypto';

const ID_BYTES = 12;
// Random bytes are drawn from the OS a pool at a time: one call per 341 ids, not one each.
const pool = Buffer.alloc(ID_BYTES * 341);
let used = pool.length;

function randomPart(): string {
  if (used === pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  const bytes = pool.subarray(used, used + ID_BYTES);
  used += ID_BYTES;
  return bytes.toString('base64url');
}

/** A new object id: a readable prefix and 96 random bits (`flow_Xy3...`). */
export function newId(prefix: string): string {
  return `${prefix}_${randomPart()}`;
}

// Digits before letters, as in ASCII: the text sorts like the number.
const SORTABLE_DIGITS = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * A new id that starts with the creation time (milliseconds, 10 base-32 digits that sort as
 * text) and then has 96 random bits, like `newId`: `exec_01jd3k9x2m` + random. Rows of
 * objects made at a high rate (executions) then land next to each other in the primary key
 * index instead of on random pages, so a commit writes fewer pages.
 */
export function newTimeOrderedId(prefix: string, nowMs: number): string {
  let time = '';
  let rest = Math.max(0, Math.floor(nowMs));
  for (let digit = 0; digit < 10; digit++) {
    time = SORTABLE_DIGITS.charAt(rest % 32) + time;
    rest = Math.floor(rest / 32);
  }
  return `${prefix}_${time}${randomPart()}`;
}
