import { useEffect, useState } from 'react';
import { api } from './api.js';
import type { FlowDocument, SavedWebhook } from './types.js';

/** The document with `settings.flowEndWebhook` set to `value`, or without it (undefined). */
function withFlowEndWebhook(document: FlowDocument, value: true | string | undefined) {
  const settings = { ...document.settings };
  if (value === undefined) delete settings.flowEndWebhook;
  else settings.flowEndWebhook = value;
  const next: FlowDocument = { ...document, settings };
  if (Object.keys(settings).length === 0) delete next.settings;
  return next;
}

/** The flow's own settings (docs/flows.md): name, description, the flow end webhook. */
export function FlowSettings({
  document,
  onChange,
}: {
  document: FlowDocument;
  onChange: (document: FlowDocument) => void;
}) {
  const [webhooks, setWebhooks] = useState<SavedWebhook[]>([]);
  useEffect(() => {
    api.webhooks().then(
      (page) => {
        setWebhooks(page.items);
      },
      () => {
        setWebhooks([]);
      },
    );
  }, []);
  const endWebhook = document.settings?.flowEndWebhook;
  const sending = endWebhook !== undefined && endWebhook !== false;
  const fallback = webhooks.find((webhook) => webhook.isDefault);
  return (
    <section className="flow-settings" aria-label="Flow settings">
      <h2>Flow settings</h2>
      <label htmlFor="flow-name">Name</label>
      <input
        id="flow-name"
        value={document.name}
        required
        maxLength={200}
        onChange={(event) => {
          onChange({ ...document, name: event.target.value });
        }}
      />
      <label htmlFor="flow-description">Description</label>
      <textarea
        id="flow-description"
        rows={3}
        value={document.description ?? ''}
        onChange={(event) => {
          const next: FlowDocument = { ...document, description: event.target.value };
          if (event.target.value === '') delete next.description;
          onChange(next);
        }}
      />
      <label className="checkbox">
        <input
          type="checkbox"
          checked={sending}
          onChange={(event) => {
            onChange(withFlowEndWebhook(document, event.target.checked ? true : undefined));
          }}
        />
        Send a flow end webhook
      </label>
      {sending && (
        <>
          <label htmlFor="flow-end-webhook">Webhook for the flow</label>
          <select
            id="flow-end-webhook"
            value={typeof endWebhook === 'string' ? endWebhook : ''}
            onChange={(event) => {
              onChange(withFlowEndWebhook(document, event.target.value || true));
            }}
          >
            <option value="">
              {fallback
                ? `The default webhook (${fallback.name})`
                : 'The default webhook (none yet)'}
            </option>
            {webhooks
              .filter((webhook) => !webhook.isDefault || webhook.name === endWebhook)
              .map((webhook) => (
                <option key={webhook.id} value={webhook.name}>
                  {webhook.name}
                </option>
              ))}
            {typeof endWebhook === 'string' &&
              !webhooks.some((webhook) => webhook.name === endWebhook) && (
                <option value={endWebhook}>{endWebhook} (not saved)</option>
              )}
          </select>
        </>
      )}
      <p className="hint">Select a widget to edit it.</p>
    </section>
  );
}
