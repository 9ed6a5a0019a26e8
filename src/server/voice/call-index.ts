/**
 * docs/voice.md "Status callback": which execution a call (its `CallSid`) runs, for the calls
 * this process started; the oldest are forgotten past `max`.
 */
export class CallIndex {
  readonly #executions = new Map<string, string>();
  constructor(private readonly max = 10_000) {}

  add(accountId: string, callSid: string, executionId: string): void {
    const key = `${accountId}\n${callSid}`;
    this.#executions.delete(key);
    this.#executions.set(key, executionId);
    if (this.#executions.size > this.max) {
      const oldest = this.#executions.keys().next();
      if (oldest.done !== true) this.#executions.delete(oldest.value);
    }
  }

  find(accountId: string, callSid: string): string | undefined {
    return this.#executions.get(`${accountId}\n${callSid}`);
  }

  /** The execution of the call; forgotten once read (a call ends once). */
  take(accountId: string, callSid: string): string | undefined {
    const key = `${accountId}\n${callSid}`;
    const executionId = this.#executions.get(key);
    this.#executions.delete(key);
    return executionId;
  }
}
