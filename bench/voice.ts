/**
 * Voice benchmark (`npm run bench:voice`): a real `hookline serve` child (built dist/, as
 * `bench:server` runs it), the loopback customer API, and simulated calls placed through the
 * TwiML voice URL by the platform simulator (bench/support/voice-platform.ts), signed with
 * X-Twilio-Signature. Each call is 5 widgets: play → webhook → input → webhook → hangup,
 * i.e. two platform webhooks (turns): the call's first (play, webhook, Gather) and the
 * Gather's digits (webhook, Hangup), then the status callback (`completed`). See bench/README.md.
 *
 * Flags: --calls N (3000) --concurrency C (200) --warmup N (400) --server compiled|bin (compiled)
 */
import { mkdir } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Agent, request } from 'undici';
import { runBench } from './support/bench-run.js';
import {
  callApi,
  createAccount,
  prepareRunner,
  REPO_ROOT,
  startHookline,
  type HooklineServer,
} from './support/hookline-process.js';
import { serverMode, whole } from './support/options.js';
import { cpuMs } from './support/process-cpu.js';
import type { LoopbackServer } from './support/server-process.js';
import { quantile } from './support/trigger-load.js';
import { PlatformCall, type Transport, type TwimlAnswer } from './support/voice-platform.js';

interface Options {
  calls: number;
  concurrency: number;
  warmup: number;
  server: 'bin' | 'compiled';
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      calls: { type: 'string' },
      concurrency: { type: 'string' },
      warmup: { type: 'string' },
      server: { type: 'string' },
    },
  });
  const server = serverMode(values.server);
  return {
    calls: whole('calls', values.calls, 3000, 1),
    concurrency: whole('concurrency', values.concurrency, 200, 1),
    warmup: whole('warmup', values.warmup, 400, 0),
    server,
  };
}

const AUTH_TOKEN = 'bench-voice-auth-token';

function voiceFlow(customerApiPort: number): object {
  const customers = `http://127.0.0.1:${customerApiPort}/customers`;
  const webhook = (url: string, saveIn: string) => ({
    mode: 'custom',
    request: { method: 'POST', url, bodyType: 'json', body: '{"call": "$flow.syskey.callSid"}' },
    response: {
      type: 'json',
      mappings: [{ saveIn, path: 'data.customer.name', mandatory: true }],
    },
    timeoutSeconds: 10,
  });
  return {
    name: 'Voice benchmark',
    start: 'greet',
    widgets: {
      greet: { type: 'play', config: { text: 'Welcome to the benchmark' }, lines: ['lookup'] },
      lookup: {
        type: 'webhook',
        config: webhook(`${customers}/7`, '$flow.key.name'),
        lines: ['ask', 'bye'],
      },
      ask: {
        type: 'input',
        config: {
          prompt: 'Hello $flow.key.name, your code?',
          maxDigits: 4,
          timeoutSeconds: 30,
          saveIn: '$flow.key.code',
        },
        lines: ['check', 'bye'],
      },
      check: {
        type: 'webhook',
        config: webhook(`${customers}/$flow.key.code`, '$flow.key.checked'),
        lines: ['bye', 'bye'],
      },
      bye: { type: 'hangup' },
    },
  };
}

interface Turns {
  /** ms of each call's first webhook, of its digits webhook, and of its status callback. */
  first: number[];
  digits: number[];
  status: number[];
  /** Webhooks answered with hold music and a Redirect (the flow took over 5 s). */
  redirects: number;
}

const names = (answer: TwimlAnswer): string => answer.verbs.map((verb) => verb.name).join(',');

async function timed<T>(into: number[], work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  into.push(performance.now() - started);
  return result;
}

/** Follows Redirects (hold) until the answer has a Gather or a Hangup. */
async function settled(call: PlatformCall, answer: TwimlAnswer, turns: Turns) {
  let now = answer;
  for (let hops = 0; !/Gather|Hangup/.test(names(now)); hops++) {
    if (now.status !== 200 || hops > 20) throw new Error(`${now.status} ${now.raw}`);
    turns.redirects += 1;
    now = await call.follow(now);
  }
  return now;
}

/** One call, checked: the prompt carries the customer's name, the digits lead to the hangup. */
async function placeCall(send: Transport, voiceUrl: string, sid: string, turns: Turns) {
  const call = new PlatformCall(send, { CallSid: sid, From: '+15550100', To: '+15550199' });
  call.authToken = AUTH_TOKEN;
  const first = await settled(call, await timed(turns.first, () => call.post(voiceUrl)), turns);
  if (!first.raw.includes('Hello Customer 7, your code?') || !names(first).includes('Gather')) {
    throw new Error(`${sid}: unexpected first answer ${first.raw}`);
  }
  const digits = await timed(turns.digits, () => call.follow(first, '42'));
  const last = await settled(call, digits, turns);
  if (!names(last).endsWith('Hangup')) throw new Error(`${sid}: no Hangup: ${last.raw}`);
  const status = await timed(turns.status, () =>
    call.post(`${voiceUrl}/status`, { CallStatus: 'completed', CallDuration: '12' }),
  );
  if (status.status !== 200) throw new Error(`${sid}: status callback ${status.status}`);
}

interface RoundResult {
  calls: number;
  seconds: number;
  serverCpuMs: number;
  /** This process's (the simulated platform's) CPU. */
  loadCpuMs: number;
  turns: Turns;
}

async function runCalls(
  server: HooklineServer,
  voiceUrl: string,
  options: { calls: number; concurrency: number; prefix: string },
): Promise<RoundResult> {
  const agent = new Agent({ connections: options.concurrency, keepAliveTimeout: 30_000 });
  const send: Transport = async (url, { headers, body }) => {
    const response = await request(url, { dispatcher: agent, method: 'POST', headers, body });
    const raw = await response.body.text();
    const type = response.headers['content-type'];
    return { status: response.statusCode, contentType: String(type ?? ''), raw };
  };
  const turns: Turns = { first: [], digits: [], status: [], redirects: 0 };
  let next = 0;
  const cpuBefore = await cpuMs(server.child.process.pid);
  const started = performance.now();
  const loadBefore = process.cpuUsage();
  const worker = async (): Promise<void> => {
    while (next < options.calls) {
      const index = next++;
      await placeCall(send, voiceUrl, `CA${options.prefix}${index}`, turns);
    }
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency }, worker));
  } finally {
    await agent.close();
  }
  const seconds = (performance.now() - started) / 1000;
  const load = process.cpuUsage(loadBefore);
  const serverCpuMs = (await cpuMs(server.child.process.pid)) - cpuBefore;
  const loadCpuMs = (load.user + load.system) / 1000;
  return { calls: options.calls, seconds, serverCpuMs, loadCpuMs, turns };
}

const p = (values: number[], q: number): string =>
  quantile(Float64Array.from(values).sort(), q).toFixed(1);

function report(result: RoundResult, options: Options): void {
  const { turns } = result;
  console.log(
    `\n| calls | concurrency | calls/s | turn 1 (first webhook) p50 / p99 ms | turn 2 (digits) p50 / p99 ms | status callback p50 / p99 ms | server CPU ms/call | server CPU % | platform CPU % | hold redirects |`,
  );
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  const cells = [
    String(result.calls),
    String(options.concurrency),
    (result.calls / result.seconds).toFixed(0),
    `${p(turns.first, 0.5)} / ${p(turns.first, 0.99)}`,
    `${p(turns.digits, 0.5)} / ${p(turns.digits, 0.99)}`,
    `${p(turns.status, 0.5)} / ${p(turns.status, 0.99)}`,
    (result.serverCpuMs / result.calls).toFixed(2),
    ((result.serverCpuMs / (result.seconds * 1000)) * 100).toFixed(0),
    ((result.loadCpuMs / (result.seconds * 1000)) * 100).toFixed(0),
    String(turns.redirects),
  ];
  console.log(`| ${cells.join(' | ')} |`);
}

async function setUp(server: HooklineServer, apiKey: string, api: LoopbackServer) {
  await callApi(server.url, apiKey, 'PUT', '/v1/account/voice', { authToken: AUTH_TOKEN });
  const flow = await callApi<{ id: string }>(
    server.url,
    apiKey,
    'POST',
    '/v1/flows',
    voiceFlow(api.port),
  );
  const made = await callApi<{ url: string }>(
    server.url,
    apiKey,
    'POST',
    `/v1/flows/${flow.id}/voice-url`,
  );
  return made.url;
}

async function main(): Promise<void> {
  const options = readOptions();
  await runBench('voice', async (root, customerApi) => {
    const [one, five] = loadavg();
    console.log(
      `node ${process.version}, ${availableParallelism()} CPUs (${cpus()[0]?.model ?? '?'}), ` +
        `load average ${(one ?? 0).toFixed(2)} / ${(five ?? 0).toFixed(2)}; hookline serve ` +
        `(${options.server}) from ${REPO_ROOT}`,
    );
    const runner = await prepareRunner(options.server, REPO_ROOT);
    const dataDir = join(root, 'voice');
    await mkdir(dataDir);
    const { apiKey } = await createAccount(runner, dataDir);
    const server = await startHookline({
      runner,
      dataDir,
      worker: true,
      profileDir: undefined,
      label: 'hookline-voice',
    });
    try {
      const voiceUrl = await setUp(server, apiKey, customerApi);
      if (options.warmup > 0) {
        await runCalls(server, voiceUrl, { ...options, calls: options.warmup, prefix: 'warm' });
      }
      const before = await customerApi.stats();
      const result = await runCalls(server, voiceUrl, { ...options, prefix: 'call' });
      const after = await customerApi.stats();
      // Both webhooks of every call reached the customer API.
      if (after.requests - before.requests !== 2 * options.calls) {
        throw new Error(
          `${after.requests - before.requests} customer API requests, not ${2 * options.calls}`,
        );
      }
      console.log(
        `\n${options.calls} calls after ${options.warmup} warm-up, ${options.concurrency} at a time: ` +
          `every call answered with the mapped name, hung up, and its status callback 200`,
      );
      report(result, options);
    } finally {
      await server.stop();
    }
  });
}

await main();
