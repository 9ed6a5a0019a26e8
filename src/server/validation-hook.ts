import type { Context } from 'hono';
import type { z } from 'zod';
import { formatPath } from '../flow/index.js';
import { errorResponse, HooklineError } from './errors.js';

type HookResult = { success: true } | { success: false; error: z.ZodError; target?: string };

/** Turns a request that fails its zod schema into the error envelope, naming every path. */
export function validationHook(result: HookResult, context: Context): Response | undefined {
  if (result.success) return undefined;
  const details = result.error.issues.map((issue) => ({
    path: formatPath(issue.path),
    message: issue.message,
    severity: 'error' as const,
  }));
  const where = result.target === 'json' ? 'body' : (result.target ?? 'request');
  return errorResponse(
    context,
    new HooklineError('INVALID_REQUEST', `invalid request ${where}`, details),
  );
}
