/** docs/voice.md: the voice platform's form webhook, bounded (a hostile POST gets a 4xx). */
import { z } from 'zod';
import { HooklineError } from '../errors.js';

/** Twilio's call webhooks are a few KB; anything much larger is not one. */
export const MAX_VOICE_FORM_BYTES = 16 * 1024;
const MAX_FIELDS = 100;

const field = (max: number) => z.string().max(max).optional();

const voiceFormSchema = z.object({
  CallSid: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'CallSid is 1-64 letters, digits, _ or -' })
    .optional(),
  From: field(64),
  To: field(64),
  Direction: field(32),
  Digits: z
    .string()
    .regex(/^[0-9*#]{0,64}$/, { error: 'Digits are 0-64 of 0-9, * and #' })
    .optional(),
  SpeechResult: field(1024),
  CallStatus: field(32),
  CallDuration: z
    .string()
    .regex(/^\d{1,7}$/, { error: 'CallDuration is whole seconds' })
    .optional(),
  RecordingUrl: z
    .url({ protocol: /^https?$/, error: 'RecordingUrl is an http(s) URL' })
    .max(2048)
    .optional(),
});

export type VoiceForm = z.infer<typeof voiceFormSchema>;

/** The form's known fields (others are ignored); a repeated known field is refused. */
export function parseVoiceForm(contentType: string, body: string): VoiceForm {
  if (!contentType.toLowerCase().includes('application/x-www-form-urlencoded')) {
    throw new HooklineError('INVALID_REQUEST', 'voice webhooks are form-encoded');
  }
  const params = new URLSearchParams(body);
  const fields: Record<string, string> = {};
  let count = 0;
  for (const [name, value] of params) {
    if (++count > MAX_FIELDS) {
      throw new HooklineError('INVALID_REQUEST', `at most ${MAX_FIELDS} form fields`);
    }
    if (!Object.hasOwn(voiceFormSchema.shape, name)) continue;
    if (Object.hasOwn(fields, name)) {
      throw new HooklineError('INVALID_REQUEST', `${name} is given twice`);
    }
    fields[name] = value;
  }
  const parsed = voiceFormSchema.safeParse(fields);
  if (!parsed.success) {
    throw new HooklineError('INVALID_REQUEST', parsed.error.issues[0]?.message ?? 'bad form');
  }
  return parsed.data;
}
