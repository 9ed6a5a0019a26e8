/**
 * The outbound HTTP client's values without the client: request and outcome types, methods,
 * error reasons, auth, body content types and redaction. Widgets build and describe
 * requests with these alone, so `hookline validate` never loads undici (index.ts re-exports
 * all of it with the client).
 */
export { ERROR_REASONS, type ErrorReason, type TransportFailureReason } from './error-reasons.js';
export {
  HTTP_METHODS,
  RETRY_ON,
  type AttemptRecord,
  type HttpClient,
  type HttpFailureOutcome,
  type HttpMethod,
  type HttpOutcome,
  type HttpResponseOutcome,
  type OutboundRequest,
  type RetryOn,
  type RetryPolicy,
  type SendOptions,
} from './types.js';
export { applyAuth, type AuthClock } from './auth.js';
export { authSchema, type Auth } from './auth-schema.js';
export { BODY_TYPES, contentTypeFor, type BodyType } from './body.js';
export { redactHeaders, redactText, redactUrl, requestSecrets, secretsOf } from './redact.js';
export { isSecretName } from './secret-names.js';
