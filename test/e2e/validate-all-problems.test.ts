import { describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.js';

/**
 * One document with problems of every kind, several in the same widget: `hookline validate`
 * reports them all in one pass (docs/flows.md "Validation").
 */
const MANY_PROBLEMS = {
  name: 'many problems',
  description: 7,
  start: 'hook',
  widgets: {
    hook: {
      type: 'webhook',
      label: 'x'.repeat(201),
      config: {
        request: { method: 'FETCH', url: 'ftp://files.example/${flow.key.name}' },
        timeoutSeconds: 61,
        response: {
          mappings: [
            { saveIn: 'ok', path: 'data.a' },
            { saveIn: '$flow.syskey.x', path: 'data.b' },
            { saveIn: 'bad', path: 'data..a' },
          ],
        },
      },
      lines: ['route', 'ghost'],
    },
    route: {
      type: 'decision',
      config: {
        conditions: [
          { variable: 'a', operator: 'like', value: 'x' },
          { variable: 'a', operator: 'matches', value: '(a)\\1' },
          { variable: 'a', operator: 'matches', value: '^a(?=b)' },
        ],
      },
      lines: ['bye', 'bye', 'bye', 'hold'],
    },
    hold: {
      type: 'webhook',
      config: { request: { method: 'PUSH', url: 'https://crm.example/calls' } },
      lines: ['bye', 'bye', 'bye'],
    },
    bye: { type: 'hangup', lines: ['nowhere'] },
  },
};

const EXPECTED = [
  'error description',
  'error widgets.hook.label',
  'error widgets.hook.config.request.method',
  'error widgets.hook.config.timeoutSeconds',
  'error widgets.hook.config.response.mappings[1].saveIn',
  'error widgets.hook.config.request.url',
  'error widgets.hook.config.response.mappings[2].path',
  'error widgets.hook.lines[1]',
  'error widgets.hold.config.request.method',
  'error widgets.hold.lines',
  'error widgets.route.config.conditions[0].operator',
  'error widgets.route.config.conditions[1].value',
  'error widgets.route.config.conditions[2].value',
  'error widgets.bye.lines',
  'error widgets.bye.lines[0]',
];

describe('hookline validate reports every problem at once', () => {
  it('lists schema errors, widget checks, line errors of every widget in one pass', async () => {
    const { code, stdout } = await runCli(['validate', '--json'], { flow: MANY_PROBLEMS });
    expect(code).toBe(2);
    const { problems } = JSON.parse(stdout) as {
      problems: Array<{ path: string; severity: string; message: string }>;
    };
    const found = problems.map((problem) => `${problem.severity} ${problem.path}`);
    expect(found.sort()).toEqual([...EXPECTED].sort());
    const message = (path: string) => problems.find((problem) => problem.path === path)?.message;
    expect(message('widgets.hook.config.request.url')).toMatch(/"ftp:".*http or https/);
    expect(message('widgets.route.config.conditions[1].value')).toMatch(/not an RE2 pattern/);
  });
});
