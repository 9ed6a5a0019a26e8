import { z } from 'zod';
import { ownRecord } from './own-record.js';

/**
 * Widget ids are short words. Only ids that are also NAME segments (no `-`, no leading digit)
 * can be read back in templates as `$flow.key.<widgetId>.response_status`.
 */
export const WIDGET_ID = /^[A-Za-z0-9_-]{1,64}$/;

const lineSchema = z.string().nullable();

const widgetSchema = z.looseObject({
  type: z.string().min(1, { error: 'a widget needs a type' }),
  label: z.string().max(200).optional(),
  config: z.unknown().optional(),
  lines: z.array(lineSchema).max(64).optional(),
});

const flowSettingsSchema = z.looseObject({
  /** `true`: the account's default webhook; a name: that saved webhook (docs/flows.md). */
  flowEndWebhook: z.union([z.boolean(), z.string().trim().min(1).max(100)]).optional(),
});

/** The flow document of docs/flows.md (widget configs are checked by each widget's own schema). */
export const flowDocumentSchema = z.looseObject({
  name: z.string().min(1, { error: 'a flow needs a name' }).max(200),
  description: z.string().max(2000).optional(),
  start: z.string({ error: 'a flow needs a start widget id' }),
  settings: flowSettingsSchema.optional(),
  widgets: ownRecord(widgetSchema),
  onFlowComplete: z.string().optional(),
  layout: ownRecord(z.object({ x: z.number(), y: z.number() })).optional(),
});

export type FlowDocument = z.infer<typeof flowDocumentSchema>;
/** One widget of a flow document (the designer maps it to a canvas node). */
export type WidgetDocument = z.infer<typeof widgetSchema>;
