import { randomUUID } from 'node:crypto';
import type { Settings } from '../config/index.js';
import { runExecution, type ExecutionObserver, type ExecutionResult } from '../engine/index.js';
import type { ValidFlow, Variables } from '../flow/index.js';
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
  observer?: ExecutionObserver;
  http: HttpClient;
}

/** A destination policy + HTTP client from settings and extra allow entries (`--allow`). */
export function createLocalHttpClient(settings: Settings, allow: readonly string[]): HttpClient {
  const policy = createDestinationPolicy([...settings.allowDestinations, ...allow]);
  return createHttpClient({ policy, maxResponseBytes: settings.maxResponseBytes });
}

function queuedInputs(answers: readonly string[]): InputSource {
  const queue = [...answers];
  return { next: () => Promise.resolve(queue.shift()) };
}

/** Runs a flow in-process with no server and no store (`hookline run`). */
export async function runLocally(options: LocalRunOptions): Promise<ExecutionResult> {
  const executionId = randomUUID();
  const from = options.from ?? '';
  const system: Variables = {
    '$flow.syskey.executionId': executionId,
    '$flow.syskey.flowId': 'local',
    '$flow.syskey.flowVersion': 1,
    '$flow.syskey.accountId': 'local',
    '$flow.syskey.from': from,
    '$flow.syskey.to': options.to ?? '',
    '$flow.syskey.direction': 'inbound',
    '$flow.syskey.startTime': systemClock.now().toISOString(),
    '$user.syskey.contactNumber': from,
    '$user.syskey.accountID': 'local',
  };
  const input: Variables = Object.fromEntries(
    Object.entries(options.variables).map(([name, value]) => [`$flow.key.${name}`, value]),
  );
  const services: WidgetServices = {
    http: options.http,
    input: queuedInputs(options.inputs),
    newId: randomUUID,
    nowMs: Date.now,
    // SPEC §3: `hookline run` permits http://.
    allowPlainHttp: true,
  };
  return runExecution({
    executionId,
    flow: options.flow,
    widgets: widgetCatalogue,
    services,
    clock: systemClock,
    variables: { ...system, ...input },
    ...(options.observer ? { observer: options.observer } : {}),
  });
}
