/**
 * API views: how a stored record is shown in API answers (never a secret). Each resource's
 * view lives in views/<resource>.ts, with its response schema where it has one of its own.
 */
export { agentSchema, agentView } from './views/agents.js';
export { deliveryView, deliveryViewSchema } from './views/deliveries.js';
export { executionView } from './views/executions.js';
export { flowView } from './views/flows.js';
export { shortLinkSchema, shortLinkView } from './views/short-links.js';
export { webhookView, webhookViewSchema } from './views/webhooks.js';
