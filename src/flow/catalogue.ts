import type { z } from 'zod';
import type { Problem } from './problem.js';

/** How many lines a widget may have, given its config. */
export interface LineRange {
  min: number;
  max: number;
}

/**
 * What validation needs to know of a widget type. The engine's widget definitions
 * satisfy it; `flow` stays free of any widget code (docs/architecture.md). Methods are
 * bivariant on purpose: each widget narrows `config` to its own parsed type.
 */
export interface WidgetSchemaEntry {
  readonly type: string;
  readonly config: z.ZodType;
  /** Caller widgets (play, input, hangup) cannot run in the on-flow-complete branch. */
  readonly callerInteraction: boolean;
  lines(config: unknown): LineRange;
  /** Checks beyond the schema; paths are relative to the widget's config. */
  check?(config: unknown): Problem[];
}

export type WidgetCatalogue = ReadonlyMap<string, WidgetSchemaEntry>;
