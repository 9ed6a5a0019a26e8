import { DOMParser } from '@xmldom/xmldom';
import { XMLValidator } from 'fast-xml-parser';
import { expect } from 'vitest';
import type { Hostile } from './hostile-values.fixture.js';

/** Asserts the XML is well formed (as the webhook widget checks it) and returns its root. */
export function parse(xml: string) {
  // The webhook widget checks XML bodies with this same validator, so the tests use it too,
  // deprecated or not (fast-xml-validator is not a dependency).
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  expect(XMLValidator.validate(xml)).toBe(true);
  const onError = (level: string, message: string) => {
    throw new Error(`${level}: ${message}`);
  };
  const root = new DOMParser({ onError }).parseFromString(xml, 'text/xml').documentElement;
  if (root === null) throw new Error('no root element');
  return root;
}

/** The text a parser reads back: the value, less the characters XML cannot hold. */
export function parsedText(label: Hostile, value: string): string {
  if (label === 'controlChar') return 'bell';
  if (label === 'loneSurrogate') return 'x';
  return value;
}
