import { z } from 'zod';
import type { Context } from 'hono';
import type { ApiApp, ApiEnv } from '../context.js';
import { notFound } from '../errors.js';
import { newFlowToken } from '../flow-tokens.js';
import { json, route } from '../route.js';
import { idParamSchema } from '../schemas.js';
import {
  answerCall,
  readVoiceRequest,
  STATUS_SUFFIX,
  VOICE_PATH,
  voiceTokenHash,
} from '../voice/call.js';
import { endCall } from '../voice/status.js';
import { twiml } from '../voice/twiml.js';

const TWIML = { 'content-type': 'text/xml; charset=utf-8' };

const voiceSettingsSchema = z.object({
  authToken: z
    .string()
    .regex(/^[\x21-\x7e]{1,256}$/, { error: 'the auth token is 1-256 printable characters' })
    .nullable(),
});

function pathAndQuery(url: string): string {
  const { pathname, search } = new URL(url);
  return pathname + search;
}

/** docs/voice.md: a token URL a voice platform (Twilio, SignalWire, Telnyx) posts calls to. */
export function registerVoiceRoutes(app: ApiApp): void {
  route(
    app,
    {
      method: 'post',
      path: '/v1/flows/{id}/voice-url',
      tags: ['triggers'],
      summary: 'Make a voice webhook URL for the flow (TwiML; the token is shown once)',
      params: idParamSchema,
      responses: {
        201: {
          description: 'the URLs',
          schema: z.object({ url: z.string(), statusCallbackUrl: z.string() }),
        },
        404: { description: 'no such flow' },
      },
    },
    async (c, { params }) => {
      // A voice URL is a trigger record (docs/voice.md): revoked with the flow's trigger URLs.
      const token = await newFlowToken(c, params.id, voiceTokenHash);
      const url = `${c.get('deps').publicUrl()}${VOICE_PATH}${token}`;
      return json(c, { url, statusCallbackUrl: `${url}${STATUS_SUFFIX}` }, 201);
    },
  );

  route(
    app,
    {
      method: 'put',
      path: '/v1/account/voice',
      tags: ['account'],
      summary: 'Set (or with null remove) the voice platform auth token that signs voice webhooks',
      body: voiceSettingsSchema,
      responses: {
        200: { description: 'saved', schema: z.object({ authTokenSet: z.boolean() }) },
        400: { description: 'invalid token' },
      },
    },
    async (c, { body }) => {
      const { storage, sealer } = c.get('deps');
      const account = c.get('account');
      const settings = { ...account.settings };
      if (body.authToken === null) delete settings.voiceAuthToken;
      else settings.voiceAuthToken = sealer.seal(body.authToken);
      if (!(await storage.accounts.updateAccountSettings(account.id, settings))) {
        throw notFound('account');
      }
      return json(c, { authTokenSet: body.authToken !== null });
    },
  );

  // Outside /v1: the URL's token is the credential (no API key).
  const request = (c: Context<ApiEnv>) => ({
    token: c.req.param('token') ?? '',
    contentType: c.req.header('content-type') ?? '',
    declaredBytes: Number(c.req.header('content-length') ?? 0),
    body: c.req.raw.body,
    pathAndQuery: pathAndQuery(c.req.url),
    // SignalWire signs the same way, under its own header name.
    signature: c.req.header('x-twilio-signature') ?? c.req.header('x-signalwire-signature'),
  });
  app.post(`${VOICE_PATH}:token`, async (c) => {
    const call = { ...request(c), execution: c.req.query('execution'), seen: c.req.query('seen') };
    const xml = await answerCall(c.get('deps'), call);
    return c.body(xml, 200, TWIML);
  });
  app.post(`${VOICE_PATH}:token${STATUS_SUFFIX}`, async (c) => {
    const deps = c.get('deps');
    await endCall(deps, await readVoiceRequest(deps, request(c)));
    return c.body(twiml([], { kind: 'answered' }), 200, TWIML);
  });
}
