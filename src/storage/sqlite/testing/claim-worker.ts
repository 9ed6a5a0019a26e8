/**
 * A separate process for the SQLite multi-process claim test:
 * `node --import tsx claim-worker.ts FILE START_AT_MS PER_WEBHOOK_LIMIT`. It waits for the
 * common start time (so the workers really overlap), claims in small batches until the file
 * has nothing left for it, and prints the ids it got as one JSON array.
 */
import { createSqliteStorage } from '../index.js';

const [file, startAtMs, perWebhookLimit] = process.argv.slice(2);
if (file === undefined || startAtMs === undefined || perWebhookLimit === undefined) {
  throw new Error('usage: claim-worker.ts FILE START_AT_MS PER_WEBHOOK_LIMIT');
}

const storage = createSqliteStorage({ file });
const claimed: string[] = [];
while (Date.now() < Number(startAtMs)) await new Promise((resolve) => setTimeout(resolve, 1));

// Every worker uses the same clock values, as workers on one machine would.
const request = {
  now: '2026-01-01T01:00:00.000Z',
  leaseUntil: '2026-01-01T02:00:00.000Z',
  limit: 2,
  perWebhookLimit: Number(perWebhookLimit),
};
for (let empty = 0; empty < 3;) {
  const batch = await storage.deliveries.claimDueDeliveries(request);
  if (batch.length === 0) empty += 1;
  claimed.push(...batch.map((delivery) => delivery.id));
}
await storage.close();
process.stdout.write(JSON.stringify(claimed));
