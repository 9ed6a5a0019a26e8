/**
 * A simulated voice platform (docs/voice.md), shared by the API tests and `bench/voice.ts`:
 * posts form webhooks the way Twilio documents them (signed with X-Twilio-Signature when an
 * auth token is set), parses each TwiML answer as XML, and follows `<Gather action>` and
 * `<Redirect>`. How a webhook reaches the server is the caller's (`Transport`).
 */
import { createHmac } from 'node:crypto';
import { DOMParser, type Element } from '@xmldom/xmldom';

export interface Verb {
  name: string;
  attributes: Record<string, string>;
  text: string;
  children: Verb[];
}

export interface TwimlAnswer {
  status: number;
  contentType: string;
  verbs: Verb[];
  raw: string;
}

/** Sends one form POST to `url` and reads the answer. */
export type Transport = (
  url: string,
  init: { headers: Record<string, string>; body: string },
) => Promise<{ status: number; contentType: string; raw: string }>;

function verbOf(element: Element): Verb {
  const attributes: Record<string, string> = {};
  for (let i = 0; i < element.attributes.length; i++) {
    const attribute = element.attributes.item(i);
    if (attribute) attributes[attribute.name] = attribute.value;
  }
  return {
    name: element.tagName,
    attributes,
    text: element.textContent ?? '',
    children: childElements(element).map(verbOf),
  };
}

function childElements(element: Element): Element[] {
  const children: Element[] = [];
  for (let node = element.firstChild; node !== null; node = node.nextSibling) {
    if (node.nodeType === 1) children.push(node as Element);
  }
  return children;
}

/** Parses a TwiML document; throws when it is not well-formed or not a `<Response>`. */
export function parseTwiml(raw: string): Verb[] {
  const document = new DOMParser({
    onError: (level, message) => {
      throw new Error(`not well-formed TwiML (${level}): ${message}`);
    },
  }).parseFromString(raw, 'text/xml');
  const root = document.documentElement;
  if (!root || root.tagName !== 'Response') throw new Error(`not a <Response>: ${raw}`);
  return childElements(root).map(verbOf);
}

/**
 * Twilio's documented request signature: HMAC-SHA1 (auth token) of the full URL, then each
 * POST parameter's name and value sorted by name, base64.
 */
export function signTwilio(authToken: string, url: string, fields: Record<string, string>): string {
  const data = Object.keys(fields)
    .sort()
    .reduce((text, name) => text + name + (fields[name] ?? ''), url);
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf-8')).digest('base64');
}

/** One call as the platform places it: the first webhook, then where its TwiML points. */
export class PlatformCall {
  readonly fields: Record<string, string>;
  /** The account's auth token: each webhook is signed with it. */
  authToken: string | undefined;
  /** Replaces the signature (a forged request). */
  forge: string | undefined;
  readonly #send: Transport;

  constructor(send: Transport, fields: Record<string, string>) {
    this.#send = send;
    this.fields = {
      AccountSid: 'AC0001',
      ApiVersion: '2010-04-01',
      CallStatus: 'in-progress',
      ...fields,
    };
  }

  /** POSTs the call's fields (and `extra`) to `url` as Twilio does. */
  async post(url: string, extra: Record<string, string> = {}): Promise<TwimlAnswer> {
    const fields = { ...this.fields, ...extra };
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
    };
    if (this.forge !== undefined) headers['x-twilio-signature'] = this.forge;
    else if (this.authToken !== undefined) {
      headers['x-twilio-signature'] = signTwilio(this.authToken, url, fields);
    }
    const body = new URLSearchParams(fields).toString();
    const { status, contentType, raw } = await this.#send(url, { headers, body });
    const verbs = status === 200 ? parseTwiml(raw) : [];
    return { status, contentType, verbs, raw };
  }

  /** What the platform does after the answer's verbs: the Gather's action (with digits) or the Redirect. */
  async follow(answer: TwimlAnswer, digits?: string): Promise<TwimlAnswer> {
    const gather = answer.verbs.find((verb) => verb.name === 'Gather');
    if (gather && digits !== undefined) {
      return this.post(gather.attributes['action'] ?? '', { Digits: digits });
    }
    const redirect = answer.verbs.find((verb) => verb.name === 'Redirect');
    if (!redirect) throw new Error('nothing to follow');
    return this.post(redirect.text.trim());
  }
}
