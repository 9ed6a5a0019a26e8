import type { ChannelEvent, ExecutionObserver, ExecutionResult, Step } from '../engine/index.js';

type Write = (line: string) => void;

function describeDetail(step: Step): string {
  const detail = step.detail ?? {};
  const parts: string[] = [];
  if (typeof detail['method'] === 'string' && typeof detail['url'] === 'string') {
    parts.push(`${detail['method']} ${detail['url']}`);
  }
  if (typeof detail['status'] === 'number') parts.push(`→ ${detail['status']}`);
  if (typeof detail['errorReason'] === 'string') parts.push(detail['errorReason']);
  if (typeof detail['error'] === 'string') parts.push(`(${detail['error']})`);
  return parts.join(' ');
}

function describeStep(step: Step): string {
  const what = describeDetail(step);
  const route =
    step.error !== undefined
      ? `failed: ${step.error}`
      : step.line === null
        ? 'ended'
        : `line ${step.line} → ${step.next ?? '(end)'}`;
  const branch = step.branch === 'onFlowComplete' ? ' [onFlowComplete]' : '';
  return `  ${step.widgetId} (${step.type})${branch}${what ? ` ${what}` : ''} · ${route} · ${Math.round(step.durationMs)} ms`;
}

function describeEvent(event: ChannelEvent): string {
  const fields = Object.entries(event)
    .filter(([key, value]) => key !== 'type' && value !== undefined)
    .map(([key, value]) => `${key}=${JSON.stringify(value)}`);
  return `    ~ ${event.type}${fields.length > 0 ? ` ${fields.join(' ')}` : ''}`;
}

/** Prints each step, channel event and fire-and-forget outcome as it happens. */
export function stepPrinter(write: Write): ExecutionObserver {
  return {
    onStep: (step) => {
      write(describeStep(step));
    },
    onEvent: (event) => {
      write(describeEvent(event));
    },
    onBackground: (step) => {
      const detail = step.background ?? {};
      const status = typeof detail['status'] === 'number' ? ` → ${detail['status']}` : '';
      const reason = typeof detail['errorReason'] === 'string' ? ` ${detail['errorReason']}` : '';
      write(`  ${step.widgetId} (${step.type}) background request finished${status}${reason}`);
    },
  };
}

/** The closing line: status, end reason, steps and time. */
export function describeEnding(result: ExecutionResult): string {
  const seconds = (Date.parse(result.endTime) - Date.parse(result.startTime)) / 1000;
  return `${result.status} · ${result.endReason} · ${result.steps.length} steps · ${seconds.toFixed(2)} s`;
}
