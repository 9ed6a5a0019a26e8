import { applyAuth, contentTypeFor, type OutboundRequest } from '../../http-client/values.js';
import { parseXml } from '../../mapping/index.js';
import {
  jsonTemplateAlwaysWellFormed,
  renderFormBody,
  renderHeaderValue,
  renderJsonBody,
  renderText,
  renderUrl,
  renderXmlBody,
  TemplateTooLargeError,
  type VariableLookup,
} from '../../templating/index.js';
import type { WebhookRequestConfig } from './config.js';

export type BuiltRequest =
  | { ok: true; request: OutboundRequest }
  | {
      ok: false;
      reason: 'MANDATORY_MISSING' | 'INVALID_REQUEST' | 'VALUE_TOO_LARGE';
      message: string;
    };

/** Time and ids for signing auth (the widget's services). */
export interface SigningSource {
  nowMs(): number;
  newId(): string;
}

export interface BuildOptions {
  lookup: VariableLookup;
  /** Read only when the auth signs the request (hmac). */
  signing: SigningSource;
  /** The template cap (docs/flows.md "Limits"): a longer rendering fails with VALUE_TOO_LARGE. */
  maxBytes: number;
}

type Failure = Extract<BuiltRequest, { ok: false }>;

function fail(reason: Failure['reason'], message: string): Failure {
  return { ok: false, reason, message };
}

function buildUrl(config: WebhookRequestConfig, options: BuildOptions): URL | Failure {
  const { lookup, maxBytes } = options;
  const rendered = renderUrl(config.url, lookup, maxBytes);
  let url: URL;
  try {
    url = new URL(rendered);
  } catch {
    return fail('INVALID_REQUEST', 'the url is not a valid absolute URL after substitution');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return fail('INVALID_REQUEST', `unsupported URL scheme "${url.protocol}" (http or https only)`);
  }
  for (const parameter of config.query) {
    const value = renderText(parameter.value, lookup, maxBytes);
    if (parameter.mandatory && value === '') {
      return fail('MANDATORY_MISSING', `mandatory query parameter "${parameter.key}" is empty`);
    }
    appendQuery(url, parameter.key, value);
  }
  return url;
}

/**
 * Appends `key=value`, percent-encoded (docs/flows.md), after the query the URL template already
 * has, which is kept byte for byte: `URLSearchParams` would re-serialise it and turn every
 * `%20` into `+`, which RFC 3986 servers read as a plus. A literal `+` is already `%2B`.
 */
function appendQuery(url: URL, key: string, value: string): void {
  const pair = new URLSearchParams([[key, value]]).toString().replaceAll('+', '%20');
  url.search = url.search.length > 1 ? `${url.search.slice(1)}&${pair}` : pair;
}

function buildHeaders(
  config: WebhookRequestConfig,
  options: BuildOptions,
): Array<[string, string]> | Failure {
  const headers: Array<[string, string]> = [];
  for (const header of config.headers) {
    const rendered = renderHeaderValue(header.value, options.lookup, options.maxBytes);
    if (!rendered.ok) return fail('INVALID_REQUEST', `header "${header.key}": ${rendered.message}`);
    if (header.mandatory && rendered.value === '') {
      return fail('MANDATORY_MISSING', `mandatory header "${header.key}" is empty`);
    }
    headers.push([header.key, rendered.value]);
  }
  return headers;
}

/**
 * Renders the body for its type; a JSON or XML body must be well formed (docs/webhook-widget.md). Throws
 * TemplateTooLargeError past `maxBytes`.
 */
export function renderBody(
  config: Pick<WebhookRequestConfig, 'bodyType' | 'body'>,
  lookup: VariableLookup,
  maxBytes?: number,
): { ok: true; body: string | undefined } | Failure {
  switch (config.bodyType) {
    case 'none':
      return { ok: true, body: undefined };
    case 'text':
      return { ok: true, body: renderText(config.body, lookup, maxBytes) };
    case 'form':
      return { ok: true, body: renderFormBody(config.body, lookup, maxBytes) };
    case 'json': {
      const body = renderJsonBody(config.body, lookup, maxBytes);
      // Parsed only when the template's structure does not already guarantee it (docs/webhook-widget.md).
      if (!jsonTemplateAlwaysWellFormed(config.body) && !isJson(body)) {
        return fail('INVALID_REQUEST', 'the JSON body is not well formed after substitution');
      }
      return { ok: true, body };
    }
    case 'xml': {
      const body = renderXmlBody(config.body, lookup, maxBytes);
      const parsed = parseXml(body);
      if (!parsed.ok) {
        return fail(
          'INVALID_REQUEST',
          `the XML body is not well formed after substitution: ${parsed.message}`,
        );
      }
      return { ok: true, body };
    }
  }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function hasHeader(headers: ReadonlyArray<readonly [string, string]>, lowerName: string): boolean {
  for (const [name] of headers) if (name.toLowerCase() === lowerName) return true;
  return false;
}

/**
 * Renders a custom request: URL, query, headers, body, Content-Type and auth. A template that
 * renders past the cap gives VALUE_TOO_LARGE (docs/webhook-widget.md).
 */
export function buildRequest(config: WebhookRequestConfig, options: BuildOptions): BuiltRequest {
  try {
    return renderRequest(config, options);
  } catch (caught) {
    if (caught instanceof TemplateTooLargeError) return fail('VALUE_TOO_LARGE', caught.message);
    throw caught;
  }
}

function renderRequest(config: WebhookRequestConfig, options: BuildOptions): BuiltRequest {
  const url = buildUrl(config, options);
  if (!(url instanceof URL)) return url;
  const headers = buildHeaders(config, options);
  if (!Array.isArray(headers)) return headers;
  const body = renderBody(config, options.lookup, options.maxBytes);
  if (!body.ok) return body;
  const contentType = contentTypeFor(config.bodyType);
  if (contentType !== undefined && !hasHeader(headers, 'content-type')) {
    headers.push(['Content-Type', contentType]);
  }
  // Built as literals, not spread: this runs on every execution.
  // The parsed URL goes along, so the client does not parse the same text again.
  const request: OutboundRequest =
    body.body === undefined
      ? { method: config.method, url: url.href, parsedUrl: url, headers }
      : { method: config.method, url: url.href, parsedUrl: url, headers, body: body.body };
  const { auth } = config;
  if (auth.type === 'none') return { ok: true, request };
  const { signing } = options;
  const clock = { nowMs: () => signing.nowMs(), id: () => signing.newId() };
  return { ok: true, request: applyAuth(request, auth, clock) };
}
