/**
 * docs/voice.md: one voice platform webhook (`POST /voice/<token>`). The first one of a call
 * starts an execution; the next ones (from `<Gather action>` or `<Redirect>`, naming the
 * execution and how many of its channel events the caller has had) answer its input widget
 * or ask what came next. Each is answered with the TwiML of what the flow did since.
 */
import { hashToken } from '../../accounts/index.js';
import type { ChannelEvent } from '../../engine/index.js';
import { endedWithin, type StartedExecution } from '../../executions/execution-service.js';
import { SealedValueError } from '../../secrets/index.js';
import type { ExecutionRecord, ResolvedTrigger } from '../../storage/ports.js';
import { bodyTooLarge, readText } from '../body-limit.js';
import type { ApiDependencies } from '../context.js';
import { HooklineError, notFound } from '../errors.js';
import { MAX_VOICE_FORM_BYTES, parseVoiceForm, type VoiceForm } from './form.js';
import { verifySignature } from './signature.js';
import { twiml, type CallState } from './twiml.js';

export const VOICE_PATH = '/voice/';

/**
 * What a voice URL's token is stored as: a trigger record whose hash is taken over the token
 * with a `voice:` prefix, so a voice token never opens `/t/<token>` (where no signature is
 * checked) and a trigger token never opens `/voice/<token>` (docs/voice.md).
 */
export function voiceTokenHash(token: string): string {
  return hashToken(`voice:${token}`);
}
export const STATUS_SUFFIX = '/status';

/**
 * How long a webhook waits for the flow to need the caller again before it answers with a
 * pause and a `<Redirect>` back (voice platforms give up on a webhook after about 15 s).
 */
const HOLD_AFTER_MS = 5000;

export interface VoiceCall {
  token: string;
  contentType: string;
  declaredBytes: number;
  body: ReadableStream<Uint8Array> | null;
  /** `?execution=` of an action or redirect URL; undefined on the call's first webhook. */
  execution: string | undefined;
  /** `?seen=`: how many of the execution's channel events the caller has had. */
  seen: string | undefined;
  /** The path and query the platform posted to (signed with the public URL before it). */
  pathAndQuery: string;
  signature: string | undefined;
}

/** A voice webhook read, authenticated (token, and signature when set) and parsed. */
export interface VoiceRequest {
  resolved: ResolvedTrigger;
  form: VoiceForm;
}

export async function readVoiceRequest(
  deps: ApiDependencies,
  call: Omit<VoiceCall, 'execution' | 'seen'>,
): Promise<VoiceRequest> {
  if (call.declaredBytes > MAX_VOICE_FORM_BYTES) throw bodyTooLarge(MAX_VOICE_FORM_BYTES);
  const body = await readText(call.body, MAX_VOICE_FORM_BYTES);
  const resolved = await deps.storage.triggers.resolveTrigger(voiceTokenHash(call.token));
  if (!resolved) throw notFound('voice URL');
  const sealed = resolved.account.settings.voiceAuthToken;
  if (sealed !== undefined) {
    const url = `${deps.publicUrl()}${call.pathAndQuery}`;
    verifySignature(openToken(deps, sealed), url, body, call.signature);
  }
  return { resolved, form: parseVoiceForm(call.contentType, body) };
}

/** The account's voice auth token; one sealed with another secret key is refused (403). */
function openToken(deps: ApiDependencies, sealed: string): string {
  try {
    return deps.sealer.open(sealed);
  } catch (caught) {
    if (!(caught instanceof SealedValueError)) throw caught;
    throw new HooklineError('FORBIDDEN', 'the voice auth token cannot be opened: set it again');
  }
}

/** The TwiML answer to one webhook; throws a HooklineError (4xx) for a bad one. */
export async function answerCall(deps: ApiDependencies, call: VoiceCall): Promise<string> {
  const { resolved, form } = await readVoiceRequest(deps, call);
  const base = `${deps.publicUrl()}${VOICE_PATH}${call.token}`;
  const { executions } = deps.storage;
  const known =
    call.execution === undefined && form.CallSid !== undefined
      ? await executions.findCallExecution(resolved.account.id, form.CallSid)
      : undefined;
  if (known !== undefined) {
    // The platform sent the call's first webhook again (it had no answer): the same call.
    const record = await callExecution(deps, resolved, known);
    return render(deps, await stoppedWithin(deps, record, HOLD_AFTER_MS), 0, base);
  }
  if (call.execution === undefined) {
    const started = await startCall(deps, resolved, form);
    await executions.linkCall(resolved.account.id, form.CallSid ?? '', started.record.id);
    return answerWhenStopped(deps, started, 0, base);
  }
  const record = await callExecution(deps, resolved, call.execution);
  const seen = seenCount(call.seen, record);
  if (record.status === 'waiting' && record.events.length === seen) {
    // Still at the input the caller was asked for: this webhook is the answer.
    const going = await deps.executions.answer(record, givenInput(form));
    if (going !== undefined) return answerWhenStopped(deps, going, seen, base);
  }
  // Another webhook answered first, or it is on hold: what it did since, once it stops.
  const now = await callExecution(deps, resolved, call.execution);
  return render(deps, await stoppedWithin(deps, now, HOLD_AFTER_MS), seen, base);
}

/** Stores tell when a run stops by its events (docs/server.md "Live executions"). */
const RECHECK_MS = 250;

/** The execution once it waits or ended, or as it is after `ms` (it is still running). */
async function stoppedWithin(
  deps: ApiDependencies,
  record: ExecutionRecord,
  ms: number,
): Promise<ExecutionRecord> {
  const until = Date.now() + ms;
  const never = new AbortController().signal;
  let now = record;
  while ((now.status === 'running' || now.status === 'queued') && Date.now() < until) {
    await deps.executions.events.next(now.id, Math.min(RECHECK_MS, until - Date.now()), never);
    now = (await deps.storage.executions.getExecution(now.accountId, now.id)) ?? now;
  }
  return now;
}

function startCall(
  deps: ApiDependencies,
  { account, trigger, flowVersion }: ResolvedTrigger,
  form: VoiceForm,
): Promise<StartedExecution> {
  if (form.CallSid === undefined) {
    throw new HooklineError('INVALID_REQUEST', 'a call webhook names its CallSid');
  }
  return deps.executions.start(
    account,
    { id: trigger.flowId, version: flowVersion },
    {
      direction: form.Direction?.startsWith('outbound') === true ? 'outbound' : 'inbound',
      from: form.From ?? '',
      to: form.To ?? '',
      variables: { '$flow.syskey.callSid': form.CallSid },
    },
  );
}

async function callExecution(
  deps: ApiDependencies,
  { account, trigger }: ResolvedTrigger,
  id: string,
): Promise<ExecutionRecord> {
  const record = await deps.storage.executions.getExecution(account.id, id);
  if (!record || record.flowId !== trigger.flowId) throw notFound('execution');
  return record;
}

function seenCount(value: string | undefined, record: ExecutionRecord): number {
  const seen = Number(value);
  if (value === undefined || !/^\d{1,6}$/.test(value) || seen > record.events.length) {
    throw new HooklineError('INVALID_REQUEST', 'seen is the count of events already answered');
  }
  return seen;
}

/** `Digits` (or `SpeechResult`); none (the `<Gather>` timed out) takes the no-input line. */
function givenInput(form: VoiceForm): { digits: string } | { text: string } | undefined {
  if (form.Digits !== undefined && form.Digits !== '') return { digits: form.Digits };
  if (form.SpeechResult !== undefined && form.SpeechResult !== '') {
    return { text: form.SpeechResult };
  }
  return undefined;
}

async function answerWhenStopped(
  deps: ApiDependencies,
  going: StartedExecution,
  seen: number,
  base: string,
): Promise<string> {
  const stopped = await endedWithin(going, HOLD_AFTER_MS);
  const record =
    stopped ??
    (await deps.storage.executions.getExecution(going.record.accountId, going.record.id)) ??
    going.record;
  return render(deps, record, seen, base);
}

/** Events of a run's stored log read for its hold music (the latest hold.* is among them). */
const HOLD_LOOKBACK = 10_000;

/**
 * The hold audio (an http(s) URL) of the webhook widget the run waits at, if it has one: the
 * run stores its events as they happen, so any process reads it (docs/voice.md hold music).
 */
async function holdAudio(deps: ApiDependencies, executionId: string): Promise<string | undefined> {
  const events = await deps.storage.executions.listExecutionEvents(executionId, 0, HOLD_LOOKBACK);
  const last = events.findLast((e) => e.type === 'hold.start' || e.type === 'hold.stop');
  const audio = last?.type === 'hold.start' ? last['audio'] : undefined;
  return typeof audio === 'string' && /^https?:\/\//i.test(audio) ? audio : undefined;
}

/** The TwiML of the events after the first `seen`, and of where the call stands. */
async function render(
  deps: ApiDependencies,
  record: ExecutionRecord,
  seen: number,
  base: string,
): Promise<string> {
  const events = record.events.slice(seen) as ChannelEvent[];
  const action = (count: number): string =>
    `${base}?execution=${encodeURIComponent(record.id)}&seen=${count}`;
  let state: CallState;
  if (record.status === 'waiting')
    state = { kind: 'waiting', action: action(record.events.length) };
  else if (record.status === 'completed' || record.status === 'failed') state = { kind: 'ended' };
  else state = { kind: 'running', action: action(seen), hold: await holdAudio(deps, record.id) };
  return twiml(events, state);
}
