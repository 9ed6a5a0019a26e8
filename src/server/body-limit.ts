import { HooklineError } from './errors.js';

/** Request bodies over this are refused with 413 (issue: e.g. 1 MB). */
export const MAX_BODY_BYTES = 1024 * 1024;

export const bodyTooLarge = (limit = MAX_BODY_BYTES): HooklineError =>
  new HooklineError('PAYLOAD_TOO_LARGE', `request bodies are limited to ${limit} bytes`);

/** A web request body as UTF-8 text, refused past `limit` bytes. */
export async function readText(
  body: ReadableStream<Uint8Array> | null,
  limit: number,
): Promise<string> {
  if (body === null) return '';
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks).toString('utf8');
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw bodyTooLarge(limit);
    }
    chunks.push(value);
  }
}
