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
  /** Executions running in this process: the ones whose leases the heartbeat renews. */
  readonly #running = new Set<string>();

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

  /** Looks for due input timeouts now (another process began a wait). */
  wakeTimeouts(): void {
    this.#timeouts.wake();
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
    const hold = this.#options.hold();
    if (!(await executions.resumeExecution(record.id, goOn.waiting.sequence, hold))) return;
    const running: ExecutionRecord = { ...withoutWait(record), status: 'running' };
    const ended = this.#awaitEnd(record.id);
    this.#running.add(record.id); // held from now on, also while it waits for a run slot
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
    const queued = await newExecutionRecord(this.#options, account, flow, input, null);
    // docs/server.md "Executions across processes": with --no-worker none runs here.
    const runNow = this.#accepting && this.#options.runs !== false && this.#queue.hasFreeSlot;
    const record: ExecutionRecord = runNow
      ? { ...queued, status: 'running', startTime: this.#options.clock.now().toISOString() }
      : queued;
    const hold = runNow ? this.#options.hold() : undefined;
    const stored = this.#options.storage.executions.createExecution(record, hold);
    // The waiter exists before the run can end, so no ending is ever missed.
    const ended = new Promise<ExecutionRecord | undefined>((resolve) =>
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
    return runNow ? { record, ended } : this.#queued(record, ended);
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
      numbers.map((to) =>
        newExecutionRecord(this.#options, account, flow, { direction: 'outbound', to }, due),
      ),
    );
    await this.#options.storage.executions.createExecutions(records);
    for (const record of records) this.#options.onStarted?.(record);
    return records;
  }

  /** Runs a due scheduled execution (from the scheduler). */
  runQueued(record: ExecutionRecord): void {
    this.#schedule(record);
  }

  /** Ends a running execution cut off in a process that is gone: `failed`, INTERRUPTED. */
  async interrupt(record: ExecutionRecord): Promise<void> {
    const flow = await this.#options.flowCache.get(record.flowId, record.flowVersion);
    await this.#end(record, { status: 'failed', endReason: 'INTERRUPTED' }, flow?.document);
  }

  /** Runs an execution this process claimed (src/executions/claim-loop.ts): it is running. */
  runClaimed(record: ExecutionRecord): void {
    this.#running.add(record.id);
    this.#queue.push(() => this.#guarded(record));
  }

  /**
   * Runs the queued execution a queue job names (docs/adr/0009-queue-and-signals.md): once a
   * run slot is free it claims exactly that row with this process's lease
   * (`claimQueuedExecution`) and runs it. Resolves when that run stops, or at once when the
   * claim fails (another process took it, it ended, or it is not due yet): a duplicate job
   * does nothing. The job's consumer holds it until then, so its concurrency is bound by the
   * run slots.
   */
  runQueuedJob(named: { id: string; accountId: string }): Promise<void> {
    if (!this.#accepting) return Promise.resolve();
    return new Promise((resolve) => {
      this.#queue.push(() => this.#claimAndRun(named).finally(resolve));
    });
  }

  /** The ids of the executions running here now (src/executions/leases.ts renews them). */
  get runningIds(): string[] {
    return [...this.#running];
  }

  /** Run slots free now (the claim loop claims no more than this). */
  get freeSlots(): number {
    return this.#queue.free;
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

  /** A queued execution from start(): the claim loop takes it (here or in a worker), if any. */
  #queued(record: ExecutionRecord, local: StartedExecution['ended']): StartedExecution {
    const claims = this.#options.claims;
    if (claims === undefined) this.#schedule(record);
    claims?.wake();
    const remote = claims?.awaitEnd;
    if (remote === undefined) {
      // Only this process runs it; with --no-worker nothing does (a caller gets it as it is).
      if (this.#options.runs === false) this.#settleWaiter(record.id, undefined);
      return { record, ended: local };
    }
    // Scale-out: any process may run it. No waiter is kept here; the store is read only for a
    // caller that waits (`ended` is read only by those).
    this.#waiters.delete(record.id);
    let ended: StartedExecution['ended'] | undefined;
    return {
      record,
      get ended() {
        return (ended ??= remote(record));
      },
    };
  }

  #schedule(record: ExecutionRecord): void {
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
    this.#running.add(record.id);
    try {
      if (goOn === undefined && record.status === 'queued') await this.#runQueued(record);
      else {
        const owner =
          account ?? (await this.#options.storage.accounts.getAccount(record.accountId));
        await this.#execute(record, owner, goOn);
      }
    } catch (caught) {
      this.#options.onError?.(caught, record.id);
    } finally {
      this.#running.delete(record.id);
      this.#settleWaiter(record.id, undefined);
      this.#options.claims?.wake();
    }
  }

  #settleWaiter(executionId: string, ended: ExecutionRecord | undefined): void {
    const resolve = this.#waiters.get(executionId);
    if (resolve === undefined) return;
    this.#waiters.delete(executionId);
    resolve(ended);
  }

  /** A job's execution, in a run slot: only a claimed row is held, run, and renewed. */
  async #claimAndRun(named: Pick<ExecutionRecord, 'id' | 'accountId'>): Promise<void> {
    // Stopping: it stays queued; another process (or the sweeper's job) takes it.
    if (!this.#accepting) return;
    let held: string | undefined;
    try {
      await this.#runQueued(named, (claimed) => {
        held = claimed.id;
        this.#running.add(held);
      });
    } catch (caught) {
      this.#options.onError?.(caught, named.id);
    } finally {
      if (held !== undefined) {
        this.#running.delete(held);
        this.#settleWaiter(held, undefined);
      }
    }
  }

  /** Claims the queued row with this process's lease and runs it; nothing when the claim fails. */
  async #runQueued(
    queued: Pick<ExecutionRecord, 'id' | 'accountId'>,
    onClaimed?: (claimed: ExecutionRecord) => void,
  ): Promise<void> {
    const { storage, clock } = this.#options;
    const startTime = clock.now().toISOString();
    const hold = this.#options.hold();
    const claimed = await storage.executions.claimQueuedExecution(queued.id, hold, startTime);
    if (!claimed) return;
    onClaimed?.(claimed);
    const account = await storage.accounts.getAccount(queued.accountId);
    await this.#execute(claimed, account);
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
