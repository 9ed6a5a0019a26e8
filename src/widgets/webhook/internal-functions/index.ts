import { createOutboundFunction } from './create-outbound.js';
import type { InternalFunction } from './define.js';
import { directDialPauseFunction } from './direct-dial-pause.js';
import { shortUrlFunction } from './short-url.js';
import { updateUserPreferencesFunction } from './update-user-preferences.js';

/** The internal function catalogue (docs/internal-functions.md): one module each, one line here. */
export const INTERNAL_FUNCTIONS: readonly InternalFunction[] = [
  createOutboundFunction,
  shortUrlFunction,
  updateUserPreferencesFunction,
  directDialPauseFunction,
];

export const internalFunctions: ReadonlyMap<string, InternalFunction> = new Map(
  INTERNAL_FUNCTIONS.map((definition) => [definition.name, definition]),
);

export {
  defineInternalFunction,
  type FunctionField,
  type InternalFunction,
  type InternalFunctionContext,
  type InternalFunctionResult,
} from './define.js';
