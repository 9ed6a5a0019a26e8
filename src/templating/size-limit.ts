import type { TemplateValue } from './types.js';

/**
 * A rendering grew past its cap (docs/flows.md "Limits"). `code` is the end reason the engine
 * and the webhook widget report for it.
 */
export class TemplateTooLargeError extends Error {
  override readonly name = 'TemplateTooLargeError';
  readonly code = 'VALUE_TOO_LARGE';
  constructor(readonly maxBytes: number) {
    super(`the rendered template is larger than ${maxBytes} bytes (HOOKLINE_MAX_TEMPLATE_BYTES)`);
  }
}

/**
 * Counts a rendering's UTF-8 bytes piece by piece, so a template stops as soon as it passes
 * `maxBytes` instead of building the whole text first. UTF-8 needs at most 3 bytes per UTF-16
 * unit, so nothing is measured exactly until the length says the cap could be near.
 */
export class RenderBudget {
  readonly #maxBytes: number;
  /** Exact bytes so far; -1 while the length alone proves the output is under the cap. */
  #bytes = -1;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  /** Throws before encoding a value that alone passes the cap (encoding only makes it longer). */
  checkValue(value: TemplateValue | undefined): void {
    if (typeof value === 'string' && value.length > this.#maxBytes) this.#exceeded();
  }

  /** Counts `piece`, just appended to `output`; throws once the output passes the cap. */
  add(output: string, piece: string): void {
    if (this.#bytes >= 0) this.#bytes += Buffer.byteLength(piece);
    else if (output.length * 3 > this.#maxBytes) this.#bytes = Buffer.byteLength(output);
    if (this.#bytes > this.#maxBytes) this.#exceeded();
  }

  #exceeded(): never {
    throw new TemplateTooLargeError(this.#maxBytes);
  }
}
