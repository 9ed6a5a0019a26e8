import { describe, expect, it } from 'vitest';
import { ipAllowed, isCidr } from './ip-allow-list.js';

describe('account IP allow-list', () => {
  it.each<[string, string[], boolean]>([
    ['203.0.113.7', ['203.0.113.0/24'], true],
    ['203.0.114.7', ['203.0.113.0/24'], false],
    ['::ffff:203.0.113.7', ['203.0.113.0/24'], true],
    ['127.0.0.1', ['127.0.0.1'], true],
    ['2001:db8::1', ['2001:db8::/32'], true],
    ['2001:db9::1', ['2001:db8::/32'], false],
    ['10.1.2.3', ['not-a-cidr', '10.0.0.0/8'], true],
    ['garbage', ['0.0.0.0/0'], false],
  ])('%s in %j is %s', (address, cidrs, expected) => {
    expect(ipAllowed(address, cidrs)).toBe(expected);
  });

  it.each([
    ['10.0.0.0/8', true],
    ['::1', true],
    ['10.0.0.0/33', false],
    ['2001:db8::/129', false],
    ['example.com', false],
    ['10.0.0.0/x', false],
  ])('isCidr(%s) is %s', (entry, expected) => {
    expect(isCidr(entry)).toBe(expected);
  });
});
