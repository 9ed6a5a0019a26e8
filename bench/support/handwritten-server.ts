/**
 * The server benchmark's baseline (child process): the least `node:http` + undici code that
 * does what one `POST /t/<token>?wait=true` on `hookline serve` does for the benchmark flow.
 * It reads the JSON body, builds the same customer-API URL and JSON body (string operations,
 * JSON escaping by JSON.stringify), POSTs it through one keep-alive undici Agent, parses the
 * answer, maps `customer.name` and `customer.tier`, decides on the tier and answers
 * `{id, status, endReason, variables}` with the same variable names Hookline answers with.
 * By default it stores nothing: no database, no durability.
 *
 * With a database file (the "handwritten + SQLite" side) it also keeps a durable record of
 * every execution, as the least code would that promises what Hookline promises (an execution
 * that started is on record even if the process dies mid-way): better-sqlite3, WAL,
 * `synchronous = NORMAL` (Hookline's settings), one table with a primary key, an INSERT of the
 * started execution before the outbound call and an UPDATE with the result before answering,
 * each its own autocommit statement.
 *
 *   node --import tsx handwritten-server.ts <customer-api-port> [<sqlite-file>]
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import Database from 'better-sqlite3';
import { Agent, request } from 'undici';
import { answerRequests, listenOnLoopback } from './child-side.js';

const customerPort = Number(process.argv[2]);
if (!Number.isInteger(customerPort) || customerPort <= 0) {
  throw new Error('usage: handwritten-server.ts <customer-api-port>');
}
const origin = `http://127.0.0.1:${customerPort}`;
const store = openStore(process.argv[3]);

function openStore(file: string | undefined) {
  if (file === undefined) return undefined;
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`CREATE TABLE IF NOT EXISTS executions (id TEXT PRIMARY KEY, status TEXT NOT NULL,
    end_reason TEXT, variables TEXT NOT NULL, start_time TEXT NOT NULL, end_time TEXT)`);
  const started = db.prepare(`INSERT INTO executions (id, status, variables, start_time)
    VALUES (?, 'running', ?, ?)`);
  const ended = db.prepare(`UPDATE executions SET status = ?, end_reason = ?, variables = ?,
    end_time = ? WHERE id = ?`);
  return {
    started: (id: string, variables: object, at: string) =>
      started.run(id, JSON.stringify(variables), at),
    ended: (id: string, status: string, endReason: string, variables: object) =>
      ended.run(status, endReason, JSON.stringify(variables), new Date().toISOString(), id),
  };
}
const agent = new Agent({ headersTimeout: 0, bodyTimeout: 0, connect: { timeout: 10_000 } });
const NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

interface CustomerBody {
  customer?: { name?: unknown; tier?: unknown };
}

function readBody(incoming: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    incoming.setEncoding('utf8');
    incoming.on('data', (chunk: string) => (text += chunk));
    incoming.on('end', () => {
      resolve(text);
    });
    incoming.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
}

async function handle(incoming: IncomingMessage, response: ServerResponse): Promise<void> {
  if (incoming.method !== 'POST' || !(incoming.url ?? '').startsWith('/t/')) {
    send(response, 404, { error: { code: 'NOT_FOUND', message: 'no such trigger' } });
    return;
  }
  const fields = JSON.parse(await readBody(incoming)) as Record<string, unknown>;
  const id = `exec_${randomBytes(12).toString('base64url')}`;
  const startTime = new Date().toISOString();
  const variables: Record<string, unknown> = {
    '$flow.syskey.executionId': id,
    '$flow.syskey.flowId': 'flow_handwritten',
    '$flow.syskey.flowVersion': 1,
    '$flow.syskey.accountId': 'acct_handwritten',
    '$flow.syskey.from': '',
    '$flow.syskey.to': '',
    '$flow.syskey.direction': 'api',
    '$flow.syskey.startTime': startTime,
    '$user.syskey.contactNumber': '',
    '$user.syskey.accountID': 'acct_handwritten',
  };
  for (const [name, value] of Object.entries(fields)) {
    if (NAME.test(name)) variables[`$flow.key.${name}`] = value;
  }
  store?.started(id, variables, startTime);
  const text = (value: unknown): string => (typeof value === 'string' ? value : '');
  const customerId = text(fields['customer_id']);
  const note = text(fields['note']);
  const started = performance.now();
  const answer = await request(`${origin}/customers/${encodeURIComponent(customerId)}`, {
    dispatcher: agent,
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'Hookline' },
    body: `{"id": ${JSON.stringify(customerId)}, "note": ${JSON.stringify(note)}}`,
  });
  const raw = await answer.body.text();
  const seconds = Math.round(performance.now() - started) / 1000;
  const ok = answer.statusCode >= 200 && answer.statusCode <= 299;
  const response_ = {
    response_status: ok ? 'SUCCESS' : 'FAILURE',
    response_status_code: answer.statusCode,
    response_status_type: ok ? 'Success' : 'Error',
    response_duration: seconds,
    response_raw: raw,
    response_error: !ok,
  };
  for (const [name, value] of Object.entries(response_)) {
    variables[`$flow.key.${name}`] = value;
    variables[`$flow.key.lookup.${name}`] = value;
  }
  const customer = ok ? (JSON.parse(raw) as CustomerBody).customer : undefined;
  if (customer?.name === undefined) {
    store?.ended(id, 'failed', 'MAPPING_MISSING', variables);
    send(response, 200, { id, status: 'failed', endReason: 'MAPPING_MISSING', variables });
    return;
  }
  variables['$flow.key.name'] = customer.name;
  variables['$flow.key.tier'] = customer.tier;
  const endReason = customer.tier === 'gold' ? 'hangup' : 'end';
  store?.ended(id, 'completed', endReason, variables);
  send(response, 200, { id, status: 'completed', endReason, variables });
}

const server = createServer((incoming, response) => {
  handle(incoming, response).catch((error: unknown) => {
    send(response, 500, { error: { code: 'INTERNAL', message: String(error) } });
  });
});
server.keepAliveTimeout = 60_000;
server.headersTimeout = 65_000;

answerRequests({});
listenOnLoopback(server);
