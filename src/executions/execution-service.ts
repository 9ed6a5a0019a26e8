import { runLiveExecution, type ExecutionResult } from '../engine/index.js';
import { keepPersistedVariables, type FlowDocument } from '../flow/index.js';
import type { Account, ExecutionRecord, FlowVersion } from '../storage/ports.js';
import { widgetCatalogue } from '../widgets/index.js';
import { goOnEvent, type EventNotifier, type GivenInput } from './event-log.js';
import { LiveRuns, type LiveRun } from './live-runs.js';
import { hangupExecution, type HangupHost } from './hangup.js';
import { saveContactVariables } from './contact-variables.js';
import { HooklineError } from '../errors/index.js';
import {
  liveInput,
  resumeFrom,
  waitingRecord,
  waitTimeouts,
  withoutWait,
  type GoOn,
} from './live.js';
import { newExecutionRecord } from './new-record.js';
import { ExecutionScheduler } from './scheduler.js';
import { WorkQueue } from './work-queue.js';
import type {
  ExecutionServiceOptions,
  FlowRef,
  StartedExecution,
  StartInput,
} from './execution-types.js';

export type {
  ExecutionServiceOptions,
  FlowRef,
  StartedExecution,
  StartInput,
} from './execution-types.js';
export { endedWithin, wantsWait } from './wait-for-end.js';

/** Starts executions, runs them in the background with bounded concurrency, and ends them durably. */
export class ExecutionService {
  readonly #options: ExecutionServiceOptions;
  readonly #queue: WorkQueue;
  /** `ended` of each execution started here and not yet ended (or given up on). */
  readonly #waiters = new Map<string, (record: ExecutionRecord | undefined) => void>();
  /** Takes the no-input line of waits whose timeout passed, by the store's due times. */
  readonly #timeouts: ExecutionScheduler;
  /** Runs live here: their events stored as they happen, and their hangups. */
  readonly #live: LiveRuns;
  readonly #hangupHost: HangupHost;
  #accepting = true;

  constructor(options: ExecutionServiceOptions) {
    this.#options = options;
    this.#queue = new WorkQueue(options.concurrency);
    this.#live = new LiveRuns(options.storage.executions, options.clock, (error, id) =>
      options.onError?.(error, id),
    );
    this.#hangupHost = {
      ...options,
      live: this.#live,
      awaitEnd: (id) => this.#awaitEnd(id),
      goOn: (record, goOn) => this.#goOn(record, goOn),
      execute: (record, account) => this.#execute(record, account),
    };
    this.#timeouts = new ExecutionScheduler({
      executions: waitTimeouts(options.storage.executions),
      clock: options.clock,
      run: (record) => {
        if (!record.waiting || !this.#accepting) return;
        this.#goOn(record, { waiting: record.waiting }).catch((error: unknown) => {
          options.onError?.(error, record.id);
        });
      },
      onError: (error) => options.onError?.(error, 'input timeouts'),
    });
  }

  /** Wakes event streams (GET /v1/executions/{id}/events) when events are stored here. */
  get events(): EventNotifier {
    return this.#live.events;
  }

  /** Starts watching input timeouts (also those that passed while the server was down). */
  startTimeouts(): void {
    this.#timeouts.start();
  }

  /**
   * Answers a `waiting` execution (docs/server.md "Live executions"): it goes on in the
   * background. `ended` resolves when it stops again (waiting or ended). Undefined when it
   * was not waiting, or another answer (or its timeout) won. No `given` takes the no-input line.
   */
  async answer(record: ExecutionRecord, given?: GivenInput): Promise<StartedExecution | undefined> {
    if (record.status !== 'waiting' || !record.waiting) return undefined;
    return this.#goOn(record, { waiting: record.waiting, ...(given ? { given } : {}) });
  }

  /** The caller hung up (docs/server.md "Live executions"; see hangupExecution). */
  hangup(record: ExecutionRecord): Promise<StartedExecution | 'requested' | undefined> {
    return hangupExecution(this.#hangupHost, record);
  }

  /** A promise of the execution's next stop; an earlier waiter (`?wait=true`) keeps its own. */
  #awaitEnd(executionId: string): Promise<ExecutionRecord | undefined> {
    const earlier = this.#waiters.get(executionId);
    return new Promise((resolve) =>
      this.#waiters.set(executionId, (record) => {
        earlier?.(record);
        resolve(record);
      }),
    );
  }

  async #goOn(record: ExecutionRecord, goOn: GoOn): Promise<StartedExecution | undefined> {
    const { executions } = this.#options.storage;
    // Stopping: nothing would run it; it stays waiting for the next start.
    if (!this.#accepting) throw new HooklineError('UNAVAILABLE', 'the server is shutting down');
    if (!(await executions.resumeExecution(record.id, goOn.waiting.sequence))) return undefined;
    const running: ExecutionRecord = { ...withoutWait(record), status: 'running' };
    const ended = this.#awaitEnd(record.id);
    this.#queue.push(() => this.#guarded(running, undefined, goOn));
    return { record: running, ended };
  }

  /**
   * Stores an execution pinned to this flow version and runs it. With a run slot free it is
   * stored already `running` (one write fewer); otherwise `queued`, and it waits for a slot.
   * `ended` resolves with the full ended record (before the privacy purge), for `?wait=true`
   * answers.
   */
  async start(account: Account, flow: FlowRef, input: StartInput): Promise<StartedExecution> {
    const queued = await this.#newRecord(account, flow, input, null);
    const handOff = this.#options.handOff;
    const runNow = handOff === undefined && this.#accepting && this.#queue.hasFreeSlot;
    const record: ExecutionRecord = runNow
      ? { ...queued, status: 'running', startTime: this.#options.clock.now().toISOString() }
      : queued;
    const stored = this.#options.storage.executions.createExecution(record);
    // The waiter exists before the run can end, so no ending is ever missed.
    const ended = handOff
      ? handOff.ended(record)
      : new Promise<ExecutionRecord | undefined>((resolve) =>
          this.#waiters.set(record.id, resolve),
        );
    if (runNow) {
      // The slot is taken now; the run begins once the row is stored (a failure to store
      // is start()'s to report: nothing runs).
      this.#queue.push(() => stored.then(() => this.#guarded(record, account), doNothing));
    }
    try {
      await stored;
    } catch (error) {
      this.#settleWaiter(record.id, undefined);
      throw error;
    }
    this.#options.onStarted?.(record);
    if (!runNow) this.#schedule(record);
    return { record, ended };
  }

  /**
   * Stores outbound executions, one per number, due at `scheduledFor`, all in one write: a
   * restart before they are due neither loses nor repeats them (the scheduler starts them).
   */
  async schedule(
    account: Account,
    flow: FlowVersion,
    numbers: readonly string[],
    scheduledFor: Date,
  ): Promise<ExecutionRecord[]> {
    const due = scheduledFor.toISOString();
    const records = await Promise.all(
      numbers.map((to) => this.#newRecord(account, flow, { direction: 'outbound', to }, due)),
    );
    await this.#options.storage.executions.createExecutions(records);
    for (const record of records) {
      this.#options.onStarted?.(record);
      this.#options.handOff?.run(record);
    }
    return records;
  }

  /** Runs a due scheduled execution (from the scheduler). */
  runQueued(record: ExecutionRecord): void {
    this.#schedule(record);
  }

  #newRecord(
    account: Account,
    flow: FlowRef,
    input: StartInput,
    scheduledFor: string | null,
  ): Promise<ExecutionRecord> {
    const { storage, clock } = this.#options;
    const id = this.#options.newId();
    const now = clock.now().toISOString();
    return newExecutionRecord(storage.contacts, id, now, account, flow, input, scheduledFor);
  }

  /**
   * After a restart: queued executions run; ones cut off mid-run end `failed`
   * (`INTERRUPTED`), and that end sends the flow end webhook like any other (docs/server.md).
   */
  async recover(): Promise<number> {
    const { storage, flowCache } = this.#options;
    const unfinished = await storage.executions.listUnfinishedExecutions(10_000);
    for (const record of unfinished) {
      if (record.status === 'queued') {
        // Scheduled ones are the scheduler's: it starts them when they are due.
        if (record.scheduledFor === null) this.#schedule(record);
        continue;
      }
      const flow = await flowCache.get(record.flowId, record.flowVersion);
      await this.#end(record, { status: 'failed', endReason: 'INTERRUPTED' }, flow?.document);
    }
    return unfinished.length;
  }

  /** Started executions whose end is still awaited (a test sees that none is left behind). */
  get pendingWaiters(): number {
    return this.#waiters.size;
  }

  /** Executions queued or running in this process. */
  get inFlight(): number {
    return this.#queue.size;
  }

  /** Stops taking work and waits for running executions to end (graceful shutdown). */
  async stop(): Promise<void> {
    this.#accepting = false;
    this.#timeouts.stop();
    await this.#queue.drain();
    this.#live.stop();
  }

  /** Runs a queued execution a queue job named, here; resolves when its run stops. */
  runHere(record: ExecutionRecord): Promise<void> {
    if (!this.#accepting) return Promise.resolve();
    return new Promise((resolve) => {
      this.#queue.push(() => this.#guarded(record).then(resolve));
    });
  }

  /** Looks for due input timeouts now (another process began a wait). */
  wakeTimeouts(): void {
    this.#timeouts.wake();
  }

  #schedule(record: ExecutionRecord): void {
    if (this.#options.handOff) {
      this.#options.handOff.run(record);
      return;
    }
    if (!this.#accepting) {
      // Stopping: it stays queued for the next start, and nobody here waits for it.
      this.#settleWaiter(record.id, undefined);
      return;
    }
    this.#queue.push(() => this.#guarded(record));
  }

  /**
   * Runs a queued execution, or (given its account) one stored already running; never throws.
   * A run that ends without storing an end (an error, or another process took it) gives its
   * waiter up: a `?wait=true` call answers with the execution as it is, at once.
   */
  async #guarded(record: ExecutionRecord, account?: Account, goOn?: GoOn): Promise<void> {
    try {
      if (goOn !== undefined) {
        const owner = await this.#options.storage.accounts.getAccount(record.accountId);
        await this.#execute(record, owner, goOn);
      } else if (account === undefined) await this.#runQueued(record);
      else await this.#execute(record, account);
    } catch (caught) {
      this.#options.onError?.(caught, record.id);
    } finally {
      this.#settleWaiter(record.id, undefined);
    }
  }

  #settleWaiter(executionId: string, ended: ExecutionRecord | undefined): void {
    const resolve = this.#waiters.get(executionId);
    if (resolve === undefined) return;
    this.#waiters.delete(executionId);
    resolve(ended);
  }

  async #runQueued(queued: ExecutionRecord): Promise<void> {
    const { storage, clock } = this.#options;
    const startTime = clock.now().toISOString();
    if (!(await storage.executions.markExecutionRunning(queued.id, startTime))) return;
    const account = await storage.accounts.getAccount(queued.accountId);
    await this.#execute({ ...queued, status: 'running', startTime }, account);
  }

  async #execute(
    record: ExecutionRecord,
    account: Account | undefined,
    goOn?: GoOn,
  ): Promise<void> {
    const { clock, flowCache } = this.#options;
    const flow = await flowCache.get(record.flowId, record.flowVersion);
    if (!account || !flow) {
      await this.#end(record, { status: 'failed', endReason: 'INTERNAL_ERROR' });
      return;
    }
    const live = this.#live.open(
      record.id,
      goOn === undefined
        ? []
        : [goOnEvent(clock, goOn.waiting.widgetId, goOn.given, goOn.hangup === true)],
    );
    let result: Awaited<ReturnType<typeof runLiveExecution>>;
    try {
      result = await runLiveExecution({
        executionId: record.id,
        flow,
        widgets: widgetCatalogue,
        services: { ...this.#options.widgetServices(account), input: liveInput(goOn) },
        clock,
        variables: record.variables,
        limits: this.#options.valueLimits,
        observer: live.observer,
        callerGone: live.callerGone,
        ...(goOn === undefined ? {} : { resume: resumeFrom(record, goOn) }),
      });
    } finally {
      live.release();
    }
    if (result.status === 'waiting') {
      // It holds no run slot and no memory while it waits: the state is in the store.
      const waiting = waitingRecord(record, result, clock.now(), goOn?.waiting.sequence ?? 0);
      // The contact's variables as they are now: the run that goes on starts from these.
      await saveContactVariables(this.#options.storage.contacts, record, result);
      await live.close();
      await this.#options.storage.executions.waitExecution(waiting);
      this.#settleWaiter(record.id, waiting);
      this.#options.onStopped?.(waiting);
      this.#timeouts.wake();
      this.#live.afterWait(waiting, (stopped) => this.hangup(stopped));
      return;
    }
    await saveContactVariables(this.#options.storage.contacts, record, result);
    await this.#end(record, result, flow.document, live);
  }

  async #end(
    record: ExecutionRecord,
    result: Pick<ExecutionResult, 'status' | 'endReason'> & Partial<ExecutionResult>,
    document?: FlowDocument,
    live?: LiveRun,
  ): Promise<void> {
    const ended: ExecutionRecord = {
      ...withoutWait(record),
      status: result.status,
      endReason: result.endReason,
      variables: result.variables ?? record.variables,
      persisted: result.persisted ?? [],
      path: result.path ?? record.path,
      events: result.events ?? record.events,
      steps: result.steps ?? record.steps,
      startTime: record.startTime ?? result.startTime ?? null,
      endTime: result.endTime ?? this.#options.clock.now().toISOString(),
    };
    const deliveries = document ? await this.#options.endDeliveries(ended, document) : [];
    // docs/webhook-widget.md persistResponse: with no flow end webhook to wait for (none, or one recorded
    // failed at once), the other variables are dropped in the same write as the end.
    const stored = deliveries.some((delivery) => delivery.status === 'pending')
      ? ended
      : {
          ...ended,
          variables: keepPersistedVariables(ended.variables, ended.persisted),
          variablesPurged: true,
        };
    // The log first: a stream that sees `end` finds every event before it.
    const end = {
      type: 'end',
      at: ended.endTime ?? '',
      status: ended.status,
      endReason: ended.endReason,
    };
    await (live ? live.close([end]) : this.#live.append(ended.id, [end]));
    await this.#options.storage.executions.finishExecution(stored, deliveries);
    this.#settleWaiter(ended.id, ended);
    this.#options.onEnded?.(ended, deliveries);
    this.#options.onStopped?.(ended);
  }
}

const doNothing = (): void => undefined;
