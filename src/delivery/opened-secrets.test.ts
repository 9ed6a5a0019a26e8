import { describe, expect, it } from 'vitest';
import { OpenedSecrets } from './opened-secrets.js';

/** An opener that counts its calls; `bad` values fail to open. */
function countingOpen(bad = new Set<string>()) {
  const calls: string[] = [];
  const open = (sealed: string): string => {
    calls.push(sealed);
    if (bad.has(sealed)) throw new Error('cannot open');
    return `clear(${sealed})`;
  };
  return { open, calls };
}

describe('OpenedSecrets', () => {
  it("opens a webhook's sealed value once, whatever the number of attempts", () => {
    const { open, calls } = countingOpen();
    const secrets = new OpenedSecrets(open);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const opener = secrets.opener('wh_1');
      expect(opener('s1')).toBe('clear(s1)');
      expect(opener('auth1')).toBe('clear(auth1)');
    }
    expect(calls).toEqual(['s1', 'auth1']);
  });

  it('opens a rotated secret afresh and forgets the values a webhook no longer uses', () => {
    const { open, calls } = countingOpen();
    const secrets = new OpenedSecrets(open);
    secrets.opener('wh_1')('old');
    // Rotation: the new secret first, the old one still inside its overlap.
    let opener = secrets.opener('wh_1');
    expect(opener('new')).toBe('clear(new)');
    expect(opener('old')).toBe('clear(old)');
    expect(calls).toEqual(['old', 'new']);
    // The overlap ended: only the new one is used, so the old one is dropped.
    secrets.opener('wh_1')('new');
    opener = secrets.opener('wh_1');
    opener('new');
    opener('old');
    expect(calls).toEqual(['old', 'new', 'old']);
  });

  it('keeps webhooks apart and never keeps a value that failed to open', () => {
    const { open, calls } = countingOpen(new Set(['broken']));
    const secrets = new OpenedSecrets(open);
    secrets.opener('wh_1')('same');
    secrets.opener('wh_2')('same');
    expect(calls).toEqual(['same', 'same']);
    expect(() => secrets.opener('wh_1')('broken')).toThrow('cannot open');
    expect(() => secrets.opener('wh_1')('broken')).toThrow('cannot open');
    expect(calls).toEqual(['same', 'same', 'broken', 'broken']);
  });

  it('holds at most maxWebhooks webhooks, dropping the least recently used', () => {
    const { open, calls } = countingOpen();
    const secrets = new OpenedSecrets(open, 2);
    secrets.opener('wh_1')('a');
    secrets.opener('wh_2')('b');
    secrets.opener('wh_1')('a');
    secrets.opener('wh_3')('c');
    expect(secrets.size).toBe(2);
    // wh_2 was the least recently used: its value is opened again; wh_1's is still kept.
    secrets.opener('wh_2')('b');
    secrets.opener('wh_3')('c');
    expect(calls).toEqual(['a', 'b', 'c', 'b']);
  });
});
