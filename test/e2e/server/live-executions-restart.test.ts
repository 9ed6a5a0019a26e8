/**
 * docs/server.md "Live executions" through a real `hookline serve`: an execution waiting at
 * an input widget survives a SIGKILL of the server and goes on with the answer after the
 * restart; an input timeout that passes while the server is down fires once it is up again.
 */
import { afterAll, describe, it } from 'vitest';
import { killAll } from '../support/serve-process.js';
import { createFlow, ok, startExecution, startStack, until, type Stack } from './helpers.js';

const KILLED = { code: null, signal: 'SIGKILL' };

afterAll(killAll);

/** Asks for digits (`timeoutSeconds`), then says what it got or "nothing", and hangs up. */
function askingFlow(timeoutSeconds: number): Record<string, unknown> {
  return {
    name: 'Asks',
    start: 'ask',
    widgets: {
      ask: {
        type: 'input',
        config: { prompt: 'Your PIN?', maxDigits: 4, timeoutSeconds, saveIn: '$flow.key.pin' },
        lines: ['got', 'none'],
      },
      got: { type: 'play', config: { text: 'Got $flow.key.pin' }, lines: ['bye'] },
      none: { type: 'play', config: { text: 'Nothing' }, lines: ['bye'] },
      bye: { type: 'hangup' },
    },
  };
}

async function read(stack: Stack, id: string): Promise<any> {
  return ok(stack.serve.api('GET', `/v1/executions/${id}`), 'GET execution');
}

const said = (execution: any): string[] => execution.events.map((e: any) => e.text ?? e.type);

describe.concurrent('hookline serve: live executions across restarts', { timeout: 90_000 }, () => {
  it('a waiting execution survives a SIGKILL and goes on with the answer', async ({
    expect,
    onTestFinished,
  }) => {
    const stack = await startStack();
    onTestFinished(() => stack.close());
    const flowId = await createFlow(stack.serve, askingFlow(60));
    const waiting = await startExecution(stack.serve, flowId);
    expect(waiting).toMatchObject({ status: 'waiting', waiting: { prompt: 'Your PIN?' } });

    expect(await stack.serve.kill('SIGKILL')).toEqual(KILLED);
    await stack.restart();

    // Restart recovery left it waiting (not INTERRUPTED), with what it asked.
    expect(await read(stack, waiting.id)).toMatchObject({
      status: 'waiting',
      path: [],
      waiting: { widgetId: 'ask', prompt: 'Your PIN?', maxDigits: 4, timeoutSeconds: 60 },
    });
    const answered = await stack.serve.api('POST', `/v1/executions/${waiting.id}/input?wait=true`, {
      body: { digits: '4321' },
    });
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({
      status: 'completed',
      endReason: 'hangup',
      path: ['ask', 'got', 'bye'],
      startTime: waiting.startTime,
    });
    expect(said(answered.body)).toEqual(['input', 'Got 4321', 'hangup']);

    // The event log kept its numbers across the kill: SSE over real HTTP, resumed after 2.
    const stream = await fetch(`${stack.serve.url}/v1/executions/${waiting.id}/events`, {
      headers: { authorization: `Bearer ${stack.apiKey}`, 'last-event-id': '2' },
    });
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const ids = [...(await stream.text()).matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
    const log = (await read(stack, waiting.id)).eventLog as Array<{ seq: number; type: string }>;
    expect(log.map((e) => e.type)).toEqual([
      'input.request',
      'input.received',
      'step',
      'play',
      'step',
      'hangup',
      'step',
      'end',
    ]);
    expect(ids).toEqual(log.slice(2).map((e) => e.seq));
  });

  it('an input timeout that passed while the server was down fires after the restart', async ({
    expect,
    onTestFinished,
  }) => {
    const stack = await startStack();
    onTestFinished(() => stack.close());
    const flowId = await createFlow(stack.serve, askingFlow(1));
    const waiting = await startExecution(stack.serve, flowId);
    expect(waiting.status).toBe('waiting');
    expect(await stack.serve.kill('SIGKILL')).toEqual(KILLED);
    // Down until the stored due time has passed (no server is running to take it).
    await until('the input timeout to pass', () =>
      Date.now() > Date.parse(waiting.waiting.dueAt) ? true : undefined,
    );
    await stack.restart();
    const ended = await until('the timed-out execution to end', async () => {
      const execution = await read(stack, waiting.id);
      return execution.status === 'completed' ? execution : undefined;
    });
    expect(ended.path).toEqual(['ask', 'none', 'bye']);
    expect(said(ended)).toEqual(['input', 'Nothing', 'hangup']);
  });
});
