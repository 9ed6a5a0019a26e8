/**
 * A blocked destination's message names the setting the command reads: `hookline run`
 * takes `--allow` or HOOKLINE_ALLOW_DESTINATIONS (the server's hint is in
 * test/api/widget-tests.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { sequence, stepOf, webhook } from './support/flows.js';
import { runFlow } from './support/run-cli.js';

describe('hookline run: the blocked-destination hint', () => {
  it('names --allow and HOOKLINE_ALLOW_DESTINATIONS', async () => {
    // Port 1 on loopback: refused by the policy before any connection is tried.
    const flow = sequence({ call: webhook({ url: 'http://127.0.0.1:1/' }) });
    const { json } = await runFlow(flow);
    expect(JSON.stringify(stepOf(json, 'call'))).toContain(
      'allow it with --allow or HOOKLINE_ALLOW_DESTINATIONS',
    );
  });
});
