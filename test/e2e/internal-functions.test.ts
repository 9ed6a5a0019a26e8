import { describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.js';

const flow = (fn: string, inputs: Record<string, string>) => ({
  name: fn,
  start: 'call',
  widgets: {
    call: {
      type: 'webhook',
      config: { mode: 'internal', function: fn, inputs },
      lines: [null, null],
    },
  },
});

describe('internal functions in hookline run', () => {
  it('shortURL needs a server unless --public-url is given', async () => {
    const document = flow('shortURL', { longUrl: 'https://example.test/x' });
    const without = await runCli(['run', '--json'], { flow: document });
    expect(without.code).toBe(0);
    expect(without.json?.variables['$flow.key.error_reason']).toBe('INVALID_REQUEST');
    expect(String(without.json?.variables['$flow.key.response_raw'])).toContain(
      'needs a Hookline server',
    );

    const withUrl = await runCli(['run', '--json', '--public-url', 'https://go.example.test/'], {
      flow: document,
    });
    expect(withUrl.json?.variables['$flow.key.response_status']).toBe('SUCCESS');
    expect(withUrl.json?.variables['$flow.key.shortUrl']).toMatch(
      /^https:\/\/go\.example\.test\/s\/[\w-]{12}$/,
    );
  });

  it.each(['createOutbound', 'updateUserPreferences', 'directDialPause'])(
    '%s says it needs a server',
    async (fn) => {
      const result = await runCli(['run', '--json'], { flow: flow(fn, {}) });
      expect(result.json?.path).toEqual(['call']);
      expect(result.json?.variables['$flow.key.error_reason']).toBe('INVALID_REQUEST');
      const raw = JSON.parse(String(result.json?.variables['$flow.key.response_raw'])) as {
        error: string;
      };
      expect(raw.error).toBe(
        `internal function "${fn}" needs a Hookline server: use hookline serve`,
      );
    },
  );

  it('validate names an unknown function with its JSON path', async () => {
    const result = await runCli(['validate'], { flow: flow('teleport', {}) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('widgets.call.config.function');
  });
});
