import { randomUUID } from 'node:crypto';
import type { Settings } from '../config/index.js';
import {
  flowKeyVariables,
  runExecution,
  systemVariables,
  type ExecutionObserver,
  type ExecutionResult,
  type ValueLimits,
} from '../engine/index.js';
import type { ValidFlow } from '../flow/index.js';
import {
  createDestinationPolicy,
  createHttpClient,
  type HttpClient,
} from '../http-client/index.js';
import { widgetCatalogue, type InputSource, type WidgetServices } from '../widgets/index.js';
import { systemClock } from './system-clock.js';

export interface LocalRunOptions {
  flow: ValidFlow;
  /** `$flow.key.*` values by bare name (`--var k=v`). */
  variables: Readonly<Record<string, string>>;
  /** Answers for input widgets, in order (`--input`). */
  inputs: readonly string[];
  from?: string;
  to?: string;
  /** `--public-url`: lets shortURL answer without a server. */
  publicUrl?: string;
  observer?: ExecutionObserver;
  http: HttpClient;
  /** Caps on templates and variables (settings.valueLimits). */
  limits: ValueLimits;
}

/** A destination policy + HTTP client from settings and extra allow entries (`--allow`). */
export function createLocalHttpClient(settings: Settings, allow: readonly string[]): HttpClient {
  const policy = createDestinationPolicy(
    [...settings.allowDestinations, ...allow],
    '--allow or HOOKLINE_ALLOW_DESTINATIONS',
  );
  return createHttpClient({ policy, maxResponseBytes: settings.maxResponseBytes });
}

function queuedInputs(answers: readonly string[]): InputSource {
  const queue = [...answers];
  return { next: () => Promise.resolve(queue.shift()) };
}

/** Runs a flow in-process with no server and no store (`hookline run`). */
export async function runLocally(options: LocalRunOptions): Promise<ExecutionResult> {
  const executionId = randomUUID();
  const system = systemVariables({
    executionId,
    flowId: 'local',
    flowVersion: 1,
    accountId: 'local',
    from: options.from ?? '',
    to: options.to ?? '',
    direction: 'inbound',
    startTime: systemClock.now().toISOString(),
  });
  const services: WidgetServices = {
    http: options.http,
    input: queuedInputs(options.inputs),
    newId: randomUUID,
    nowMs: Date.now,
    // docs/webhook-widget.md: `hookline run` permits http://.
    allowPlainHttp: true,
    ...(options.publicUrl === undefined ? {} : { publicUrl: options.publicUrl }),
  };
  return runExecution({
    executionId,
    flow: options.flow,
    widgets: widgetCatalogue,
    services,
    clock: systemClock,
    variables: { ...system, ...flowKeyVariables(options.variables) },
    ...(options.observer ? { observer: options.observer } : {}),
    limits: options.limits,
  });
}
