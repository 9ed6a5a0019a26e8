/**
 * docs/voice.md "Status callback": which execution a call runs is stored, so the status
 * callback finds it after a restart (a new server core on the same SQLite file).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/accounts/index.js';
import type { ServerCore } from '../../src/app/server-core.js';
import { createSqliteStorage } from '../../src/storage/sqlite/index.js';
import type { Storage } from '../../src/storage/ports.js';
import { startCore } from './harness.js';
import { callCore } from './second-process.js';
import { SimulatedCall } from './voice-platform.js';

const dir = mkdtempSync(join(tmpdir(), 'hookline-voice-restart-'));
const file = join(dir, 'hookline.db');
const opened: { storage: Storage; core: ServerCore }[] = [];

async function open(): Promise<{ storage: Storage; core: ServerCore }> {
  const storage = createSqliteStorage({ file });
  const core = await startCore(storage);
  opened.push({ storage, core });
  return { storage, core };
}

async function close(server: { storage: Storage; core: ServerCore }): Promise<void> {
  opened.splice(opened.indexOf(server), 1);
  await server.core.stop();
  await server.storage.close();
}

afterAll(async () => {
  for (const { storage, core } of opened) {
    await core.stop();
    await storage.close();
  }
  rmSync(dir, { recursive: true, force: true });
});

async function send(core: ServerCore, key: string, method: string, path: string, body: unknown) {
  const response = await core.api.request(path, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : JSON.parse(text) };
}

const flow = {
  name: 'Asks',
  start: 'greet',
  settings: { flowEndWebhook: true },
  widgets: {
    greet: { type: 'play', config: { text: 'Welcome' }, lines: ['ask'] },
    ask: {
      type: 'input',
      config: { prompt: 'Your code?', maxDigits: 2, timeoutSeconds: 60 },
      lines: ['bye', 'bye'],
    },
    bye: { type: 'hangup' },
  },
};

describe('voice status callback after a restart', () => {
  it('ends the call’s execution callerHangup with its duration and recording', async () => {
    const first = await open();
    const { apiKey } = await createAccount(first.storage.accounts, 'A', new Date());
    const webhook = { name: 'ends', url: 'https://example.invalid/ends', isDefault: true };
    expect((await send(first.core, apiKey, 'POST', '/v1/webhooks', webhook)).status).toBe(201);
    const created = await send(first.core, apiKey, 'POST', '/v1/flows', flow);
    expect(created.body).toMatchObject({ id: expect.any(String) });
    const made = await send(
      first.core,
      apiKey,
      'POST',
      `/v1/flows/${created.body.id}/voice-url`,
      {},
    );
    expect(made.status).toBe(201);

    const server = { core: first.core };
    const call = new SimulatedCall(server, {
      CallSid: 'CA-restart-1',
      From: '+15550100',
      To: '+15550199',
    });
    const answer = await call.post(made.body.url);
    expect(answer.verbs.map((verb) => verb.name)).toEqual(['Say', 'Gather', 'Redirect']);
    const executionId = new URL(answer.verbs[1]!.attributes['action']!).searchParams.get(
      'execution',
    )!;
    expect(
      (await callCore(first.core, apiKey, 'GET', `/v1/executions/${executionId}`)).body.status,
    ).toBe('waiting');

    await close(first);
    const second = await open();
    server.core = second.core;
    const status = await call.post(made.body.statusCallbackUrl, {
      CallStatus: 'completed',
      CallDuration: '41',
      RecordingUrl: 'https://api.twilio.example/Recordings/RE9',
    });
    expect(status.status).toBe(200);
    const read = await callCore(second.core, apiKey, 'GET', `/v1/executions/${executionId}`);
    expect(read.body).toMatchObject({ status: 'completed', endReason: 'callerHangup' });
    const deliveries = await callCore(
      second.core,
      apiKey,
      'GET',
      `/v1/deliveries?executionId=${executionId}`,
    );
    const { data } = deliveries.body.items[0].payload;
    expect(data.endReason).toBe('callerHangup');
    expect(data.callDetails[0].duration).toBe(41);
    expect(data.recordingUrls).toEqual(['https://api.twilio.example/Recordings/RE9']);
  });
});
