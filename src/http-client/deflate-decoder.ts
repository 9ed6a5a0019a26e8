import { Transform, type TransformCallback } from 'node:stream';
import { constants, createInflate, createInflateRaw } from 'node:zlib';

/** Lenient flushing, as browsers do: a body cut right at its end still yields what arrived. */
export const LENIENT_INFLATE = { finishFlush: constants.Z_SYNC_FLUSH };

/**
 * `Content-Encoding: deflate` should be zlib-wrapped (RFC 9110 §8.4.1.2) but some servers send
 * raw deflate; like browsers, the first two bytes decide which inflater undoes it.
 */
export class DeflateDecoder extends Transform {
  private inner: Transform | undefined;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const inner = this.inner ?? this.start(chunk);
    inner.write(chunk, () => {
      done();
    });
  }

  override _flush(done: TransformCallback): void {
    const inner = this.inner;
    if (inner === undefined) {
      done();
      return;
    }
    inner.once('end', () => {
      done();
    });
    inner.end();
  }

  override _destroy(error: Error | null, done: (error: Error | null) => void): void {
    this.inner?.destroy();
    done(error);
  }

  private start(chunk: Buffer): Transform {
    const [first = 0, second = 0] = chunk;
    // A zlib header: compression method 8 and a header checksum divisible by 31 (RFC 1950).
    const wrapped = (first & 0x0f) === 8 && ((first << 8) | second) % 31 === 0;
    const inner = wrapped ? createInflate(LENIENT_INFLATE) : createInflateRaw(LENIENT_INFLATE);
    inner.on('data', (data: Buffer) => this.push(data));
    inner.on('error', (error) => this.destroy(error));
    this.inner = inner;
    return inner;
  }
}
