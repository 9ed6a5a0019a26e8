import { describe, expect, it } from 'vitest';
import { systemClock } from '../app/system-clock.js';
import type { NewExecutionEvent } from '../storage/ports.js';
import { RunLog } from './run-log.js';

const event = (type: string): NewExecutionEvent => ({ type, at: '2026-01-01T00:00:00.000Z' });
const types = (writes: NewExecutionEvent[][]) => writes.map((w) => w.map((e) => e.type));
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('RunLog', () => {
  it('writes events as they come: one write at a time, the ones meanwhile together, in order', async () => {
    const writes: NewExecutionEvent[][] = [];
    let release: () => void = () => undefined;
    const log = new RunLog(systemClock, [event('input.received')], (events) => {
      writes.push([...events]);
      return new Promise<void>((resolve) => (release = resolve));
    });
    await tick();
    expect(types(writes)).toEqual([['input.received']]);
    log.add(event('play'));
    log.add(event('step'));
    await tick();
    // The first write is still in flight: nothing else is written yet.
    expect(writes).toHaveLength(1);
    release();
    await tick();
    expect(types(writes)).toEqual([['input.received'], ['play', 'step']]);
    release();
    const closing = log.close([event('end')]);
    await tick();
    release();
    await closing;
    expect(types(writes).at(-1)).toEqual(['end']);
    log.add(event('late'));
    await tick();
    expect(writes.flat().map((e) => e.type)).toEqual(['input.received', 'play', 'step', 'end']);
  });

  it('keeps a batch whose write failed and writes it again on close', async () => {
    const stored: string[] = [];
    let fail = true;
    const log = new RunLog(systemClock, [], (events) => {
      if (fail) return Promise.reject(new Error('disk full'));
      stored.push(...events.map((e) => e.type));
      return Promise.resolve();
    });
    log.add(event('play'));
    await tick();
    log.add(event('step'));
    await tick();
    expect(stored).toEqual([]);
    fail = false;
    await log.close([event('end')]);
    expect(stored).toEqual(['play', 'step', 'end']);
  });

  it('throws from close when the last write fails', async () => {
    const log = new RunLog(systemClock, [event('play')], () => Promise.reject(new Error('gone')));
    await expect(log.close()).rejects.toThrow('gone');
  });
});
