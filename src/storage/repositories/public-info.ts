/**
 * The acceptance windows (受理窗口) and consultation hotlines shown on the public /windows page.
 * Every change is one transaction that writes the row and appends its audit event, so a window's
 * published phone number exists exactly when the record of who set it does.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { AcceptanceWindowTable, Database, HotlineTable } from '../schema.ts';
import { appendAudit } from './audit.ts';

export interface WindowFields {
  district: string;
  name: string;
  address: string;
  phone: string;
  hours: string;
  note: string;
}

export interface HotlineFields {
  name: string;
  phone: string;
  hours: string;
}

export interface AcceptanceWindow extends WindowFields {
  id: number;
  updatedBy: string;
  updatedAt: string;
}

export interface Hotline extends HotlineFields {
  id: number;
  updatedBy: string;
  updatedAt: string;
}

/** Who changed it and when: the audit actor id (`staff:3`) and an ISO timestamp. */
export interface Change {
  actor: string;
  at: string;
}

const toWindow = (r: Selectable<AcceptanceWindowTable>): AcceptanceWindow => ({
  id: Number(r.id),
  district: r.district,
  name: r.name,
  address: r.address,
  phone: r.phone,
  hours: r.hours,
  note: r.note,
  updatedBy: r.updated_by,
  updatedAt: r.updated_at,
});

const toHotline = (r: Selectable<HotlineTable>): Hotline => ({
  id: Number(r.id),
  name: r.name,
  phone: r.phone,
  hours: r.hours,
  updatedBy: r.updated_by,
  updatedAt: r.updated_at,
});

type Subject = 'window' | 'hotline';

export class PublicInfoRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async windows(): Promise<AcceptanceWindow[]> {
    const rows = await this.db.selectFrom('acceptance_window').selectAll().orderBy('district').orderBy('id').execute();
    return rows.map(toWindow);
  }

  async hotlines(): Promise<Hotline[]> {
    const rows = await this.db.selectFrom('hotline').selectAll().orderBy('id').execute();
    return rows.map(toHotline);
  }

  async countWindows(): Promise<number> {
    const r = await this.db.selectFrom('acceptance_window').select((e) => e.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Runs `write` and appends the event `public_info.<subject>.<verb>` in one transaction. */
  private audited<T>(change: Change, subject: Subject, verb: 'create' | 'update' | 'delete', write: (trx: Transaction<Database>) => Promise<{ id: number; value: T; detail: Record<string, unknown> } | undefined>): Promise<T | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const done = await write(trx);
      if (done === undefined) return undefined;
      await appendAudit(trx, { at: change.at, actor: change.actor, action: `public_info.${subject}.${verb}`, subject: `${subject}:${done.id}`, detail: done.detail });
      return done.value;
    });
  }

  createWindow(f: WindowFields, change: Change): Promise<AcceptanceWindow> {
    return this.audited(change, 'window', 'create', async (trx) => {
      const row = await trx
        .insertInto('acceptance_window')
        .values({ ...f, updated_by: change.actor, updated_at: change.at })
        .returningAll()
        .executeTakeFirstOrThrow();
      const w = toWindow(row);
      return { id: w.id, value: w, detail: { ...f } };
    }) as Promise<AcceptanceWindow>;
  }

  /** The updated window, or undefined when there is none with this id (nothing written then). */
  updateWindow(id: number, f: WindowFields, change: Change): Promise<AcceptanceWindow | undefined> {
    return this.audited(change, 'window', 'update', async (trx) => {
      const before = await trx.selectFrom('acceptance_window').selectAll().where('id', '=', id).executeTakeFirst();
      if (!before) return undefined;
      const row = await trx
        .updateTable('acceptance_window')
        .set({ ...f, updated_by: change.actor, updated_at: change.at })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const { id: _i, updatedBy: _b, updatedAt: _a, ...old } = toWindow(before);
      return { id, value: toWindow(row), detail: { before: old, after: { ...f } } };
    });
  }

  /** True when a window was deleted. */
  async deleteWindow(id: number, change: Change): Promise<boolean> {
    const r = await this.audited(change, 'window', 'delete', async (trx) => {
      const before = await trx.deleteFrom('acceptance_window').where('id', '=', id).returningAll().executeTakeFirst();
      if (!before) return undefined;
      const { id: _i, updatedBy: _b, updatedAt: _a, ...old } = toWindow(before);
      return { id, value: true, detail: { before: old } };
    });
    return r === true;
  }

  createHotline(f: HotlineFields, change: Change): Promise<Hotline> {
    return this.audited(change, 'hotline', 'create', async (trx) => {
      const row = await trx
        .insertInto('hotline')
        .values({ ...f, updated_by: change.actor, updated_at: change.at })
        .returningAll()
        .executeTakeFirstOrThrow();
      const h = toHotline(row);
      return { id: h.id, value: h, detail: { ...f } };
    }) as Promise<Hotline>;
  }

  updateHotline(id: number, f: HotlineFields, change: Change): Promise<Hotline | undefined> {
    return this.audited(change, 'hotline', 'update', async (trx) => {
      const before = await trx.selectFrom('hotline').selectAll().where('id', '=', id).executeTakeFirst();
      if (!before) return undefined;
      const row = await trx
        .updateTable('hotline')
        .set({ ...f, updated_by: change.actor, updated_at: change.at })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const { id: _i, updatedBy: _b, updatedAt: _a, ...old } = toHotline(before);
      return { id, value: toHotline(row), detail: { before: old, after: { ...f } } };
    });
  }

  async deleteHotline(id: number, change: Change): Promise<boolean> {
    const r = await this.audited(change, 'hotline', 'delete', async (trx) => {
      const before = await trx.deleteFrom('hotline').where('id', '=', id).returningAll().executeTakeFirst();
      if (!before) return undefined;
      const { id: _i, updatedBy: _b, updatedAt: _a, ...old } = toHotline(before);
      return { id, value: true, detail: { before: old } };
    });
    return r === true;
  }
}
