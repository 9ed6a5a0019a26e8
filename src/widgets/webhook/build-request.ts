import { applyAuth, contentTypeFor, type OutboundRequest } from '../../http-client/index.js';
import { parseXml } from '../../mapping/index.js';
import {
  renderFormBody,
  renderHeaderValue,
  renderJsonBody,
  renderText,
  renderUrl,
  renderXmlBody,
  type VariableLookup,
} from '../../templating/index.js';
import type { WebhookRequestConfig } from './config.js';

export type BuiltRequest =
  | { ok: true; request: OutboundRequest }
  | {
      ok: false;
      reason: 'MANDATORY_MISSING' | 'INVALID_REQUEST';
      message: string;
    };

export interface BuildOptions {
  lookup: VariableLookup;
  nowMs: () => number;
  newId: () => string;
}

type Failure = Extract<BuiltRequest, { ok: false }>;

function fail(reason: Failure['reason'], message: string): Failure {
  return { ok: false, reason, message };
}

function buildUrl(config: WebhookRequestConfig, options: BuildOptions): URL | Failure {
  const rendered = renderUrl(config.url, options.lookup);
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
    const value = renderText(parameter.value, options.lookup);
    if (parameter.mandatory && value === '') {
      return fail('MANDATORY_MISSING', `mandatory query parameter "${parameter.key}" is empty`);
    }
    appendQuery(url, parameter.key, value);
  }
  return url;
}

/**
 * Appends `key=value`, percent-encoded (SPEC §1), after the query the URL template already
 * has, which is kept byte for byte: `URLSearchParams` would re-serialise it and turn every
 * `%20` into `+`, which RFC 3986 servers read as a plus. A literal `+` is already `%2B`.
 */
function appendQuery(url: URL, key: string, value: string): void {
  const pair = new URLSearchParams([[key, value]]).toString().replaceAll('+', '%20');
  url.search = url.search.length > 1 ? `${url.search.slice(1)}&${pair}` : pair;
}

function buildHeaders(
  config: WebhookRequestConfig,
  lookup: VariableLookup,
): Array<[string, string]> | Failure {
  const headers: Array<[string, string]> = [];
  for (const header of config.headers) {
    const rendered = renderHeaderValue(header.value, lookup);
    if (!rendered.ok) return fail('INVALID_REQUEST', `header "${header.key}": ${rendered.message}`);
    if (header.mandatory && rendered.value === '') {
      return fail('MANDATORY_MISSING', `mandatory header "${header.key}" is empty`);
    }
    headers.push([header.key, rendered.value]);
  }
  return headers;
}

/** Renders the body for its type; a JSON or XML body must be well formed (SPEC §3). */
export function renderBody(
  config: Pick<WebhookRequestConfig, 'bodyType' | 'body'>,
  lookup: VariableLookup,
): { ok: true; body: string | undefined } | Failure {
  switch (config.bodyType) {
    case 'none':
      return { ok: true, body: undefined };
    case 'text':
      return { ok: true, body: renderText(config.body, lookup) };
    case 'form':
      return { ok: true, body: renderFormBody(config.body, lookup) };
    case 'json': {
      const body = renderJsonBody(config.body, lookup);
      try {
        JSON.parse(body);
      } catch {
        return fail('INVALID_REQUEST', 'the JSON body is not well formed after substitution');
      }
      return { ok: true, body };
    }
    case 'xml': {
      const body = renderXmlBody(config.body, lookup);
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

/** Renders a custom request: URL, query, headers, body, Content-Type and auth. */
export function buildRequest(config: WebhookRequestConfig, options: BuildOptions): BuiltRequest {
  const url = buildUrl(config, options);
  if (!(url instanceof URL)) return url;
  const headers = buildHeaders(config, options.lookup);
  if (!Array.isArray(headers)) return headers;
  const body = renderBody(config, options.lookup);
  if (!body.ok) return body;
  const contentType = contentTypeFor(config.bodyType);
  const hasContentType = headers.some(([name]) => name.toLowerCase() === 'content-type');
  if (contentType !== undefined && !hasContentType) headers.push(['Content-Type', contentType]);
  const request: OutboundRequest = {
    method: config.method,
    url: url.toString(),
    headers,
    ...(body.body === undefined ? {} : { body: body.body }),
  };
  return {
    ok: true,
    request: applyAuth(request, config.auth, { nowMs: options.nowMs, id: options.newId }),
  };
}
