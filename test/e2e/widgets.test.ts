import { beforeAll, describe, expect, it } from 'vitest';
import { flowOf, sequence, stepOf, type SequencedWidget } from './support/flows.js';
import { runFlow } from './support/run-cli.js';

describe.concurrent('widgets', () => {
  describe('step limit', () => {
    it('a store ↔ decision loop ends failed with STEP_LIMIT after 1000 steps, exit 1', async () => {
      const flow = flowOf({
        bump: {
          type: 'store',
          config: { variables: [{ key: 'x', value: 'again' }] },
          lines: ['check'],
        },
        check: {
          type: 'decision',
          config: { conditions: [{ variable: '$flow.key.x', operator: 'equals', value: 'stop' }] },
          lines: ['bump', 'bump'],
        },
      });
      const { code, json, stderr } = await runFlow(flow);
      // Validation only warns about a cycle with no caller widget in it.
      expect(stderr).toMatch(/warning widgets\.(bump|check)\.lines: .*cycle/);
      expect(code).toBe(1);
      expect(json.status).toBe('failed');
      expect(json.endReason).toBe('STEP_LIMIT');
      expect(json.path).toHaveLength(1000);
      expect(json.path.slice(0, 4)).toEqual(['bump', 'check', 'bump', 'check']);
    });
  });

  describe('decision', () => {
    const cases: Array<[string, string, string, number]> = [
      ['equals', '$flow.key.a', 'abc', 0],
      ['equals', '$flow.key.a', 'abd', 1],
      ['equals', '$flow.key.a', '$flow.key.a', 0],
      ['notEquals', '$flow.key.a', 'xyz', 0],
      ['notEquals', '$flow.key.a', 'abc', 1],
      ['contains', '$flow.key.greeting', 'lo w', 0],
      ['contains', '$flow.key.greeting', 'xyz', 1],
      ['greaterThan', '$flow.key.ten', '9', 0],
      ['greaterThan', '$flow.key.nine', '10', 1],
      ['lessThan', '$flow.key.nine', '10', 0],
      ['lessThan', '$flow.key.ten', '9', 1],
      ['isEmpty', '$flow.key.unset', '', 0],
      ['isEmpty', '$flow.key.a', '', 1],
      ['isNotEmpty', '$flow.key.a', '', 0],
      ['isNotEmpty', '$flow.key.unset', '', 1],
      ['matches', '$flow.key.phone', '^\\d{3}-\\d{4}$', 0],
      ['matches', '$flow.key.a', '^\\d+$', 1],
    ];
    const id = (index: number) => `d${index}`;

    /** One decision per case, then two multi-condition decisions, all in one run. */
    function decisionFlow(): Record<string, unknown> {
      const widgets: Record<string, SequencedWidget> = {};
      cases.forEach(([operator, variable, value], index) => {
        widgets[id(index)] = {
          type: 'decision',
          config: { conditions: [{ variable, operator, value }] },
        };
      });
      // Condition i leaves on line i; the first match wins; no match takes the last line.
      widgets['first_match'] = {
        type: 'decision',
        config: {
          conditions: [
            { variable: '$flow.key.a', operator: 'contains', value: 'zzz' },
            { variable: '$flow.key.a', operator: 'contains', value: 'b' },
            { variable: '$flow.key.a', operator: 'isNotEmpty' },
          ],
        },
        lineCount: 4,
      };
      widgets['no_match'] = {
        type: 'decision',
        config: {
          conditions: [
            { variable: '$flow.key.a', operator: 'equals', value: 'x' },
            { variable: '$flow.key.a', operator: 'isEmpty' },
          ],
        },
        lineCount: 3,
      };
      return sequence(widgets);
    }

    let result: Awaited<ReturnType<typeof runFlow>>;
    beforeAll(async () => {
      const vars = ['a=abc', 'greeting=hello world', 'ten=10', 'nine=9', 'phone=555-1234'];
      result = await runFlow(
        decisionFlow(),
        vars.flatMap((pair) => ['--var', pair]),
      );
    });

    it.each(cases.map((item, index) => [index, ...item] as const))(
      '#%i %s(%s, %j) → line %i',
      (index, _operator, _variable, _value, line) => {
        expect(stepOf(result.json, id(index)).line).toBe(line);
      },
    );

    it('takes the line of the first matching condition, or the last line', () => {
      expect(stepOf(result.json, 'first_match').line).toBe(1);
      expect(stepOf(result.json, 'no_match').line).toBe(2);
      // The last widget's line leads nowhere: the flow ends completed.
      expect(result.code).toBe(0);
      expect(result.json.status).toBe('completed');
    });
  });

  describe('play, store, --var, --from/--to, end', () => {
    it('plays text and audio, stores flow and user variables, ends with end', async () => {
      const flow = sequence({
        greet: {
          type: 'play',
          config: {
            text: 'Hi $flow.key.name, from $flow.syskey.from to $flow.syskey.to: $$5 [$flow.key.nothing]',
          },
          lineCount: 1,
        },
        tune: {
          type: 'play',
          config: { audio: 'http://127.0.0.1/prompts/${flow.key.name}.wav' },
          lineCount: 1,
        },
        keep: {
          type: 'store',
          config: {
            variables: [
              { key: 'welcome', value: 'Hello $flow.key.name' },
              { key: 'version', value: '$flow.syskey.flowVersion' },
              { key: 'version_text', value: 'v$flow.syskey.flowVersion' },
            ],
          },
          lineCount: 1,
        },
        prefs: {
          type: 'store',
          config: { scope: 'user', variables: [{ key: 'lang', value: 'fr' }] },
          lineCount: 1,
        },
        say: { type: 'play', config: { text: '$flow.key.welcome ($user.key.lang)' }, lineCount: 1 },
        done: { type: 'end', lineCount: 0 },
      });
      const { code, json } = await runFlow(flow, [
        '--var',
        'name=Ada',
        '--from',
        '+15550001',
        '--to',
        '+15550002',
      ]);
      expect(code).toBe(0);
      expect(json.status).toBe('completed');
      expect(json.endReason).toBe('end');
      expect(json.path).toEqual(['greet', 'tune', 'keep', 'prefs', 'say', 'done']);
      expect(json.events).toEqual([
        { type: 'play', text: 'Hi Ada, from +15550001 to +15550002: $5 []' },
        { type: 'play', audio: 'http://127.0.0.1/prompts/Ada.wav' },
        { type: 'play', text: 'Hello Ada (fr)' },
      ]);
      expect(Object.keys(json).sort()).toEqual([
        'endReason',
        'events',
        'path',
        'status',
        'steps',
        'variables',
      ]);
      expect(json.variables).toMatchObject({
        '$flow.syskey.flowVersion': 1,
        '$flow.key.name': 'Ada',
        '$flow.syskey.from': '+15550001',
        '$flow.syskey.to': '+15550002',
        '$flow.key.welcome': 'Hello Ada',
        '$flow.key.version': 1,
        '$flow.key.version_text': 'v1',
        '$user.key.lang': 'fr',
      });
      expect('$flow.key.lang' in json.variables).toBe(false);
      expect(['inbound', 'outbound', 'api']).toContain(json.variables['$flow.syskey.direction']);
      for (const key of ['executionId', 'flowId', 'accountId']) {
        expect(typeof json.variables[`$flow.syskey.${key}`]).toBe('string');
      }
      expect(new Date(String(json.variables['$flow.syskey.startTime'])).toISOString()).toBe(
        json.variables['$flow.syskey.startTime'],
      );
    });
  });

  describe('input', () => {
    it('takes --input answers in order; with none left it leaves on line 1 "no input"', async () => {
      const ask = (prompt: string, saveIn: string, extra: Record<string, unknown> = {}) => ({
        type: 'input',
        config: { prompt, saveIn, ...extra },
      });
      const flow = flowOf({
        pin: { ...ask('Your PIN', '$flow.key.pin', { maxDigits: 3 }), lines: ['choice', 'lost'] },
        choice: { ...ask('Press a key', '$flow.key.choice'), lines: ['more', 'lost'] },
        more: { ...ask('Anything else?', '$flow.key.more'), lines: ['bye', 'silence'] },
        silence: {
          type: 'play',
          config: { text: 'no input: $flow.key.pin/$flow.key.choice' },
          lines: ['bye'],
        },
        lost: { type: 'play', config: { text: 'wrong line' }, lines: ['bye'] },
        bye: { type: 'hangup' },
      });
      const { code, json } = await runFlow(flow, ['--input', '12345', '--input', '7']);
      expect(code).toBe(0);
      expect(json.path).toEqual(['pin', 'choice', 'more', 'silence', 'bye']);
      expect(json.steps.map((step) => step.line)).toEqual([0, 0, 1, 0, null]);
      expect(json.variables['$flow.key.pin']).toBe('123');
      expect(json.variables['$flow.key.choice']).toBe('7');
      expect('$flow.key.more' in json.variables).toBe(false);
      expect(json.events.map((event) => event['prompt'] ?? event['text'] ?? event.type)).toEqual([
        'Your PIN',
        'Press a key',
        'Anything else?',
        'no input: 123/7',
        'hangup',
      ]);
    });
  });

  describe('hangup and onFlowComplete', () => {
    it('ends with hangup, then runs the onFlowComplete branch after the main path', async () => {
      const flow = {
        ...flowOf({
          hello: { type: 'play', config: { text: 'bye now' }, lines: ['bye'] },
          bye: { type: 'hangup' },
          summary: {
            type: 'store',
            config: { variables: [{ key: 'summary', value: 'done after $flow.key.seen' }] },
            lines: ['check'],
          },
          check: {
            type: 'decision',
            config: { conditions: [{ variable: '$flow.key.summary', operator: 'isNotEmpty' }] },
            lines: [null, null],
          },
        }),
        onFlowComplete: 'summary',
      };
      const { code, json } = await runFlow(flow, ['--var', 'seen=hello']);
      expect(code).toBe(0);
      expect(json.status).toBe('completed');
      expect(json.endReason).toBe('hangup');
      expect(json.path).toEqual(['hello', 'bye', 'summary', 'check']);
      expect(json.steps.map((step) => step.branch)).toEqual([
        'main',
        'main',
        'onFlowComplete',
        'onFlowComplete',
      ]);
      expect(json.events).toEqual([{ type: 'play', text: 'bye now' }, { type: 'hangup' }]);
      expect(json.variables['$flow.key.summary']).toBe('done after hello');
    });
  });
});
