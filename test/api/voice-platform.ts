/**
 * The simulated voice platform (bench/support/voice-platform.ts) posting to a server core
 * in-process (docs/voice.md).
 */
import { PlatformCall } from '../../bench/support/voice-platform.js';
import type { ApiHarness } from './harness.js';

export { parseTwiml, signTwilio } from '../../bench/support/voice-platform.js';
export type { TwimlAnswer, Verb } from '../../bench/support/voice-platform.js';

/** One call posted to `h.core` (a test may swap the core: a restart). */
export class SimulatedCall extends PlatformCall {
  constructor(h: Pick<ApiHarness, 'core'>, fields: Record<string, string>) {
    super(async (url, { headers, body }) => {
      const { pathname, search } = new URL(url);
      const response = await h.core.api.request(pathname + search, {
        method: 'POST',
        headers,
        body,
      });
      const raw = await response.text();
      const contentType = response.headers.get('content-type') ?? '';
      return { status: response.status, contentType, raw };
    }, fields);
  }
}
