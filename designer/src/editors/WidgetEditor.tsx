import { useEffect, useMemo, useRef, useState } from 'react';
import ConfigEditor from '../ConfigEditor.js';
import { useNodes, type Node } from '@xyflow/react';
import { api } from '../api.js';
import type { WidgetNodeData } from '../flow-adapter.js';
import type { WidgetType } from '../types.js';
import './editors.css';
import { formOf } from './schema-form.js';
import { SchemaForm } from './SchemaForm.js';
import { flowVariables } from './variables.js';
import { WebhookEditor } from './WebhookEditor.js';

/** `GET /v1/widgets`, asked once per page: each type's config JSON Schema. */
let catalogueAnswer: Promise<readonly WidgetType[]> | undefined;
function useCatalogue(): readonly WidgetType[] | undefined {
  const [catalogue, setCatalogue] = useState<readonly WidgetType[] | undefined>();
  useEffect(() => {
    catalogueAnswer ??= api.widgets().then(
      (answer) => answer.items,
      () => [],
    );
    void catalogueAnswer.then(setCatalogue);
  }, []);
  return catalogue;
}

/**
 * The selected widget's config editor (docs/designer.md "Widget editors"): the webhook's own
 * form, a form generated from the type's JSON Schema for the others, and "Edit as JSON" for
 * any of them. Loaded lazily with CodeMirror. Every edit goes to `onChange` (the document).
 */
export default function WidgetEditor({
  type,
  config,
  revision,
  onChange,
}: {
  type: string;
  config: unknown;
  /** Bumped when the config changed from outside the form (reopens the JSON editor). */
  revision: number;
  onChange: (config: unknown) => void;
}) {
  const catalogue = useCatalogue();
  const schema = catalogue?.find((entry) => entry.type === type)?.configSchema;
  const shape = useMemo(() => (type === 'webhook' ? undefined : formOf(schema)), [type, schema]);
  // The canvas's widgets (this panel sits inside the canvas's React Flow provider).
  const nodes = useNodes<Node<WidgetNodeData>>();
  const variables = useMemo(
    () => flowVariables(Object.fromEntries(nodes.map((node) => [node.id, node.data.widget]))),
    [nodes],
  );
  const hasForm = type === 'webhook' || shape !== undefined;
  const [asJson, setAsJson] = useState(false);
  // The JSON editor owns its text; a config changed elsewhere (undo, a picked mapping)
  // reopens it with the new one.
  const emitted = useRef(config);
  const [reopened, setReopened] = useState(0);
  useEffect(() => {
    if (config === emitted.current) return;
    emitted.current = config;
    setReopened((count) => count + 1);
  }, [config]);
  const showJson = asJson || !hasForm;
  // Until the catalogue answers, a generated form is not known yet (the webhook's is).
  if (catalogue === undefined && type !== 'webhook') return <p>Loading the editor…</p>;
  const empty = shape?.kind === 'fields' && shape.fields.length === 0;
  return (
    <section className="widget-editor" aria-label="Config">
      <div className="editor-head">
        <h3>Config</h3>
        {hasForm && (
          <button
            type="button"
            aria-pressed={asJson}
            onClick={() => {
              setAsJson((current) => !current);
            }}
          >
            Edit as JSON
          </button>
        )}
      </div>
      {showJson ? (
        <ConfigEditor
          key={`${revision}:${reopened}`}
          value={config}
          onValid={(value) => {
            emitted.current = value;
            onChange(value);
          }}
        />
      ) : type === 'webhook' ? (
        <WebhookEditor config={config} variables={variables} onChange={onChange} />
      ) : empty ? (
        <p className="hint">This widget has nothing to set.</p>
      ) : (
        shape && <SchemaForm shape={shape} config={config} onChange={onChange} />
      )}
    </section>
  );
}
