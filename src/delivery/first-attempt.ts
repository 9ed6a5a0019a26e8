import type { DeliveryAttempt, DeliveryStore } from '../storage/ports.js';

const ATTEMPT_POLL_MS = 20;

/**
 * Waits for a delivery's first attempt by reading the store, so it works whichever process
 * sends it (undefined after `timeoutMs`).
 */
export async function firstAttempt(
  deliveries: Pick<DeliveryStore, 'listAttempts'>,
  deliveryId: string,
  timeoutMs: number,
): Promise<DeliveryAttempt | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [attempt] = await deliveries.listAttempts(deliveryId);
    if (attempt || Date.now() >= deadline) return attempt;
    await new Promise((resolve) => setTimeout(resolve, ATTEMPT_POLL_MS));
  }
}
