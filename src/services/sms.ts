/**
 * Sending SMS through a port. The default transport only writes each message to the outbox (the
 * `sms_outbox` table, listed for admin and city staff), so the demo works without a gateway. The HTTP
 * gateway transport POSTs `{to, text}` as JSON with a bearer key and a timeout, once, in the
 * background: there is no retry loop in-process. Its outcome is recorded in the message's outbox row (status, error), with
 * digit runs of the text masked, since a real gateway's outbox is not the place to read codes.
 */
import type { OutboxMessage, SmsRepository } from '../storage/repositories/sms.ts';

export interface SmsMessage {
  /** A mainland mobile number. */
  to: string;
  /** Chinese, short (≤ 70 characters where possible), never a full ID number. */
  text: string;
  /** What the message is for, e.g. 'applicant.code'. */
  kind: string;
}

export interface SmsTransport {
  /** Sends now (sign-in codes): the outbox row is written by the transport. */
  send(msg: SmsMessage): Promise<void>;
  /** Delivers a message queued by `enqueueSms` (it already has its outbox row); see `dispatchQueued`. */
  dispatch(queued: OutboxMessage): Promise<void>;
  /** Resolves when messages handed over in the background are done (before a command exits). */
  settled?(): Promise<void>;
}

export class OutboxTransport implements SmsTransport {
  constructor(
    private readonly repo: SmsRepository,
    private readonly now: () => Date,
  ) {}

  async send(msg: SmsMessage): Promise<void> {
    await this.repo.addMessage({ ...msg, status: 'outbox' }, this.now().toISOString());
  }

  /** Without a gateway a queued message is done once it is in the outbox for staff to read. */
  async dispatch(queued: OutboxMessage): Promise<void> {
    await this.repo.claim(queued.id, 'outbox');
  }
}

export interface HttpGatewaySettings {
  url: string;
  /** Sent as `Authorization: Bearer <key>`. */
  key: string;
  timeoutMs: number;
}

/** Digit runs of 4 or more (codes) masked. */
const redact = (text: string): string => text.replace(/\d{4,}/g, (m) => '*'.repeat(m.length));

export class HttpGatewayTransport implements SmsTransport {
  private readonly fetch: typeof fetch;
  constructor(
    private readonly settings: HttpGatewaySettings,
    private readonly repo: SmsRepository,
    private readonly now: () => Date,
    fetchImpl?: typeof fetch,
  ) {
    this.fetch = fetchImpl ?? globalThis.fetch;
  }

  private readonly inFlight = new Set<Promise<void>>();

  /**
   * Resolves once the message is recorded in the outbox; the POST follows in the background, so a
   * slow gateway cannot tell a caller whether an ID number is on record. Never rejects for a gateway
   * failure: that is recorded in the outbox row for an operator to see.
   */
  async send(msg: SmsMessage): Promise<void> {
    const id = await this.repo.addMessage({ to: msg.to, text: redact(msg.text), kind: msg.kind, status: 'pending' }, this.now().toISOString());
    const p = this.deliver(id, msg).finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
  }

  /** A queued message: claimed (so no other process sends it too), then posted and its outcome recorded. */
  async dispatch(queued: OutboxMessage): Promise<void> {
    if (!(await this.repo.claim(queued.id, 'pending', redact(queued.text)))) return;
    await this.deliver(queued.id, { to: queued.to, text: queued.text, kind: queued.kind });
  }

  /** Waits for the deliveries in flight (tests, shutdown). */
  async settled(): Promise<void> {
    await Promise.all([...this.inFlight]);
  }

  private async deliver(id: number, msg: SmsMessage): Promise<void> {
    let error: string | undefined;
    try {
      const res = await this.fetch(this.settings.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.settings.key}` },
        body: JSON.stringify({ to: msg.to, text: msg.text }),
        signal: AbortSignal.timeout(this.settings.timeoutMs),
      });
      // Drain the body so the connection can be reused.
      await res.arrayBuffer().catch(() => undefined);
      if (!res.ok) error = `gateway answered HTTP ${res.status}`;
    } catch (e) {
      const name = e instanceof Error ? e.name : '';
      error = name === 'TimeoutError' || name === 'AbortError' ? `no answer within ${this.settings.timeoutMs} ms` : `gateway unreachable: ${e instanceof Error ? e.message : String(e)}`;
    }
    try {
      if (error === undefined) await this.repo.markSent(id, this.now().toISOString());
      else await this.repo.markFailed(id, error);
    } catch {
      // The store is gone (shutdown); the row stays 'pending'.
    }
  }
}

/** The gateway when its URL is set, else the outbox. */
export function smsTransport(settings: HttpGatewaySettings | undefined, repo: SmsRepository, now: () => Date): SmsTransport {
  return settings ? new HttpGatewayTransport(settings, repo, now) : new OutboxTransport(repo, now);
}

/**
 * Hands every queued message (transactional outbox) to the transport, oldest first, and returns how
 * many it took. Run after a job that queued messages and periodically by the server; a message is
 * claimed before it is sent, so concurrent dispatchers never send one twice, and a crash before the
 * claim leaves it queued for the next run.
 */
export async function dispatchQueued(repo: SmsRepository, transport: SmsTransport, limit = 500): Promise<number> {
  const queued = await repo.queued(limit);
  for (const m of queued) await transport.dispatch(m);
  return queued.length;
}
