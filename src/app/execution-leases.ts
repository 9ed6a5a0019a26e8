import type { Settings } from '../config/index.js';
import type { Clock } from '../engine/index.js';
import { ClaimLoop } from '../executions/claim-loop.js';
import type { ExecutionService } from '../executions/execution-service.js';
import type { ExecutionServiceOptions } from '../executions/execution-types.js';
import { LeaseKeeper, newInstanceId } from '../executions/leases.js';
import { pollForEnd } from '../executions/remote-end.js';
import type { Storage } from '../storage/ports.js';
import type { Logger } from './logger.js';

/** Every lease counts as ended: the embedded store has no other process (see `start`). */
const EVERY_LEASE = '9999-12-31T23:59:59.999Z';
/** How often an idle process looks for queued executions (a queue may push sooner). */
const SCALE_OUT_POLL_MS = 500;
/** Embedded: start() and every freed run slot wake the loop; the poll is a safety net. */
const EMBEDDED_POLL_MS = 5_000;
/** How often a `?wait=true` caller's execution run elsewhere is read again. */
const END_POLL_MS = 200;

export interface ExecutionLeasesOptions {
  storage: Storage;
  settings: Settings;
  clock: Clock;
  log: Logger;
  /**
   * PostgreSQL shared by several processes, and a shared queue (docs/deploy.md); false: the
   * embedded store. The queue brings a process its executions
   * (docs/adr/0009-queue-and-signals.md): each job claims its own row, so neither a start nor
   * a run's end wakes the claim loop; it only polls, for queued rows whose job was lost.
   */
  scaleOut: boolean;
  /** This process runs executions (claims queued ones); false: `serve --no-worker`. */
  runs: boolean;
  executions(): ExecutionService;
}

/**
 * docs/server.md "Executions across processes": this process's owner id, the heartbeat that
 * renews its leases and takes over expired ones, and the loop that claims queued executions.
 */
export function createExecutionLeases(options: ExecutionLeasesOptions) {
  const { storage, settings, clock, log } = options;
  const keeper = new LeaseKeeper({
    store: storage.executions,
    owner: newInstanceId(),
    running: () => options.executions().runningIds,
    clock,
    leaseMs: settings.executionLeaseMs,
    heartbeatMs: settings.executionHeartbeatMs,
    interrupt: (record) => options.executions().interrupt(record),
    onTakenOver: (count) => {
      log.info({ interrupted: count }, 'ended executions whose process is gone (INTERRUPTED)');
    },
    onError: (error, what) => {
      log.error({ err: error }, `${what} failed`);
    },
  });
  const claims = new ClaimLoop({
    store: storage.executions,
    runner: {
      get freeSlots() {
        return options.executions().freeSlots;
      },
      runClaimed: (record) => {
        options.executions().runClaimed(record);
      },
    },
    hold: () => keeper.hold(),
    clock,
    idlePollMs: options.scaleOut ? SCALE_OUT_POLL_MS : EMBEDDED_POLL_MS,
    onError: (error) => {
      log.error({ err: error }, 'claiming queued executions failed');
    },
  });
  const serviceOptions: Pick<ExecutionServiceOptions, 'hold' | 'claims' | 'runs'> = {
    hold: () => keeper.hold(),
    runs: options.runs,
    claims: {
      // Scale-out: the queue's jobs claim their rows; the loop only polls.
      wake: options.scaleOut
        ? () => undefined
        : () => {
            claims.wake();
          },
      // Embedded, only this process runs them: its own run settles the waiter.
      ...(options.scaleOut
        ? {
            awaitEnd: pollForEnd(storage.executions, {
              pollMs: END_POLL_MS,
              maxWaitMs: settings.maxWaitMs,
            }),
          }
        : {}),
    },
  };
  return {
    owner: keeper.owner,
    serviceOptions,
    /** Ends what a gone process left running, then renews, takes over and claims. */
    async start(): Promise<void> {
      // Embedded: every running row is from before this start (one process per data directory).
      const interrupted = await keeper.takeOverExpired(options.scaleOut ? undefined : EVERY_LEASE);
      if (interrupted > 0) log.info({ interrupted }, 'recovered unfinished executions');
      keeper.start();
      if (options.runs) claims.start();
    },
    /** Claims no more (before the executions drain). */
    stopClaiming: () => claims.stop(),
    /** Lets go of what is still held (after the executions drained). */
    release: () => keeper.stop(),
  };
}
