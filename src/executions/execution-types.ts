import type { Clock, ValueLimits } from '../engine/index.js';
import type { FlowDocument, Variables } from '../flow/index.js';
import type {
  Account,
  DeliveryRecord,
  Direction,
  ExecutionRecord,
  FlowVersion,
  Storage,
} from '../storage/ports.js';
import type { ExecutionHold } from '../storage/ports.js';
import type { WidgetServices } from '../widgets/index.js';
import type { FlowCache } from './flow-cache.js';

export interface StartInput {
  from?: string;
  to?: string;
  /** `$flow.key.*` values by full name. */
  variables?: Variables;
  direction: Direction;
}

export interface ExecutionServiceOptions {
  storage: Pick<Storage, 'executions' | 'accounts' | 'contacts' | 'deliveries'>;
  flowCache: FlowCache;
  /** Services for widgets of this account (HTTP client, HTTPS-only setting, saved webhooks). */
  widgetServices(account: Account): WidgetServices;
  clock: Clock;
  newId(): string;
  concurrency: number;
  /** Caps on templates and variables (docs/flows.md "Limits"). */
  valueLimits: ValueLimits;
  /** The deliveries an execution's end causes (docs/server.md flow.completed), stored with it. */
  endDeliveries(execution: ExecutionRecord, document: FlowDocument): Promise<DeliveryRecord[]>;
  onStarted?(execution: ExecutionRecord): void;
  /** Called once the end and its deliveries are stored (wake the dispatcher, count metrics). */
  onEnded?(execution: ExecutionRecord, deliveries: readonly DeliveryRecord[]): void;
  onError?(error: unknown, executionId: string): void;
  /** This process's hold on an execution it starts running now (src/executions/leases.ts). */
  hold(): ExecutionHold;
  /**
   * Queued executions are claimed from the store (src/executions/claim-loop.ts), not kept in
   * memory: start() wakes the loop. `awaitEnd` (scale-out mode) answers `?wait=true` for one
   * another process may run. Absent: start() queues them here.
   */
  claims?: {
    wake(): void;
    awaitEnd?: (record: ExecutionRecord) => Promise<ExecutionRecord | undefined>;
  };
  /** false (`hookline serve --no-worker`): start() stores executions queued and runs none. */
  runs?: boolean;
  /** Called once a stop (waiting, or ended after onEnded) is stored (scale-out signals). */
  onStopped?(execution: ExecutionRecord): void;
}

/** The flow version an execution pins. */
export type FlowRef = Pick<FlowVersion, 'id' | 'version'>;

export interface StartedExecution {
  record: ExecutionRecord;
  /**
   * The full ended record; undefined when the execution will not end in this process (its
   * run failed unexpectedly, or another process took it).
   */
  ended: Promise<ExecutionRecord | undefined>;
}
