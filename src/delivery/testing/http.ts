/** The HTTP client delivery tests use: loopback allowed, no redirects (docs/server.md), 1 MiB cap. */
import {
  createDestinationPolicy,
  createHttpClient,
  type HttpClient,
} from '../../http-client/index.js';

export function loopbackDeliveryClient(): HttpClient {
  return createHttpClient({
    policy: createDestinationPolicy(['127.0.0.1']),
    maxRedirects: 0,
    maxResponseBytes: 1024 * 1024,
  });
}
