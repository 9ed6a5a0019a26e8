import { afterAll, describe, expect, it } from 'vitest';
import { killAll } from '../support/serve-process.js';
import {
  createDefaultWebhook,
  createFlow,
  deliveriesOf,
  deliveryWithStatus,
  ok,
  startExecution,
  startStack,
  storingFlow,
  until,
  type Stack,
} from './helpers.js';

let stack: Stack | undefined;

afterAll(async () => {
  await stack?.close();
  await killAll();
});

/** `hookline_retention_pruned_rows_total{table}` lines of GET /metrics, by table. */
async function prunedRows(stackNow: Stack): Promise<Record<string, number>> {
  const { body } = await stackNow.serve.api('GET', '/metrics');
  const rows: Record<string, number> = {};
  for (const match of String(body).matchAll(
    /^hookline_retention_pruned_rows_total\{table="(\w+)"\} (\d+)$/gm,
  )) {
    rows[match[1] ?? ''] = Number(match[2]);
  }
  return rows;
}

describe('hookline serve: retention', () => {
  it('prunes ended executions beyond HOOKLINE_RETENTION_MAX_EXECUTIONS with their deliveries', async () => {
    const env = { HOOKLINE_RETENTION_MAX_EXECUTIONS: '2' };
    stack = await startStack({ env });
    const current = stack;
    await createDefaultWebhook(current.serve, current.receiver.url('/events'));
    const flowId = await createFlow(current.serve, storingFlow());
    const ids: string[] = [];
    for (let index = 0; index < 5; index += 1) {
      const execution = await startExecution(current.serve, flowId);
      await deliveryWithStatus(current.serve, execution.id as string, 'succeeded');
      ids.push(execution.id as string);
    }
    // A sweep runs when the server starts (then every minute).
    current.serve.child.kill('SIGTERM');
    await current.serve.exited;
    const restarted = await current.restart({ env });
    const pruned = await until('the retention sweep', async () => {
      const rows = await prunedRows(current);
      return rows['executions'] === 3 ? rows : undefined;
    });
    expect(pruned).toEqual({ executions: 3, deliveries: 3, delivery_attempts: 3 });

    const listed = await ok(restarted.api('GET', `/v1/executions?flowId=${flowId}`));
    expect(listed.items.map((item: { id: string }) => item.id).sort()).toEqual(ids.slice(3).sort());
    expect((await restarted.api('GET', `/v1/executions/${ids[0] ?? ''}`)).status).toBe(404);
    expect(await deliveriesOf(restarted, ids[0] ?? '')).toEqual([]);
    expect(await deliveriesOf(restarted, ids[4] ?? '')).toHaveLength(1);
  });
});
