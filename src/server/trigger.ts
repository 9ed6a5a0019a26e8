/**
 * SPEC §6 trigger URLs, `POST /t/<token>`: the hot path of inbound traffic. The handling is
 * kept apart from hono so `hookline serve` can answer it straight from `node:http`
 * (`createTriggerListener`) without building a WHATWG Request and Response per call; the
 * hono route (in-process use) runs the same `runTrigger`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hashToken } from '../accounts/index.js';
import { endedWithin, wantsWait } from '../executions/execution-service.js';
import { VARIABLE_NAME } from '../flow/index.js';
import { bodyTooLarge, MAX_BODY_BYTES } from './body-limit.js';
import { parseJsonBody } from './json-body.js';
import type { ApiDependencies } from './context.js';
import {
  ClientGoneError,
  clientGone,
  ERROR_STATUS,
  errorEnvelope,
  HooklineError,
  internalError,
  knownError,
  notFound,
  requestCutOff,
} from './errors.js';
import { inputVariables } from './input-variables.js';
import { executionView } from './views.js';

export const TRIGGER_PATH = '/t/';

export interface TriggerRequest {
  token: string;
  contentType: string;
  body: string;
  wait: boolean;
}

export interface TriggerAnswer {
  status: 200 | 202;
  body: Record<string, unknown>;
}

/** The inbound body's fields (JSON object or form); an empty body has none. */
function bodyFields(contentType: string, body: string): Record<string, unknown> {
  if (body.trim() === '') return {};
  if (contentType.toLowerCase().includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(body));
  }
  // Form bodies are flat (name=value pairs): only JSON can nest.
  const parsed = parseJsonBody(body, 'send a JSON object or a form body');
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new HooklineError('INVALID_REQUEST', 'the body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

/** The fields whose names are NAMEs (others are ignored), as `$flow.key.*`. */
function flowVariables(fields: Record<string, unknown>) {
  return inputVariables(
    Object.fromEntries(Object.entries(fields).filter(([name]) => VARIABLE_NAME.test(name))),
  );
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;

/** Starts the trigger's flow: `202 {id}`, or with `wait` `200 {id, status, endReason, variables}`. */
export async function runTrigger(
  deps: ApiDependencies,
  request: TriggerRequest,
): Promise<TriggerAnswer> {
  const resolved = await deps.storage.triggers.resolveTrigger(hashToken(request.token));
  if (!resolved) throw notFound('trigger');
  const { account, trigger, flowVersion } = resolved;
  const fields = bodyFields(request.contentType, request.body);
  const from = text(fields['from']);
  const to = text(fields['to']);
  const flow = { id: trigger.flowId, version: flowVersion };
  const started = await deps.executions.start(account, flow, {
    direction: 'api',
    variables: flowVariables(fields),
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
  });
  if (!request.wait) return { status: 202, body: { id: started.record.id } };
  const ended = await endedWithin(started, deps.maxWaitMs);
  const view = executionView(ended ?? started.record);
  return {
    status: 200,
    body: {
      id: view.id,
      status: view.status,
      endReason: view.endReason,
      variables: view.variables,
    },
  };
}

export interface TriggerListenerOptions {
  /** Resolves when the server may take work (after the restart's recovery). */
  ready: Promise<void>;
  onUnexpectedError?(error: unknown): void;
  onClientGone?(): void;
}

/**
 * A `node:http` request handler for `POST /t/<token>`: returns false for every other request
 * (the caller hands those to the hono app), true when it has taken the request. Status codes,
 * bodies and the 1 MiB limit are the hono route's (tests hold the two to the same answers).
 */
export function createTriggerListener(
  deps: ApiDependencies,
  options: TriggerListenerOptions,
): (request: IncomingMessage, response: ServerResponse) => boolean {
  return (request, response) => {
    const url = request.url ?? '';
    if (request.method !== 'POST' || !url.startsWith(TRIGGER_PATH)) return false;
    const queryAt = url.indexOf('?');
    const token = url.slice(TRIGGER_PATH.length, queryAt === -1 ? undefined : queryAt);
    // Anything unusual (a deeper path, escapes) takes the general route, which knows it all.
    if (token === '' || !/^[A-Za-z0-9_-]+$/.test(token)) return false;
    const query = queryAt === -1 ? undefined : new URLSearchParams(url.slice(queryAt + 1));
    void answer(request, response, deps, options, {
      token,
      contentType: request.headers['content-type'] ?? '',
      wait: wantsWait(query?.get('wait') ?? undefined),
    });
    return true;
  };
}

async function answer(
  request: IncomingMessage,
  response: ServerResponse,
  deps: ApiDependencies,
  options: TriggerListenerOptions,
  parts: Omit<TriggerRequest, 'body'>,
): Promise<void> {
  try {
    const body = await readBody(request);
    await options.ready;
    const result = await runTrigger(deps, { ...parts, body });
    send(response, result.status, result.body);
  } catch (caught) {
    if (clientGone(caught)) {
      options.onClientGone?.();
      send(response, ERROR_STATUS.INVALID_REQUEST, errorEnvelope(requestCutOff()));
      return;
    }
    const known = knownError(caught);
    if (!known) options.onUnexpectedError?.(caught);
    const error = known ?? internalError();
    if (error.code === 'PAYLOAD_TOO_LARGE') response.setHeader('connection', 'close');
    send(response, ERROR_STATUS[error.code], errorEnvelope(error));
  }
}

/** The request body as UTF-8 text, refused past `MAX_BODY_BYTES` (declared or sent). */
function readBody(request: IncomingMessage): Promise<string> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) return Promise.reject(bodyTooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        request.removeAllListeners('data');
        request.resume();
        reject(bodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    let ended = false;
    request.on('end', () => {
      ended = true;
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    request.on('error', reject);
    // A client that goes away mid-body: nothing starts (`close` after `end` changes nothing).
    request.on('close', () => {
      if (!ended) reject(new ClientGoneError('the request body was cut off'));
    });
  });
}

function send(response: ServerResponse, status: number, body: unknown): void {
  if (response.headersSent) return;
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}
