import type { Dispatcher } from 'undici';
import type { TransportFailureReason } from './error-reasons.js';
import { readBody } from './read-body.js';
import type { HttpMethod } from './types.js';

/** A final response read to the end, or why it could not be. */
export type ReadResponseResult =
  | { kind: 'response'; headers: Record<string, string>; bodyText: string }
  | { kind: 'failure'; reason: TransportFailureReason; message: string }
  | { kind: 'error'; error: unknown };

// Responses that never carry a body (RFC 9110 §6.4.1): read nothing, report ''.
const BODYLESS_STATUSES = new Set([204, 205, 304]);

/**
 * Reads a final (non-followed) response: lower-cased headers, and the body decompressed and
 * capped at `maxBytes` (SPEC §3 RESPONSE_TOO_LARGE). HEAD and 204/205/304 bodies are ''.
 */
export async function readResponse(
  response: Dispatcher.ResponseData<unknown>,
  method: HttpMethod,
  maxBytes: number,
): Promise<ReadResponseResult> {
  const headers = flattenHeaders(response.headers);
  if (method === 'HEAD' || BODYLESS_STATUSES.has(response.statusCode)) {
    await response.body.dump();
    return { kind: 'response', headers, bodyText: '' };
  }
  const encoding = headers['content-encoding'];
  const declared = Number(headers['content-length'] ?? Number.NaN);
  // An uncompressed body that announces its size can be refused before reading a byte of it.
  if (encoding === undefined && declared > maxBytes) {
    // Destroying emits 'error'; with no listener that would be an uncaught exception.
    response.body.on('error', () => undefined).destroy();
    return tooLarge(maxBytes);
  }
  const body = await readBody(response.body, encoding, maxBytes);
  switch (body.kind) {
    case 'ok':
      return { kind: 'response', headers, bodyText: body.text };
    case 'too-large':
      return tooLarge(maxBytes);
    case 'undecodable':
      return {
        kind: 'failure',
        reason: 'CONNECTION_ERROR',
        message: `the response body could not be decoded (Content-Encoding: ${body.encoding})`,
      };
    case 'error':
      return { kind: 'error', error: body.error };
  }
}

function tooLarge(maxBytes: number): ReadResponseResult {
  return {
    kind: 'failure',
    reason: 'RESPONSE_TOO_LARGE',
    message: `the response body is larger than ${maxBytes} bytes (decompressed)`,
  };
}

/** Lower-cased names; repeated headers joined with ", " (RFC 9110 §5.3). */
export function flattenHeaders(
  raw: Record<string, string | string[] | undefined>,
): Record<string, string> {
  const headers: Record<string, string> = {};
  // Keys, not entries: no [name, value] pair allocated per header on every response.
  for (const name of Object.keys(raw)) {
    const value = raw[name];
    if (value === undefined) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}
