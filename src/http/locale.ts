/** The language of a request: `?lang=en` or an English Accept-Language; Chinese otherwise. */
import type { Context } from 'hono';
import type { Locale } from '../rules/index.ts';

export function requestLocale(c: Context): Locale {
  const q = c.req.query('lang');
  if (q === 'en') return 'en';
  if (q === 'zh' || q === 'zh-CN') return 'zh-CN';
  const al = c.req.header('accept-language') ?? '';
  return /^\s*en\b/i.test(al) ? 'en' : 'zh-CN';
}
