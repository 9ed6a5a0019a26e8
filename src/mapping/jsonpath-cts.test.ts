import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { findPathProblem, MappingPathError, queryJsonPath } from './index.js';

// The RFC 9535 JSONPath Compliance Test Suite, BSD-2 (test/fixtures/jsonpath-cts/).
const ctsSchema = z.object({
  tests: z.array(
    z.object({
      name: z.string(),
      selector: z.string(),
      document: z.unknown().optional(),
      result: z.array(z.unknown()).optional(),
      results: z.array(z.array(z.unknown())).optional(),
      invalid_selector: z.boolean().optional(),
    }),
  ),
});

const ctsFile = new URL('../../test/fixtures/jsonpath-cts/cts.json', import.meta.url);
const { tests } = ctsSchema.parse(JSON.parse(readFileSync(ctsFile, 'utf8')));
const cases = tests.map((cts, index) => ({ ...cts, title: `${index + 1}: ${cts.name}` }));

describe('RFC 9535 compliance suite', () => {
  test('holds all 703 tests', () => {
    expect(cases).toHaveLength(703);
  });

  test.each(cases)('$title', (cts) => {
    if (cts.invalid_selector === true) {
      expect(() => queryJsonPath(cts.document, cts.selector)).toThrow(MappingPathError);
      expect(findPathProblem(cts.selector, 'json')).not.toBeNull();
      return;
    }
    const values = queryJsonPath(cts.document, cts.selector);
    if (cts.results !== undefined) expect(cts.results).toContainEqual(values);
    else expect(values).toEqual(cts.result);
    expect(findPathProblem(cts.selector, 'json')).toBeNull();
  });
});
