import type { ValidFlow, Variables } from '../flow/index.js';
import { VariableStore } from './variable-store.js';
import type {
  ChannelEvent,
  Clock,
  ExecutionObserver,
  ExecutionResult,
  Step,
  StepDetail,
} from './types.js';
import type { WidgetDefinition } from './widget.js';

/** SPEC §2: a run stops after 1,000 steps. */
export const STEP_LIMIT = 1000;

export interface RunExecutionOptions<S> {
  executionId: string;
  flow: ValidFlow;
  widgets: ReadonlyMap<string, WidgetDefinition<unknown, S>>;
  services: S;
  clock: Clock;
  /** Variables at start: system keys, trigger input, the contact's `$user.key` values. */
  variables: Variables;
  observer?: ExecutionObserver;
  signal?: AbortSignal;
  stepLimit?: number;
}

/** Milliseconds since `started`, to 0.01 ms. */
function elapsedMs(clock: Clock, started: number): number {
  return Math.round((clock.monotonicMs() - started) * 100) / 100;
}

type Ending = { status: 'completed' | 'failed'; endReason: string };

/** Runs one execution of a validated flow: the main path, then the onFlowComplete branch. */
export async function runExecution<S>(options: RunExecutionOptions<S>): Promise<ExecutionResult> {
  const run = new ExecutionRun(options);
  return run.execute();
}

class ExecutionRun<S> {
  readonly #options: RunExecutionOptions<S>;
  readonly #store: VariableStore;
  readonly #path: string[] = [];
  readonly #events: ChannelEvent[] = [];
  readonly #steps: Step[] = [];
  readonly #background: Promise<void>[] = [];
  readonly #signal: AbortSignal;

  constructor(options: RunExecutionOptions<S>) {
    this.#options = options;
    this.#store = new VariableStore(options.variables);
    this.#signal = options.signal ?? new AbortController().signal;
  }

  async execute(): Promise<ExecutionResult> {
    const { flow, clock } = this.#options;
    const startTime = clock.now().toISOString();
    let ending = await this.#walk(flow.document.start, 'main');
    const branchStart = flow.document.onFlowComplete;
    if (branchStart !== undefined) {
      // SPEC §2: the branch runs after the main path has ended, whatever its outcome.
      const branchEnding = await this.#walk(branchStart, 'onFlowComplete');
      if (ending.status === 'completed' && branchEnding.status === 'failed') ending = branchEnding;
    }
    await Promise.all(this.#background);
    return {
      executionId: this.#options.executionId,
      ...ending,
      variables: this.#store.snapshot(),
      persisted: this.#store.persisted(),
      path: this.#path,
      events: this.#events,
      steps: this.#steps,
      startTime,
      endTime: clock.now().toISOString(),
    };
  }

  async #walk(start: string, branch: Step['branch']): Promise<Ending> {
    const limit = this.#options.stepLimit ?? STEP_LIMIT;
    let current: string | null = start;
    let count = 0;
    while (current !== null) {
      if (count >= limit) return { status: 'failed', endReason: 'STEP_LIMIT' };
      count++;
      const outcome = await this.#step(current, branch);
      if (outcome.ending) return outcome.ending;
      current = outcome.next;
    }
    return { status: 'completed', endReason: 'noNextWidget' };
  }

  async #step(
    widgetId: string,
    branch: Step['branch'],
  ): Promise<{ next: string | null; ending?: Ending }> {
    const { flow, widgets, clock, services, observer } = this.#options;
    const document = flow.document.widgets[widgetId];
    const definition = document && widgets.get(document.type);
    const startTime = clock.now().toISOString();
    const started = clock.monotonicMs();
    this.#path.push(widgetId);
    const step: Step = {
      widgetId,
      type: document?.type ?? 'unknown',
      branch,
      line: null,
      next: null,
      startTime,
      durationMs: 0,
    };
    this.#steps.push(step);
    try {
      if (!definition) throw new Error(`widget "${widgetId}" has no definition`);
      const result = await definition.run({
        widgetId,
        config: flow.configs.get(widgetId),
        lookup: (name) => this.#store.get(name),
        variables: () => this.#store.snapshot(),
        emit: (event) => {
          this.#events.push(event);
          observer?.onEvent?.(event);
        },
        background: (outcome) => {
          this.#track(step, outcome);
        },
        services,
        clock,
        signal: this.#signal,
      });
      this.#store.apply(result.variables ?? []);
      step.durationMs = elapsedMs(clock, started);
      if (result.detail) step.detail = result.detail;
      if (result.end) {
        observer?.onStep?.(step);
        return { next: null, ending: { status: 'completed', endReason: result.end.reason } };
      }
      step.line = result.line;
      step.next = document.lines?.[result.line] ?? null;
      observer?.onStep?.(step);
      return { next: step.next };
    } catch (caught) {
      step.durationMs = elapsedMs(clock, started);
      step.error = caught instanceof Error ? caught.message : String(caught);
      observer?.onStep?.(step);
      return { next: null, ending: { status: 'failed', endReason: 'INTERNAL_ERROR' } };
    }
  }

  #track(step: Step, outcome: Promise<StepDetail>): void {
    const recorded = outcome.then(
      (detail) => detail,
      (caught: unknown) => ({ error: caught instanceof Error ? caught.message : String(caught) }),
    );
    this.#background.push(
      recorded.then((detail) => {
        step.background = detail;
        this.#options.observer?.onBackground?.(step);
      }),
    );
  }
}
