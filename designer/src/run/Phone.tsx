import { useState, type SyntheticEvent } from 'react';
import { ApiError } from '../api.js';
import type { CallState } from './call-state.js';
import { runApi, type ExecutionView } from './run-api.js';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];
const KEY_NAMES: Record<string, string> = { '*': 'star', '#': 'hash' };

/** The phone of a live call: lines heard, hold music, keypad and text for an input, hang up. */
export function Phone({
  executionId,
  call,
  onAnswered,
}: {
  executionId: string;
  call: CallState;
  /** An answer's reply: the execution once it stopped again, with every variable. */
  onAnswered: (view: ExecutionView) => void;
}) {
  const [entry, setEntry] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const settle = (request: Promise<ExecutionView>) => {
    setBusy(true);
    setError('');
    request
      .then(onAnswered, (caught: unknown) => {
        setError(caught instanceof ApiError ? caught.message : String(caught));
      })
      .finally(() => {
        setBusy(false);
      });
  };
  const send = (value: string) => {
    if (value === '') return;
    setEntry('');
    settle(
      runApi.input(executionId, /^[0-9*#]+$/.test(value) ? { digits: value } : { text: value }),
    );
  };
  const press = (key: string) => {
    const next = entry + key;
    if (call.asking?.maxDigits !== undefined && next.length >= call.asking.maxDigits) send(next);
    else setEntry(next);
  };
  const onSubmit = (event: SyntheticEvent) => {
    event.preventDefault();
    send(entry);
  };

  return (
    <div className="phone">
      <ol className="transcript" aria-label="Call" aria-live="polite">
        {call.transcript.map((line, index) => (
          <li key={index} className={`said ${line.kind}`}>
            {line.kind === 'you'
              ? `You: ${line.text}`
              : line.kind === 'prompt'
                ? `Asks: ${line.text}`
                : line.text}
          </li>
        ))}
      </ol>
      {call.holding && (
        <p className="holding" role="status">
          <span className="bars" aria-hidden="true">
            <span />
            <span />
            <span />
          </span>
          Hold music playing
        </p>
      )}
      {call.asking && (
        <form className="asking" onSubmit={onSubmit} aria-label="Answer">
          <div className="keypad" role="group" aria-label="Keypad">
            {KEYS.map((key) => (
              <button
                type="button"
                key={key}
                aria-label={`Key ${KEY_NAMES[key] ?? key}`}
                disabled={busy}
                onClick={() => {
                  press(key);
                }}
              >
                {key}
              </button>
            ))}
          </div>
          <div className="entry">
            <label htmlFor="run-entry">Digits or text</label>
            <input
              id="run-entry"
              value={entry}
              disabled={busy}
              onChange={(event) => {
                setEntry(event.target.value);
              }}
            />
            <button type="submit" disabled={busy || entry === ''}>
              Send
            </button>
          </div>
        </form>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!call.ended && (
        <button
          type="button"
          className="hang-up"
          onClick={() => {
            settle(runApi.hangup(executionId));
          }}
        >
          Hang up
        </button>
      )}
    </div>
  );
}
