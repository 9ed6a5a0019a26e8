/** Runs jobs with at most `concurrency` at once, in the order they were added. */
export class WorkQueue {
  readonly #waiting: Array<() => Promise<void>> = [];
  readonly #concurrency: number;
  #running = 0;
  #idle: Array<() => void> = [];

  constructor(concurrency: number) {
    this.#concurrency = concurrency;
  }

  /** Queues a job; its errors are the job's own business (it must catch them). */
  push(job: () => Promise<void>): void {
    this.#waiting.push(job);
    this.#pump();
  }

  /** True when a job pushed now would start at once. */
  get hasFreeSlot(): boolean {
    return this.#running < this.#concurrency && this.#waiting.length === 0;
  }

  /** Jobs that would start at once if pushed now. */
  get free(): number {
    return Math.max(0, this.#concurrency - this.size);
  }

  get size(): number {
    return this.#waiting.length + this.#running;
  }

  /** Resolves when nothing is queued or running. */
  async drain(): Promise<void> {
    if (this.size === 0) return;
    await new Promise<void>((resolve) => this.#idle.push(resolve));
  }

  #pump(): void {
    while (this.#running < this.#concurrency) {
      const job = this.#waiting.shift();
      if (!job) break;
      this.#running++;
      void job().finally(() => {
        this.#running--;
        this.#pump();
        if (this.size === 0) for (const resolve of this.#idle.splice(0)) resolve();
      });
    }
  }
}
