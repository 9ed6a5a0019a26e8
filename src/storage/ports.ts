/**
 * Storage ports (docs/architecture.md): narrow interfaces named by intent. Adapters (memory, SQLite,
 * later PostgreSQL) implement them and pass one contract suite. Every read and write that
 * touches an account's object takes the account id: another account's id is "not found".
 *
 * Times are ISO 8601 UTC strings as `Date#toISOString()` writes them (fixed width), so
 * adapters compare and order them as text. Lists page by keyset: flows, webhooks and agents
 * oldest first, executions, deliveries and short links newest first, ties broken by id (a
 * short link's code).
 */
import type { FlowDocument, Variables } from '../flow/index.js';
import type { ExecutionState, FlowSummary, FlowVersionSummary } from './flow-list-ports.js';
import type * as Leases from './lease-ports.js';
import type * as Live from './live-ports.js';

export type * from './flow-list-ports.js';
export type * from './live-ports.js';
export type { ExecutionHold } from './lease-ports.js';
export type ExecutionLeaseStore = Leases.ExecutionLeaseStore<ExecutionRecord>;

/** A page request: `cursor` is opaque (from the previous page's `nextCursor`). */
export interface PageRequest {
  limit: number;
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  /** Absent on the last page. */
  nextCursor?: string;
}

/** Why a store refused a request that the caller can fix (not a storage fault). */
export type StorageErrorCode =
  /** A `cursor` this store did not issue (bad client input: answer 400). */
  | 'INVALID_CURSOR'
  /**
   * CONFLICT: a duplicate id, key hash, token hash or saved webhook name in one account (409).
   * INVALID_VALUE: a text this store cannot hold (PostgreSQL's has no NUL character; 400).
   */
  | ('CONFLICT' | 'INVALID_VALUE');

/** Thrown by every adapter for caller errors, so the API maps them without knowing the adapter. */
export class StorageError extends Error {
  override readonly name = 'StorageError';
  constructor(
    readonly code: StorageErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The error of a save on a version that is no longer the latest. */
export function staleVersion(flowId: string, latest: number, base: number): StorageError {
  return new StorageError(
    'CONFLICT',
    `flow ${flowId} changed since version ${base}: version ${latest} is the latest`,
  );
}

// ---------------------------------------------------------------- accounts

export interface AccountSettings {
  /** docs/webhook-widget.md: webhook widgets are HTTPS-only unless the account enables plain HTTP. */
  allowPlainHttp: boolean;
  /** CIDRs allowed to call the API; empty = any address. */
  apiIpAllowList: string[];
  /** docs/voice.md: the voice platform's auth token, sealed; never in an API read. */
  voiceAuthToken?: string;
}

export interface Account {
  id: string;
  name: string;
  settings: AccountSettings;
  createdAt: string;
}

export interface ApiKeyRecord {
  id: string;
  accountId: string;
  /** The first characters of the key, to tell keys apart; never enough to use it. */
  prefix: string;
  /** SHA-256 of the whole key (hex); the key itself is never stored. */
  hash: string;
  createdAt: string;
  revokedAt: string | null;
}

/** A designer sign-in (docs/designer.md): the cookie's token is stored only as its hash. */
export interface SessionRecord {
  /** SHA-256 (hex) of the session token. */
  hash: string;
  accountId: string;
  /** The API key signed in with: revoking it ends the session. */
  keyId: string;
  createdAt: string;
  expiresAt: string;
}

export interface AccountStore {
  createAccount(account: Account): Promise<void>;
  getAccount(accountId: string): Promise<Account | undefined>;
  /** Every account, oldest first (operators' `hookline accounts list`; not paginated). */
  listAccounts(): Promise<Account[]>;
  updateAccountSettings(accountId: string, settings: AccountSettings): Promise<Account | undefined>;
  addApiKey(key: ApiKeyRecord): Promise<void>;
  /** The live (not revoked) key with this hash. */
  findApiKeyByHash(hash: string): Promise<ApiKeyRecord | undefined>;
  listApiKeys(accountId: string): Promise<ApiKeyRecord[]>;
  /** Marks the key revoked; false when the account has no such live key. */
  revokeApiKey(accountId: string, keyId: string, revokedAt: string): Promise<boolean>;
  /** Saves a session; sessions expired before its `createdAt` are dropped on the way. */
  createSession(session: SessionRecord): Promise<void>;
  /** The session with this token hash while its key is live (expiry is the caller's check). */
  findSession(hash: string): Promise<SessionRecord | undefined>;
  /** Ends a session (signing out); nothing happens for an unknown hash. */
  deleteSession(hash: string): Promise<void>;
}

// ---------------------------------------------------------------- flows

export interface FlowVersion {
  id: string;
  accountId: string;
  version: number;
  name: string;
  /** With `"***"` in each secret's place, once `secrets` holds them. */
  document: FlowDocument;
  /**
   * The document's secrets, sealed, by slot (`<widgetId>/<field>`); undefined for a version
   * saved before secrets were sealed, whose document still holds them in clear.
   */
  secrets?: FlowSecrets;
  createdAt: string;
}

/** Sealed secrets of a flow version by slot (docs/server.md "Secrets"). */
export type FlowSecrets = Record<string, string>;

/** A flow's next version: the store numbers it. */
export type NewFlowVersion = Pick<FlowVersion, 'id' | 'accountId' | 'document' | 'createdAt'> &
  Pick<Partial<FlowVersion>, 'secrets'>;

/** A document with its secrets taken out and sealed. */
export interface SealedDocument {
  document: FlowDocument;
  secrets: FlowSecrets;
}

export interface FlowStore {
  /** Saves version 1 of a new flow. */
  createFlow(flow: FlowVersion): Promise<void>;
  /**
   * Saves the next version; undefined when the flow does not exist (or was deleted). With
   * `baseVersion`, throws a CONFLICT StorageError unless it is still the latest version
   * (checked and saved atomically: of two saves on the same base, one wins).
   */
  addFlowVersion(
    version: NewFlowVersion & { baseVersion?: number | undefined },
  ): Promise<FlowVersion | undefined>;
  /** The latest version, or the given one; deleted flows are not found. */
  getFlow(accountId: string, flowId: string, version?: number): Promise<FlowVersion | undefined>;
  /** A pinned version even of a deleted flow (running executions finish on their version). */
  getFlowVersionForExecution(flowId: string, version: number): Promise<FlowVersion | undefined>;
  /** Oldest first, each with its newest execution (read in the same query, never one per flow). */
  listFlows(accountId: string, page: PageRequest): Promise<Page<FlowSummary>>;
  /** A live flow's versions, newest first; undefined when the flow is not found. */
  listFlowVersions(
    accountId: string,
    flowId: string,
    page: PageRequest,
  ): Promise<Page<FlowVersionSummary> | undefined>;
  deleteFlow(accountId: string, flowId: string, deletedAt: string): Promise<boolean>;
  /**
   * Versions saved before secrets were sealed (no `secrets`) get `seal`'s document and
   * secrets in place of their clear document, leaving no clear copy behind; answers how many.
   */
  sealClearFlowVersions(seal: (document: FlowDocument) => SealedDocument): Promise<number>;
}

// ---------------------------------------------------------------- executions

export type Direction = 'inbound' | 'outbound' | 'api';

export interface ExecutionRecord {
  id: string;
  accountId: string;
  flowId: string;
  flowVersion: number;
  status: ExecutionState;
  endReason: string | null;
  direction: Direction;
  from: string;
  to: string;
  /** Variables at start (input) until the end; then the final variables. */
  variables: Variables;
  /** Names kept after the end (docs/webhook-widget.md persistResponse). */
  persisted: string[];
  path: string[];
  events: unknown[];
  steps: unknown[];
  createdAt: string;
  startTime: string | null;
  endTime: string | null;
  /** True once non-persisted flow variables were removed (privacy by default). */
  variablesPurged: boolean;
  /**
   * A queued execution must not start before this time (docs/internal-functions.md `createOutbound`'s
   * `delayMinutes`); null = may start now. Stored, so a restart before it is due neither
   * loses nor repeats the execution.
   */
  scheduledFor: string | null;
  /** Set while `waiting` (an `input` widget asked the caller); absent otherwise. */
  waiting?: Live.WaitingInput;
}

export interface ExecutionFilter {
  flowId?: string;
  status?: ExecutionState;
}

/**
 * `createExecution` and `resumeExecution` are declared with the leases
 * (src/storage/lease-ports.ts): a running execution is held by the process that runs it.
 */
export interface ExecutionStore extends Live.ExecutionCallStore, ExecutionLeaseStore {
  /**
   * Stores many executions in ONE transaction: all or none (a duplicate id, also within the
   * batch, rejects with CONFLICT and stores nothing). `createOutbound` schedules one per
   * contact number and must never leave half of them behind.
   */
  createExecutions(executions: readonly ExecutionRecord[]): Promise<void>;
  getExecution(accountId: string, executionId: string): Promise<ExecutionRecord | undefined>;
  listExecutions(
    accountId: string,
    filter: ExecutionFilter,
    page: PageRequest,
  ): Promise<Page<ExecutionRecord>>;
  /**
   * queued → running; false when it was not queued (another worker took it) or when its
   * `scheduledFor` is still later than `startTime` (too early: it stays queued).
   */
  markExecutionRunning(executionId: string, startTime: string): Promise<boolean>;
  /**
   * Records the end of an execution and the deliveries it causes in ONE transaction
   * (transactional outbox, docs/server.md): either both are stored or neither.
   */
  finishExecution(execution: ExecutionRecord, deliveries: readonly DeliveryRecord[]): Promise<void>;
  /** Executions left queued (scheduled ones included) or running (after a restart). */
  listUnfinishedExecutions(limit: number): Promise<ExecutionRecord[]>;
  /**
   * Queued executions of every account with a `scheduledFor` at or before `now`, in order
   * of `scheduledFor` then id, up to `limit`. Ones with a null `scheduledFor` are not
   * listed: they were due when created and are run (or recovered) without waiting.
   */
  listDueScheduledExecutions(now: string, limit: number): Promise<ExecutionRecord[]>;
  /** The earliest `scheduledFor` among queued executions (the scheduler sleeps until then). */
  nextScheduledTime(): Promise<string | undefined>;
  /**
   * running → waiting with its state so far (variables, path, events, steps, `waiting`);
   * false when it was not running.
   */
  waitExecution(execution: ExecutionRecord): Promise<boolean>;
  /** Waiting executions of every account whose `waiting.dueAt` is at or before `now`. */
  listDueWaits(now: string, limit: number): Promise<ExecutionRecord[]>;
  /** The earliest `waiting.dueAt` (the timeout poller sleeps until then). */
  nextWaitDue(): Promise<string | undefined>;
  /**
   * Appends events to an execution's log in ONE transaction, numbered on from its last
   * `seq`; answers them with their numbers. Removed with the execution (retention).
   */
  appendExecutionEvents(
    executionId: string,
    events: readonly Live.NewExecutionEvent[],
  ): Promise<Live.ExecutionEvent[]>;
  /** The log after `afterSeq`, in order, up to `limit` events. */
  listExecutionEvents(
    executionId: string,
    afterSeq: number,
    limit: number,
  ): Promise<Live.ExecutionEvent[]>;
}

// ---------------------------------------------------------------- saved webhooks

/** A secret as stored: AES-256-GCM ciphertext, never the clear value. */
export type Sealed = string;

export interface SigningSecret {
  sealed: Sealed;
  createdAt: string;
  /** Set on the previous secret during a rotation's overlap. */
  expiresAt?: string;
}

export interface SavedWebhook {
  id: string;
  accountId: string;
  name: string;
  url: string;
  method: string;
  /** The auth config with its secret fields sealed. */
  auth: Record<string, unknown>;
  /** `sealed`: the value of a secret-named header, sealed (docs/server.md "Secrets"). */
  headers: Array<{ key: string; value: string; mandatory?: boolean; sealed?: boolean }>;
  bodyType: string;
  isDefault: boolean;
  /** Current secret first; a previous one while a rotation overlaps. */
  signingSecrets: SigningSecret[];
  disabledAt: string | null;
  disabledReason: string | null;
  /** The first failure of the current run of failures (docs/server.md: 5 days of failures disables). */
  failingSince: string | null;
  createdAt: string;
  updatedAt: string;
}

/**
 * Saved webhooks. Scale-out mode caches `getWebhookByName`, `getDefaultWebhook` and
 * `getWebhookById` up to 5 s (docs/adr/0009-queue-and-signals.md "Caches"): their
 * `failingSince` may lag an attempt's record. `getWebhook` and `listWebhooks` read the store.
 */
export interface WebhookStore {
  /** Saves; when `isDefault`, clears the flag on the account's other webhooks in the same write. */
  saveWebhook(webhook: SavedWebhook): Promise<void>;
  getWebhook(accountId: string, webhookId: string): Promise<SavedWebhook | undefined>;
  getWebhookByName(accountId: string, name: string): Promise<SavedWebhook | undefined>;
  getDefaultWebhook(accountId: string): Promise<SavedWebhook | undefined>;
  listWebhooks(accountId: string, page: PageRequest): Promise<Page<SavedWebhook>>;
  /**
   * Removes the webhook; its deliveries stay readable as history. Pending ones are left for
   * the dispatcher, which finds no webhook (`getWebhookById` → undefined) and fails them.
   */
  deleteWebhook(accountId: string, webhookId: string): Promise<boolean>;
  /** For the dispatcher, which works across accounts. */
  getWebhookById(webhookId: string): Promise<SavedWebhook | undefined>;
  /** Disables the endpoint (410 Gone, or 5 days of failures: docs/server.md). */
  disableWebhook(webhookId: string, reason: string, at: string): Promise<void>;
}

// ---------------------------------------------------------------- deliveries

export type DeliveryState = 'pending' | 'succeeded' | 'failed';

/** Why a delivery was never sendable (it is recorded `failed`, without attempts). */
export type DeliveryFailureReason = 'NO_WEBHOOK' | 'PAYLOAD_TOO_LARGE';

export interface DeliveryRecord {
  id: string;
  accountId: string;
  /** '' when the account had no webhook for the event (`failureReason` NO_WEBHOOK). */
  webhookId: string;
  executionId: string | null;
  eventType: string;
  /** The Standard Webhooks `webhook-id`: the same on every attempt (docs/server.md). */
  messageId: string;
  /** The exact JSON body sent on every attempt. */
  payload: string;
  status: DeliveryState;
  attemptCount: number;
  /** Null on a pending delivery waiting for its disabled webhook to be re-enabled. */
  nextAttemptAt: string | null;
  leaseUntil: string | null;
  /** Set on a delivery recorded failed because it could never be sent; never resent. */
  failureReason: DeliveryFailureReason | null;
  /** The payload's largest `keys` values were shortened to fit 256 KB. */
  trimmed: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface DeliveryAttempt {
  deliveryId: string;
  attempt: number;
  startedAt: string;
  status: number;
  latencyMs: number;
  error: string | null;
  remoteAddress: string | null;
  /** Up to 64 KB of the response body. */
  responseExcerpt: string | null;
}

export interface DeliveryFilter {
  executionId?: string;
  status?: DeliveryState;
  webhookId?: string;
}

export interface ClaimRequest {
  now: string;
  limit: number;
  /** The claim holds until this time; an expired lease is claimable again. */
  leaseUntil: string;
  /** Deliveries already in flight per webhook are counted against this cap. */
  perWebhookLimit: number;
}

export interface AttemptResult {
  attempt: DeliveryAttempt;
  /** The delivery's state after this attempt. */
  status: DeliveryState;
  nextAttemptAt: string | null;
  /**
   * How the attempt counts for the delivery's webhook's run of failures (docs/server.md: 5 days of
   * failures disable it): a success clears `failingSince`, a failure sets it to `at` when unset.
   * Absent when the endpoint is not to blame (the attempt was never sent).
   */
  endpoint?: { succeeded: boolean; at: string };
}

/** What recording an attempt tells the dispatcher. */
export interface RecordedAttempt {
  /**
   * After a failure counted against the endpoint: its run of failures and whether it is
   * already disabled. Absent on success, without `endpoint`, or when the webhook is gone.
   */
  failingEndpoint?: { failingSince: string; disabledAt: string | null };
}

export interface DeliveryStore {
  /**
   * Due pending deliveries, leased to the caller (docs/architecture.md claimDueDeliveries): pending,
   * `nextAttemptAt <= now`, no live lease (`leaseUntil` null or `< now`), in order of
   * `nextAttemptAt`, `createdAt`, `id`; live leases count against `perWebhookLimit`. Two
   * concurrent claims (even from two processes) never get the same delivery.
   */
  claimDueDeliveries(request: ClaimRequest): Promise<DeliveryRecord[]>;
  /**
   * Stores an attempt and the delivery's new state, and releases the lease. `attemptCount`
   * becomes the highest attempt number recorded. In the same transaction: the endpoint's run
   * of failures (`result.endpoint`), and once the delivery is final (succeeded or failed)
   * and its execution has no other pending delivery, the execution's privacy purge (docs/webhook-widget.md:
   * non-persisted flow variables go once the flow end webhook is done: `keepPersistedVariables`,
   * `variablesPurged`). A crash before the commit leaves all of it
   * undone, so the lease runs out and the attempt is made again. A claim made after this call,
   * even before its promise settles, sees the attempt recorded and its lease released
   * unless the record fails (the dispatcher claims for the freed slot at once).
   */
  recordAttempt(result: AttemptResult): Promise<RecordedAttempt>;
  getDelivery(accountId: string, deliveryId: string): Promise<DeliveryRecord | undefined>;
  listAttempts(deliveryId: string): Promise<DeliveryAttempt[]>;
  listDeliveries(
    accountId: string,
    filter: DeliveryFilter,
    page: PageRequest,
  ): Promise<Page<DeliveryRecord>>;
  /** Adds deliveries outside an execution's end (checks, resends' new rows, notifications). */
  enqueueDeliveries(deliveries: readonly DeliveryRecord[]): Promise<void>;
  /**
   * Makes a failed or succeeded delivery pending again, due now (resend / recover); false
   * when it is already pending, has a `failureReason`, or is not the account's.
   * `attemptCount` and attempts are kept.
   */
  requeueDelivery(accountId: string, deliveryId: string, now: string): Promise<boolean>;
  /**
   * Failed deliveries of a webhook created at or after `since` (not those with a
   * `failureReason`), made pending again (due `now`); returns how many.
   */
  recoverFailedDeliveries(
    accountId: string,
    webhookId: string,
    since: string,
    now: string,
  ): Promise<number>;
  /**
   * Marks every pending delivery of a webhook failed (the endpoint was disabled); returns
   * how many. Their executions left with no pending delivery are purged as in
   * `recordAttempt`, in the same transaction.
   */
  failPendingDeliveries(webhookId: string, at: string): Promise<number>;
  /**
   * A webhook's pending deliveries that wait for it (`nextAttemptAt` null: stored while it
   * was disabled) made due `now`; returns how many.
   */
  releaseWaitingDeliveries(webhookId: string, now: string): Promise<number>;
  /** Number of pending deliveries (the queue depth metric). */
  countPendingDeliveries(): Promise<number>;
  /**
   * The earliest time a pending delivery becomes claimable (the dispatcher sleeps until
   * then): its `nextAttemptAt`, or for a leased one the later of that and `leaseUntil`, so
   * a dead worker's leases are picked up when they run out.
   */
  nextDueTime(): Promise<string | undefined>;
}

// ---------------------------------------------------------------- contacts and triggers

export interface ContactStore {
  /** A contact's `$user.key` variables by full name. */
  getContactVariables(accountId: string, contactNumber: string): Promise<Variables>;
  setContactVariables(
    accountId: string,
    contactNumber: string,
    variables: Variables,
  ): Promise<void>;
}

export interface TriggerRecord {
  /** SHA-256 of the URL token; the token itself is only shown once. */
  tokenHash: string;
  accountId: string;
  flowId: string;
  createdAt: string;
  revokedAt: string | null;
}

/** What a trigger call needs, read at once: the trigger, its account, its flow's latest version. */
export interface ResolvedTrigger {
  trigger: TriggerRecord;
  account: Account;
  /** The latest version of the trigger's flow. */
  flowVersion: number;
}

export interface TriggerStore {
  saveTrigger(trigger: TriggerRecord): Promise<void>;
  /**
   * The live (not revoked) trigger with this hash, when its account exists and its flow
   * exists in that account and is not deleted.
   */
  resolveTrigger(tokenHash: string): Promise<ResolvedTrigger | undefined>;
  revokeTriggers(accountId: string, flowId: string, revokedAt: string): Promise<number>;
}

// ---------------------------------------------------------------- short links

/** A short link (docs/internal-functions.md `shortURL`), served at `GET /s/<code>`. */
export interface ShortLinkRecord {
  /** Unguessable and unique across every account: the public URL names only the code. */
  code: string;
  accountId: string;
  longUrl: string;
  createdAt: string;
  clicks: number;
}

export interface ShortLinkStore {
  /** Rejects with CONFLICT when the code is taken (by any account). */
  createShortLink(link: ShortLinkRecord): Promise<void>;
  /** By code alone: the public redirect knows no account. */
  findShortLink(code: string): Promise<ShortLinkRecord | undefined>;
  /** Adds one click atomically (concurrent clicks are all counted); an unknown code is a no-op. */
  recordClick(code: string): Promise<void>;
  /** Newest first, ties broken by code. */
  listShortLinks(accountId: string, page: PageRequest): Promise<Page<ShortLinkRecord>>;
}

// ---------------------------------------------------------------- agents

/** A direct-dial agent (docs/internal-functions.md `directDialPause`). */
export interface AgentRecord {
  id: string;
  accountId: string;
  name: string;
  extension: string | null;
  onBreak: boolean;
  /** When the break status was last set; null until it first is. */
  breakChangedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface AgentStore {
  /** Rejects with CONFLICT when the id exists (in any account). */
  createAgent(agent: AgentRecord): Promise<void>;
  getAgent(accountId: string, agentId: string): Promise<AgentRecord | undefined>;
  /** Oldest first, ties broken by id. */
  listAgents(accountId: string, page: PageRequest): Promise<Page<AgentRecord>>;
  /**
   * Sets the break status (`onBreak`, `breakChangedAt` and `updatedAt` become the given
   * values) and stores the deliveries it causes (`agent.paused` / `agent.unpaused`) in ONE
   * transaction (transactional outbox, like `finishExecution`): both or neither. Returns the
   * updated agent; undefined, with nothing written, when the account has no such agent. The
   * store does not compare with the previous status: the caller chooses the events.
   */
  setAgentBreak(
    accountId: string,
    agentId: string,
    onBreak: boolean,
    at: string,
    deliveries: readonly DeliveryRecord[],
  ): Promise<AgentRecord | undefined>;
}

// ---------------------------------------------------------------- retention

/** What a retention pass removes (docs/server.md "Retention"); absent limits do not apply. */
export interface PruneRequest {
  /** Ended executions created before this time go, and deliveries of no execution too. */
  olderThan?: string;
  /**
   * Ended executions beyond the `keepLatest` stored last (every account together) go,
   * whatever their age.
   */
  keepLatest?: number;
  /** At most this many executions, then deliveries of no execution, in one short write. */
  limit: number;
}

/** Rows removed by one `pruneExpired` call. */
export interface PruneResult {
  executions: number;
  /** The pruned executions' deliveries and the deliveries of no execution. */
  deliveries: number;
  attempts: number;
  /** The batch was full: more may be due (call again, after yielding). */
  more: boolean;
}

export interface RetentionStore {
  /**
   * Removes one batch of expired history, in ONE transaction: ended executions (their
   * steps, events and variables) that are past `olderThan` or beyond `keepLatest`, each with
   * its deliveries and their attempts; then, with `olderThan`, deliveries of no execution
   * created before it. Never removed: a queued (scheduled too) or running execution, an
   * execution with a delivery still pending, a pending delivery. Beyond the count, the
   * oldest stored go first; by age, each account's oldest created.
   */
  pruneExpired(request: PruneRequest): Promise<PruneResult>;
}

/** Every port of one store, as the composition root wires them. */
export interface Storage {
  accounts: AccountStore;
  flows: FlowStore;
  executions: ExecutionStore;
  webhooks: WebhookStore;
  deliveries: DeliveryStore;
  contacts: ContactStore;
  triggers: TriggerStore;
  shortLinks: ShortLinkStore;
  agents: AgentStore;
  retention: RetentionStore;
  close(): Promise<void>;
}
