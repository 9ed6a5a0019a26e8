/** Public entry of delivery (docs/architecture.md): outbox events, signing, retry schedule, dispatcher. */
export {
  DEFAULT_RETRY_SCHEDULE_SECONDS,
  MAX_RETRY_AFTER_MS,
  nextAttemptAt,
  type NextAttemptInput,
} from './schedule.js';
export { generateSigningSecret, signatureHeader, type SignatureInput } from './signer.js';
export {
  event,
  FLOW_COMPLETED,
  flowCompletedEvent,
  WEBHOOK_CHECK,
  webhookCheckEvent,
  type CallDetail,
  type EndedExecution,
  type FlowCompletedData,
  type FlowCompletedInput,
  type WebhookCheckData,
  type WebhookEvent,
} from './events.js';
export { MAX_PAYLOAD_BYTES, newMessageId } from './payload.js';
export { fitPayload, type FittedPayload } from './fit-payload.js';
export { newDelivery, type NewDeliveryInput } from './new-delivery.js';
export {
  DELIVERY_TIMEOUT_MS,
  sendDelivery,
  type DeliveryRequest,
  type SendDeliveryOptions,
  type SendResult,
} from './sender.js';
export { MAX_EXCERPT_BYTES } from './excerpt.js';
export {
  buildDeliveryRequest,
  type BuiltDeliveryRequest,
  type DeliveryRequestInput,
} from './delivery-request.js';
export {
  attemptOutcome,
  type AttemptOutcome,
  type AttemptOutcomeInput,
} from './attempt-outcome.js';
export {
  type AttemptInfo,
  type DispatcherLog,
  type DispatcherOptions,
} from './dispatcher-options.js';
export { createDispatcher, type Dispatcher } from './dispatcher.js';
export { firstAttempt } from './first-attempt.js';
