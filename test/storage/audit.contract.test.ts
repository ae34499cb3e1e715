/** The hash-chained audit log on every adapter: intact chains verify, any edit or deletion is named. */
import { sql } from 'kysely';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/storage/db.ts';
import { appendAudit, verifyAudit } from '../../src/storage/repositories/audit.ts';
import { adapters } from '../support/stores.ts';

for (const adapter of adapters()) {
  describe(`audit log on ${adapter.name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await adapter.open();
      for (let i = 1; i <= 4; i++) {
        await appendAudit(store.db, { at: `2026-12-01T00:00:0${i}Z`, actor: 'staff:1', action: 'test.event', subject: `case:${i}`, detail: { i } });
      }
    });
    afterEach(() => store.close());
    afterAll(() => adapter.cleanup());

    const ids = async (): Promise<number[]> => (await store.db.selectFrom('audit_event').select('id').orderBy('id').execute()).map((r) => Number(r.id));

    it('verifies an intact chain', async () => {
      expect(await verifyAudit(store.db)).toMatchObject({ ok: true, events: 4 });
    });

    it('names the event whose content was edited in the database by hand', async () => {
      const [, second] = await ids();
      await sql`UPDATE audit_event SET detail = '{"i":99}' WHERE id = ${second}`.execute(store.db);
      expect(await verifyAudit(store.db)).toMatchObject({ ok: false, brokenAt: second, reason: 'its content was changed' });
    });

    it('notices a deleted event at the one after it', async () => {
      const [, second, third] = await ids();
      await sql`DELETE FROM audit_event WHERE id = ${second}`.execute(store.db);
      expect(await verifyAudit(store.db)).toMatchObject({ ok: false, brokenAt: third });
    });

    it('keeps one chain when writers append at the same time', async () => {
      await Promise.all(
        Array.from({ length: 12 }, (_, i) => appendAudit(store.db, { at: '2026-12-01T01:00:00Z', actor: 'staff:2', action: 'race', subject: `r:${i}`, detail: {} })),
      );
      expect(await verifyAudit(store.db)).toMatchObject({ ok: true, events: 16 });
    });

    it('refuses a second event on the same predecessor', async () => {
      const row = await store.db.selectFrom('audit_event').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
      await expect(
        store.db
          .insertInto('audit_event')
          .values({ at: row.at, actor: 'x', action: 'fork', subject: 's', detail: '{}', prev_hash: row.prev_hash, hash: 'forged' })
          .execute(),
      ).rejects.toThrow();
    });
  });
}
