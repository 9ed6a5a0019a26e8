import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { flowJsonSchema } from './flow-json-schema.js';
import { WIDGETS } from './index.js';

const committed = JSON.parse(
  readFileSync(new URL('../../schemas/flow.schema.json', import.meta.url), 'utf8'),
) as unknown;

describe('flow JSON Schema', () => {
  it('is the committed schemas/flow.schema.json (run `npm run schema:flow` after a change)', () => {
    expect(flowJsonSchema(WIDGETS)).toEqual(committed);
  });

  it('describes every widget type with its config', () => {
    const schema = flowJsonSchema(WIDGETS) as {
      properties: {
        widgets: {
          additionalProperties: { oneOf: Array<{ properties: { type: { const: string } } }> };
        };
      };
    };
    const types = schema.properties.widgets.additionalProperties.oneOf.map(
      (branch) => branch.properties.type.const,
    );
    expect(types).toEqual(['webhook', 'store', 'decision', 'play', 'input', 'hangup', 'end']);
  });
});
