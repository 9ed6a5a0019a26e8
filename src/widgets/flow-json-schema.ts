import { z } from 'zod';
import type { JsonSchema } from '../engine/index.js';
import { flowDocumentSchema } from '../flow/index.js';
import type { Widget } from './services.js';

function inputSchema(schema: z.ZodType): JsonSchema {
  const generated = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  // Only the whole document carries `$schema`.
  delete generated['$schema'];
  return generated;
}

/** The JSON Schema of one widget type's config (what `GET /v1/widgets` serves). */
export function widgetConfigJsonSchema(widget: Widget): JsonSchema {
  const config = inputSchema(widget.config);
  return widget.configJsonSchema ? widget.configJsonSchema(config) : config;
}

function widgetJsonSchema(widget: Widget): JsonSchema {
  return {
    type: 'object',
    properties: {
      type: { const: widget.type },
      label: { type: 'string', maxLength: 200 },
      config: widgetConfigJsonSchema(widget),
      lines: { type: 'array', items: { type: ['string', 'null'] }, maxItems: 64 },
    },
    required: ['type'],
  };
}

/**
 * The JSON Schema of a flow document, with every widget type's config, for the designer
 * and editors. Generated from the same zod schemas validation uses (docs/architecture.md).
 */
export function flowJsonSchema(widgets: readonly Widget[]): JsonSchema {
  const document = inputSchema(flowDocumentSchema);
  const properties = document['properties'] as Record<string, JsonSchema>;
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://hookline.dev/schemas/flow.schema.json',
    title: 'Hookline flow document',
    ...document,
    properties: {
      ...properties,
      widgets: {
        type: 'object',
        propertyNames: { pattern: '^[A-Za-z0-9_-]{1,64}$' },
        additionalProperties: { oneOf: widgets.map(widgetJsonSchema) },
      },
    },
  };
}
