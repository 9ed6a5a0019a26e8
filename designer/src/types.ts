/** Types shared with the server: imported as types only, never as code (docs/designer.md). */
export type { FlowDocument, WidgetDocument } from '../../src/flow/index.js';
import type { Problem } from '../../src/flow/index.js';
export type { Problem };

/** One entry of `GET /v1/widgets`. */
export interface WidgetType {
  type: string;
  title: string;
  description: string;
  category: 'integration' | 'logic' | 'caller' | 'flow';
  callerInteraction: boolean;
  configSchema: Record<string, unknown>;
  defaults: Record<string, unknown>;
}

/** `GET /v1/flows` items. */
export interface FlowSummary {
  id: string;
  name: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** The newest execution of the flow, null when none. */
  lastExecution: {
    id: string;
    status: string;
    endReason: string | null;
    startTime: string | null;
  } | null;
}

/** `POST /v1/flows/validate`. */
export interface Validation {
  valid: boolean;
  problems: Problem[];
  lines: Record<string, { type: string; labels: string[] }>;
}

/** A saved webhook as `GET /v1/webhooks` shows it (secrets as `"***"`). */
export interface SavedWebhook {
  id: string;
  name: string;
  url: string;
  method: string;
  auth: Record<string, unknown>;
  headers?: WebhookHeader[];
  bodyType: string;
  isDefault: boolean;
  disabled: boolean;
  disabledReason?: string | null;
}

export interface WebhookHeader {
  key: string;
  value: string;
  mandatory?: boolean;
}

/** What `POST /v1/webhooks` and `PUT /v1/webhooks/{id}` take. */
export type WebhookInput = Omit<SavedWebhook, 'id' | 'disabled' | 'disabledReason'>;

/** `POST /v1/webhooks/{id}/check`. */
export interface WebhookCheck {
  reachable: boolean;
  ok: boolean;
  status: number;
  latencyMs: number | null;
  error: string | null;
}

/** `POST /v1/widget-tests` (secrets already redacted by the server). */
export interface WidgetTestResult {
  line: number | null;
  request: {
    method: string;
    url: string;
    headers: Array<[string, string]>;
    body: string | null;
  } | null;
  response:
    | { status: number; headers: Record<string, string>; body: string; durationMs: number }
    | { status: number; error: string; errorReason: string; durationMs: number }
    | null;
  variables: Record<string, unknown>;
}
