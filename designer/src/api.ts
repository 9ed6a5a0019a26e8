import type { InternalFunction } from './editors/editor-types.js';
import type {
  FlowDocument,
  FlowSummary,
  SavedWebhook,
  Validation,
  WebhookCheck,
  WebhookInput,
  WidgetTestResult,
  WidgetType,
} from './types.js';

/** An API error answer: the envelope's code and message, and the HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The envelope's details: for a 400, every problem with its path. */
    readonly details: Array<{ path?: string; message?: string }> = [],
  ) {
    super(message);
  }
}

/** Called on any 401: the session expired or ended, back to sign-in. */
let onSignedOut: () => void = () => undefined;
export function whenSignedOut(listener: () => void): void {
  onSignedOut = listener;
}

/** A /v1 call with the session cookie (same origin; the API key never reaches script). */
export async function call<T>(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const parsed: unknown = text === '' ? null : JSON.parse(text);
  if (!response.ok) {
    const error = (
      parsed as {
        error?: { code?: string; message?: string; details?: ApiError['details'] };
      } | null
    )?.error;
    if (response.status === 401 && path !== '/v1/session') onSignedOut();
    throw new ApiError(
      response.status,
      error?.code ?? 'ERROR',
      error?.message ?? response.statusText,
      Array.isArray(error?.details) ? error.details : [],
    );
  }
  return parsed as T;
}

export interface StoredFlow extends FlowDocument {
  id: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** The document alone: what export writes and save sends. */
export function documentOf(flow: StoredFlow): FlowDocument {
  const document: Partial<StoredFlow> = { ...flow };
  delete document.id;
  delete document.version;
  delete document.createdAt;
  delete document.updatedAt;
  return document as FlowDocument;
}

export const api = {
  session: () => call<{ signedIn: boolean; accountName?: string }>('GET', '/v1/session'),
  signIn: (apiKey: string) => call<{ accountName?: string }>('POST', '/v1/session', { apiKey }),
  signOut: () => call<null>('DELETE', '/v1/session'),
  widgets: () => call<{ items: WidgetType[] }>('GET', '/v1/widgets'),
  flows: () => call<{ items: FlowSummary[] }>('GET', '/v1/flows?limit=200'),
  flow: (id: string) => call<StoredFlow>('GET', `/v1/flows/${encodeURIComponent(id)}`),
  createFlow: (document: FlowDocument) =>
    call<{ id: string; version: number }>('POST', '/v1/flows', document),
  saveFlow: (id: string, document: FlowDocument, baseVersion: number) =>
    call<{ id: string; version: number }>('PUT', `/v1/flows/${encodeURIComponent(id)}`, document, {
      'if-match': `"${baseVersion}"`,
    }),
  deleteFlow: (id: string) => call<null>('DELETE', `/v1/flows/${encodeURIComponent(id)}`),
  validate: (document: FlowDocument) => call<Validation>('POST', '/v1/flows/validate', document),
  webhooks: () => call<{ items: SavedWebhook[] }>('GET', '/v1/webhooks?limit=200'),
  createWebhook: (input: WebhookInput) =>
    call<SavedWebhook & { secret: string }>('POST', '/v1/webhooks', input),
  updateWebhook: (id: string, input: WebhookInput) =>
    call<SavedWebhook>('PUT', `/v1/webhooks/${encodeURIComponent(id)}`, input),
  deleteWebhook: (id: string) => call<null>('DELETE', `/v1/webhooks/${encodeURIComponent(id)}`),
  rotateWebhookSecret: (id: string) =>
    call<SavedWebhook & { secret: string }>(
      'POST',
      `/v1/webhooks/${encodeURIComponent(id)}/rotate-secret`,
      {},
    ),
  checkWebhook: (id: string) =>
    call<WebhookCheck>('POST', `/v1/webhooks/${encodeURIComponent(id)}/check`),
  internalFunctions: () => call<{ items: InternalFunction[] }>('GET', '/v1/internal-functions'),
  testWidget: (
    config: unknown,
    variables: Record<string, string>,
    from: { flowId: string; widgetId: string },
  ) => call<WidgetTestResult>('POST', '/v1/widget-tests', { config, variables, ...from }),
};
