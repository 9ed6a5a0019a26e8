import type { Readable, Transform } from 'node:stream';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { constants, createBrotliDecompress, createGunzip } from 'node:zlib';
import { DeflateDecoder, LENIENT_INFLATE } from './deflate-decoder.js';

/** How reading a body ended. */
export type BodyReadResult =
  | { kind: 'ok'; text: string }
  | { kind: 'too-large' }
  | { kind: 'undecodable'; encoding: string }
  | { kind: 'error'; error: unknown };

class CapExceeded extends Error {}

// One decoder for every body: `decode()` without `stream` keeps no state between calls. Like
// the per-body decoder it replaces, it drops a leading BOM and replaces invalid bytes.
const UTF8 = new TextDecoder('utf-8');

/**
 * Reads a response body, undoing `Content-Encoding` (gzip, deflate, br) and counting the
 * DECOMPRESSED bytes (docs/webhook-widget.md response cap): reading stops, and the connection is torn
 * down, as soon as the cap is passed, so a gzip bomb costs at most one inflate chunk.
 * Unknown encodings are passed through as-is; the body is decoded as UTF-8.
 */
export function readBody(
  body: Readable,
  contentEncoding: string | undefined,
  maxBytes: number,
): Promise<BodyReadResult> {
  // Not async: the common plain body's promise is returned as it is, not wrapped in another.
  return contentEncoding === undefined
    ? readPlain(body, maxBytes)
    : readEncoded(body, contentEncoding, maxBytes);
}

async function readEncoded(
  body: Readable,
  contentEncoding: string,
  maxBytes: number,
): Promise<BodyReadResult> {
  const encodings = contentEncoding
    .split(',')
    .map((token) => token.trim().toLowerCase())
    .filter((token) => token !== '' && token !== 'identity');
  const decoders: Transform[] = [];
  // Codings are listed in the order applied, so they are undone in reverse.
  for (const encoding of [...encodings].reverse()) {
    const decoder = decoderFor(encoding);
    if (decoder === undefined) break;
    decoders.push(decoder);
  }
  if (decoders.length === 0) return readPlain(body, maxBytes);
  const chunks: Buffer[] = [];
  let total = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      total += chunk.length;
      if (total > maxBytes) {
        done(new CapExceeded());
        return;
      }
      chunks.push(chunk);
      done();
    },
  });
  try {
    await pipeline([body, ...decoders, sink]);
  } catch (error) {
    if (error instanceof CapExceeded) return { kind: 'too-large' };
    if (isZlibError(error)) return { kind: 'undecodable', encoding: encodings.join(', ') };
    return { kind: 'error', error };
  }
  return { kind: 'ok', text: decodeUtf8(chunks, total) };
}

/**
 * The body as it arrives (no coding to undo), the common case: plain `data` events into a
 * chunk list with the running size checked against the cap, no pipeline, sink or decoder per
 * body. Past the cap the body is destroyed at once (undici then drops the connection).
 */
function readPlain(body: Readable, maxBytes: number): Promise<BodyReadResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let settled = false;
    const settle = (result: BodyReadResult): void => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    body.on('data', (data: Buffer | string) => {
      if (settled) return;
      const chunk = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      total += chunk.length;
      if (total > maxBytes) {
        settle({ kind: 'too-large' });
        // The 'error' listener below stays attached, so destroying cannot go uncaught.
        body.destroy();
        return;
      }
      chunks.push(chunk);
    });
    body.once('end', () => {
      settle({ kind: 'ok', text: decodeUtf8(chunks, total) });
    });
    body.on('error', (error: unknown) => {
      settle({ kind: 'error', error });
    });
    // Closed without 'end' or 'error' (destroyed quietly): the body is incomplete.
    body.once('close', () => {
      // Normally 'end' settled first: build the error (a stack capture) only when needed.
      if (!settled) settle({ kind: 'error', error: prematureClose() });
    });
  });
}

/** The body's bytes as text: UTF-8, a leading BOM dropped, invalid bytes replaced. */
export function decodeUtf8(chunks: readonly Buffer[], total: number): string {
  if (chunks.length === 1 && chunks[0] !== undefined) return UTF8.decode(chunks[0]);
  return UTF8.decode(Buffer.concat(chunks, total));
}

function prematureClose(): Error {
  return Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
}

function decoderFor(encoding: string): Transform | undefined {
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return createGunzip(LENIENT_INFLATE);
    case 'deflate':
      return new DeflateDecoder();
    case 'br':
      return createBrotliDecompress({ finishFlush: constants.BROTLI_OPERATION_FLUSH });
    default:
      return undefined;
  }
}

function isZlibError(error: unknown): boolean {
  return (
    error instanceof Error &&
    'code' in error &&
    typeof error.code === 'string' &&
    error.code.startsWith('Z_')
  );
}
