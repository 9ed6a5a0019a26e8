import { describe, expect, it } from 'vitest';
import { callsPerTurn, perTurn } from './index.js';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('per-turn batches', () => {
  it('hand on what one turn added, together and in order, once the turn is over', async () => {
    const sent: number[][] = [];
    const batch = perTurn<number>((items) => {
      sent.push(items);
    });
    batch.add(1);
    batch.add(2, 3);
    expect(sent).toEqual([]);
    await nextTurn();
    batch.add(4);
    await nextTurn();
    expect(sent).toEqual([[1, 2, 3], [4]]);
  });

  it('flush sends what waits at once, and the turn then sends nothing more', async () => {
    const sent: string[][] = [];
    const batch = perTurn<string>((items) => {
      sent.push(items);
    });
    await batch.flush();
    batch.add('a');
    await batch.flush();
    expect(sent).toEqual([['a']]);
    await nextTurn();
    expect(sent).toEqual([['a']]);
  });

  it("settle each call with what its turn's shared work gave it", async () => {
    const batches: number[] = [];
    const double = callsPerTurn<number, number>((calls) => {
      batches.push(calls.length);
      for (const { input, resolve, reject } of calls) {
        if (input < 0) reject(new Error(`negative: ${input}`));
        else resolve(input * 2);
      }
    });
    const answers = await Promise.allSettled([double(1), double(-1), double(3)]);
    expect(answers).toEqual([
      { status: 'fulfilled', value: 2 },
      { status: 'rejected', reason: new Error('negative: -1') },
      { status: 'fulfilled', value: 6 },
    ]);
    expect(batches).toEqual([3]);
  });
});
