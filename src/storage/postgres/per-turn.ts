/** A call waiting for the statement its turn's calls share. */
export interface Waiter<Input, Output> {
  input: Input;
  resolve: (output: Output) => void;
  reject: (error: unknown) => void;
}

/**
 * Gathers the calls of one event-loop turn (docs/adr/0011-fewer-postgresql-round-trips.md
 * "Group inserts"): `flush` gets them together once the turn's I/O callbacks have run
 * (`setImmediate`), and settles each one's promise.
 */
export function perTurn<Input, Output>(
  flush: (batch: Array<Waiter<Input, Output>>) => void,
): (input: Input) => Promise<Output> {
  let waiting: Array<Waiter<Input, Output>> = [];
  const run = (): void => {
    const batch = waiting;
    waiting = [];
    flush(batch);
  };
  return (input) =>
    new Promise<Output>((resolve, reject) => {
      if (waiting.length === 0) setImmediate(run);
      waiting.push({ input, resolve, reject });
    });
}
