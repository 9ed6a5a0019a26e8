import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import { buildConnector } from 'undici';
import { BlockedDestinationError } from './blocked-destination.js';
import type { DestinationPolicy } from './destination-policy.js';

/** One DNS answer. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a hostname to every address it has (injectable so tests can fake DNS answers). */
export type Resolver = (hostname: string) => Promise<readonly ResolvedAddress[]>;

/** The system resolver (getaddrinfo, /etc/hosts included), every answer. */
export const systemResolver: Resolver = async (hostname) => {
  const answers = await dnsLookup(hostname, { all: true });
  return answers.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
};

export interface GuardedConnectorOptions {
  policy: DestinationPolicy;
  resolve: Resolver;
  /** Bound on one TCP/TLS connect; the request's own timer usually ends the wait first. */
  connectTimeoutMs: number;
}

/**
 * An undici connector that enforces the destination policy at connect time (docs/webhook-widget.md):
 * IP literal hosts are judged before any socket exists, a hostname's DNS answers are judged
 * inside `lookup` (so a name pointing at 127.0.0.1 or rebinding there is caught), and the
 * peer actually reached is judged again before the socket is handed over. A refusal is a
 * BlockedDestinationError passed to undici, which fails every request waiting for that
 * connection with it. It runs for every NEW connection only: a pooled socket was judged when
 * it connected, and the policy is a pure function of (address, port, hostname).
 */
export function createGuardedConnector(options: GuardedConnectorOptions): buildConnector.connector {
  const { policy } = options;
  return (target, callback) => {
    const port = Number(target.port) || (target.protocol === 'https:' ? 443 : 80);
    const refuse = (message: string): void => {
      callback(new BlockedDestinationError(message), null);
    };
    // Node skips `lookup` for IP literals, so they are judged here, before connecting.
    if (isIP(target.hostname) !== 0) {
      const verdict = policy.checkAddress(target.hostname, port, target.hostname);
      if (!verdict.allowed) {
        refuse(verdict.message);
        return;
      }
    }
    const lookup = guardedLookup({ ...options, port, hostname: target.hostname });
    const connect = buildConnector({ timeout: options.connectTimeoutMs, lookup });
    connect(target, (error, socket) => {
      if (error !== null) {
        callback(error, null);
        return;
      }
      // Belt and braces: judge the peer actually reached before a byte of HTTP is written.
      const verdict = policy.checkAddress(socket.remoteAddress ?? '', port, target.hostname);
      if (!verdict.allowed) {
        socket.destroy();
        refuse(verdict.message);
        return;
      }
      callback(null, socket);
    });
  };
}

function guardedLookup(
  options: GuardedConnectorOptions & { port: number; hostname: string },
): LookupFunction {
  const { policy, resolve, port, hostname } = options;
  return (host, lookupOptions, callback) => {
    const fail = (error: unknown): void => {
      const errno: NodeJS.ErrnoException =
        error instanceof Error ? error : new Error(`${host} could not be resolved`);
      callback(errno, '', 0);
    };
    const deliver = (answers: readonly ResolvedAddress[]): void => {
      // Every answer is judged: one blocked address refuses the name (a rebinding favourite).
      for (const answer of answers) {
        const verdict = policy.checkAddress(answer.address, port, hostname);
        if (!verdict.allowed) {
          fail(new BlockedDestinationError(verdict.message));
          return;
        }
      }
      const family = familyOf(lookupOptions.family);
      const wanted = family === 0 ? answers : answers.filter((a) => a.family === family);
      const first = wanted[0];
      if (first === undefined) {
        fail(Object.assign(new Error(`${host} has no address`), { code: 'ENOTFOUND' }));
      } else if (lookupOptions.all === true) {
        callback(
          null,
          wanted.map(({ address, family: f }) => ({ address, family: f })),
        );
      } else {
        callback(null, first.address, first.family);
      }
    };
    resolve(host).then(deliver, fail);
  };
}

function familyOf(family: number | 'IPv4' | 'IPv6' | undefined): 0 | 4 | 6 {
  if (family === 4 || family === 'IPv4') return 4;
  if (family === 6 || family === 'IPv6') return 6;
  return 0;
}
