import { describe, expect, it } from 'vitest';
import {
  PLAY_PROTOTYPE_INPUTS_JSON,
  PROTOTYPE_NAMES_FLOW_JSON,
  PROTOTYPE_NAMES_RESULT,
} from './support/prototype-names.js';
import { runCli } from './support/run-cli.js';

describe.concurrent('widget ids and variables named like Object.prototype members', () => {
  it('hookline validate accepts the flow with no problem', async () => {
    const { code, stdout, stderr } = await runCli(['validate'], {
      flowText: PROTOTYPE_NAMES_FLOW_JSON,
    });
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain('valid');
  });

  it('hookline run walks every widget and keeps every variable', async () => {
    const { code, json } = await runCli(
      ['run', '--json', '--var', 'toString=t', '--var', '__proto__=before'],
      { flowText: PROTOTYPE_NAMES_FLOW_JSON },
    );
    expect(code).toBe(0);
    expect(json).toMatchObject(PROTOTYPE_NAMES_RESULT);
    expect(json?.variables).toMatchObject({
      '$flow.key.toString': 't',
      '$flow.key.constructor': 'c-t',
      '$flow.key.__proto__': 'p',
    });
  });

  it('--var __proto__=... and constructor=... reach the flow', async () => {
    const { json } = await runCli(
      ['run', '--json', '--var', '__proto__=P', '--var', 'constructor=C'],
      { flowText: PLAY_PROTOTYPE_INPUTS_JSON },
    );
    expect(json?.events).toEqual([{ type: 'play', text: 'P/C' }]);
  });

  it('reports lines and start pointing at names no widget has', async () => {
    const flow = `{"name": "dangling", "start": "constructor", "onFlowComplete": "__proto__",
      "widgets": {"a": {"type": "play", "config": {"text": "hi"}, "lines": ["toString"]},
                  "b": {"type": "hangup", "lines": []}},
      "layout": {"hasOwnProperty": {"x": 0, "y": 0}}}`;
    const { code, stdout } = await runCli(['validate', '--json'], { flowText: flow });
    expect(code).toBe(2);
    const { problems } = JSON.parse(stdout) as { problems: Array<{ path: string }> };
    expect(problems.map((problem) => problem.path).sort()).toEqual([
      'layout.hasOwnProperty',
      'onFlowComplete',
      'start',
      'widgets.a.lines[0]',
    ]);
  });
});
