import { flowCompletedEvent } from '../delivery/index.js';
import type { DeliveryRecord, ExecutionRecord } from '../storage/ports.js';
import type { WebhookService } from './webhook-service.js';

/** The part of a flow document read here. */
interface FlowEndSettings {
  settings?: { flowEndWebhook?: boolean | string | undefined } | undefined;
}

export interface FlowEndDeliveriesOptions {
  webhooks: WebhookService;
  now: () => Date;
  /** The delivery schedule: entry i is the wait before attempt i + 1 (the default's first is 0). */
  schedule: readonly number[];
  /** Base URL a trimmed `flow.completed` links the execution at. */
  publicUrl: () => string;
  /** A flow end webhook that cannot be sent (recorded failed at once). */
  onNotSendable?(delivery: DeliveryRecord): void;
}

/**
 * docs/server.md "Flow end webhook and deliveries": every end of a flow with
 * `settings.flowEndWebhook` is recorded as a `flow.completed` delivery.
 */
export function flowEndDeliveries(options: FlowEndDeliveriesOptions) {
  return async (
    execution: ExecutionRecord,
    document: FlowEndSettings,
  ): Promise<DeliveryRecord[]> => {
    const to = document.settings?.flowEndWebhook;
    if (to === undefined || to === false) return [];
    const event = flowCompletedEvent({
      execution,
      timestamp: execution.endTime ?? options.now().toISOString(),
    });
    const delivery = await options.webhooks.deliveryOf(execution.accountId, event, {
      to,
      executionId: execution.id,
      delaySeconds: options.schedule[0] ?? 0,
      executionUrl: `${options.publicUrl()}/v1/executions/${execution.id}`,
    });
    if (delivery === undefined) return [];
    if (delivery.failureReason !== null) options.onNotSendable?.(delivery);
    return [delivery];
  };
}
