import { Agent, Client, Pool, type buildConnector, type Dispatcher } from 'undici';
import { createGuardedConnector, type GuardedConnectorOptions } from './guarded-connector.js';

/** The socket an undici Client currently holds (a Client has at most one at a time). */
interface Connection {
  /** Peer address of that socket; undefined while (re)connecting or after a failed connect. */
  remoteAddress: string | undefined;
}

/**
 * Passed as a request's `opaque`: told which connection carried the request, so the attempt
 * can record the peer address of the socket actually used (AttemptRecord.remoteAddress), even
 * when that socket was pooled by an earlier request.
 */
export class ConnectionProbe {
  connection: Connection | undefined = undefined;

  /** Forgets the previous hop's connection. */
  reset(): void {
    this.connection = undefined;
  }

  get remoteAddress(): string | undefined {
    return this.connection?.remoteAddress;
  }
}

/**
 * A Client that hands its Connection to the probe of every request dispatched to it. With
 * pipelining 1 a request is written on the Client's socket of the moment, and that socket
 * cannot change while the request runs, so reading the probe once headers (or an error) have
 * arrived gives the peer that answered.
 */
class ProbedClient extends Client {
  readonly #connection: Connection;

  constructor(origin: URL, options: Client.Options, connection: Connection) {
    super(origin, options);
    this.#connection = connection;
  }

  override dispatch(
    options: Dispatcher.DispatchOptions,
    handler: Dispatcher.DispatchHandler,
  ): boolean {
    // The options object passed to `agent.request` reaches the Client unchanged.
    const { opaque } = options as { opaque?: unknown };
    if (opaque instanceof ConnectionProbe) opaque.connection = this.#connection;
    return super.dispatch(options, handler);
  }
}

/** The guarded connector, noting on `connection` the peer of each socket it hands over. */
function trackedConnector(
  connect: buildConnector.connector,
  connection: Connection,
): buildConnector.connector {
  return (target, callback) => {
    connection.remoteAddress = undefined;
    connect(target, (...args) => {
      if (args[0] === null) connection.remoteAddress = args[1].remoteAddress;
      callback(...args);
    });
  };
}

/**
 * The one keep-alive agent of an HTTP client (docs/webhook-widget.md): pools are keyed by origin, and every
 * NEW connection goes through the guarded connector, so a pooled socket is always one whose
 * DNS answers and peer were judged by this client's policy. Undici's header and body timeouts
 * are off: the attempt's own abort timer is the only clock, so nothing races it with another
 * error code.
 */
export function createGuardedAgent(options: GuardedConnectorOptions): Agent {
  const connect = createGuardedConnector(options);
  const clientFactory = (origin: URL, clientOptions: object): Dispatcher => {
    const connection: Connection = { remoteAddress: undefined };
    const probed: Client.Options = {
      ...(clientOptions as Client.Options),
      connect: trackedConnector(connect, connection),
    };
    return new ProbedClient(origin, probed, connection);
  };
  return new Agent({
    // Also handed to each Pool, so that it does not build a default (unguarded) connector.
    connect,
    headersTimeout: 0,
    bodyTimeout: 0,
    factory: (origin, poolOptions) =>
      new Pool(origin, { ...(poolOptions as Pool.Options), factory: clientFactory }),
  });
}
