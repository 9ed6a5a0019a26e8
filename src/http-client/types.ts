import type { TransportFailureReason } from './error-reasons.js';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export const RETRY_ON = ['429', '5xx', 'timeout', 'connection'] as const;
export type RetryOn = (typeof RETRY_ON)[number];

/** A request ready to send: URL rendered, headers and body final (auth already applied). */
export interface OutboundRequest {
  method: HttpMethod;
  url: string;
  /**
   * `url` already parsed, when the caller has it at hand: the client then does not parse it
   * again. Used only while its `href` is exactly `url`, and never modified by the client.
   */
  parsedUrl?: URL;
  headers: ReadonlyArray<readonly [string, string]>;
  body?: string;
}

export interface RetryPolicy {
  /** Extra attempts after the first (0–5). */
  attempts: number;
  on: readonly RetryOn[];
}

export interface SendOptions {
  /** One overall budget for every attempt, redirect and backoff. */
  timeoutMs: number;
  retry?: RetryPolicy;
  signal?: AbortSignal;
  /**
   * Time limit of each attempt (capped by what is left of `timeoutMs`). Default: `timeoutMs`,
   * or an equal share of it per attempt when `retry.on` includes `timeout`, so that a hung
   * first attempt leaves time to retry.
   */
  attemptTimeoutMs?: number;
  /** Header names (besides the client's list) dropped on a cross-origin redirect, e.g. an apiKey header. */
  sensitiveHeaders?: readonly string[];
  /** docs/webhook-widget.md server mode: plain http:// fails with BLOCKED_DESTINATION unless allow-listed. Overrides the client's setting. */
  httpsOnly?: boolean;
}

/** One attempt as it happened (for the execution's record). */
export interface AttemptRecord {
  attempt: number;
  /** Status code, 0 when no response arrived. */
  status: number;
  durationMs: number;
  /** A transport failure of this attempt, if any. */
  reason?: TransportFailureReason;
  /** The address actually connected to, when known. */
  remoteAddress?: string;
}

export interface HttpResponseOutcome {
  kind: 'response';
  /** Any status, 1xx–5xx: the widget decides what is a success. */
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** Decoded (decompressed, UTF-8) body. */
  bodyText: string;
  /** The URL that answered, after redirects. */
  url: string;
  durationMs: number;
  attempts: AttemptRecord[];
}

export interface HttpFailureOutcome {
  kind: 'failure';
  reason: TransportFailureReason;
  /** A readable explanation with no secret in it. */
  message: string;
  /** The last status seen (e.g. a too-large 200), or 0 when no response arrived. */
  status: number;
  durationMs: number;
  attempts: AttemptRecord[];
}

/** What sending a request ends with; remote failures are values, never exceptions. */
export type HttpOutcome = HttpResponseOutcome | HttpFailureOutcome;

export interface HttpClient {
  send(request: OutboundRequest, options: SendOptions): Promise<HttpOutcome>;
  close(): Promise<void>;
}
