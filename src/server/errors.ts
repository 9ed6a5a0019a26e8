import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { HooklineError, type ErrorCode } from '../errors/index.js';
import { StorageError } from '../storage/ports.js';

export { HooklineError, notFound, type ErrorCode, type ErrorDetail } from '../errors/index.js';

/** Every error code with its HTTP status: one exhaustive map (docs/architecture.md). */
export const ERROR_STATUS = {
  INVALID_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE: 422,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const satisfies Record<ErrorCode, ContentfulStatusCode>;

/** docs/server.md: `{ "error": { "code", "message", "details" } }`. */
export function errorEnvelope(error: HooklineError) {
  return { error: { code: error.code, message: error.message, details: error.details } };
}

/** The error envelope with a fitting status. */
export function errorResponse(context: Context, error: HooklineError): Response {
  return context.json(errorEnvelope(error), ERROR_STATUS[error.code]);
}

/**
 * What a thrown error answers: a HooklineError as it is; a StorageError is the client's
 * doing (a cursor it made up, a duplicate or a text the store refused); anything else is unexpected
 * (undefined: the caller logs it and answers INTERNAL).
 */
export function knownError(caught: unknown): HooklineError | undefined {
  if (caught instanceof HooklineError) return caught;
  if (caught instanceof StorageError) {
    const code = caught.code === 'CONFLICT' ? 'CONFLICT' : 'INVALID_REQUEST';
    return new HooklineError(code, caught.message);
  }
  return undefined;
}

/** The client closed the connection before its request was read: no one to answer, no fault. */
export class ClientGoneError extends Error {
  override readonly name = 'ClientGoneError';
}

/** True for a request cut off by its client (node:http's `aborted` ECONNRESET included). */
export function clientGone(caught: unknown): boolean {
  if (caught instanceof ClientGoneError) return true;
  const error = caught as NodeJS.ErrnoException | undefined;
  return error instanceof Error && error.code === 'ECONNRESET' && error.message === 'aborted';
}

/** The answer to a cut-off request (written only if the socket still takes it). */
export const requestCutOff = (): HooklineError =>
  new HooklineError('INVALID_REQUEST', 'the request body was cut off');

/** Answered for an unexpected error (never its message: it may hold anything). */
export const internalError = (): HooklineError => new HooklineError('INTERNAL', 'internal error');

/** Who hears of a thrown error besides the client. */
export interface ErrorHooks {
  /** Logs unexpected errors (never with request bodies: they may hold secrets). */
  onUnexpectedError?(error: unknown): void;
  /** A client closed the connection before its request was read (not an error of ours). */
  onClientGone?(): void;
}

/** The error a thrown value is answered with (every route, the trigger listener too). */
export function answerError(caught: unknown, hooks: ErrorHooks): HooklineError {
  if (clientGone(caught)) {
    hooks.onClientGone?.();
    return requestCutOff();
  }
  const known = knownError(caught);
  if (known) return known;
  hooks.onUnexpectedError?.(caught);
  return internalError();
}
