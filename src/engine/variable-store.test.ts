import { describe, expect, it } from 'vitest';
import { VariableStore } from './variable-store.js';

describe('VariableStore', () => {
  it('reads, sets, unsets and marks persisted variables', () => {
    const store = new VariableStore({ '$flow.key.a': 1 });
    store.apply([
      { name: '$flow.key.b', value: 'x', persist: true },
      { name: '$flow.key.a', value: undefined },
      { name: '$flow.key.c', value: null },
    ]);
    expect(store.get('$flow.key.a')).toBeUndefined();
    expect(store.get('$flow.key.b')).toBe('x');
    expect(store.get('$flow.key.c')).toBeNull();
    expect(store.persisted()).toEqual(['$flow.key.b']);
  });

  it('never writes to the initial variables', () => {
    const initial = { '$flow.key.a': 1 };
    const store = new VariableStore(initial);
    store.apply([{ name: '$flow.key.a', value: 2 }]);
    expect(initial).toEqual({ '$flow.key.a': 1 });
  });

  it('finds nothing of Object.prototype, and keeps any name as a plain variable', () => {
    const store = new VariableStore({});
    expect(store.get('toString')).toBeUndefined();
    expect(store.get('__proto__')).toBeUndefined();
    store.apply([
      { name: '__proto__', value: 'p' },
      { name: 'constructor', value: 'c' },
    ]);
    expect(store.get('__proto__')).toBe('p');
    const released = store.release();
    expect(Object.getPrototypeOf(released)).toBe(Object.prototype);
    expect(Object.keys(released)).toEqual(['__proto__', 'constructor']);
    expect(JSON.stringify(released)).toBe('{"__proto__":"p","constructor":"c"}');
  });

  it('gives snapshots that later changes do not touch', () => {
    const store = new VariableStore({ '$flow.key.a': 1 });
    const before = store.snapshot();
    store.apply([{ name: '$flow.key.a', value: 2 }]);
    expect(before).toEqual({ '$flow.key.a': 1 });
    expect(Object.getPrototypeOf(before)).toBe(Object.prototype);
    expect(store.release()).toStrictEqual({ '$flow.key.a': 2 });
  });
});
