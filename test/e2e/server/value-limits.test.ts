/**
 * docs/flows.md "Limits" against a real `hookline serve` with a small heap: six executions of
 * a flow that doubles a variable in a loop, started at once, each end with VALUE_TOO_LARGE,
 * and the server still answers afterwards (it used to run out of memory and die).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { doublingFlow } from '../support/flows.js';
import { killAll } from '../support/serve-process.js';
import { createFlow, startExecution, startStack, type Stack } from './helpers.js';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ env: { NODE_OPTIONS: '--max-old-space-size=128' } });
});
afterAll(async () => {
  await stack.close();
  await killAll();
});

describe('value limits in hookline serve', () => {
  it('ends six doubling executions at once with VALUE_TOO_LARGE and keeps serving', async () => {
    const flowId = await createFlow(stack.serve, doublingFlow());
    const ended = await Promise.all(
      Array.from({ length: 6 }, () => startExecution(stack.serve, flowId)),
    );
    for (const execution of ended) {
      expect(execution).toMatchObject({ status: 'failed', endReason: 'VALUE_TOO_LARGE' });
      expect(String(execution.variables['$flow.key.k'])).toHaveLength(10 * 2 ** 16);
    }
    const health = await stack.serve.api('GET', '/healthz', { key: null });
    expect(health).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(stack.serve.child.exitCode).toBeNull();
  });

  it('answers a NUL character in a text the store keeps as text with 400 or stores it, never 500', async () => {
    const flowId = await createFlow(stack.serve, doublingFlow());
    const started = await stack.serve.api('POST', `/v1/flows/${flowId}/executions`, {
      body: { from: 'a\u0000b' },
    });
    // SQLite keeps it; PostgreSQL's text cannot (scale-out mode): the caller's bad value.
    if (started.status === 400) {
      expect(started.body).toMatchObject({
        error: { code: 'INVALID_REQUEST', message: expect.stringContaining('NUL') },
      });
    } else expect(started.status).toBe(201);
    const health = await stack.serve.api('GET', '/healthz', { key: null });
    expect(health.status).toBe(200);
  });
});
