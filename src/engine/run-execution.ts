import type { ValidFlow, Variables } from '../flow/index.js';
import { isoTime } from './iso-time.js';
import { VariableStore } from './variable-store.js';
import {
  AwaitingCaller,
  type VariableChange,
  type ChannelEvent,
  type Clock,
  type ExecutionObserver,
  type ExecutionResult,
  type ResumeFrom,
  type Step,
  type StepDetail,
  type SuspendedRun,
} from './types.js';
import { eventBytes, VALUE_TOO_LARGE, type ValueLimits } from './value-limits.js';
import type { WidgetDefinition, WidgetRunContext, WidgetRunResult } from './widget.js';

/** docs/flows.md: a run stops after 1,000 steps. */
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
  /** Cancels the execution; widgets get it as `signal`. */
  signal?: AbortSignal;
  stepLimit?: number;
  /** Caps on templates and variables (docs/flows.md "Limits"; settings.valueLimits). */
  limits: ValueLimits;
  /** Goes on from a stored wait (docs/server.md "Live executions"). */
  resume?: ResumeFrom;
  /**
   * Aborted when the caller hangs up: the main path ends `callerHangup` (the widget running
   * gets it as `signal`), then onFlowComplete runs as after any end.
   */
  callerGone?: AbortSignal;
}

/** Milliseconds since `started`, to 0.01 ms. */
function elapsedMs(clock: Clock, started: number): number {
  return Math.round((clock.monotonicMs() - started) * 100) / 100;
}

interface Ending {
  status: 'completed' | 'failed';
  endReason: string;
}

/** A branch stopped at a widget that waits for the caller. */
interface Waiting {
  status: 'waiting';
  widgetId: string;
  count: number;
}

/** Where a step leads: the next widget id, nowhere (null), or the end of the branch. */
type StepOutcome = string | null | Ending | Waiting;

const CALLER_HANGUP: Ending = { status: 'completed', endReason: 'callerHangup' };

/** Runs one execution of a validated flow: the main path, then the onFlowComplete branch. */
export function runExecution<S>(options: RunExecutionOptions<S>): Promise<ExecutionResult> {
  // Not async: it would wrap execute()'s promise in another one (two more microtasks). The
  // constructor only copies the initial variables, which cannot throw.
  return new ExecutionRun(options).execute() as Promise<ExecutionResult>;
}

/**
 * Runs (or goes on with) an execution that may stop to wait for the caller: when a widget's
 * input source throws AwaitingCaller, the run ends `waiting` with the state to store.
 */
export function runLiveExecution<S>(
  options: RunExecutionOptions<S>,
): Promise<ExecutionResult | SuspendedRun> {
  return new ExecutionRun(options).execute();
}

/** Variables a widget asked for that pass a cap. */
class ValueTooLargeError extends Error {
  readonly code = VALUE_TOO_LARGE;
}

class ExecutionRun<S> {
  readonly #options: RunExecutionOptions<S>;
  readonly #store: VariableStore;
  readonly #path: string[];
  readonly #events: ChannelEvent[];
  readonly #steps: Step[];
  /** Going on from a wait: the waiting widget runs again, and what it sent is not sent twice. */
  #muted: boolean;
  readonly #background: Promise<void>[] = [];
  readonly #limits: ValueLimits;
  readonly #checkVariables = (changes: readonly VariableChange[]): string | undefined =>
    this.#store.capProblem(changes, this.#limits);
  // The context functions that do not depend on the step are made once per run, not per step.
  readonly #lookup = (name: string): ReturnType<VariableStore['get']> => this.#store.get(name);
  readonly #variables = (): Variables => this.#store.snapshot();
  /** What the channel events hold so far: capped like the variables (docs/flows.md "Limits"). */
  #eventBytes = 0;
  readonly #emit = (event: ChannelEvent): void => {
    if (this.#muted) return;
    this.#eventBytes += eventBytes(event);
    if (this.#eventBytes > this.#limits.executionVariablesBytes) {
      // Thrown inside the widget's run, so its step fails with VALUE_TOO_LARGE.
      throw new ValueTooLargeError(
        `the execution's channel events would hold more than ${this.#limits.executionVariablesBytes} bytes (HOOKLINE_MAX_EXECUTION_VARIABLES_BYTES)`,
      );
    }
    this.#events.push(event);
    this.#options.observer?.onEvent?.(event);
  };

  constructor(options: RunExecutionOptions<S>) {
    this.#options = options;
    this.#store = new VariableStore(options.variables);
    this.#limits = options.limits;
    const resume = options.resume;
    this.#path = resume ? [...resume.path] : [];
    this.#events = resume ? [...resume.events] : [];
    this.#steps = resume ? [...resume.steps] : [];
    this.#muted = resume !== undefined && resume.hangup !== true;
    if (resume) {
      this.#store.markPersisted(resume.at.persisted);
      for (const event of this.#events) this.#eventBytes += eventBytes(event);
    }
  }

  async execute(): Promise<ExecutionResult | SuspendedRun> {
    const { flow, clock, resume } = this.#options;
    const at = resume?.at;
    const startTime = at?.startTime ?? isoTime(clock.now());
    // Input past a cap (trigger fields, API variables, $user.key values) ends the run at once.
    if (at === undefined && this.#store.startsTooLarge(this.#limits)) {
      return this.#result(startTime, { status: 'failed', endReason: VALUE_TOO_LARGE });
    }
    let ending = at?.mainEnding;
    if (ending === undefined) {
      const main = resume?.hangup
        ? CALLER_HANGUP
        : await this.#walk(at?.widgetId ?? flow.document.start, 'main', at?.count ?? 0);
      if (main.status === 'waiting') return this.#suspend(startTime, main, 'main');
      ending = main;
    }
    const branchStart = flow.document.onFlowComplete;
    const inBranch = at?.branch === 'onFlowComplete';
    if (branchStart !== undefined && !(inBranch && resume?.hangup)) {
      // docs/flows.md: the branch runs after the main path has ended, whatever its outcome.
      const branchEnding = inBranch
        ? await this.#walk(at.widgetId, 'onFlowComplete', at.count)
        : await this.#walk(branchStart, 'onFlowComplete', 0);
      if (branchEnding.status === 'waiting') {
        return this.#suspend(startTime, branchEnding, 'onFlowComplete', ending);
      }
      if (ending.status === 'completed' && branchEnding.status === 'failed') ending = branchEnding;
    }
    if (this.#background.length > 0) await Promise.all(this.#background);
    return this.#result(startTime, ending);
  }

  async #suspend(
    startTime: string,
    waiting: Waiting,
    branch: Step['branch'],
    mainEnding?: Ending,
  ): Promise<SuspendedRun> {
    if (this.#background.length > 0) await Promise.all(this.#background);
    // The waiting widget's step is taken again when the run goes on.
    this.#steps.pop();
    this.#path.pop();
    return {
      executionId: this.#options.executionId,
      status: 'waiting',
      suspension: {
        widgetId: waiting.widgetId,
        branch,
        count: waiting.count,
        ...(mainEnding === undefined ? {} : { mainEnding }),
        persisted: this.#store.persisted(),
        startTime,
      },
      variables: this.#store.release(),
      path: this.#path,
      events: this.#events,
      steps: this.#steps,
    };
  }

  #result(startTime: string, ending: Ending): ExecutionResult {
    const { clock } = this.#options;
    return {
      executionId: this.#options.executionId,
      status: ending.status,
      endReason: ending.endReason,
      // The run is over: nothing writes to the store again, so no copy is needed.
      variables: this.#store.release(),
      persisted: this.#store.persisted(),
      path: this.#path,
      events: this.#events,
      steps: this.#steps,
      startTime,
      endTime: isoTime(clock.now()),
    };
  }

  /**
   * The steps of one branch. Each widget's `run` is awaited here directly (no async helper per
   * step), and only when it returned a promise: a decision, a hangup or an end answers at once,
   * with no promise or microtask per step.
   */
  async #walk(start: string, branch: Step['branch'], counted: number): Promise<Ending | Waiting> {
    const { flow, widgets, clock } = this.#options;
    const limit = this.#options.stepLimit ?? STEP_LIMIT;
    let current: string | null = start;
    let count = counted;
    const callerGone = branch === 'main' ? this.#options.callerGone : undefined;
    const hungUp = (): boolean => callerGone?.aborted === true;
    while (current !== null) {
      if (hungUp()) return CALLER_HANGUP;
      if (count >= limit) return { status: 'failed', endReason: 'STEP_LIMIT' };
      count++;
      const widgetId: string = current;
      const document = flow.document.widgets[widgetId];
      const step = this.#begin(widgetId, document?.type, branch);
      const started = clock.monotonicMs();
      let outcome: StepOutcome;
      try {
        const definition = document && widgets.get(document.type);
        if (!definition) throw new Error(`widget "${widgetId}" has no definition`);
        const returned = definition.run(this.#context(widgetId, step));
        const result = returned instanceof Promise ? await returned : returned;
        outcome = this.#finish(step, result, document.lines, started);
      } catch (caught) {
        outcome =
          caught instanceof AwaitingCaller
            ? { status: 'waiting', widgetId, count: count - 1 }
            : this.#fail(step, caught, started);
      }
      this.#muted = false;
      if (hungUp()) return CALLER_HANGUP;
      if (outcome !== null && typeof outcome !== 'string') return outcome;
      current = outcome;
    }
    return { status: 'completed', endReason: 'noNextWidget' };
  }

  /** Records the start of a step in the path and the step list. */
  #begin(widgetId: string, type: string | undefined, branch: Step['branch']): Step {
    const step: Step = {
      widgetId,
      type: type ?? 'unknown',
      branch,
      line: null,
      next: null,
      startTime: isoTime(this.#options.clock.now()),
      durationMs: 0,
    };
    this.#path.push(widgetId);
    this.#steps.push(step);
    return step;
  }

  #context(widgetId: string, step: Step): WidgetRunContext<unknown, S> {
    const { flow, services, clock } = this.#options;
    const signal = this.#signal(step.branch);
    return {
      widgetId,
      config: flow.configs.get(widgetId),
      lookup: this.#lookup,
      variables: this.#variables,
      emit: this.#emit,
      background: (outcome) => {
        this.#track(step, outcome);
      },
      services,
      clock,
      signal,
      limits: this.#limits,
      checkVariables: this.#checkVariables,
    };
  }

  /** What cancels a widget of this branch: the run's signal and, on the main path, a hangup. */
  #signal(branch: Step['branch']): AbortSignal | undefined {
    const { signal, callerGone } = this.#options;
    if (branch !== 'main' || callerGone === undefined) return signal;
    return signal === undefined ? callerGone : AbortSignal.any([signal, callerGone]);
  }

  /** Applies a widget's result to the store and its step; says where the run goes next. */
  #finish(
    step: Step,
    result: WidgetRunResult,
    lines: ReadonlyArray<string | null> | undefined,
    started: number,
  ): StepOutcome {
    const { clock, observer } = this.#options;
    if (result.variables !== undefined) {
      const problem = this.#checkVariables(result.variables);
      if (problem !== undefined) return this.#fail(step, new ValueTooLargeError(problem), started);
      this.#store.apply(result.variables);
    }
    step.durationMs = elapsedMs(clock, started);
    if (result.detail) step.detail = result.detail;
    if (result.end) {
      observer?.onStep?.(step);
      return { status: 'completed', endReason: result.end.reason };
    }
    step.line = result.line;
    step.next = lines?.[result.line] ?? null;
    observer?.onStep?.(step);
    return step.next;
  }

  /**
   * A widget that threw (or has no definition) ends the run: INTERNAL_ERROR, or VALUE_TOO_LARGE
   * for an error with that code (a template or variable past its cap, docs/flows.md "Limits").
   */
  #fail(step: Step, caught: unknown, started: number): Ending {
    step.durationMs = elapsedMs(this.#options.clock, started);
    step.error = caught instanceof Error ? caught.message : String(caught);
    this.#options.observer?.onStep?.(step);
    const tooLarge = caught instanceof Error && 'code' in caught && caught.code === VALUE_TOO_LARGE;
    return { status: 'failed', endReason: tooLarge ? VALUE_TOO_LARGE : 'INTERNAL_ERROR' };
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
