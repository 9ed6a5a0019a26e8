/**
 * Fitting an event into the 256 KB payload limit (docs/server.md, deliveries): a
 * `flow.completed` event's largest `keys` values are shortened, each marked, and the event
 * links the execution; any other event over the limit cannot be sent.
 */
import { FLOW_COMPLETED, type FlowCompletedData, type WebhookEvent } from './events.js';
import { MAX_PAYLOAD_BYTES } from './payload.js';

export type FittedPayload =
  { ok: true; payload: string; trimmed: boolean } | { ok: false; bytes: number };

// `,"truncated":true,"originalBytes":` and up to 14 digits: what marking a key adds.
const MARKER_BYTES = 48;

const bytesOf = (text: string): number => Buffer.byteLength(text, 'utf8');

/**
 * The event as the exact JSON body every attempt sends: as is when it fits, else a trimmed
 * `flow.completed` (with `data.executionUrl` when given), else `ok: false` and its size.
 */
export function fitPayload(event: WebhookEvent, executionUrl?: string): FittedPayload {
  const payload = JSON.stringify(event);
  const bytes = bytesOf(payload);
  if (bytes <= MAX_PAYLOAD_BYTES) return { ok: true, payload, trimmed: false };
  if (event.type === FLOW_COMPLETED) {
    const trimmed = trimKeys(event as WebhookEvent<FlowCompletedData>, executionUrl);
    if (trimmed !== undefined) return { ok: true, payload: trimmed, trimmed: true };
  }
  return { ok: false, bytes };
}

/**
 * Shortens string `keys` values, largest first, each just enough (or to '') until the
 * payload fits; undefined when even that is not enough. Cutting n UTF-8 bytes of a value
 * shrinks its JSON by at least n (escaping only lengthens), so one pass suffices.
 */
function trimKeys(event: WebhookEvent<FlowCompletedData>, executionUrl?: string) {
  const keys: FlowCompletedData['keys'] = event.data.keys.map((key) => ({ ...key }));
  const trimmed = { ...event, data: { ...event.data, keys, executionUrl } };
  const largestFirst = keys
    .map((key, index) => ({ index, bytes: typeof key.value === 'string' ? bytesOf(key.value) : 0 }))
    .filter(({ bytes }) => bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
  for (const { index, bytes } of largestFirst) {
    const over = bytesOf(JSON.stringify(trimmed)) - MAX_PAYLOAD_BYTES;
    if (over <= 0) break;
    const key = keys[index];
    if (key === undefined || typeof key.value !== 'string') continue;
    const kept = prefixOfBytes(key.value, bytes - over - MARKER_BYTES);
    keys[index] = { name: key.name, value: kept, truncated: true, originalBytes: bytes };
  }
  const payload = JSON.stringify(trimmed);
  return bytesOf(payload) <= MAX_PAYLOAD_BYTES ? payload : undefined;
}

/** The longest prefix of `text` of at most `limit` UTF-8 bytes, never splitting a character. */
function prefixOfBytes(text: string, limit: number): string {
  if (limit <= 0) return '';
  const cut = Buffer.from(text, 'utf8').subarray(0, limit).toString('utf8');
  // A character cut in two decodes as U+FFFD at the end: drop it.
  return text.startsWith(cut) ? cut : cut.slice(0, -1);
}
