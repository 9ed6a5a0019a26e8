import { useEffect, useState } from 'react';
import { runApi, type LogEvent } from './run-api.js';

/** Every event type the server streams (docs/server.md "Live executions"). */
const TYPES = [
  'play',
  'hold.start',
  'hold.stop',
  'input.request',
  'input.received',
  'step',
  'hangup',
  'end',
];

/**
 * An execution's events as they are stored, from `GET /v1/executions/{id}/events` (Server-Sent
 * Events, same origin: the session cookie goes with it). The browser resumes a dropped stream
 * with `Last-Event-ID`; a repeat is dropped by its `seq`. Closed after `end`.
 */
export function useEventStream(executionId: string | undefined): {
  events: LogEvent[];
  /** The stream was refused (the session ended, say) and the browser gave up on it. */
  lost: boolean;
} {
  const [events, setEvents] = useState<LogEvent[]>([]);
  const [lost, setLost] = useState(false);
  useEffect(() => {
    setEvents([]);
    setLost(false);
    if (executionId === undefined) return undefined;
    const source = new EventSource(runApi.eventsUrl(executionId));
    const receive = (message: MessageEvent<string>) => {
      const event = JSON.parse(message.data) as LogEvent;
      if (event.type === 'end') source.close();
      setEvents((current) => {
        const last = current[current.length - 1];
        return last && last.seq >= event.seq ? current : [...current, event];
      });
    };
    for (const type of TYPES) source.addEventListener(type, receive);
    // A dropped connection is retried by the browser; a refused one closes the source.
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) setLost(true);
    };
    return () => {
      source.close();
    };
  }, [executionId]);
  return { events, lost };
}
