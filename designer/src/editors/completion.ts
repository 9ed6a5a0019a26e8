import type { CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import { completionsAt } from './variables.js';

/** A CodeMirror completion source offering `names` for the token before the cursor. */
export function variableCompletions(names: () => readonly string[]) {
  return (context: CompletionContext): CompletionResult | null => {
    const line = context.state.doc.lineAt(context.pos);
    const found = completionsAt(line.text.slice(0, context.pos - line.from), names());
    if (found === undefined || found.options.length === 0) return null;
    return {
      from: line.from + found.from,
      options: found.options.map((label) => ({ label, type: 'variable' })),
      validFor: /^\$\{?[\w.]*$/,
    };
  };
}
