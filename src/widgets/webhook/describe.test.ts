import { describe, expect, it } from 'vitest';
import { DEFAULT_VALUE_LIMITS } from '../../config/index.js';
import { runExecution, type Clock } from '../../engine/index.js';
import { validateFlow } from '../../flow/index.js';
import { widgetCatalogue, type WidgetServices } from '../index.js';
import { webhookWidget } from './index.js';

const shorten = (text: string): string => (text.length > 10 ? `${text.slice(0, 10)}…` : text);

describe('what the webhook widget tells the rest of Hookline', () => {
  it('describes its step in one line: request, status, reason, error', () => {
    const detail = {
      method: 'POST',
      url: 'https://example.test/long/path',
      status: 503,
      errorReason: 'SERVER_ERROR',
      error: 'the server said no',
    };
    expect(webhookWidget.describeStep?.(detail, { shorten })).toBe(
      'POST https://ex… → 503 SERVER_ERROR (the server…)',
    );
    // A stored detail is JSON: a field of another type is left out, never printed wrong.
    expect(
      webhookWidget.describeStep?.({ method: 'GET', url: 7, status: '200' }, { shorten }),
    ).toBe('');
    expect(webhookWidget.describeBackground?.({ status: 200 })).toBe(
      'background request finished → 200',
    );
  });

  it('counts a step with a status as a request, failed when it has a reason', () => {
    expect(webhookWidget.requestOutcome?.({ status: 200 })).toBe('success');
    expect(webhookWidget.requestOutcome?.({ status: 0, errorReason: 'TIMEOUT' })).toBe('failure');
    expect(webhookWidget.requestOutcome?.({ method: 'GET' })).toBeUndefined();
  });

  it('says which modes need a server', () => {
    const parse = (raw: unknown) => webhookWidget.config.parse(raw);
    expect(webhookWidget.serverOnly?.(parse({ request: { url: 'https://x.test' } }))).toBe(
      undefined,
    );
    expect(webhookWidget.serverOnly?.(parse({ mode: 'saved', webhook: 'crm' }))).toBe('mode saved');
  });

  it('times an internal function with the engine clock', async () => {
    let ms = 0;
    const clock: Clock = { now: () => new Date(0), monotonicMs: () => (ms += 1500) };
    const { flow } = validateFlow(
      {
        name: 'short',
        start: 'link',
        widgets: {
          link: {
            type: 'webhook',
            config: {
              mode: 'internal',
              function: 'shortURL',
              inputs: { longUrl: 'https://a.test' },
            },
          },
        },
      },
      widgetCatalogue,
    );
    const services = { publicUrl: 'https://h.test', input: {} } as unknown as WidgetServices;
    const result = await runExecution({
      executionId: 'e1',
      flow: flow!,
      widgets: widgetCatalogue,
      services,
      clock,
      variables: {},
      limits: DEFAULT_VALUE_LIMITS,
    });
    expect(result.variables['$flow.key.link.response_status']).toBe('SUCCESS');
    expect(result.variables['$flow.key.link.response_duration']).toBe(1.5);
  });
});
