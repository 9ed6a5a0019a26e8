import { describe, expect, it } from 'vitest';
import { createDestinationPolicy, InvalidAllowEntryError } from './destination-policy.js';

const defaults = createDestinationPolicy([]);
const verdict = (ip: string, port = 443, hostname = ip) =>
  defaults.checkAddress(ip, port, hostname);

describe('destination policy: blocked by default (docs/webhook-widget.md)', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['::1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.1.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['febf::1', 'link-local'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.255', 'carrier-grade NAT'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.255', 'multicast'],
    ['ff02::1', 'multicast'],
    ['0.0.0.0', 'unspecified ("this network")'],
    ['0.1.2.3', 'unspecified ("this network")'],
    ['::', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['250.1.2.3', 'reserved'],
    ['198.18.0.1', 'benchmarking'],
    ['198.19.255.255', 'benchmarking'],
    ['192.0.0.8', 'IETF protocol assignment'],
    ['169.254.169.254', 'cloud metadata'],
    ['fd00:ec2::254', 'cloud metadata'],
    ['100.100.100.200', 'cloud metadata'],
    ['fc00::1', 'unique local'],
    ['fd12:3456::1', 'unique local'],
    ['fec0::1', 'site-local'],
  ])('%s is refused as %s', (ip, label) => {
    const result = verdict(ip);
    expect(result.allowed).toBe(false);
    if (!result.allowed) expect(result.message).toContain(`${label} address`);
  });

  it.each([
    // Every spelling of loopback and metadata addresses is what it is.
    ['127.1', 'loopback'],
    ['127.0.1', 'loopback'],
    ['0x7f000001', 'loopback'],
    ['0x7f.0.0.1', 'loopback'],
    ['0177.0.0.1', 'loopback'],
    ['2130706433', 'loopback'],
    ['017700000001', 'loopback'],
    ['127.0.0.1.', 'loopback'],
    ['0xa9fea9fe', 'cloud metadata'],
    ['[::1]', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    // IPv6 forms that embed a blocked IPv4 address.
    ['[::ffff:127.0.0.1]', 'IPv4-mapped form of 127.0.0.1, a loopback'],
    ['[::ffff:7f00:1]', 'IPv4-mapped form of 127.0.0.1, a loopback'],
    ['[0:0:0:0:0:ffff:127.0.0.1]', 'IPv4-mapped form of 127.0.0.1, a loopback'],
    ['::ffff:169.254.169.254', 'IPv4-mapped form of 169.254.169.254, a cloud metadata'],
    ['::ffff:10.0.0.1', 'IPv4-mapped form of 10.0.0.1, a private'],
    ['::ffff:0:192.168.0.1', 'IPv4-translated form of 192.168.0.1, a private'],
    ['[::127.0.0.1]', 'IPv4-compatible form of 127.0.0.1, a loopback'],
    ['::7f00:1', 'IPv4-compatible form of 127.0.0.1, a loopback'],
    ['64:ff9b::127.0.0.1', 'NAT64 form of 127.0.0.1, a loopback'],
    ['64:ff9b::a9fe:a9fe', 'NAT64 form of 169.254.169.254, a cloud metadata'],
    ['64:ff9b:1::10.0.0.1', 'local-use NAT64 form of 10.0.0.1, a private'],
    ['64:ff9b:1::5db8:d822', 'local-use NAT64 address'],
    ['2002:7f00:1::', '6to4 form of 127.0.0.1, a loopback'],
    ['2002:a9fe:a9fe::1', '6to4 form of 169.254.169.254, a cloud metadata'],
    ['2002:c0a8:101::1', '6to4 form of 192.168.1.1, a private'],
    // Teredo stores the client address inverted: ~127.0.0.1 = 80ff:fffe.
    ['2001:0:4136:e378:8000:63bf:80ff:fffe', 'Teredo form of 127.0.0.1, a loopback'],
    // ...and its server address in the clear (here 10.0.0.1, with a public client).
    ['2001:0:a00:1:8000:63bf:a247:27dd', 'Teredo form of 10.0.0.1, a private'],
  ])('%s is refused (%s)', (ip, fragment) => {
    const result = verdict(ip);
    expect(result.allowed).toBe(false);
    if (!result.allowed) expect(result.message).toContain(fragment);
  });

  it.each([
    '93.184.216.34',
    '8.8.8.8',
    '1.1.1.1',
    '172.15.255.255',
    '172.32.0.1',
    '100.63.255.255',
    '100.128.0.1',
    '192.169.0.1',
    '198.17.255.255',
    '198.20.0.1',
    '223.255.255.255',
    '2606:4700::1',
    '2001:4860:4860::8888',
    '::ffff:93.184.216.34',
    '64:ff9b::5db8:d822',
    '2002:5db8:d822::1',
    '2001:0:4136:e378:8000:63bf:a247:27dd',
  ])('%s is a public address, allowed', (ip) => {
    expect(verdict(ip)).toEqual({ allowed: true });
  });

  it('refuses what is not an address at all (fail closed)', () => {
    expect(verdict('not-an-ip').allowed).toBe(false);
  });

  it('names the host, the address and the way out in the message', () => {
    expect(defaults.checkAddress('127.0.0.1', 80, '127.0.0.1')).toEqual({
      allowed: false,
      message:
        '127.0.0.1 is a loopback address (blocked by the destination policy; allow it with HOOKLINE_ALLOW_DESTINATIONS)',
    });
    // Each command names the settings it reads.
    const run = createDestinationPolicy([], '--allow or HOOKLINE_ALLOW_DESTINATIONS');
    const refused = run.checkAddress('127.0.0.1', 80, '127.0.0.1');
    expect(!refused.allowed && refused.message).toContain(
      'allow it with --allow or HOOKLINE_ALLOW_DESTINATIONS)',
    );
    const resolved = defaults.checkAddress('10.1.2.3', 443, 'api.internal');
    expect(!resolved.allowed && resolved.message).toMatch(
      /^api\.internal resolves to 10\.1\.2\.3, a private address \(blocked/,
    );
  });
});

describe('destination policy: allow entries (docs/server.md)', () => {
  type Case = [entries: string[], ip: string, port: number, hostname: string, allowed: boolean];
  it.each<Case>([
    [['api.internal'], '10.0.0.5', 443, 'api.internal', true],
    [['api.internal'], '10.0.0.5', 443, 'API.Internal.', true],
    [['api.internal'], '10.0.0.5', 443, 'other.internal', false],
    [['localhost'], '127.0.0.1', 8080, 'localhost', true],
    [['localhost'], '::1', 8080, 'localhost', true],
    [['localhost'], '127.0.0.1', 8080, '127.0.0.1', false],
    [['localhost:8080'], '127.0.0.1', 8080, 'localhost', true],
    [['localhost:8080'], '127.0.0.1', 8081, 'localhost', false],
    [['*.corp.example'], '10.9.9.9', 443, 'hr.corp.example', true],
    [['*.corp.example'], '10.9.9.9', 443, 'corp.example', false],
    [['127.0.0.1'], '127.0.0.1', 1234, 'localhost', true],
    [['127.0.0.1'], '127.0.0.2', 1234, 'localhost', false],
    [['127.0.0.1'], '::ffff:127.0.0.1', 1234, 'x', true],
    [['::ffff:127.0.0.1'], '127.0.0.1', 1234, 'x', true],
    [['::ffff:10.0.0.0/104'], '10.1.2.3', 443, 'x', true],
    [['127.0.0.1:8080'], '127.0.0.1', 8080, '127.0.0.1', true],
    [['127.0.0.1:8080'], '127.0.0.1', 9090, '127.0.0.1', false],
    [['10.0.0.0/8'], '10.200.3.4', 443, 'db.internal', true],
    [['10.0.0.0/8'], '11.0.0.1', 443, 'x', true],
    [['10.0.0.0/8'], '172.16.0.1', 443, 'x', false],
    [['192.168.1.10/24'], '192.168.1.99', 443, 'x', true],
    [['::1'], '::1', 80, 'localhost', true],
    [['[::1]:8080'], '::1', 8080, 'localhost', true],
    [['[::1]:8080'], '::1', 8081, 'localhost', false],
    [['fd00::/8'], 'fd12::1', 443, 'x', true],
    [['fd00::/8'], 'fc00::1', 443, 'x', false],
    [['127.1'], '127.0.0.1', 80, 'x', true],
    [['  api.internal  ', '', ' '], '10.0.0.5', 443, 'api.internal', true],
  ])('%j: %s:%i (%s) allowed=%s', (entries, ip, port, hostname, allowed) => {
    expect(createDestinationPolicy(entries).checkAddress(ip, port, hostname).allowed).toBe(allowed);
  });

  it.each<[string[], string, number, boolean]>([
    [['api.internal'], 'api.internal', 443, true],
    [['api.internal:8443'], 'api.internal', 443, false],
    [['api.internal:8443'], 'api.internal', 8443, true],
    [['10.0.0.0/8'], '10.1.1.1', 80, true],
    [['[::1]:8080'], '[::1]', 8080, true],
    [['10.0.0.0/8'], 'api.internal', 80, false],
    [[], 'localhost', 80, false],
  ])('isHostAllowListed %j %s:%i = %s', (entries, hostname, port, expected) => {
    expect(createDestinationPolicy(entries).isHostAllowListed(hostname, port)).toBe(expected);
  });

  it.each([
    ['http://api.internal', 'not a URL'],
    ['api.internal/v1', 'not a valid CIDR'],
    ['10.0.0.0/33', 'not a valid CIDR'],
    ['fd00::/129', 'not a valid CIDR'],
    ['10.0.0.0/x', 'not a valid CIDR'],
    ['localhost:0', 'port "0" is not 1-65535'],
    ['localhost:65536', 'port "65536"'],
    ['localhost:http', 'port "http"'],
    ['[::1', 'missing "]"'],
    ['[::1]8080', 'expected ":port"'],
    ['[nope]:80', 'not a valid IPv6 address'],
    ['bad host', 'not a valid hostname'],
    ['user@host', 'not a valid hostname'],
    ['*', 'not a valid hostname'],
    ['a..b', 'not a valid hostname'],
    ['-bad.example', 'not a valid hostname'],
    ['1.2.3.09', 'not a valid hostname'],
  ])('%j is refused: %s', (entry, reason) => {
    const attempt = (): unknown => createDestinationPolicy(['ok.example', entry]);
    expect(attempt).toThrow(InvalidAllowEntryError);
    expect(attempt).toThrow(reason);
    expect(attempt).toThrow(`invalid allow entry ${JSON.stringify(entry)}`);
  });
});
