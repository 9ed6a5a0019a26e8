import type { VariableValue, Variables } from '../flow/index.js';
import type { VariableChange } from './types.js';

/** The variables of one execution, with persist marks (SPEC §3 persistResponse). */
export class VariableStore {
  readonly #values = new Map<string, VariableValue>();
  readonly #persisted = new Set<string>();

  constructor(initial: Variables) {
    for (const [name, value] of Object.entries(initial)) this.#values.set(name, value);
  }

  get(name: string): VariableValue | undefined {
    return this.#values.get(name);
  }

  apply(changes: readonly VariableChange[]): void {
    for (const change of changes) {
      if (change.value === undefined) this.#values.delete(change.name);
      else this.#values.set(change.name, change.value);
      if (change.persist === true) this.#persisted.add(change.name);
    }
  }

  snapshot(): Variables {
    return Object.fromEntries(this.#values);
  }

  persisted(): string[] {
    return [...this.#persisted];
  }
}
