/** What a printed step is made of: its event lines and its own line, as printed. */
export interface PrintedStep {
  lines: readonly string[];
  /** The lines without what varies between equal steps (durations): what repeats compare. */
  key: string;
}

/** The longest cycle of steps looked for. */
const MAX_CYCLE = 8;

/**
 * Prints steps, folding a loop that repeats the same steps (a flow running into its step
 * limit) into one line: once a cycle of up to 8 steps has been printed twice, its further
 * repetitions are counted instead of printed ("… the same 2 steps repeated 497 more times").
 */
export class RepeatCollapser {
  readonly #write: (line: string) => void;
  /** The last steps printed, enough to find a cycle. */
  #history: PrintedStep[] = [];
  /** The length of the cycle being repeated; 0 when none. */
  #cycle = 0;
  /** Steps repeating the cycle, not printed yet. */
  #held: PrintedStep[] = [];

  constructor(write: (line: string) => void) {
    this.#write = write;
  }

  /** Whether steps are being held as repetitions (their lines are not printed yet). */
  get repeating(): boolean {
    return this.#cycle > 0;
  }

  add(step: PrintedStep): void {
    if (this.#cycle > 0) {
      const history = this.#history;
      const expected = history[history.length - this.#cycle + (this.#held.length % this.#cycle)];
      if (expected?.key === step.key) {
        this.#held.push(step);
        return;
      }
      this.flush();
    }
    this.#print(step);
    this.#cycle = this.#findCycle();
  }

  /** Prints what is held: the count of whole repetitions, then the steps of a partial one. */
  flush(): void {
    const cycle = this.#cycle;
    const held = this.#held;
    this.#cycle = 0;
    this.#held = [];
    if (cycle === 0 || held.length === 0) return;
    const times = Math.floor(held.length / cycle);
    if (times > 0) {
      const what = cycle === 1 ? 'step' : `${cycle} steps`;
      const count = times === 1 ? 'once' : `${times} more times`;
      this.#write(`  … the same ${what} repeated ${count}`);
    }
    for (const step of held.slice(times * cycle)) this.#print(step);
  }

  #print(step: PrintedStep): void {
    for (const line of step.lines) this.#write(line);
    this.#history.push(step);
    if (this.#history.length > 2 * MAX_CYCLE) this.#history.shift();
  }

  /** The shortest cycle the last steps repeat twice in a row; 0 when there is none. */
  #findCycle(): number {
    const history = this.#history;
    const last = history.length - 1;
    for (let cycle = 1; cycle <= MAX_CYCLE && 2 * cycle <= history.length; cycle += 1) {
      let repeats = true;
      for (let index = 0; index < cycle && repeats; index += 1) {
        repeats = history[last - index]?.key === history[last - index - cycle]?.key;
      }
      if (repeats) return cycle;
    }
    return 0;
  }
}
