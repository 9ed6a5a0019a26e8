/** Every `error_reason` a webhook widget can end with (docs/webhook-widget.md). */
export const ERROR_REASONS = [
  'CLIENT_ERROR',
  'SERVER_ERROR',
  'REDIRECTION',
  'TIMEOUT',
  'CONNECTION_ERROR',
  'INVALID_RESPONSE',
  'MAPPING_MISSING',
  'MANDATORY_MISSING',
  'INVALID_REQUEST',
  'BLOCKED_DESTINATION',
  'RESPONSE_TOO_LARGE',
  'VALUE_TOO_LARGE',
] as const;
export type ErrorReason = (typeof ERROR_REASONS)[number];

/** The reasons the HTTP client itself can end a request with (no usable response). */
export type TransportFailureReason = Extract<
  ErrorReason,
  'TIMEOUT' | 'CONNECTION_ERROR' | 'BLOCKED_DESTINATION' | 'RESPONSE_TOO_LARGE' | 'INVALID_REQUEST'
>;
