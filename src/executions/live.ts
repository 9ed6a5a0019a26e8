import {
  AwaitingCaller,
  type ChannelEvent,
  type ResumeFrom,
  type Step,
  type SuspendedRun,
  type Suspension,
} from '../engine/index.js';
import type { ExecutionRecord, ExecutionStore, WaitingInput } from '../storage/ports.js';
import type { InputSource } from '../widgets/index.js';
import type { GivenInput } from './event-log.js';

/** How a waiting execution goes on: with an answer, with none (its timeout), or hung up. */
export interface GoOn {
  waiting: WaitingInput;
  /** The caller's digits or text; undefined takes the no-input line. */
  given?: GivenInput;
  hangup?: boolean;
}

/** The input widget's default timeout (docs/flows.md), when its request does not name one. */
const DEFAULT_TIMEOUT_SECONDS = 5;

/**
 * The server's input source: the answer a waiting execution goes on with, once; with none,
 * the run stops to wait (AwaitingCaller) and is stored `waiting`.
 */
export function liveInput(goOn: GoOn | undefined): InputSource {
  let answered = goOn === undefined;
  return {
    next: () => {
      if (answered) return Promise.reject(new AwaitingCaller('waiting for the caller'));
      answered = true;
      return Promise.resolve(goOn?.given?.digits ?? goOn?.given?.text);
    },
  };
}

/** Where the engine re-enters the stored run. */
export function resumeFrom(record: ExecutionRecord, goOn: GoOn): ResumeFrom {
  return {
    at: goOn.waiting.resume as Suspension,
    path: record.path,
    events: record.events as ChannelEvent[],
    steps: record.steps as Step[],
    ...(goOn.hangup === true ? { hangup: true } : {}),
  };
}

/** The record of a run that stopped at an input widget: what it asked, and until when. */
export function waitingRecord(
  record: ExecutionRecord,
  run: SuspendedRun,
  now: Date,
  previous: number,
): ExecutionRecord {
  // The input widget's request is the last event it sent before it asked for the answer.
  const request = run.events.at(-1);
  const asked = request?.type === 'input' ? request : undefined;
  const timeoutSeconds =
    typeof asked?.timeoutSeconds === 'number' ? asked.timeoutSeconds : DEFAULT_TIMEOUT_SECONDS;
  return {
    ...record,
    status: 'waiting',
    variables: run.variables,
    persisted: run.suspension.persisted,
    path: run.path,
    events: run.events,
    steps: run.steps,
    waiting: {
      sequence: previous + 1,
      widgetId: run.suspension.widgetId,
      prompt: typeof asked?.prompt === 'string' ? asked.prompt : '',
      maxDigits: typeof asked?.maxDigits === 'number' ? asked.maxDigits : null,
      timeoutSeconds,
      dueAt: new Date(now.getTime() + timeoutSeconds * 1000).toISOString(),
      resume: run.suspension,
    },
  };
}

/** The store's due waits, in the shape the scheduler polls (its "due" is a wait's timeout). */
export function waitTimeouts(
  executions: Pick<ExecutionStore, 'listDueWaits' | 'nextWaitDue'>,
): Pick<ExecutionStore, 'listDueScheduledExecutions' | 'nextScheduledTime'> {
  return {
    listDueScheduledExecutions: (now, limit) => executions.listDueWaits(now, limit),
    nextScheduledTime: () => executions.nextWaitDue(),
  };
}

/** The record without its wait (it went on, or ended). */
export function withoutWait(record: ExecutionRecord): ExecutionRecord {
  if (record.waiting === undefined) return record;
  const rest = { ...record };
  delete rest.waiting;
  return rest;
}
