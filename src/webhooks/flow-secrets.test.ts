import { describe, expect, it } from 'vitest';
import { createSealer } from '../secrets/index.js';
import type { FlowVersion } from '../storage/ports.js';
import { maskFlowSecrets, openFlowSecrets, sealFlowSecrets } from './flow-secrets.js';

const sealer = createSealer(Buffer.alloc(32, 9));

function flowWith(request: Record<string, unknown>): FlowVersion['document'] {
  return {
    name: 'f',
    start: 'call',
    widgets: { call: { type: 'webhook', config: { request } }, bye: { type: 'hangup' } },
  };
}
const requestOf = (document: FlowVersion['document']) =>
  (document.widgets['call']?.config as { request: Record<string, unknown> }).request;

describe('flow secrets', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    [
      'bearer',
      { auth: { type: 'bearer', token: 't0k' } },
      { auth: { type: 'bearer', token: '***' } },
    ],
    [
      'basic',
      { auth: { type: 'basic', username: 'ada', password: 'pw' } },
      { auth: { type: 'basic', username: 'ada', password: '***' } },
    ],
    [
      'an empty password is no secret',
      { auth: { type: 'basic', username: 'ada', password: '' } },
      { auth: { type: 'basic', username: 'ada', password: '' } },
    ],
    [
      'apiKey',
      { auth: { type: 'apiKey', in: 'query', name: 'key', value: 'k' } },
      { auth: { type: 'apiKey', in: 'query', name: 'key', value: '***' } },
    ],
    [
      'hmac',
      { auth: { type: 'hmac', secret: 'whsec_AA==' } },
      { auth: { type: 'hmac', secret: '***' } },
    ],
    [
      'URL userinfo and secret-named query values',
      { url: 'https://ada:p@ss@api.test/x?lang=en&access_token=$flow.key.t&Key=k#top' },
      { url: 'https://ada:***@api.test/x?lang=en&access_token=***&Key=***#top' },
    ],
    [
      'secret-named headers and query parameters',
      {
        headers: [
          { key: 'X-Api-Key', value: 'k1' },
          { key: 'X-Trace', value: 't' },
        ],
        query: [{ key: 'token', value: 'q1' }],
      },
      {
        headers: [
          { key: 'X-Api-Key', value: '***' },
          { key: 'X-Trace', value: 't' },
        ],
        query: [{ key: 'token', value: '***' }],
      },
    ],
  ])('%s: stored and read as "***", opened for a run', (_name, request, shown) => {
    const document = flowWith(request);
    const sealed = sealFlowSecrets(document, sealer);
    expect(sealed.problems).toEqual([]);
    expect(requestOf(sealed.document)).toEqual(shown);
    expect(requestOf(maskFlowSecrets(document))).toEqual(shown);
    for (const value of Object.values(sealed.secrets)) expect(value).toMatch(/^v1:/);
    expect(openFlowSecrets(sealed, sealer)).toEqual(document);
  });

  it('a "***" keeps the previous version\'s secret of the same widget and field', () => {
    const first = sealFlowSecrets(flowWith({ auth: { type: 'bearer', token: 't0k' } }), sealer);
    const again = sealFlowSecrets(first.document, sealer, first.secrets);
    expect(again.problems).toEqual([]);
    expect(requestOf(openFlowSecrets(again, sealer))['auth']).toEqual({
      type: 'bearer',
      token: 't0k',
    });
  });

  it('a "***" with nothing saved to keep is a problem at its path', () => {
    const { problems } = sealFlowSecrets(
      flowWith({ auth: { type: 'bearer', token: '***' } }),
      sealer,
    );
    expect(problems).toEqual([
      expect.objectContaining({
        path: 'widgets.call.config.request.auth.token',
        severity: 'error',
      }),
    ]);
  });

  it('a version saved in clear (no secrets) runs as it is', () => {
    const document = flowWith({ auth: { type: 'bearer', token: 't0k' } });
    expect(openFlowSecrets({ document }, sealer)).toBe(document);
  });
});
