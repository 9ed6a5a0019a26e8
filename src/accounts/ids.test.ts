import { describe, expect, it } from 'vitest';
import { newId, newTimeOrderedId } from './ids.js';

describe('ids', () => {
  it('newId: prefix and 96 random bits, never repeated', () => {
    const ids = Array.from({ length: 2000 }, () => newId('flow'));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^flow_[A-Za-z0-9_-]{16}$/);
  });

  it('newTimeOrderedId: sorts as text in creation-time order, random after the time', () => {
    const times = [
      0,
      1,
      31,
      32,
      1023,
      1024,
      Date.UTC(2026, 10, 29),
      Date.UTC(2026, 10, 29) + 1,
      2 ** 48 - 1,
    ];
    const ids = times.map((time) => newTimeOrderedId('exec', time));
    expect([...ids].sort()).toEqual(ids);
    for (const id of ids) expect(id).toMatch(/^exec_[0-9a-z]{10}[A-Za-z0-9_-]{16}$/);
    const sameMillisecond = Array.from({ length: 1000 }, () => newTimeOrderedId('exec', 5));
    expect(new Set(sameMillisecond).size).toBe(1000);
    expect(new Set(sameMillisecond.map((id) => id.slice(0, 15))).size).toBe(1);
  });
});
