import { useEffect, useRef } from 'react';
import type { Delivery } from './pages-api.js';

/** An attempt's HTTP status as text: 0 means no answer came (see its error). */
function statusText(status: number): string {
  return status === 0 ? 'no answer' : String(status);
}

/**
 * One delivery and every attempt (time, status, latency, error); **Resend** queues it again
 * (never a pending one, nor one that could never be sent).
 */
export function DeliveryDetail({
  delivery,
  webhookName,
  onResend,
  onClose,
}: {
  delivery: Delivery;
  webhookName: string;
  onResend: () => void;
  onClose: () => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, [delivery.id]);
  const resendable = delivery.status !== 'pending' && delivery.failureReason === null;
  return (
    <section className="delivery-detail" aria-labelledby="delivery-title">
      <h2 id="delivery-title" tabIndex={-1} ref={heading}>
        Delivery <code>{delivery.id}</code>
      </h2>
      <p>
        {delivery.eventType} to {webhookName}:{' '}
        <strong className={`delivery-status ${delivery.status}`} data-testid="delivery-status">
          {delivery.status}
        </strong>
        {delivery.failureReason && <> ({delivery.failureReason}: never sent)</>}
        {delivery.nextAttemptAt && delivery.status === 'pending' && (
          <>
            , next attempt{' '}
            <time dateTime={delivery.nextAttemptAt}>
              {new Date(delivery.nextAttemptAt).toLocaleString()}
            </time>
          </>
        )}
        {delivery.executionId && (
          <>
            {' '}
            from execution <code>{delivery.executionId}</code>
          </>
        )}
      </p>
      {delivery.attempts.length === 0 ? (
        <p>No attempt yet.</p>
      ) : (
        <table className="flows attempts">
          <caption className="visually-hidden">Attempts</caption>
          <thead>
            <tr>
              <th scope="col">Attempt</th>
              <th scope="col">Time</th>
              <th scope="col">Status</th>
              <th scope="col">Latency</th>
              <th scope="col">Error</th>
            </tr>
          </thead>
          <tbody>
            {delivery.attempts.map((attempt, index) => (
              <tr key={`${attempt.attempt}-${index}`}>
                <td>{attempt.attempt}</td>
                <td>
                  <time dateTime={attempt.startedAt}>
                    {new Date(attempt.startedAt).toLocaleString()}
                  </time>
                </td>
                <td>{statusText(attempt.status)}</td>
                <td>{attempt.latencyMs} ms</td>
                <td>{attempt.error ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="dialog-actions">
        <button type="button" className="primary" disabled={!resendable} onClick={onResend}>
          Resend
        </button>
        <button type="button" onClick={onClose}>
          Close details
        </button>
      </div>
    </section>
  );
}
