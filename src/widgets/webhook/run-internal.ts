import type { WidgetRunContext, WidgetRunResult } from '../../engine/index.js';
import { flowKey, flowSyskey, type VariableValue } from '../../flow/index.js';
import type { ErrorReason } from '../../http-client/index.js';
import { renderText, TemplateTooLargeError } from '../../templating/index.js';
import type { WidgetServices } from '../services.js';
import type { WebhookConfig } from './config.js';
import { internalFunctions, type InternalFunctionResult } from './internal-functions/index.js';
import { finish } from './run-custom.js';

type InternalConfig = Extract<WebhookConfig, { mode: 'internal' }>;

/** The status code an internal function's failure reports (it sends no HTTP request itself). */
const FAILURE_STATUS: Partial<Record<ErrorReason, number>> = {
  INVALID_REQUEST: 400,
  CLIENT_ERROR: 404,
  VALUE_TOO_LARGE: 400,
};

/** Inputs from `config.inputs`, else from `$flow.syskey.<input>` set earlier (docs/internal-functions.md). */
function resolveInputs(
  context: WidgetRunContext<InternalConfig, WidgetServices>,
  names: readonly string[],
) {
  const inputs: Record<string, string> = {};
  for (const name of names) {
    const template = context.config.inputs[name];
    const value =
      template === undefined
        ? context.lookup(flowSyskey(name))
        : renderText(template, context.lookup, context.limits.templateBytes);
    inputs[name] = value === undefined || value === null ? '' : String(value);
  }
  return inputs;
}

/** docs/internal-functions.md: the webhook widget's `internal` mode: outputs to `$flow.key.*`, response variables as in docs/webhook-widget.md. */
export async function runInternal(
  context: WidgetRunContext<InternalConfig, WidgetServices>,
): Promise<WidgetRunResult> {
  const { config, services } = context;
  const definition = internalFunctions.get(config.function);
  const started = context.clock.monotonicMs();
  let result: InternalFunctionResult;
  try {
    result = definition
      ? await definition.run({
          inputs: resolveInputs(
            context,
            definition.inputs.map((input) => input.name),
          ),
          variables: context.variables(),
          server: services.server?.internal,
          publicUrl: services.publicUrl,
        })
      : {
          ok: false,
          reason: 'INVALID_REQUEST',
          message: `no internal function named "${config.function}"`,
        };
  } catch (caught) {
    if (!(caught instanceof TemplateTooLargeError)) throw caught;
    result = { ok: false, reason: 'VALUE_TOO_LARGE', message: caught.message };
  }
  const durationMs = context.clock.monotonicMs() - started;
  const outputs: Readonly<Record<string, VariableValue>> = result.outputs ?? {};
  const mapped = Object.entries(outputs).map(([name, value]) => ({
    saveIn: flowKey(name),
    value,
  }));
  if (result.ok) {
    return finish(
      context,
      { status: 'SUCCESS', statusCode: 200, durationMs, raw: JSON.stringify(outputs) },
      { function: config.function, status: 200 },
      mapped,
    );
  }
  const statusCode = FAILURE_STATUS[result.reason] ?? 500;
  return finish(
    context,
    {
      status: 'FAILED',
      statusCode,
      durationMs,
      raw: JSON.stringify({ error: result.message, ...outputs }),
      errorReason: result.reason,
    },
    { function: config.function, status: statusCode, error: result.message },
    mapped,
  );
}
