/** Stable error codes of Hookline's expected failures (the API maps each to a status). */
export const ERROR_CODES = [
  'INVALID_REQUEST',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'UNPROCESSABLE',
  'INTERNAL',
  'UNAVAILABLE',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** One detail of an error: a problem at a JSON path (the same shape as flow validation's). */
export interface ErrorDetail {
  path: string;
  message: string;
  severity?: 'error' | 'warning';
}

/** An expected failure with a stable code; never carries a secret in its message. */
export class HooklineError extends Error {
  override readonly name = 'HooklineError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: readonly ErrorDetail[] = [],
  ) {
    super(message);
  }
}

export const notFound = (what: string): HooklineError =>
  new HooklineError('NOT_FOUND', `${what} not found`);
