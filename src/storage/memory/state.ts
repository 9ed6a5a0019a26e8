import type { Variables } from '../../flow/index.js';
import {
  StorageError,
  type Account,
  type AgentRecord,
  type ApiKeyRecord,
  type SessionRecord,
  type DeliveryAttempt,
  type DeliveryRecord,
  type ExecutionEvent,
  type ExecutionRecord,
  type FlowVersion,
  type SavedWebhook,
  type ShortLinkRecord,
  type TriggerRecord,
} from '../ports.js';

/** A flow and all its versions; deleting keeps the versions for running executions. */
export interface MemoryFlow {
  id: string;
  accountId: string;
  createdAt: string;
  deletedAt: string | null;
  /** Oldest first: `versions[n - 1]` is version n. */
  versions: FlowVersion[];
}

/** Everything one memory store holds; each port module owns its maps. */
export interface MemoryState {
  accounts: Map<string, Account>;
  apiKeys: Map<string, ApiKeyRecord>;
  /** Keyed by token hash. */
  sessions: Map<string, SessionRecord>;
  flows: Map<string, MemoryFlow>;
  executions: Map<string, ExecutionRecord>;
  /** Each execution's event log, by execution id. */
  executionEvents: Map<string, ExecutionEvent[]>;
  /** Each execution's voice call (`CallSid`) and hangup request time, by execution id. */
  executionCalls: Map<string, { callSid?: string; hangupRequestedAt?: string }>;
  webhooks: Map<string, SavedWebhook>;
  deliveries: Map<string, DeliveryRecord>;
  attempts: Map<string, DeliveryAttempt[]>;
  /** Keyed by `contactKey(accountId, contactNumber)`. */
  contacts: Map<string, Variables>;
  triggers: Map<string, TriggerRecord>;
  /** Keyed by code. */
  shortLinks: Map<string, ShortLinkRecord>;
  agents: Map<string, AgentRecord>;
}

/** An empty store. */
export function createMemoryState(): MemoryState {
  return {
    accounts: new Map(),
    apiKeys: new Map(),
    sessions: new Map(),
    flows: new Map(),
    executions: new Map(),
    executionEvents: new Map(),
    executionCalls: new Map(),
    webhooks: new Map(),
    deliveries: new Map(),
    attempts: new Map(),
    contacts: new Map(),
    triggers: new Map(),
    shortLinks: new Map(),
    agents: new Map(),
  };
}

/**
 * A deep copy: objects go in and come out as copies, so a caller mutating what it saved or
 * read can never change stored state behind the store's back (as with a real database).
 */
export function copy<T>(value: T): T {
  return structuredClone(value);
}

/** The same refusal the SQL adapters give for a unique-key violation. */
export function conflict(what: string): StorageError {
  return new StorageError('CONFLICT', `${what} already exists`);
}
