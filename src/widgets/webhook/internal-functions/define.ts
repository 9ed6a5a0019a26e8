import type { VariableValue, Variables } from '../../../flow/index.js';
import type { ErrorReason } from '../../../http-client/index.js';
import type { InternalServices } from '../../services.js';

/** One input or output of an internal function, for the catalogue and the docs. */
export interface FunctionField {
  name: string;
  description: string;
  required?: boolean;
}

export interface InternalFunctionContext {
  /** Rendered inputs: `config.inputs`, else `$flow.syskey.<input>` (docs/internal-functions.md). */
  inputs: Readonly<Record<string, string>>;
  /** Every variable of the execution at this step. */
  variables: Readonly<Variables>;
  /** Server capabilities; undefined in `hookline run`. */
  server: InternalServices | undefined;
  /** The public base URL when known (the server's, or `hookline run --public-url`). */
  publicUrl: string | undefined;
}

export type InternalFunctionResult =
  | { ok: true; outputs: Readonly<Record<string, VariableValue>> }
  | {
      ok: false;
      reason: ErrorReason;
      message: string;
      /** Outputs set even on failure (e.g. a partial `obdResponseCode`). */
      outputs?: Readonly<Record<string, VariableValue>>;
    };

/** A ready-made function of the webhook widget's `internal` mode (docs/internal-functions.md). */
export interface InternalFunction {
  readonly name: string;
  readonly description: string;
  readonly inputs: readonly FunctionField[];
  readonly outputs: readonly FunctionField[];
  /** Whether it can only run in the server (documented; checked by `run` itself). */
  readonly needsServer: boolean;
  run(context: InternalFunctionContext): Promise<InternalFunctionResult>;
}

/** Defines an internal function: one module each (docs/architecture.md). */
export function defineInternalFunction(definition: InternalFunction): InternalFunction {
  return definition;
}

/** The failure every server-only function gives in `hookline run`. */
export function needsServer(name: string): InternalFunctionResult {
  return {
    ok: false,
    reason: 'INVALID_REQUEST',
    message: `internal function "${name}" needs a Hookline server: use hookline serve`,
  };
}
