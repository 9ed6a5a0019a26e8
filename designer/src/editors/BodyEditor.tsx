import { autocompletion } from '@codemirror/autocomplete';
import { json } from '@codemirror/lang-json';
import { xml } from '@codemirror/lang-xml';
import { linter, lintGutter, type Diagnostic } from '@codemirror/lint';
import { EditorView, basicSetup } from 'codemirror';
import { useRef } from 'react';
import { variableCompletions } from './completion.js';
import {
  jsonBodyProblem,
  readParserError,
  xmlBodyProblem,
  type BodyProblem,
} from './template-lint.js';
import { useCodeMirror } from './use-code-mirror.js';

/** The browser's XML parser, read by `xmlBodyProblem`. */
function domXmlParse(text: string) {
  const parsed = new DOMParser().parseFromString(text, 'application/xml');
  const error = parsed.querySelector('parsererror');
  return error ? readParserError(error.textContent) : undefined;
}

/** The body's problem for its current type (only `json` and `xml` are checked). */
function problemOf(text: string, bodyType: string): BodyProblem | undefined {
  if (bodyType === 'json') return jsonBodyProblem(text);
  if (bodyType === 'xml') return xmlBodyProblem(text, domXmlParse);
  return undefined;
}

/**
 * A webhook body (CodeMirror): JSON or XML highlighting, invalid JSON/XML flagged as you type
 * with templates read as values (docs/designer.md), variable completion on `$`. The view opens
 * per body type (the panel keys it), so the language and the check follow the type.
 */
export default function BodyEditor({
  value,
  bodyType,
  onChange,
  variables,
}: {
  value: string;
  bodyType: string;
  onChange: (text: string) => void;
  variables: readonly string[];
}) {
  const names = useRef(variables);
  names.current = variables;
  const host = useCodeMirror(value, onChange, () => [
    basicSetup,
    ...(bodyType === 'json' ? [json()] : bodyType === 'xml' ? [xml()] : []),
    autocompletion({ override: [variableCompletions(() => names.current)] }),
    linter(
      (view): Diagnostic[] => {
        const problem = problemOf(view.state.doc.toString(), bodyType);
        return problem ? [{ ...problem, severity: 'error' }] : [];
      },
      { delay: 200 },
    ),
    lintGutter(),
    EditorView.lineWrapping,
    EditorView.contentAttributes.of({ 'aria-label': 'Body' }),
  ]);
  return <div ref={host} className="config-editor body-editor" data-testid="body-editor" />;
}
