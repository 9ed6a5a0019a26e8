/** Public entry of the outbound HTTP client (docs/architecture.md): docs/webhook-widget.md requests as values. */
export * from './values.js';
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
export { parseRetryAfterMs, retryDelayMs, type RetryDelayInput } from './retry-schedule.js';
