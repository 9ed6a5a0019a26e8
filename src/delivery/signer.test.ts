import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { generateSigningSecret, signatureHeader } from './signer.js';

const body = JSON.stringify({ type: 'flow.completed', data: { name: 'Ada Lovelace — ✓' } });
const messageId = 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W';

function headersFor(secrets: readonly string[], timestampSeconds: number) {
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': signatureHeader({ messageId, timestampSeconds, body, secrets }),
  };
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('generateSigningSecret', () => {
  it('is whsec_ + base64 of 24 random bytes', () => {
    const secret = generateSigningSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(24);
    expect(generateSigningSecret()).not.toBe(secret);
  });
});

describe('signatureHeader', () => {
  it('is verified by the standardwebhooks package', () => {
    const secret = generateSigningSecret();
    const headers = headersFor([secret], nowSeconds());
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it('matches the Standard Webhooks reference signature', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const timestamp = new Date(1_614_265_330 * 1000);
    const expected = new Webhook(secret).sign(messageId, timestamp, body);
    expect(
      signatureHeader({ messageId, timestampSeconds: 1_614_265_330, body, secrets: [secret] }),
    ).toBe(expected);
  });

  it('signs with every secret of a rotation, each verifying on its own', () => {
    const current = generateSigningSecret();
    const previous = generateSigningSecret();
    const headers = headersFor([current, previous], nowSeconds());
    const parts = headers['webhook-signature'].split(' ');
    expect(parts).toHaveLength(2);
    expect(parts.every((part) => part.startsWith('v1,'))).toBe(true);
    expect(new Webhook(current).verify(body, headers)).toEqual(JSON.parse(body));
    expect(new Webhook(previous).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it('does not verify with another secret or a changed body', () => {
    const secret = generateSigningSecret();
    const headers = headersFor([secret], nowSeconds());
    expect(() => new Webhook(generateSigningSecret()).verify(body, headers)).toThrow(
      WebhookVerificationError,
    );
    expect(() => new Webhook(secret).verify(`${body} `, headers)).toThrow(WebhookVerificationError);
  });

  it('signs the id and timestamp too', () => {
    const secret = generateSigningSecret();
    const at = nowSeconds();
    const a = signatureHeader({ messageId, timestampSeconds: at, body, secrets: [secret] });
    const b = signatureHeader({ messageId, timestampSeconds: at + 1, body, secrets: [secret] });
    const c = signatureHeader({
      messageId: 'msg_other',
      timestampSeconds: at,
      body,
      secrets: [secret],
    });
    expect(new Set([a, b, c]).size).toBe(3);
  });
});
