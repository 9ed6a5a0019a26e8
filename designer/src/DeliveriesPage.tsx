import { useCallback, useEffect, useState } from 'react';
import { api, ApiError } from './api.js';
import { DeliveryDetail } from './DeliveryDetail.js';
import { pagesApi, type Delivery, type DeliveryStatus } from './pages-api.js';
import { RecoverForm } from './RecoverForm.js';
import type { SavedWebhook } from './types.js';
import './pages.css';

const STATUSES: Array<[DeliveryStatus | '', string]> = [
  ['', 'All'],
  ['pending', 'Pending'],
  ['succeeded', 'Succeeded'],
  ['failed', 'Failed'],
];

/**
 * The account's webhook deliveries, newest first, filtered by status; one opened shows its
 * attempts and can be resent; failed ones of a webhook are recovered since a time.
 */
export function DeliveriesPage() {
  const [status, setStatus] = useState<DeliveryStatus | ''>('');
  const [deliveries, setDeliveries] = useState<Delivery[] | undefined>();
  const [next, setNext] = useState<string | null>(null);
  const [webhooks, setWebhooks] = useState<SavedWebhook[]>([]);
  const [open, setOpen] = useState<Delivery | undefined>();
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');

  const fail = useCallback((caught: unknown) => {
    setError(caught instanceof ApiError ? caught.message : String(caught));
  }, []);
  const load = useCallback(
    (cursor?: string) => {
      pagesApi.deliveries(status, cursor).then((page) => {
        setDeliveries((current) => [...(cursor ? (current ?? []) : []), ...page.items]);
        setNext(page.nextCursor);
      }, fail);
    },
    [status, fail],
  );
  useEffect(() => {
    load();
  }, [load]);
  useEffect(() => {
    api.webhooks().then((page) => {
      setWebhooks(page.items);
    }, fail);
  }, [fail]);

  const webhookName = (id: string | null) =>
    id === null ? 'no webhook' : (webhooks.find((webhook) => webhook.id === id)?.name ?? id);

  const refresh = () => {
    setError('');
    load();
    if (open) pagesApi.delivery(open.id).then(setOpen, fail);
  };
  const resend = (delivery: Delivery) => {
    setError('');
    pagesApi.resend(delivery.id).then((queued) => {
      setOpen(queued);
      setNotice(`Delivery ${delivery.id} queued again.`);
      load();
    }, fail);
  };

  return (
    <main className="home deliveries-page">
      <h1>Deliveries</h1>
      <div className="home-actions">
        <label htmlFor="delivery-status-filter">Status</label>
        <select
          id="delivery-status-filter"
          value={status}
          onChange={(event) => {
            setStatus(event.target.value as DeliveryStatus | '');
          }}
        >
          {STATUSES.map(([value, label]) => (
            <option key={label} value={value}>
              {label}
            </option>
          ))}
        </select>
        <button type="button" onClick={refresh}>
          Refresh
        </button>
        <RecoverForm webhooks={webhooks} onRecovered={refresh} />
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <p role="status" className="muted">
        {notice}
      </p>
      {open && (
        <DeliveryDetail
          delivery={open}
          webhookName={webhookName(open.webhookId)}
          onResend={() => {
            resend(open);
          }}
          onClose={() => {
            setOpen(undefined);
          }}
        />
      )}
      {deliveries === undefined ? (
        <p>Loading…</p>
      ) : deliveries.length === 0 ? (
        <p>No deliveries{status ? ` ${status}` : ''}.</p>
      ) : (
        <table className="flows deliveries">
          <thead>
            <tr>
              <th scope="col">Created</th>
              <th scope="col">Event</th>
              <th scope="col">Webhook</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {deliveries.map((delivery) => (
              <tr key={delivery.id} data-testid={`delivery-${delivery.id}`}>
                <td>
                  <time dateTime={delivery.createdAt}>
                    {new Date(delivery.createdAt).toLocaleString()}
                  </time>
                </td>
                <td>{delivery.eventType}</td>
                <td>{webhookName(delivery.webhookId)}</td>
                <td>
                  <span className={`delivery-status ${delivery.status}`}>{delivery.status}</span>
                  {delivery.failureReason && ` (${delivery.failureReason})`}
                </td>
                <td>{delivery.attemptCount}</td>
                <td>
                  <div className="row-actions">
                    <button
                      type="button"
                      aria-label={`Open delivery ${delivery.id}`}
                      onClick={() => {
                        setOpen(delivery);
                      }}
                    >
                      Open
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next && (
        <button
          type="button"
          onClick={() => {
            load(next);
          }}
        >
          More deliveries
        </button>
      )}
    </main>
  );
}
