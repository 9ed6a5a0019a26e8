import type { LogEvent } from './run-api.js';

/** What the caller has heard and said so far, and what the call is doing now. */
export interface CallState {
  transcript: Array<{ kind: 'play' | 'prompt' | 'you' | 'note'; text: string }>;
  holding: boolean;
  /** The input widget asking now, if any. */
  asking: { prompt: string; maxDigits: number | undefined } | undefined;
  ended: boolean;
}

/** Replays the events of a call into what the phone shows. */
export function callState(events: readonly LogEvent[]): CallState {
  const state: CallState = { transcript: [], holding: false, asking: undefined, ended: false };
  for (const event of events) {
    const text = (field: string): string => {
      const value = event[field];
      return typeof value === 'string' ? value : '';
    };
    switch (event.type) {
      case 'play':
        state.transcript.push({ kind: 'play', text: text('text') || text('audio') });
        break;
      case 'hold.start':
        state.holding = true;
        break;
      case 'hold.stop':
        state.holding = false;
        state.transcript.push({ kind: 'note', text: 'Hold music played' });
        break;
      case 'input.request': {
        const maxDigits = typeof event['maxDigits'] === 'number' ? event['maxDigits'] : undefined;
        state.asking = { prompt: text('prompt'), maxDigits };
        if (text('prompt')) state.transcript.push({ kind: 'prompt', text: text('prompt') });
        break;
      }
      case 'input.received':
        state.asking = undefined;
        state.transcript.push(
          event['noInput'] === true
            ? { kind: 'note', text: 'No input (timed out)' }
            : { kind: 'you', text: text('digits') || text('text') },
        );
        break;
      case 'hangup':
        state.asking = undefined;
        state.transcript.push({
          kind: 'note',
          text: event['by'] === 'caller' ? 'You hung up' : 'Hung up',
        });
        break;
      case 'end':
        state.asking = undefined;
        state.holding = false;
        state.ended = true;
        break;
    }
  }
  return state;
}
