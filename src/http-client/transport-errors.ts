import type { TransportFailureReason } from './error-reasons.js';

/** A transport failure as the client reports it. */
export interface TransportFailure {
  reason: TransportFailureReason;
  message: string;
}

const TIMEOUT_CODES = new Set([
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

// The request itself cannot be sent as written (a bad header, a wrong Content-Length...).
const INVALID_REQUEST_CODES = new Set([
  'UND_ERR_INVALID_ARG',
  'UND_ERR_NOT_SUPPORTED',
  'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH',
  'ERR_INVALID_ARG_TYPE',
  'ERR_INVALID_ARG_VALUE',
  'ERR_INVALID_CHAR',
  'ERR_INVALID_HTTP_TOKEN',
]);

const DESCRIPTIONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'the connection was refused',
  ECONNRESET: 'the connection was reset',
  EPIPE: 'the connection was closed while sending',
  ENOTFOUND: 'the host name could not be resolved',
  EAI_AGAIN: 'the host name could not be resolved (temporary DNS failure)',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  UND_ERR_SOCKET: 'the connection was closed by the server',
  UND_ERR_CLOSED: 'the connection was closed',
  UND_ERR_DESTROYED: 'the HTTP client was closed',
};

/** Every `code` on an error, its `cause` chain and an AggregateError's members. */
function codesOf(error: unknown, depth = 0): string[] {
  if (depth > 4 || typeof error !== 'object' || error === null) return [];
  const own = 'code' in error && typeof error.code === 'string' ? [error.code] : [];
  const cause = 'cause' in error ? codesOf(error.cause, depth + 1) : [];
  const members =
    error instanceof AggregateError ? error.errors.flatMap((e) => codesOf(e, depth + 1)) : [];
  return [...own, ...cause, ...members];
}

/**
 * Maps a thrown transport error to TIMEOUT, CONNECTION_ERROR or INVALID_REQUEST with a
 * message naming only `target` (host:port) and the error code: URLs may carry secrets.
 */
export function describeTransportError(error: unknown, target: string): TransportFailure {
  const codes = codesOf(error);
  const code = codes.find((c) => c in DESCRIPTIONS) ?? codes[0];
  if (codes.some((c) => TIMEOUT_CODES.has(c))) {
    return {
      reason: 'TIMEOUT',
      message: `${target} did not answer in time (${code ?? 'timeout'})`,
    };
  }
  if (codes.some((c) => INVALID_REQUEST_CODES.has(c))) {
    const detail = error instanceof Error ? `: ${error.message}` : '';
    return { reason: 'INVALID_REQUEST', message: `the request could not be sent${detail}` };
  }
  if (code !== undefined && code in DESCRIPTIONS) {
    return {
      reason: 'CONNECTION_ERROR',
      message: `${target}: ${DESCRIPTIONS[code] ?? code} (${code})`,
    };
  }
  if (codes.some((c) => c.startsWith('ERR_TLS') || c.includes('CERT') || c.startsWith('ERR_SSL'))) {
    const detail = error instanceof Error ? error.message : 'TLS failure';
    return { reason: 'CONNECTION_ERROR', message: `${target}: TLS handshake failed: ${detail}` };
  }
  return {
    reason: 'CONNECTION_ERROR',
    message: `${target}: the connection failed (${code ?? (error instanceof Error ? error.name : 'unknown error')})`,
  };
}
