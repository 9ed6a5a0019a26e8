import { normalizeHost, parseAllowEntry, type AllowEntry } from './allow-entry.js';
import { parseIpLiteral, type IpAddress } from './ip-literal.js';
import { cidrContains, classifyAddress, unwrapMapped, type BlockedRange } from './ip-ranges.js';

export { InvalidAllowEntryError } from './allow-entry.js';

/** The verdict on one address. */
export type AddressVerdict = { allowed: true } | { allowed: false; message: string };

/** docs/webhook-widget.md destination policy: which addresses outbound requests may reach. */
export interface DestinationPolicy {
  /**
   * Judges `ip` (the address about to be connected to) for a request to `hostname:port`.
   * Allowed when the hostname (or host:port) is allow-listed, when the address (or ip:port)
   * matches an allow-listed IP/CIDR, or when it lies in no blocked range.
   */
  checkAddress(ip: string, port: number, hostname: string): AddressVerdict;
  /**
   * Whether a hostname / host:port entry exempts `hostname` (whatever it resolves to), or,
   * for an IP literal hostname, whether an IP / CIDR / ip:port entry exempts that address.
   */
  isHostAllowListed(hostname: string, port: number): boolean;
  /** Where the operator allows a destination, as refusals name it (e.g. `HOOKLINE_ALLOW_DESTINATIONS`). */
  readonly allowWith: string;
}

/**
 * Builds the policy from allow entries (docs/server.md): hostnames (`api.internal`, `*.corp.example`),
 * `host:port`, IPs, `ip:port` (`[::1]:8080`) and CIDRs. Blank entries are ignored so a trailing
 * comma in the environment is harmless; any other unreadable entry throws InvalidAllowEntryError.
 * `allowWith` names the settings the command reads, for refusal messages.
 */
export function createDestinationPolicy(
  allow: readonly string[],
  allowWith = 'HOOKLINE_ALLOW_DESTINATIONS',
): DestinationPolicy {
  const entries = allow.filter((entry) => entry.trim() !== '').map(parseAllowEntry);
  const hostEntries = entries.filter((entry) => entry.kind === 'host');
  const ipEntries = entries.filter((entry) => entry.kind === 'ip');

  const portMatches = (entry: AllowEntry, port: number): boolean =>
    entry.port === undefined || entry.port === port;

  const isAddressAllowListed = (address: IpAddress, port: number): boolean => {
    const forms = [address, unwrapMapped(address)];
    return ipEntries.some(
      (entry) => portMatches(entry, port) && forms.some((form) => cidrContains(entry.cidr, form)),
    );
  };

  const isHostAllowListed = (hostname: string, port: number): boolean => {
    const host = normalizeHost(hostname);
    const literal = parseIpLiteral(host);
    if (literal !== undefined) return isAddressAllowListed(literal, port);
    return hostEntries.some(
      (entry) =>
        portMatches(entry, port) &&
        (entry.wildcard ? host.endsWith(`.${entry.host}`) : host === entry.host),
    );
  };

  const checkAddress = (ip: string, port: number, hostname: string): AddressVerdict => {
    const address = parseIpLiteral(ip);
    // Fail closed: something that is not an address cannot be judged, so it is not reached.
    if (address === undefined) return { allowed: false, message: `${ip} is not an IP address` };
    if (isHostAllowListed(hostname, port) || isAddressAllowListed(address, port)) {
      return { allowed: true };
    }
    const blocked = classifyAddress(address);
    if (blocked === undefined) return { allowed: true };
    return { allowed: false, message: describeBlock(ip, hostname, blocked, allowWith) };
  };

  return { checkAddress, isHostAllowListed, allowWith };
}

function describeBlock(
  ip: string,
  hostname: string,
  blocked: BlockedRange,
  allowWith: string,
): string {
  const kind = `${article(blocked.label)} ${blocked.label} address`;
  const what = blocked.embedded
    ? `${article(blocked.embedded.form)} ${blocked.embedded.form} form of ${blocked.embedded.ipv4}, ${kind}`
    : kind;
  const bareHost = normalizeHost(hostname);
  const subject =
    bareHost === '' || bareHost === normalizeHost(ip)
      ? `${ip} is`
      : `${hostname} resolves to ${ip},`;
  return `${subject} ${what} (blocked by the destination policy; allow it with ${allowWith})`;
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) && !word.startsWith('uni') ? 'an' : 'a';
}
