/** Public entry of the outbound HTTP client (DESIGN §1): SPEC §3 requests as values. */
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
export {
  createDestinationPolicy,
  InvalidAllowEntryError,
  type AddressVerdict,
  type DestinationPolicy,
} from './destination-policy.js';
export { createHttpClient, type HttpClientOptions } from './http-client.js';
export type { Resolver, ResolvedAddress } from './guarded-connector.js';
export { plainHttpRefusal } from './up-front-check.js';
export { DEFAULT_SENSITIVE_HEADERS } from './redirect.js';
export { applyAuth, type AuthClock } from './auth.js';
export { authSchema, type Auth } from './auth-schema.js';
export { BODY_TYPES, contentTypeFor, type BodyType } from './body.js';
export { redactHeaders, redactText, redactUrl, requestSecrets, secretsOf } from './redact.js';
export { isSecretName } from './secret-names.js';
export { parseRetryAfterMs, retryDelayMs, type RetryDelayInput } from './retry-schedule.js';
