import { useState, type SyntheticEvent } from 'react';
import { ApiError } from './api.js';
import { pagesApi } from './pages-api.js';
import type { SavedWebhook } from './types.js';

/** `datetime-local` text for a time, in the browser's zone. */
function localInput(date: Date): string {
  const shifted = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return shifted.toISOString().slice(0, 16);
}

/**
 * "Recover failed since <time>": `POST /v1/webhooks/{id}/recover` sends again the webhook's
 * failed deliveries created since then (and re-enables it, sending what waited for it).
 */
export function RecoverForm({
  webhooks,
  onRecovered,
}: {
  webhooks: SavedWebhook[];
  onRecovered: () => void;
}) {
  const [result, setResult] = useState('');
  const [error, setError] = useState('');
  const submit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget.elements;
    const webhookId = (form.namedItem('webhook') as HTMLSelectElement).value;
    const since = new Date((form.namedItem('since') as HTMLInputElement).value);
    setResult('');
    setError('');
    if (Number.isNaN(since.getTime())) {
      setError('Give the time to recover from.');
      return;
    }
    pagesApi.recover(webhookId, since.toISOString()).then(
      ({ recovered }) => {
        setResult(`${recovered} ${recovered === 1 ? 'delivery' : 'deliveries'} queued again.`);
        onRecovered();
      },
      (caught: unknown) => {
        setError(caught instanceof ApiError ? caught.message : String(caught));
      },
    );
  };
  if (webhooks.length === 0) return null;
  return (
    <form
      className="inline-form recover-form"
      onSubmit={submit}
      aria-label="Recover failed deliveries"
    >
      <label htmlFor="recover-webhook">Recover failed deliveries of</label>
      <select id="recover-webhook" name="webhook" required>
        {webhooks.map((webhook) => (
          <option key={webhook.id} value={webhook.id}>
            {webhook.name}
          </option>
        ))}
      </select>
      <label htmlFor="recover-since">since</label>
      <input
        id="recover-since"
        name="since"
        type="datetime-local"
        required
        defaultValue={localInput(new Date(Date.now() - 24 * 3600_000))}
      />
      <button type="submit">Recover</button>
      <span role="status">{result}</span>
      {error && (
        <span role="alert" className="error">
          {error}
        </span>
      )}
    </form>
  );
}
