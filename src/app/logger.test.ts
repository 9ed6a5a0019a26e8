import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

function capture(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
}

describe('logger', () => {
  it('redacts session cookies as it redacts Authorization headers', () => {
    const { stream, text } = capture();
    const log = createLogger({ destination: stream });
    log.info({
      req: { headers: { cookie: 'hookline_session=secret-token', authorization: 'Bearer k' } },
      res: { headers: { 'set-cookie': 'hookline_session=other-token; HttpOnly' } },
    });
    expect(text()).not.toMatch(/secret-token|other-token|Bearer k/);
    expect(text()).toContain('[redacted]');
  });
});
