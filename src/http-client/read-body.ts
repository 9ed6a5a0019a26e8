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

/**
 * Reads a response body, undoing `Content-Encoding` (gzip, deflate, br) and counting the
 * DECOMPRESSED bytes (SPEC §3 response cap): reading stops, and the connection is torn
 * down, as soon as the cap is passed, so a gzip bomb costs at most one inflate chunk.
 * Unknown encodings are passed through as-is; the body is decoded as UTF-8.
 */
export async function readBody(
  body: Readable,
  contentEncoding: string | undefined,
  maxBytes: number,
): Promise<BodyReadResult> {
  const encodings = (contentEncoding ?? '')
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
  return { kind: 'ok', text: new TextDecoder('utf-8').decode(Buffer.concat(chunks)) };
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
