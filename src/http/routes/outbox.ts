/**
 * The SMS outbox for staff: the newest 100 messages, phones masked. Admin and city roles only. With
 * the default transport this is where the demo's sign-in codes are read.
 */
import { Hono } from 'hono';
import { maskPhone } from '../../domain/id-number.ts';
import type { AuthService } from '../../services/auth.ts';
import { AppError } from '../../services/errors.ts';
import type { SmsRepository } from '../../storage/repositories/sms.ts';
import { requireStaff } from './staff.ts';

export const OUTBOX_LIMIT = 100;

export interface OutboxRouteDeps {
  auth: AuthService;
  sms: SmsRepository;
}

/** Mounted at /api/v1/staff, next to staffRoutes. */
export function outboxRoutes(d: OutboxRouteDeps): Hono {
  const r = new Hono();
  r.get('/sms-outbox', async (c) => {
    c.header('Cache-Control', 'no-store');
    const user = await requireStaff(c, d.auth);
    if (user.role !== 'admin' && user.role !== 'city') {
      throw new AppError('FORBIDDEN', { 'zh-CN': '只有市级和管理员账号可以查看短信发件箱', en: 'only city and admin accounts can see the SMS outbox' });
    }
    const messages = await d.sms.latest(OUTBOX_LIMIT);
    return c.json({ messages: messages.map((m) => ({ ...m, to: maskPhone(m.to) })) });
  });
  return r;
}
