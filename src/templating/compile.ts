import { parseTemplate } from './parse.js';
import { RenderBudget } from './size-limit.js';
import type { ContextLexer, ValueEncoder, VariableLookup } from './types.js';

/** A piece of a compiled template: literal text, or a variable with its position's encoder. */
export type CompiledPiece = string | { readonly name: string; readonly encode: ValueEncoder };

/**
 * Compiles a template for one context: the literal text is read once, here, so rendering is
 * a plain loop over the pieces (no lexing per render). Undefined when the lexer says some
 * variable's encoding depends on the values.
 */
export function compilePieces(
  template: string,
  lexer: ContextLexer,
): readonly CompiledPiece[] | undefined {
  const pieces: CompiledPiece[] = [];
  for (const part of parseTemplate(template)) {
    if (part.kind === 'text') {
      lexer.text(part.text);
      pieces.push(part.text);
      continue;
    }
    const encode = lexer.valueEncoder();
    if (encode === undefined) return undefined;
    pieces.push({ name: part.name, encode });
  }
  return Object.freeze(pieces);
}

/** Compiles a template for a context where every variable is encoded the same way. */
export function compileUniform(template: string, encode: ValueEncoder): readonly CompiledPiece[] {
  const pieces = parseTemplate(template).map((part) =>
    part.kind === 'text' ? part.text : { name: part.name, encode },
  );
  return Object.freeze(pieces);
}

/**
 * Renders compiled pieces with the values `lookup` gives. With `maxBytes`, throws
 * TemplateTooLargeError as soon as the output passes that many UTF-8 bytes.
 */
export function renderPieces(
  pieces: readonly CompiledPiece[],
  lookup: VariableLookup,
  maxBytes?: number,
): string {
  let output = '';
  if (maxBytes === undefined) {
    for (const piece of pieces) {
      output += typeof piece === 'string' ? piece : piece.encode(lookup(piece.name));
    }
    return output;
  }
  const budget = new RenderBudget(maxBytes);
  for (const piece of pieces) {
    let text: string;
    if (typeof piece === 'string') text = piece;
    else {
      const value = lookup(piece.name);
      budget.checkValue(value);
      text = piece.encode(value);
    }
    output += text;
    budget.add(output, text);
  }
  return output;
}

// Enough for every template of every flow a process runs; a flood of distinct ones only resets it.
const MAX_CACHED = 4096;

/**
 * Memoizes a per-template compile step by template text: a flow renders the same templates
 * on every execution. Bounded: cleared whole when full, which is rare and cheap to refill.
 */
export function memoizeByTemplate<T>(compile: (template: string) => T): (template: string) => T {
  const cache = new Map<string, T>();
  return (template) => {
    const cached = cache.get(template);
    if (cached !== undefined) return cached;
    const compiled = compile(template);
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(template, compiled);
    return compiled;
  };
}
