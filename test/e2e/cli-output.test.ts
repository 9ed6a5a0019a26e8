/**
 * docs/cli.md: the human output of `hookline run` stays readable (long values cut, a loop
 * that repeats the same steps folded into one line) while `--json` stays complete, and every
 * command refuses a bad setting with one line and exit 2 before doing anything.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { doublingFlow, flowOf } from './support/flows.js';
import { runCli } from './support/run-cli.js';

const loopFlow = flowOf({
  a: { type: 'store', config: { variables: [{ key: 'x', value: 'a' }] }, lines: ['b'] },
  b: { type: 'store', config: { variables: [{ key: 'x', value: 'b' }] }, lines: ['a'] },
});

const playFlow = flowOf({
  say: { type: 'play', config: { text: 'Hello $flow.key.t' }, lines: ['bye'] },
  bye: { type: 'hangup' },
});

describe('hookline run human output', () => {
  it('folds a loop into one line, and --json keeps every step', async () => {
    const human = await runCli(['run'], { flow: loopFlow });
    expect(human.code).toBe(1);
    const lines = human.stdout.trimEnd().split('\n');
    expect(lines.map((line) => line.replace(/ · \d+ ms$/, ''))).toEqual([
      '  a (store) · line 0 → b',
      '  b (store) · line 0 → a',
      '  a (store) · line 0 → b',
      '  b (store) · line 0 → a',
      '  … the same 2 steps repeated 498 more times',
      expect.stringMatching(/^failed · STEP_LIMIT · 1000 steps · /),
    ]);
    const { json } = await runCli(['run', '--json'], { flow: loopFlow });
    expect(json?.steps).toHaveLength(1000);
  });

  it('prints the step that breaks a loop, after the count', async () => {
    const env = { HOOKLINE_MAX_TEMPLATE_BYTES: '100000' };
    const { stdout } = await runCli(['run'], { flow: doublingFlow(), env });
    expect(stdout.split('\n').map((line) => line.replace(/ · \d+ ms$/, ''))).toEqual([
      '  seed (store) · line 0 → double',
      '  double (store) · line 0 → double',
      '  double (store) · line 0 → double',
      '  … the same step repeated 11 more times',
      '  double (store) · failed: the rendered template is larger than 100000 bytes (HOOKLINE_MAX_TEMPLATE_BYTES)',
      expect.stringMatching(/^failed · VALUE_TOO_LARGE · 15 steps · /),
      '',
    ]);
  });

  it('cuts a long value to 200 characters, and --json keeps all of it', async () => {
    const long = `${'x'.repeat(100_000)}END`;
    const human = await runCli(['run', '--var', `t=${long}`], { flow: playFlow });
    const play = human.stdout.split('\n').find((line) => line.startsWith('    ~ play'));
    expect(play).toBe(`    ~ play text="Hello ${'x'.repeat(194)}"… (99809 more characters)`);
    const { json } = await runCli(['run', '--json', '--var', `t=${long}`], { flow: playFlow });
    expect(json?.events[0]).toEqual({ type: 'play', text: `Hello ${long}` });
  });
});

describe('a bad setting', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'hookline-settings-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  const env = { HOOKLINE_RETRY_SCHEDULE: '1,x' };
  const message =
    'hookline: HOOKLINE_RETRY_SCHEDULE must be comma-separated seconds, e.g. "0,5,300"';

  it.each([
    ['validate', ['validate'], true],
    ['run', ['run'], true],
    ['accounts create', ['accounts', 'create', 'Acme', '--data', 'DATA'], false],
    ['migrate', ['migrate', '--data', 'DATA'], false],
    ['serve', ['serve', '--port', '0', '--host', '127.0.0.1', '--data', 'DATA'], false],
  ] as const)('stops %s with one line and exit 2', async (_name, args, withFlow) => {
    const argv = args.map((arg) => (arg === 'DATA' ? dataDir : arg));
    const result = await runCli(argv, withFlow ? { env, flow: loopFlow } : { env });
    expect(result).toMatchObject({ code: 2, stdout: '', stderr: `${message}\n` });
    expect(await readdir(dataDir)).toEqual([]);
  });
});
