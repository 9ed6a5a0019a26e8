import { parseTemplate } from './parse.js';
import { valueText } from './render.js';
import { RenderBudget } from './size-limit.js';
import type { VariableLookup } from './types.js';

/** A rendered header value, or why it cannot be sent. */
export type HeaderRender = { ok: true; value: string } | { ok: false; message: string };

// docs/flows.md: CR/LF in a header value is an error, never a new header. NUL and the other
// control characters (all but tab, which RFC 9110 allows) are refused with them, since
// no HTTP client would send them either.
function hasControlCharacter(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if ((code < 0x20 && code !== 0x09) || code === 0x7f) return true;
  }
  return false;
}

/**
 * Renders a header value by plain substitution (throws TemplateTooLargeError past `maxBytes`). A line break or control character in the
 * result gives `ok: false`; the message names the variable that brought it but never
 * includes its value, which may be a secret.
 */
export function renderHeaderValue(
  template: string,
  lookup: VariableLookup,
  maxBytes = Infinity,
): HeaderRender {
  const budget = new RenderBudget(maxBytes);
  let value = '';
  for (const part of parseTemplate(template)) {
    if (part.kind === 'text') {
      if (hasControlCharacter(part.text)) {
        return refuse('the header value template itself contains');
      }
      value += part.text;
      budget.add(value, part.text);
      continue;
    }
    const raw = lookup(part.name);
    budget.checkValue(raw);
    const text = valueText(raw);
    if (hasControlCharacter(text)) return refuse(`the value of ${part.name} contains`);
    value += text;
    budget.add(value, text);
  }
  return { ok: true, value };
}

function refuse(subject: string): HeaderRender {
  return {
    ok: false,
    message: `${subject} a line break (CR/LF), NUL or other control character, which a header value may not hold`,
  };
}
