import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { HooklineError, type ErrorCode } from '../errors/index.js';

export { HooklineError, notFound, type ErrorCode, type ErrorDetail } from '../errors/index.js';

/** Every error code with its HTTP status: one exhaustive map (DESIGN §2). */
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

/** SPEC §6: `{ "error": { "code", "message", "details" } }`. */
export function errorEnvelope(error: HooklineError) {
  return { error: { code: error.code, message: error.message, details: error.details } };
}

/** The error envelope with a fitting status. */
export function errorResponse(context: Context, error: HooklineError): Response {
  return context.json(errorEnvelope(error), ERROR_STATUS[error.code]);
}
