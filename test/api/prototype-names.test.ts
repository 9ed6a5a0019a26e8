import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PLAY_PROTOTYPE_INPUTS_JSON,
  PROTOTYPE_NAMES_FLOW_JSON,
  PROTOTYPE_NAMES_RESULT,
} from '../e2e/support/prototype-names.js';
import { startHarness, type ApiHarness } from './harness.js';

let h: ApiHarness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

describe('widget ids and variables named like Object.prototype members', () => {
  it('saves the flow as written and runs it', async () => {
    const created = await h.call('POST', '/v1/flows', { raw: PROTOTYPE_NAMES_FLOW_JSON });
    expect(created.status).toBe(201);
    const id = created.body.id as string;

    const read = await h.call('GET', `/v1/flows/${id}`);
    expect(Object.keys(read.body.widgets)).toEqual([
      'constructor',
      'toString',
      '__proto__',
      'hasOwnProperty',
    ]);
    expect(Object.keys(read.body.layout)).toEqual(['__proto__', 'constructor']);

    const run = await h.call('POST', `/v1/flows/${id}/executions?wait=true`, {
      raw: '{"from": "+15550001", "variables": {"toString": "t", "__proto__": "before"}}',
    });
    expect(run.status).toBe(201);
    expect(run.body).toMatchObject(PROTOTYPE_NAMES_RESULT);
    expect(run.body.variables).toMatchObject({
      '$flow.key.toString': 't',
      '$flow.key.constructor': 'c-t',
      '$flow.key.__proto__': 'p',
    });
  });

  it('takes input variables named __proto__ and constructor', async () => {
    const created = await h.call('POST', '/v1/flows', { raw: PLAY_PROTOTYPE_INPUTS_JSON });
    const run = await h.call(
      'POST',
      `/v1/flows/${created.body.id as string}/executions?wait=true`,
      {
        raw: '{"variables": {"__proto__": "P", "constructor": "C"}}',
      },
    );
    expect(run.status).toBe(201);
    expect(run.body.events).toEqual([{ type: 'play', text: 'P/C' }]);
    expect(run.body.variables['$flow.key.__proto__']).toBe('P');
  });

  it('keeps contact variables named __proto__ and constructor across executions', async () => {
    const put = await h.call('PUT', '/v1/contacts/+15550009/variables', {
      raw: '{"variables": {"__proto__": "P", "constructor": "C"}}',
    });
    expect(put.status).toBe(200);
    const read = await h.call('GET', '/v1/contacts/+15550009/variables');
    expect(Object.entries(read.body.variables)).toEqual([
      ['__proto__', 'P'],
      ['constructor', 'C'],
    ]);
    const flow = PLAY_PROTOTYPE_INPUTS_JSON.replaceAll('flow.key', 'user.key');
    const created = await h.call('POST', '/v1/flows', { raw: flow });
    const run = await h.call(
      'POST',
      `/v1/flows/${created.body.id as string}/executions?wait=true`,
      {
        body: { from: '+15550009' },
      },
    );
    expect(run.body.events).toEqual([{ type: 'play', text: 'P/C' }]);
  });

  it('reports a line to a widget named toString that the flow does not have', async () => {
    const flow = `{"name": "dangling", "start": "a",
      "widgets": {"a": {"type": "play", "config": {"text": "hi"}, "lines": ["toString"]}}}`;
    const response = await h.call('POST', '/v1/flows', { raw: flow });
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toContain('widgets.a.lines[0]');
  });
});
