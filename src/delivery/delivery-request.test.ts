import { describe, expect, it } from 'vitest';
import type { DeliveryRecord, SavedWebhook } from '../storage/ports.js';
import { buildDeliveryRequest } from './delivery-request.js';

const now = new Date('2026-11-29T10:00:00.000Z');
const open = (sealed: string): string => {
  if (!sealed.startsWith('sealed:')) throw new Error(`cannot open ${sealed}`);
  return sealed.slice(7);
};

const delivery = {
  id: 'dlv_1',
  messageId: 'msg_abc',
  payload: '{"type":"x"}',
} as DeliveryRecord;

const webhook = (overrides: Partial<SavedWebhook> = {}): SavedWebhook => ({
  id: 'wh_1',
  accountId: 'acc_1',
  name: 'crm',
  url: 'https://example.test/hook',
  method: 'PUT',
  auth: {},
  headers: [],
  bodyType: 'xml',
  isDefault: true,
  signingSecrets: [{ sealed: 'sealed:whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', createdAt: '' }],
  disabledAt: null,
  disabledReason: null,
  failingSince: null,
  createdAt: '',
  updatedAt: '',
  ...overrides,
});

function build(overrides: Partial<SavedWebhook> = {}) {
  return buildDeliveryRequest({ delivery, webhook: webhook(overrides), now, openSecret: open });
}

function headersOf(overrides: Partial<SavedWebhook> = {}): Array<readonly [string, string]> {
  const built = build(overrides);
  if (!built.ok) throw new Error(built.error);
  return [...built.request.headers];
}

describe('buildDeliveryRequest', () => {
  it('POSTs the stored payload as JSON whatever the webhook method and body type', () => {
    const built = build();
    expect(built.ok && built.request).toMatchObject({
      url: 'https://example.test/hook',
      body: '{"type":"x"}',
    });
    expect(headersOf().map(([name]) => name)).toEqual([
      'content-type',
      'user-agent',
      'webhook-id',
      'webhook-timestamp',
      'webhook-signature',
    ]);
    expect(headersOf()).toContainEqual(['webhook-timestamp', String(now.getTime() / 1000)]);
  });

  it('adds the webhook headers, but never over the signature, content type or framing', () => {
    const headers = headersOf({
      headers: [
        { key: 'X-Team', value: 'blue' },
        { key: 'Empty', value: '' },
        { key: 'Content-Type', value: 'text/xml' },
        { key: 'WEBHOOK-SIGNATURE', value: 'v1,forged' },
        { key: 'Host', value: 'evil.test' },
      ],
    });
    expect(headers).toContainEqual(['X-Team', 'blue']);
    expect(headers.filter(([name]) => name.toLowerCase() === 'content-type')).toEqual([
      ['content-type', 'application/json'],
    ]);
    expect(headers.map(([name]) => name.toLowerCase())).not.toContain('host');
    expect(headers.map(([name]) => name.toLowerCase())).not.toContain('empty');
    expect(JSON.stringify(headers)).not.toContain('forged');
  });

  it.each([
    [{ type: 'bearer', token: 'sealed:tok' }, ['Authorization', 'Bearer tok'], ['tok']],
    [{ type: 'apiKey', in: 'header', name: 'X-Key', value: 'sealed:k' }, ['X-Key', 'k'], ['k']],
  ])('applies auth %j with its sealed fields opened', (auth, header, secrets) => {
    const built = build({ auth });
    expect(built.ok && built.request.headers).toContainEqual(header);
    expect(built.ok && built.secrets).toEqual(expect.arrayContaining(secrets));
  });

  it('does not apply hmac auth: the webhook signature already signs the delivery', () => {
    const headers = headersOf({ auth: { type: 'hmac', secret: 'sealed:other' } });
    expect(headers.filter(([name]) => name === 'webhook-signature')).toHaveLength(1);
  });

  it.each([
    [{ signingSecrets: [] }, 'the saved webhook has no signing secret'],
    [
      {
        signingSecrets: [
          { sealed: 'sealed:whsec_AA==', createdAt: '', expiresAt: '2026-01-01T00:00:00Z' },
        ],
      },
      'the saved webhook has no signing secret',
    ],
    [{ auth: { type: 'bearer' } }, "the saved webhook's auth is not valid"],
    [{ auth: { type: 'carrier-pigeon' } }, "the saved webhook's auth is not valid"],
    [
      { auth: { type: 'bearer', token: 'plain' } },
      'a secret of the saved webhook could not be opened',
    ],
    [
      { signingSecrets: [{ sealed: 'garbage', createdAt: '' }] },
      'a secret of the saved webhook could not be opened',
    ],
  ] as Array<[Partial<SavedWebhook>, string]>)('refuses %j: %s', (overrides, error) => {
    expect(build(overrides)).toEqual({ ok: false, error });
  });
});
