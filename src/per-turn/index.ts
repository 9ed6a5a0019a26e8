/**
 * Gathering what one event-loop turn produces, to hand it on together (docs/architecture.md
 * "Per-turn batches"): the rows of one PostgreSQL statement, the jobs of one Redis pipeline,
 * the signals of one write. What is added during a turn is sent once that turn's I/O
 * callbacks have run (`setImmediate`), or at once by `flush()`.
 */
export interface TurnBatch<Item> {
  add(...items: Item[]): void;
  /** Sends what waits now (stopping: nothing is left for a later turn). */
  flush(): Promise<void>;
}

export function perTurn<Item>(send: (batch: Item[]) => Promise<void> | void): TurnBatch<Item> {
  let waiting: Item[] = [];
  const flush = async (): Promise<void> => {
    const batch = waiting;
    waiting = [];
    if (batch.length > 0) await send(batch);
  };
  return {
    add(...items) {
      if (waiting.length === 0) setImmediate(() => void flush());
      waiting.push(...items);
    },
    flush,
  };
}

/** A call waiting for the work its turn's calls share. */
export interface Waiter<Input, Output> {
  input: Input;
  resolve: (output: Output) => void;
  reject: (error: unknown) => void;
}

/**
 * Calls gathered per turn: `flush` gets the turn's calls together and settles each one's
 * promise.
 */
export function callsPerTurn<Input, Output>(
  flush: (batch: Array<Waiter<Input, Output>>) => void,
): (input: Input) => Promise<Output> {
  const calls = perTurn(flush);
  return (input) =>
    new Promise<Output>((resolve, reject) => {
      calls.add({ input, resolve, reject });
    });
}
