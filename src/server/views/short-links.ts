import { z } from 'zod';
import type { ShortLinkRecord } from '../../storage/ports.js';

export const shortLinkSchema = z.object({
  code: z.string(),
  shortUrl: z.string(),
  longUrl: z.string(),
  clicks: z.number(),
  createdAt: z.string(),
});

/** A short link as the API shows it, with the URL that redirects to it. */
export function shortLinkView(link: ShortLinkRecord, publicUrl: string) {
  return {
    code: link.code,
    shortUrl: `${publicUrl}/s/${link.code}`,
    longUrl: link.longUrl,
    clicks: link.clicks,
    createdAt: link.createdAt,
  };
}
