import { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import type { AttemptSignal, Abortable } from './attempt-signal.js';
import type { TransportFailureReason } from './error-reasons.js';
import type { ConnectionProbe } from './guarded-agent.js';
import { decodeUtf8, readBody, type BodyReadResult } from './read-body.js';
import { nextHop, type Hop } from './redirect.js';
import { flattenHeaders } from './response-headers.js';

/** How one hop (a request and its response) ended; transport errors reject instead. */
export type HopResult =
  | { kind: 'response'; headers: Record<string, string>; bodyText: string }
  | { kind: 'redirect'; next: Hop }
  | { kind: 'failure'; reason: TransportFailureReason; message: string };

/** Where the attempt keeps what the current hop saw: its status and the peer that answered. */
export interface HopProgress {
  status: number;
  /** Captured when the headers arrive (the socket is busy with this request until then). */
  address: string | undefined;
  readonly probe: ConnectionProbe;
}

export interface HopOptions {
  agent: Dispatcher;
  /** `hop.url.origin`, already computed by the caller. */
  origin: string;
  signal: AttemptSignal;
  progress: HopProgress;
  /** Cap on the decompressed body (docs/webhook-widget.md RESPONSE_TOO_LARGE). */
  maxBytes: number;
  /** Whether a redirect from this hop is followed (false once the limit is reached). */
  follow: boolean;
  sensitiveHeaders: ReadonlySet<string>;
}

// Responses that never carry a body (RFC 9110 §6.4.1): read nothing, report ''.
const BODYLESS_STATUSES = new Set([204, 205, 304]);

/** A discarded body (redirect, HEAD) is read to its end up to this much, as undici's dump(). */
const DISCARD_LIMIT_BYTES = 128 * 1024;

const NO_HEADERS: Record<string, string> = Object.freeze({});

/**
 * Sends one hop through the client's agent and reads its response: the body collected as it
 * arrives (decompressed and capped), or discarded when it is a redirect that will be followed.
 *
 * It talks to undici's `dispatch` with its own handler instead of `agent.request()`: that API
 * wraps every response in an async resource and a Readable stream with its own listeners,
 * which showed up in CPU profiles as a large share of each request. Only a body with a
 * `Content-Encoding` goes through a stream, for the decoders.
 */
export function exchangeHop(hop: Hop, options: HopOptions): Promise<HopResult> {
  return new Promise((resolve, reject) => {
    const handler = new HopHandler(hop, options, resolve, reject);
    const dispatch: Dispatcher.DispatchOptions & { opaque: ConnectionProbe } = {
      origin: options.origin,
      path: hop.url.pathname + hop.url.search,
      method: hop.method,
      headers: wireHeaders(hop.headers),
      body: hop.body ?? null,
      // Reaches the pool's client unchanged, which tells the probe the connection it used.
      opaque: options.progress.probe,
    };
    options.agent.dispatch(dispatch, handler);
  });
}

type Mode = 'headers' | 'collect' | 'discard' | 'decode' | 'settled';

/** The undici handler of one hop. */
class HopHandler implements Dispatcher.DispatchHandler, Abortable {
  readonly #hop: Hop;
  readonly #options: HopOptions;
  readonly #resolve: (result: HopResult) => void;
  readonly #reject: (error: unknown) => void;
  #controller: Dispatcher.DispatchController | undefined;
  /** An abort that came before undici handed over the controller. */
  #abortReason: Error | undefined;
  #mode: Mode = 'headers';
  #headers = NO_HEADERS;
  #chunks: Buffer[] = [];
  #bytes = 0;
  /** What a discarded body ends in: the redirect's next hop, or an empty response. */
  #afterDiscard: HopResult | undefined;
  /** The encoded body, fed to the decoders. */
  #source: Readable | undefined;

  constructor(
    hop: Hop,
    options: HopOptions,
    resolve: (result: HopResult) => void,
    reject: (error: unknown) => void,
  ) {
    this.#hop = hop;
    this.#options = options;
    this.#resolve = resolve;
    this.#reject = reject;
    options.signal.follow(this);
  }

  /** Aborts the request (the attempt's timer or the caller's signal); undici then errors it. */
  abort(reason: Error): void {
    if (this.#mode === 'settled') return;
    if (this.#controller === undefined) this.#abortReason = reason;
    else this.#controller.abort(reason);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    if (this.#abortReason !== undefined) controller.abort(this.#abortReason);
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
  ): void {
    // 1xx interim responses are not the answer (as undici's request() ignores them).
    if (statusCode < 200 || this.#mode !== 'headers') return;
    const { progress, follow, sensitiveHeaders, maxBytes } = this.#options;
    progress.status = statusCode;
    progress.address = progress.probe.remoteAddress;
    const next = follow
      ? nextHop(this.#hop, statusCode, first(headers['location']), sensitiveHeaders)
      : undefined;
    if (next !== undefined) {
      this.#discard(controller, headers, { kind: 'redirect', next });
      return;
    }
    this.#headers = flattenHeaders(headers);
    if (this.#hop.method === 'HEAD' || BODYLESS_STATUSES.has(statusCode)) {
      this.#discard(controller, headers, {
        kind: 'response',
        headers: this.#headers,
        bodyText: '',
      });
      return;
    }
    const encoding = this.#headers['content-encoding'];
    if (encoding !== undefined) {
      this.#decode(controller, encoding);
      return;
    }
    // An uncompressed body that announces its size can be refused before reading a byte of it.
    if (Number(this.#headers['content-length'] ?? Number.NaN) > maxBytes) {
      this.#settle(tooLarge(maxBytes));
      controller.abort(new Error('response body over the size cap'));
      return;
    }
    this.#mode = 'collect';
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    switch (this.#mode) {
      case 'collect':
        this.#bytes += chunk.length;
        if (this.#bytes > this.#options.maxBytes) {
          // Stop at once: undici drops the connection, so the rest is never read.
          this.#settle(tooLarge(this.#options.maxBytes));
          controller.abort(new Error('response body over the size cap'));
          return;
        }
        this.#chunks.push(chunk);
        return;
      case 'discard':
        this.#bytes += chunk.length;
        if (this.#bytes > DISCARD_LIMIT_BYTES && this.#afterDiscard !== undefined) {
          // Not worth reading: the connection is dropped instead of being reused.
          this.#settle(this.#afterDiscard);
          controller.abort(new Error('discarded body too large'));
        }
        return;
      case 'decode':
        if (this.#source?.push(chunk) === false) controller.pause();
        return;
      case 'headers':
      case 'settled':
        return;
    }
  }

  onResponseEnd(): void {
    switch (this.#mode) {
      case 'collect':
        this.#settle({
          kind: 'response',
          headers: this.#headers,
          bodyText: decodeUtf8(this.#chunks, this.#bytes),
        });
        return;
      case 'discard':
        if (this.#afterDiscard !== undefined) this.#settle(this.#afterDiscard);
        return;
      case 'decode':
        this.#source?.push(null);
        return;
      case 'headers':
        // Only interim (1xx) responses came: there is no answer to report, so it is an error.
        this.#mode = 'settled';
        this.#reject(new Error('the exchange ended without a final response'));
        return;
      case 'settled':
        return;
    }
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    if (this.#mode === 'decode' && this.#source !== undefined) {
      // readBody reports it (as an error) once the decoders have stopped.
      this.#source.destroy(error);
      return;
    }
    if (this.#mode === 'settled') return;
    this.#mode = 'settled';
    this.#reject(error);
  }

  /** Reads a body only to reuse the connection; one announced as too long is not read at all. */
  #discard(
    controller: Dispatcher.DispatchController,
    headers: Record<string, string | string[] | undefined>,
    result: HopResult,
  ): void {
    if (Number(first(headers['content-length']) ?? Number.NaN) > DISCARD_LIMIT_BYTES) {
      this.#settle(result);
      controller.abort(new Error('discarded body too large'));
      return;
    }
    this.#mode = 'discard';
    this.#afterDiscard = result;
  }

  /** A body with a Content-Encoding: streamed through the decoders, with their cap. */
  #decode(controller: Dispatcher.DispatchController, encoding: string): void {
    this.#mode = 'decode';
    const source = new Readable({
      read: () => {
        controller.resume();
      },
    });
    this.#source = source;
    void readBody(source, encoding, this.#options.maxBytes).then((body) => {
      this.#decoded(controller, body);
    });
  }

  #decoded(controller: Dispatcher.DispatchController, body: BodyReadResult): void {
    const { maxBytes } = this.#options;
    switch (body.kind) {
      case 'ok':
        this.#settle({ kind: 'response', headers: this.#headers, bodyText: body.text });
        return;
      case 'too-large':
        this.#settle(tooLarge(maxBytes));
        break;
      case 'undecodable':
        this.#settle({
          kind: 'failure',
          reason: 'CONNECTION_ERROR',
          message: `the response body could not be decoded (Content-Encoding: ${body.encoding})`,
        });
        break;
      case 'error':
        this.#mode = 'settled';
        this.#reject(body.error);
        return;
    }
    // The decoders stopped early: the rest of the body is not wanted, nor is the connection.
    controller.abort(new Error('response body not read to its end'));
  }

  #settle(result: HopResult): void {
    this.#mode = 'settled';
    this.#resolve(result);
  }
}

function tooLarge(maxBytes: number): HopResult {
  return {
    kind: 'failure',
    reason: 'RESPONSE_TOO_LARGE',
    message: `the response body is larger than ${maxBytes} bytes (decompressed)`,
  };
}

/** undici's flat `[name, value, ...]` header form, built without `flat()`'s generic walk. */
function wireHeaders(headers: Hop['headers']): string[] {
  const wire: string[] = [];
  for (const [name, value] of headers) wire.push(name, value);
  return wire;
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
