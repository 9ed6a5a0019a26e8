import type { Variables } from '../flow/index.js';
import type { Auth, BodyType, HttpClient, HttpMethod } from '../http-client/index.js';
import type { WidgetDefinition } from '../engine/index.js';

/** Answers `input` widgets (the CLI's `--input` values, a channel's caller in the server). */
export interface InputSource {
  /** The caller's answer, or undefined for "no input". */
  next: (prompt: string) => Promise<string | undefined>;
}

/** What widgets get from the composition root (docs/architecture.md: the engine reads nothing itself). */
export interface WidgetServices {
  http: HttpClient;
  input: InputSource;
  newId: () => string;
  /** Wall-clock milliseconds, for signatures. */
  nowMs: () => number;
  /** False in the server unless the account enables plain HTTP (docs/webhook-widget.md). */
  allowPlainHttp: boolean;
  /** The public base URL (short links): the server's, or `hookline run --public-url`. */
  publicUrl?: string;
  /** Present only in the server: the webhook widget's `saved` and `internal` modes need it. */
  server?: ServerModes;
}

/** A saved webhook as a `saved`-mode widget calls it (secrets opened). */
export interface SavedWebhookTarget {
  url: string;
  method: HttpMethod;
  auth: Auth;
  headers: Array<{ key: string; value: string; mandatory: boolean }>;
  bodyType: BodyType;
}

/** What internal functions (docs/internal-functions.md) may do in the server, for the execution's account. */
export interface InternalServices {
  /** Schedules one outbound execution per number of a flow of this account. */
  createOutbound: (input: {
    flowId: string;
    numbers: readonly string[];
    delayMinutes: number;
  }) => Promise<
    { ok: true; requestId: string; executionIds: string[] } | { ok: false; message: string }
  >;
  /** Stores a short link and returns its public URL. */
  createShortLink: (longUrl: string) => Promise<string>;
  /** Saves a contact's `$user.key` variables (full names). */
  saveContactVariables: (contactNumber: string, variables: Variables) => Promise<void>;
  /** Sets an agent's break status and emits agent.paused / agent.unpaused. */
  setAgentBreak: (
    agentId: string,
    pause: boolean,
  ) => Promise<{ ok: true; name: string; onBreak: boolean } | { ok: false; message: string }>;
}

/** Server-side capabilities; absent in `hookline run`. */
export interface ServerModes {
  /** The account's saved webhook by name; undefined when there is none. */
  savedWebhook: (name: string) => Promise<SavedWebhookTarget | undefined>;
  internal: InternalServices;
}

export type Widget = WidgetDefinition<unknown, WidgetServices>;
