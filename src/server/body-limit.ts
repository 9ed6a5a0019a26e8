import { HooklineError } from './errors.js';

/** Request bodies over this are refused with 413 (issue: e.g. 1 MB). */
export const MAX_BODY_BYTES = 1024 * 1024;

export const bodyTooLarge = (): HooklineError =>
  new HooklineError('PAYLOAD_TOO_LARGE', `request bodies are limited to ${MAX_BODY_BYTES} bytes`);
