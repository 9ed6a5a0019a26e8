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
  /** Called once a stop (waiting, or ended after onEnded) is stored. */
  onStopped?(execution: ExecutionRecord): void;
  /**
   * Scale-out (docs/adr/0009-queue-and-signals.md): executions started, scheduled or
   * recovered here are stored `queued` and handed to the shared queue (`run`) instead of run
   * here; their `ended` comes from the process that runs them (`ended`).
   */
  handOff?: {
    run(execution: ExecutionRecord): void;
    ended(execution: ExecutionRecord): Promise<ExecutionRecord | undefined>;
  };
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
