import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type ApiHarness } from './harness.js';

const decision = (pattern: string) => ({
  name: 'pattern',
  start: 'check',
  widgets: {
    check: {
      type: 'decision',
      config: { conditions: [{ variable: 'text', operator: 'matches', value: pattern }] },
      lines: ['yes', 'no'],
    },
    yes: { type: 'play', config: { text: 'matched' } },
    no: { type: 'play', config: { text: 'no match' } },
  },
});

let h: ApiHarness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

describe('decision patterns from the API', () => {
  it('answers a nested quantifier against a long hostile input (linear-time engine)', async () => {
    const created = await h.call('POST', '/v1/flows', { body: decision('^(a+)+$') });
    expect(created.status).toBe(201);
    const run = await h.call(
      'POST',
      `/v1/flows/${created.body.id as string}/executions?wait=true`,
      {
        body: { variables: { text: `${'a'.repeat(100_000)}b` } },
      },
    );
    expect(run.status).toBe(201);
    expect(run.body).toMatchObject({ status: 'completed', path: ['check', 'no'] });
  });

  it.each([
    ['a backreference', '(a)\\1'],
    ['a lookahead', 'a(?=b)'],
    ['a pattern over 1,000 characters', 'x'.repeat(1001)],
  ])('refuses %s with the path of the pattern', async (_what, pattern) => {
    const response = await h.call('POST', '/v1/flows', { body: decision(pattern) });
    expect(response.status).toBe(400);
    const paths = response.body.error.details.map((detail: { path: string }) => detail.path);
    expect(paths).toEqual(['widgets.check.config.conditions[0].value']);
  });
});
