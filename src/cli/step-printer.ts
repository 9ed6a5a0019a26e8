import type { ChannelEvent, ExecutionObserver, ExecutionResult, Step } from '../engine/index.js';
import { widgetCatalogue } from '../widgets/index.js';
import { RepeatCollapser } from './collapse-repeats.js';

type Write = (line: string) => void;

/** How much of a long value the human output shows (`--json` shows everything). */
const SHOWN_CHARACTERS = 200;

/** The first 200 characters of a text (never half a surrogate pair) and a note on the rest. */
function cut(text: string): { shown: string; rest: string } {
  if (text.length <= SHOWN_CHARACTERS) return { shown: text, rest: '' };
  const code = text.charCodeAt(SHOWN_CHARACTERS - 1);
  const end = code >= 0xd800 && code <= 0xdbff ? SHOWN_CHARACTERS - 1 : SHOWN_CHARACTERS;
  return { shown: text.slice(0, end), rest: `… (${text.length - end} more characters)` };
}

/** A text cut to 200 characters, saying how many more there are. */
function shorten(text: string): string {
  const { shown, rest } = cut(text);
  return shown + rest;
}

/** What the step's widget says of its detail (the CLI knows no widget type). */
function describeDetail(step: Step): string {
  const widget = widgetCatalogue.get(step.type);
  return (step.detail && widget?.describeStep?.(step.detail, { shorten })) ?? '';
}

function describeStep(step: Step): string {
  const what = describeDetail(step);
  const route =
    step.error !== undefined
      ? `failed: ${shorten(step.error)}`
      : step.line === null
        ? 'ended'
        : `line ${step.line} → ${step.next ?? '(end)'}`;
  const branch = step.branch === 'onFlowComplete' ? ' [onFlowComplete]' : '';
  return `  ${step.widgetId} (${step.type})${branch}${what ? ` ${what}` : ''} · ${route}`;
}

function describeEvent(event: ChannelEvent): string {
  const fields = Object.entries(event)
    .filter(([key, value]) => key !== 'type' && value !== undefined)
    .map(([key, value]) => {
      if (typeof value !== 'string') return `${key}=${JSON.stringify(value)}`;
      const { shown, rest } = cut(value);
      return `${key}=${JSON.stringify(shown)}${rest}`;
    });
  return `    ~ ${event.type}${fields.length > 0 ? ` ${fields.join(' ')}` : ''}`;
}

/** Watches an execution and prints it; `flush` prints what a repeating loop still holds. */
export interface StepPrinter extends ExecutionObserver {
  flush(): void;
}

/**
 * Prints each step (with the channel events it sent) and each fire-and-forget outcome as it
 * happens; long values are cut to 200 characters and a loop repeating the same steps is
 * folded into one line (`hookline run --json` prints everything).
 */
export function stepPrinter(write: Write): StepPrinter {
  const steps = new RepeatCollapser(write);
  // The step's channel events: all of them make its key; those not printed yet, its lines.
  let events: string[] = [];
  let unprinted: string[] = [];
  return {
    onStep: (step) => {
      const line = describeStep(step);
      const lines = [...unprinted, `${line} · ${Math.round(step.durationMs)} ms`];
      steps.add({ lines, key: [...events, line].join('\n') });
      events = [];
      unprinted = [];
    },
    onEvent: (event) => {
      const line = describeEvent(event);
      events.push(line);
      // Live (hold.start while a request is in flight), unless a loop is being folded.
      if (steps.repeating) unprinted.push(line);
      else write(line);
    },
    onBackground: (step) => {
      steps.flush();
      const widget = widgetCatalogue.get(step.type);
      const what =
        widget?.describeBackground?.(step.background ?? {}) ?? 'background work finished';
      write(`  ${step.widgetId} (${step.type}) ${what}`);
    },
    flush: () => {
      steps.flush();
      for (const line of unprinted) write(line);
      events = [];
      unprinted = [];
    },
  };
}

/** The closing line: status, end reason, steps and time. */
export function describeEnding(result: ExecutionResult): string {
  const seconds = (Date.parse(result.endTime) - Date.parse(result.startTime)) / 1000;
  return `${result.status} · ${result.endReason} · ${result.steps.length} steps · ${seconds.toFixed(2)} s`;
}
