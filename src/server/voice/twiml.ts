/**
 * docs/voice.md: the TwiML (Twilio, SignalWire LaML, Telnyx TeXML) each widget's channel
 * events become. Every text and attribute is escaped: flow text cannot break or inject TwiML.
 */
import type { ChannelEvent } from '../../engine/index.js';

/** Text or an attribute value, safe inside XML. */
export function xmlEscape(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

function element(name: string, attributes: Record<string, string | number>, body = ''): string {
  const attrs = Object.entries(attributes)
    .map(([key, value]) => ` ${key}="${xmlEscape(String(value))}"`)
    .join('');
  return body === '' ? `<${name}${attrs}/>` : `<${name}${attrs}>${body}</${name}>`;
}

/** `play`: `<Say>` for text, `<Play>` for an audio URL. */
function playVerb(event: ChannelEvent): string {
  if (typeof event.audio === 'string') return element('Play', {}, xmlEscape(event.audio));
  return element('Say', {}, xmlEscape(text(event.text)));
}

/** `input`: `<Gather>` posting the digits to `action`; no input posts there without them. */
function gatherVerbs(event: ChannelEvent, action: string): string {
  const attributes: Record<string, string | number> = {
    input: 'dtmf',
    action,
    method: 'POST',
    finishOnKey: '#',
  };
  if (typeof event.maxDigits === 'number') attributes['numDigits'] = event.maxDigits;
  if (typeof event.timeoutSeconds === 'number') attributes['timeout'] = event.timeoutSeconds;
  const prompt = text(event.prompt);
  const say = prompt === '' ? '' : element('Say', {}, xmlEscape(prompt));
  return (
    element('Gather', attributes, say) + element('Redirect', { method: 'POST' }, xmlEscape(action))
  );
}

/** Where the call stands after the events shown. */
export type CallState =
  | { kind: 'waiting'; action: string }
  /** `hold`: the hold music's URL while a webhook widget waits. */
  | { kind: 'running'; action: string; hold?: string | undefined }
  | { kind: 'ended' }
  /** Nothing to say (a status callback). */
  | { kind: 'answered' };

/** The TwiML document for `events` (what the flow did since the caller was last answered). */
export function twiml(events: readonly ChannelEvent[], state: CallState): string {
  const verbs: string[] = [];
  for (const event of events) {
    if (event.type === 'play') verbs.push(playVerb(event));
    else if (event.type === 'input' && state.kind === 'waiting' && event === events.at(-1)) {
      verbs.push(gatherVerbs(event, state.action));
    }
  }
  if (state.kind === 'running') {
    // Still working (a webhook widget waits): hold, then ask again.
    if (state.hold === undefined) verbs.push(element('Pause', { length: 2 }));
    else verbs.push(element('Play', { loop: 1 }, xmlEscape(state.hold)));
    verbs.push(element('Redirect', { method: 'POST' }, xmlEscape(state.action)));
  }
  if (state.kind === 'ended') verbs.push('<Hangup/>');
  return `<?xml version="1.0" encoding="UTF-8"?><Response>${verbs.join('')}</Response>`;
}
