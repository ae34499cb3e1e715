/** The hash of an audit event: SHA-256 over the previous event's hash and this event's fields. */
import { createHash } from 'node:crypto';

export const GENESIS = 'genesis';

export interface AuditFields {
  at: string;
  actor: string;
  action: string;
  subject: string;
  detail: string;
}

export function auditHash(prev: string, e: AuditFields): string {
  // JSON of a fixed-order array: no field can run into the next.
  return createHash('sha256').update(JSON.stringify([prev, e.at, e.actor, e.action, e.subject, e.detail])).digest('hex');
}
