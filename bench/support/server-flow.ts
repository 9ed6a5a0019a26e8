/**
 * The benchmarks' flow (both the engine's and the server's) and what a correct answer to one
 * trigger looks like. This file imports nothing from src/: one custom webhook POSTing to the loopback "customer API"
 * (bench/support/loopback-server.ts) with a templated URL and JSON body, two mappings, a
 * decision on the tier, then `hangup` (gold: even ids) or `end`.
 */

/** The `$flow.key.note` sent with customer `id`: quotes, so JSON escaping really runs. */
export function noteFor(id: number): string {
  return `called about "order" #${id}`;
}

/** The trigger request body for customer `id`. */
export function triggerBody(id: number): string {
  return JSON.stringify({ customer_id: String(id), note: noteFor(id) });
}

/** The end reason customer `id` must reach: the customer API makes even ids gold. */
export function expectedEndReason(id: number): 'hangup' | 'end' {
  return id % 2 === 0 ? 'hangup' : 'end';
}

/** The name the customer API gives customer `id` (mapped into `$flow.key.name`). */
export function expectedName(id: number): string {
  return `Customer ${id}`;
}

/** The benchmark flow (docs/flows.md, docs/webhook-widget.md): one custom webhook, two mappings, a decision, two ends. */
export function benchFlowDocument(customerApiPort: number, flowEndWebhook: boolean): object {
  return {
    name: flowEndWebhook ? 'Benchmark (flow end webhook)' : 'Benchmark',
    start: 'lookup',
    ...(flowEndWebhook ? { settings: { flowEndWebhook: true } } : {}),
    widgets: {
      lookup: {
        type: 'webhook',
        config: {
          mode: 'custom',
          request: {
            method: 'POST',
            url: `http://127.0.0.1:${customerApiPort}/customers/$flow.key.customer_id`,
            bodyType: 'json',
            body: '{"id": "$flow.key.customer_id", "note": "$flow.key.note"}',
          },
          response: {
            type: 'json',
            mappings: [
              { saveIn: '$flow.key.name', path: 'data.customer.name', mandatory: true },
              { saveIn: '$flow.key.tier', path: 'data.customer.tier' },
            ],
          },
          timeoutSeconds: 10,
        },
        lines: ['tier_check', 'bye'],
      },
      tier_check: {
        type: 'decision',
        config: {
          conditions: [{ variable: '$flow.key.tier', operator: 'equals', value: 'gold' }],
        },
        lines: ['vip_bye', 'bye'],
      },
      vip_bye: { type: 'hangup' },
      bye: { type: 'end' },
    },
  };
}

interface TriggerAnswer {
  id?: unknown;
  status?: unknown;
  endReason?: unknown;
  variables?: Record<string, unknown>;
}

/**
 * Why a `?wait=true` answer for customer `id` is wrong, or undefined when it is right: the
 * execution completed, reached the end its tier calls for, and mapped the customer's name.
 */
export function wrongAnswer(id: number, status: number, body: string): string | undefined {
  if (status !== 200) return `status ${status}`;
  let answer: TriggerAnswer;
  try {
    answer = JSON.parse(body) as TriggerAnswer;
  } catch {
    return 'not JSON';
  }
  if (typeof answer.id !== 'string') return 'no id';
  if (answer.status !== 'completed') return `status "${String(answer.status)}"`;
  if (answer.endReason !== expectedEndReason(id)) {
    return `endReason "${String(answer.endReason)}" for id ${id}`;
  }
  if (answer.variables?.['$flow.key.name'] !== expectedName(id)) return 'name not mapped';
  return undefined;
}
