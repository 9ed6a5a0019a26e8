/** Shared setup of the dispatcher test files: one HTTP client, receivers and dispatchers cleaned up. */
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { HttpClient } from '../../http-client/index.js';
import type { Storage } from '../../storage/ports.js';
import type { DispatcherOptions } from '../dispatcher-options.js';
import { createHarness, type Harness } from './harness.js';
import { loopbackDeliveryClient } from './http.js';
import {
  startReceiver,
  type ReceivedRequest,
  type Receiver,
  type ReceiverHandler,
} from './receiver.js';

export interface DispatcherSuite {
  receiver: (handler: ReceiverHandler) => Promise<Receiver>;
  /** A dispatcher over a fresh store, or over `storage` (e.g. one wrapped to fail). */
  harness: (
    options?: Partial<DispatcherOptions>,
    storage?: Pick<Storage, 'deliveries' | 'webhooks'>,
  ) => Harness;
}

/** Registers the hooks; `createStorage` gives each harness a fresh store. */
export function dispatcherSuite(
  createStorage: () => Pick<Storage, 'deliveries' | 'webhooks'>,
): DispatcherSuite {
  let http: HttpClient | undefined;
  const cleanups: Array<() => Promise<void>> = [];
  beforeAll(() => {
    http = loopbackDeliveryClient();
  });
  afterAll(() => http?.close());
  afterEach(async () => {
    // Dispatchers stop before their receivers close.
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return {
    async receiver(handler) {
      const started = await startReceiver(handler);
      cleanups.push(() => started.close());
      return started;
    },
    harness(options = {}, storage = createStorage()) {
      if (http === undefined) throw new Error('harness() is for use inside a test');
      const built = createHarness(storage, http, options);
      cleanups.push(() => built.dispatcher.stop());
      return built;
    },
  };
}

/** A received request's headers as a Standard Webhooks verifier reads them. */
export function headersOf(received: ReceivedRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(received.headers)) {
    if (typeof value === 'string') headers[name] = value;
  }
  return headers;
}
