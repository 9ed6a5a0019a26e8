import { z } from 'zod';
import { ownRecord, VARIABLE_NAME } from '../flow/index.js';

/** docs/server.md error envelope. */
export const errorEnvelopeSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(
      z.object({
        path: z.string(),
        message: z.string(),
        severity: z.enum(['error', 'warning']).optional(),
      }),
    ),
  }),
});

export const problemSchema = z.object({
  path: z.string(),
  message: z.string(),
  severity: z.enum(['error', 'warning']),
});

export const idParamSchema = z.object({ id: z.string().min(1).max(100) });

export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

/** The storage page request for a validated page query. */
export function pageRequest(query: z.output<typeof pageQuerySchema>): {
  limit: number;
  cursor?: string;
} {
  return query.cursor === undefined
    ? { limit: query.limit }
    : { limit: query.limit, cursor: query.cursor };
}

/** A list answer: `{ items, nextCursor }` (`nextCursor` is null on the last page). */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** `variables` objects use bare names (docs/server.md); objects and arrays are stored as JSON text. */
export const inputVariablesSchema = ownRecord(
  z.union([scalar, z.array(z.unknown()), ownRecord(z.unknown())]),
  z.string().regex(VARIABLE_NAME, { error: 'variable names are NAMEs such as customer_id' }),
).default({});

export const startExecutionSchema = z.object({
  from: z.string().max(64).optional(),
  to: z.string().max(64).optional(),
  variables: inputVariablesSchema,
});

/** Every execution status (docs/server.md); `waiting` = at an input widget, for the caller. */
export const EXECUTION_STATUSES = ['queued', 'running', 'waiting', 'completed', 'failed'] as const;

/** One event of an execution's log (docs/server.md "Live executions"). */
export const eventLogEntrySchema = z
  .object({ seq: z.number(), type: z.string(), at: z.string() })
  .catchall(z.unknown());

export const executionViewSchema = z.object({
  id: z.string(),
  flowId: z.string(),
  flowVersion: z.number(),
  status: z.enum(EXECUTION_STATUSES),
  endReason: z.string().nullable(),
  direction: z.enum(['inbound', 'outbound', 'api']),
  from: z.string(),
  to: z.string(),
  variables: z.record(z.string(), scalar),
  path: z.array(z.string()),
  events: z.array(z.unknown()),
  steps: z.array(z.unknown()),
  createdAt: z.string(),
  startTime: z.string().nullable(),
  endTime: z.string().nullable(),
  /** What a `waiting` execution asked the caller; null otherwise. */
  waiting: z
    .object({
      widgetId: z.string(),
      prompt: z.string(),
      maxDigits: z.number().nullable(),
      timeoutSeconds: z.number(),
      dueAt: z.string(),
    })
    .nullable(),
});

export const flowSavedSchema = z.object({
  id: z.string(),
  version: z.number(),
  warnings: z.array(problemSchema),
});
