/** Builders for the contract suite: valid records with every field set, overridable. */
import type { FlowDocument } from '../../flow/index.js';
import type {
  Account,
  ApiKeyRecord,
  DeliveryAttempt,
  DeliveryRecord,
  ExecutionRecord,
  FlowVersion,
  SavedWebhook,
  TriggerRecord,
} from '../ports.js';

export const ACCOUNT_A = 'acct_a';
export const ACCOUNT_B = 'acct_b';

const EPOCH_MS = Date.UTC(2026, 0, 1);

/** A fixed instant `seconds` after 2026-01-01T00:00:00Z, as stores receive times. */
export function at(seconds: number): string {
  return new Date(EPOCH_MS + seconds * 1000).toISOString();
}

export function account(id: string, overrides: Partial<Account> = {}): Account {
  return {
    id,
    name: `Account ${id}`,
    settings: { allowPlainHttp: false, apiIpAllowList: [] },
    createdAt: at(0),
    ...overrides,
  };
}

export function apiKey(id: string, accountId: string, hash: string): ApiKeyRecord {
  return { id, accountId, prefix: 'hl_abcdef', hash, createdAt: at(1), revokedAt: null };
}

export function flowDocument(name: string): FlowDocument {
  return {
    name,
    start: 'bye',
    settings: { flowEndWebhook: true },
    widgets: { bye: { type: 'hangup' } },
  };
}

export function flow(id: string, accountId: string, createdAt = at(10)): FlowVersion {
  return {
    id,
    accountId,
    version: 1,
    name: `Flow ${id}`,
    document: flowDocument(`Flow ${id}`),
    createdAt,
  };
}

export function execution(
  id: string,
  accountId: string,
  overrides: Partial<ExecutionRecord> = {},
): ExecutionRecord {
  return {
    id,
    accountId,
    flowId: 'flow_1',
    flowVersion: 1,
    status: 'queued',
    endReason: null,
    direction: 'api',
    from: '+15550001',
    to: '+15550002',
    variables: { '$flow.key.input': 'x' },
    persisted: [],
    path: [],
    events: [],
    steps: [],
    createdAt: at(20),
    startTime: null,
    endTime: null,
    variablesPurged: false,
    scheduledFor: null,
    ...overrides,
  };
}

export function webhook(
  id: string,
  accountId: string,
  overrides: Partial<SavedWebhook> = {},
): SavedWebhook {
  return {
    id,
    accountId,
    name: `hook-${id}`,
    url: `https://example.com/${id}`,
    method: 'POST',
    auth: { type: 'none' },
    headers: [{ key: 'X-Env', value: 'test' }],
    bodyType: 'json',
    isDefault: false,
    signingSecrets: [{ sealed: 'sealed-secret', createdAt: at(0) }],
    disabledAt: null,
    disabledReason: null,
    failingSince: null,
    createdAt: at(30),
    updatedAt: at(30),
    ...overrides,
  };
}

export function delivery(
  id: string,
  accountId: string,
  overrides: Partial<DeliveryRecord> = {},
): DeliveryRecord {
  return {
    id,
    accountId,
    webhookId: 'wh_1',
    executionId: null,
    eventType: 'flow.completed',
    messageId: `msg_${id}`,
    payload: JSON.stringify({ type: 'flow.completed', id }),
    status: 'pending',
    attemptCount: 0,
    nextAttemptAt: at(100),
    leaseUntil: null,
    failureReason: null,
    trimmed: false,
    createdAt: at(50),
    updatedAt: at(50),
    ...overrides,
  };
}

export function attempt(
  deliveryId: string,
  number: number,
  overrides: Partial<DeliveryAttempt> = {},
): DeliveryAttempt {
  return {
    deliveryId,
    attempt: number,
    startedAt: at(200 + number),
    status: 500,
    latencyMs: 12,
    error: null,
    remoteAddress: '93.184.216.34',
    responseExcerpt: 'oops',
    ...overrides,
  };
}

export function trigger(tokenHash: string, accountId: string, flowId: string): TriggerRecord {
  return { tokenHash, accountId, flowId, createdAt: at(5), revokedAt: null };
}

/** Every item of every page, following `nextCursor` (fails on a runaway loop). */
export async function collectPages<T>(
  read: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor?: string }>,
): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let pages = 1; pages <= 1000; pages += 1) {
    const page = await read(cursor);
    items.push(...page.items);
    if (page.nextCursor === undefined) return { items, pages };
    cursor = page.nextCursor;
  }
  throw new Error('pagination did not end');
}
