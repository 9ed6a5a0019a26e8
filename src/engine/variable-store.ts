import type { VariableValue, Variables } from '../flow/index.js';
import type { VariableChange } from './types.js';
import { capProblem, measure, variableBytes, type ValueLimits } from './value-limits.js';

/**
 * The variables of one execution, with persist marks (docs/webhook-widget.md persistResponse).
 *
 * They live in a plain object rather than a Map so that the finished run can hand that very
 * object over as `ExecutionResult.variables` ({@link release}): building a record from a Map
 * of ~30 names on every execution was the engine's largest single cost in CPU profiles.
 *
 * While the run lasts the object has no prototype: no name (`toString`, `__proto__`) can reach
 * Object.prototype, and V8 keeps such an object as a hash table from the start, so the dozen
 * names a webhook adds are plain inserts. Adding them one by one to an ordinary object made
 * V8 build a new hidden class per name, then convert the object to a hash table anyway, which
 * cost several times more.
 */
export class VariableStore {
  readonly #values: Variables = Object.create(null) as Variables;
  /** Created on the first persisted change: most executions persist nothing. */
  #persisted: Set<string> | undefined;
  /** What the variables hold, names included (docs/flows.md "Limits"). */
  #bytes: number;
  /** The largest initial value's size. */
  readonly #largestInitial: number;

  constructor(initial: Variables) {
    // A copy (own enumerable names, like a spread): the caller's object is never written to.
    Object.assign(this.#values, initial);
    const { total, largest } = measure(this.#values);
    this.#bytes = total;
    this.#largestInitial = largest;
  }

  /** Whether the initial variables already pass a cap. */
  startsTooLarge(limits: ValueLimits): boolean {
    return (
      this.#largestInitial > limits.variableBytes || this.#bytes > limits.executionVariablesBytes
    );
  }

  /** Why applying `changes` would pass a cap; undefined when they fit. */
  capProblem(changes: readonly VariableChange[], limits: ValueLimits): string | undefined {
    return capProblem(changes, (name) => this.#values[name], this.#bytes, limits);
  }

  get(name: string): VariableValue | undefined {
    return this.#values[name];
  }

  apply(changes: readonly VariableChange[]): void {
    const values = this.#values;
    for (const change of changes) {
      const { name, value } = change;
      this.#bytes += variableBytes(name, value) - variableBytes(name, values[name]);
      if (value === undefined) Reflect.deleteProperty(values, name);
      else values[name] = value;
      if (change.persist === true) (this.#persisted ??= new Set()).add(name);
    }
  }

  /** A copy of every variable, for a widget that asks mid-run. */
  snapshot(): Variables {
    return { ...this.#values };
  }

  /**
   * The variables themselves, for the result: call once, when nothing will change them again.
   * They get Object.prototype back then, so the result is an ordinary object (a `__proto__`
   * variable stays an own data property).
   */
  release(): Variables {
    return Object.setPrototypeOf(this.#values, Object.prototype) as Variables;
  }

  /** Marks names as persisted (a run going on from a stored wait). */
  markPersisted(names: readonly string[]): void {
    if (names.length > 0) this.#persisted = new Set([...(this.#persisted ?? []), ...names]);
  }

  persisted(): string[] {
    return this.#persisted === undefined ? [] : [...this.#persisted];
  }
}
