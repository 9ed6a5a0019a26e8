import { describe, expect, it } from 'vitest';
import { checkWebhookConfig } from './check.js';
import { webhookConfigSchema } from './config.js';

const problemsOf = (raw: unknown) =>
  checkWebhookConfig(webhookConfigSchema.parse(raw)).map(({ path, severity }) => ({
    path,
    severity,
  }));

describe('checkWebhookConfig: saved mode (docs/webhook-widget.md "Saved mode")', () => {
  it('keeps a saved request to what the widget wrote: no defaults filled in', () => {
    expect(webhookConfigSchema.parse({ mode: 'saved', webhook: 'crm' })).toMatchObject({
      request: {},
    });
    expect(
      webhookConfigSchema.parse({ mode: 'saved', webhook: 'crm', request: { body: 'x' } }),
    ).toMatchObject({ request: { body: 'x' } });
    const parsed = webhookConfigSchema.parse({
      mode: 'saved',
      webhook: 'crm',
      request: { body: 'x' },
    });
    expect(parsed.mode === 'saved' && Object.keys(parsed.request)).toEqual(['body']);
  });

  it('accepts the minimal widget and a body left to the saved body type', () => {
    expect(problemsOf({ mode: 'saved', webhook: 'crm' })).toEqual([]);
    expect(problemsOf({ mode: 'saved', webhook: 'crm', request: { body: '{' } })).toEqual([]);
  });

  it('warns that a URL is ignored and refuses a body its own bodyType can never parse', () => {
    expect(
      problemsOf({ mode: 'saved', webhook: 'crm', request: { url: 'https://x.example/' } }),
    ).toEqual([{ path: 'request.url', severity: 'warning' }]);
    expect(
      problemsOf({ mode: 'saved', webhook: 'crm', request: { bodyType: 'json', body: '{' } }),
    ).toEqual([{ path: 'request.body', severity: 'error' }]);
  });
});
