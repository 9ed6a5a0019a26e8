/**
 * docs/voice.md "Signatures": `X-Twilio-Signature` is the base64 HMAC-SHA1, keyed with the
 * account's voice auth token, of the full URL followed by each form parameter's name and
 * value, sorted by name (SignalWire: the same, as `X-SignalWire-Signature` too).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { HooklineError } from '../errors.js';

export function twilioSignature(authToken: string, url: string, body: string): string {
  const params = [...new URLSearchParams(body)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const signed = url + params.map(([name, value]) => name + value).join('');
  return createHmac('sha1', authToken).update(signed, 'utf8').digest('base64');
}

/** Throws FORBIDDEN (403) unless `given` is the signature of this request. */
export function verifySignature(
  authToken: string,
  url: string,
  body: string,
  given: string | undefined,
): void {
  const expected = Buffer.from(twilioSignature(authToken, url, body));
  const actual = Buffer.from(given ?? '');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    throw new HooklineError('FORBIDDEN', 'the X-Twilio-Signature does not match');
  }
}
