/** The API calls of the versions list and the deliveries page (docs/designer.md). */
import { call, type StoredFlow } from './api.js';

/** `GET /v1/flows/{id}/versions` items. */
export interface FlowVersionSummary {
  version: number;
  name: string;
  createdAt: string;
}

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed';

/** One attempt of a delivery, as `GET /v1/deliveries/{id}` shows it. */
export interface DeliveryAttempt {
  attempt: number;
  startedAt: string;
  status: number;
  latencyMs: number;
  error: string | null;
  remoteAddress: string | null;
  responseExcerpt: string | null;
}

export interface Delivery {
  id: string;
  webhookId: string | null;
  executionId: string | null;
  eventType: string;
  status: DeliveryStatus;
  attemptCount: number;
  nextAttemptAt: string | null;
  failureReason: string | null;
  createdAt: string;
  updatedAt: string;
  attempts: DeliveryAttempt[];
}

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

const at = (id: string) => encodeURIComponent(id);

export const pagesApi = {
  versions: (flowId: string, cursor?: string) =>
    call<Page<FlowVersionSummary>>(
      'GET',
      `/v1/flows/${at(flowId)}/versions?limit=50${cursor ? `&cursor=${at(cursor)}` : ''}`,
    ),
  flowVersion: (flowId: string, version: number) =>
    call<StoredFlow>('GET', `/v1/flows/${at(flowId)}?version=${version}`),
  deliveries: (status: DeliveryStatus | '', cursor?: string) =>
    call<Page<Delivery>>(
      'GET',
      `/v1/deliveries?limit=50${status ? `&status=${status}` : ''}${
        cursor ? `&cursor=${at(cursor)}` : ''
      }`,
    ),
  delivery: (id: string) => call<Delivery>('GET', `/v1/deliveries/${at(id)}`),
  resend: (id: string) => call<Delivery>('POST', `/v1/deliveries/${at(id)}/resend`),
  recover: (webhookId: string, since: string) =>
    call<{ recovered: number }>('POST', `/v1/webhooks/${at(webhookId)}/recover`, { since }),
};
