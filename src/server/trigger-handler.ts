/**
 * Trigger URLs (docs/server.md), `POST /t/<token>`: THE handling of a trigger call, whichever HTTP
 * layer it came through (`createTriggerListener` on `node:http` for `hookline serve`, the
 * hono route otherwise). Body limit, the wait for start-up, the run and the error answers
 * are decided here once; the layers only read bytes and write the reply.
 */
import { hashToken } from '../accounts/index.js';
import { endedWithin } from '../executions/execution-service.js';
import { VARIABLE_NAME } from '../flow/index.js';
import { bodyTooLarge, MAX_BODY_BYTES } from './body-limit.js';
import type { ApiDependencies } from './context.js';
import {
  answerError,
  ERROR_STATUS,
  errorEnvelope,
  HooklineError,
  notFound,
  type ErrorHooks,
} from './errors.js';
import { inputVariables } from './input-variables.js';
import { parseJsonBody } from './json-body.js';
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

/** One trigger call as the HTTP layer hands it over. */
export interface TriggerCall {
  token: string;
  contentType: string;
  wait: boolean;
  /** The declared `content-length` (0 when there is none). */
  declaredBytes: number;
  /** The body as UTF-8 text; throws `bodyTooLarge()` past `limit` bytes. */
  readBody(limit: number): Promise<string>;
}

export interface TriggerReply {
  status: TriggerAnswer['status'] | (typeof ERROR_STATUS)[keyof typeof ERROR_STATUS];
  body: unknown;
  /** The body was refused unread: the connection cannot carry another request. */
  closeConnection: boolean;
}

export interface TriggerHooks extends ErrorHooks {
  /** Resolves when the server may take work (after the restart's recovery). */
  ready?: Promise<void>;
}

/** Answers a trigger call; never throws (errors are the error envelope). */
export async function handleTrigger(
  deps: ApiDependencies,
  call: TriggerCall,
  hooks: TriggerHooks,
): Promise<TriggerReply> {
  try {
    if (call.declaredBytes > MAX_BODY_BYTES) throw bodyTooLarge();
    const body = await call.readBody(MAX_BODY_BYTES);
    await hooks.ready;
    const answer = await runTrigger(deps, { ...call, body });
    return { ...answer, closeConnection: false };
  } catch (caught) {
    const error = answerError(caught, hooks);
    return {
      status: ERROR_STATUS[error.code],
      body: errorEnvelope(error),
      closeConnection: error.code === 'PAYLOAD_TOO_LARGE',
    };
  }
}
