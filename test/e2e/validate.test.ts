import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from './support/run-cli.js';

const EXAMPLES = readdirSync(join(REPO_ROOT, 'examples')).filter((file) => file.endsWith('.json'));

/** One document with (almost) every kind of problem docs/flows.md lists. */
const INVALID = {
  name: 'broken',
  start: 'a',
  widgets: {
    a: {
      type: 'webhook',
      config: { request: { method: 'FETCH', url: 'http://127.0.0.1:9/x' }, timeoutSeconds: 61 },
      lines: ['d', 'ghost'],
    },
    d: {
      type: 'decision',
      config: { conditions: [{ variable: '$flow.key.x', operator: 'equals', value: '1' }] },
      lines: ['p', 'x', 'p'],
    },
    p: { type: 'play', config: { text: 'Hello ${flow.key.name' }, lines: [null] },
    x: { type: 'teleport' },
    lonely: { type: 'hangup' },
  },
};

const EXPECTED_PROBLEMS = [
  'error widgets.a.config.request.method: ',
  'error widgets.a.config.timeoutSeconds: ',
  'error widgets.a.lines[1]: ',
  'error widgets.d.lines: ',
  'error widgets.p.config.text: ',
  'error widgets.x.type: ',
  'warning widgets.lonely: ',
];

describe.concurrent('hookline validate and usage errors', () => {
  describe('hookline validate', () => {
    it.each(EXAMPLES)('examples/%s is valid (exit 0)', async (file) => {
      const { code, stdout, stderr } = await runCli(['validate', join('examples', file)]);
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
      expect(stdout).toContain('valid');
    });

    it('reports every problem with its JSON path on stderr, exit 2', async () => {
      const { code, stderr } = await runCli(['validate'], { flow: INVALID });
      expect(code).toBe(2);
      for (const problem of EXPECTED_PROBLEMS) expect(stderr).toContain(problem);
      expect(stderr).toMatch(/widgets\.a\.config\.request\.method: .*GET/);
      expect(stderr).toContain('ghost');
      expect(stderr).toContain('teleport');
    });

    it('reports a missing start widget with the other problems', async () => {
      const flow = {
        name: 'no start',
        start: 'nope',
        widgets: { a: { type: 'play', config: { text: '$flow.key.' }, lines: [null] } },
      };
      const { code, stderr } = await runCli(['validate'], { flow });
      expect(code).toBe(2);
      expect(stderr).toContain('error start: ');
      expect(stderr).toContain('nope');
      expect(stderr).toContain('error widgets.a.config.text: ');
    });

    it('accepts a flow with warnings only (exit 0), printing them', async () => {
      const flow = {
        name: 'warned',
        start: 'a',
        widgets: { a: { type: 'hangup' }, lonely: { type: 'hangup' } },
      };
      const { code, stderr } = await runCli(['validate'], { flow });
      expect(code).toBe(0);
      expect(stderr).toContain('warning widgets.lonely: ');
    });
  });

  describe('usage errors exit 2', () => {
    it('run refuses an invalid flow with the same problems and prints no result', async () => {
      const { code, stdout, stderr } = await runCli(['run', '--json'], { flow: INVALID });
      expect(code).toBe(2);
      expect(stdout).toBe('');
      for (const problem of EXPECTED_PROBLEMS) expect(stderr).toContain(problem);
    });

    it.each([
      ['validate', 'garbage JSON', { flowText: '{"name": "x", widgets' }, /not valid JSON/],
      ['run', 'garbage JSON', { flowText: 'not json at all' }, /not valid JSON/],
    ])('%s: %s → exit 2 with a clear message', async (command, _what, options, message) => {
      const { code, stderr } = await runCli([command], options);
      expect(code).toBe(2);
      expect(stderr).toMatch(message);
    });

    it.each(['validate', 'run'])('%s: a missing file → exit 2 naming it', async (command) => {
      const { code, stderr } = await runCli([command, 'no/such/flow.json']);
      expect(code).toBe(2);
      expect(stderr).toContain('no/such/flow.json');
    });

    const valid = { name: 'ok', start: 'a', widgets: { a: { type: 'hangup' } } };

    it.each<[string, string[], Record<string, string>, RegExp]>([
      ['an unknown option', ['run', '--bogus'], {}, /unknown option '--bogus'/],
      ['--var without =', ['run', '--var', 'novalue'], {}, /--var/],
      ['an unreadable --allow entry', ['run', '--allow', 'http://x/'], {}, /allow/],
      [
        'a bad HOOKLINE_MAX_RESPONSE_BYTES',
        ['run'],
        { HOOKLINE_MAX_RESPONSE_BYTES: 'lots' },
        /HOOKLINE_MAX_RESPONSE_BYTES/,
      ],
      ['no file', ['validate'], {}, /missing required argument/],
    ])('%s', async (_what, args, env, message) => {
      const withFile = args.length > 1 || args[0] === 'run';
      const { code, stderr } = await runCli(args, withFile ? { flow: valid, env } : { env });
      expect(code).toBe(2);
      expect(stderr).toMatch(message);
    });

    it('an unknown command → exit 2', async () => {
      const { code } = await runCli(['launch']);
      expect(code).toBe(2);
    });
  });

  describe('--help', () => {
    it.each([
      ['run', ['--var', '--input', '--from', '--to', '--allow', '--json']],
      ['validate', ['--json']],
    ])('%s --help lists its options, exit 0', async (command, options) => {
      const { code, stdout } = await runCli([command, '--help']);
      expect(code).toBe(0);
      expect(stdout).toContain(`hookline ${command}`);
      for (const option of options) expect(stdout).toContain(option);
    });
  });
});
