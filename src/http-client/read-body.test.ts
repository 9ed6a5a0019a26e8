import { Readable } from 'node:stream';
import { brotliCompressSync, createGzip, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readBody } from './read-body.js';

/** An endless gzip stream of zeros, counting the compressed bytes it hands out. */
function endlessGzip(): { stream: Readable; consumed: () => number } {
  let consumed = 0;
  const zeros = new Readable({
    read() {
      this.push(Buffer.alloc(64 * 1024));
    },
  });
  async function* counted(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const chunk of source) {
      consumed += chunk.length;
      yield chunk;
    }
  }
  return { stream: Readable.from(counted(zeros.pipe(createGzip()))), consumed: () => consumed };
}

describe('readBody', () => {
  it('stops an endless gzip bomb at the cap, having read only a little of it', async () => {
    const { stream, consumed } = endlessGzip();
    const result = await readBody(stream, 'gzip', 1024);
    expect(result).toEqual({ kind: 'too-large' });
    // Zeros compress ~1000:1, so reading ahead is cheap; what matters is that it ended at all.
    expect(consumed()).toBeLessThan(1024 * 1024);
    expect(stream.destroyed).toBe(true);
  });

  it('undoes stacked encodings in reverse order', async () => {
    const body = brotliCompressSync(gzipSync(Buffer.from('hello', 'utf8')));
    expect(await readBody(Readable.from([body]), 'gzip, br', 100)).toEqual({
      kind: 'ok',
      text: 'hello',
    });
  });

  it('passes an unknown encoding through untouched', async () => {
    expect(await readBody(Readable.from([Buffer.from('raw')]), 'zstd', 100)).toEqual({
      kind: 'ok',
      text: 'raw',
    });
    expect(await readBody(Readable.from([Buffer.from('raw')]), 'identity', 100)).toEqual({
      kind: 'ok',
      text: 'raw',
    });
  });

  it('reports a corrupt compressed body as undecodable', async () => {
    expect(await readBody(Readable.from([Buffer.from('nope nope')]), 'deflate', 100)).toEqual({
      kind: 'undecodable',
      encoding: 'deflate',
    });
  });

  it('decodes UTF-8 split across chunks, and an empty body as ""', async () => {
    const bytes = Buffer.from('📞', 'utf8');
    const chunks = [bytes.subarray(0, 2), bytes.subarray(2)];
    expect(await readBody(Readable.from(chunks), undefined, 100)).toEqual({
      kind: 'ok',
      text: '📞',
    });
    expect(await readBody(Readable.from([]), undefined, 100)).toEqual({ kind: 'ok', text: '' });
  });

  it('drops a leading UTF-8 BOM, as a TextDecoder does', async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    expect(await readBody(Readable.from([bom, Buffer.from('{}')]), undefined, 100)).toEqual({
      kind: 'ok',
      text: '{}',
    });
  });

  it('stops a plain body at the cap and destroys it', async () => {
    const stream = Readable.from([Buffer.alloc(60), Buffer.alloc(60), Buffer.alloc(60)]);
    expect(await readBody(stream, undefined, 100)).toEqual({ kind: 'too-large' });
    expect(stream.destroyed).toBe(true);
  });

  it('reports a plain body that is destroyed before its end as an error', async () => {
    const stream = new Readable({ read: () => undefined });
    stream.push(Buffer.from('partial'));
    setImmediate(() => stream.destroy());
    expect(await readBody(stream, undefined, 100)).toMatchObject({ kind: 'error' });
  });
});
