/**
 * A bounded map whose entries expire (docs/adr/0009-queue-and-signals.md "Caches"): at most
 * `max` entries, the least recently used going first, each good for `ttlMs` from when its
 * value was read.
 */
export class TtlLru<V> {
  readonly #entries = new Map<string, { value: V; until: number }>();
  readonly #max: number;
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(max: number, ttlMs: number, now: () => number) {
    this.#max = max;
    this.#ttlMs = ttlMs;
    this.#now = now;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    // Taken out and put back: a Map iterates in insertion order, so the first is the LRU.
    this.#entries.delete(key);
    if (entry.until <= this.#now()) return undefined;
    this.#entries.set(key, entry);
    return entry.value;
  }

  /** `readAt`: when the value was read from the store (its age counts from then). */
  set(key: string, value: V, readAt: number): void {
    this.#entries.delete(key);
    if (this.#entries.size >= this.#max) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, { value, until: readAt + this.#ttlMs });
  }

  deleteWhere(test: (value: V) => boolean): void {
    for (const [key, entry] of this.#entries) if (test(entry.value)) this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }
}
