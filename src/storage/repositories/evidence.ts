/**
 * Evidence rows (证明材料) of points applications. The bytes live in a BlobStore under their SHA-256;
 * a row says which application, what it supports, who brought it and how. Every write appends its
 * audit event in the same transaction; nothing is deleted (removal sets `removed_at`).
 */
import type { Kysely, Selectable } from 'kysely';
import type { ApplicationState } from '../../domain/application.ts';
import type { Database, EvidenceTable } from '../schema.ts';
import { appendAudit, type AuditEvent } from './audit.ts';

export const EVIDENCE_KINDS = ['permit', 'identity', 'authorisation', 'relationship', 'handwritten_permit', 'indicator', 'other'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];
export const UPLOAD_CHANNELS = ['online', 'window', 'employer'] as const;
export type UploadVia = (typeof UPLOAD_CHANNELS)[number];

export interface EvidenceRecord {
  id: number;
  applicationId: number;
  kind: EvidenceKind;
  indicator: string | null;
  sha256: string;
  mime: string;
  size: number;
  originalName: string;
  uploadedBy: string;
  uploadedVia: UploadVia;
  uploadedAt: string;
  reusedFrom: number | null;
  confirmedBy: string | null;
  confirmedOnBehalfOf: string | null;
  confirmedAt: string | null;
  removedAt: string | null;
}

export type NewEvidence = Omit<EvidenceRecord, 'id' | 'removedAt'>;

function toRecord(r: Selectable<EvidenceTable>): EvidenceRecord {
  return {
    id: Number(r.id),
    applicationId: Number(r.application_id),
    kind: r.kind as EvidenceKind,
    indicator: r.indicator,
    sha256: r.sha256,
    mime: r.mime,
    size: Number(r.size),
    originalName: r.original_name,
    uploadedBy: r.uploaded_by,
    uploadedVia: r.uploaded_via as UploadVia,
    uploadedAt: r.uploaded_at,
    reusedFrom: r.reused_from === null ? null : Number(r.reused_from),
    confirmedBy: r.confirmed_by,
    confirmedOnBehalfOf: r.confirmed_on_behalf_of,
    confirmedAt: r.confirmed_at,
    removedAt: r.removed_at,
  };
}

export class EvidenceRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Inserts the row and its audit event (built from the new id) in one transaction. */
  async insert(e: NewEvidence, audit: (id: number) => AuditEvent): Promise<EvidenceRecord> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('evidence')
        .values({
          application_id: e.applicationId,
          kind: e.kind,
          indicator: e.indicator,
          sha256: e.sha256,
          mime: e.mime,
          size: e.size,
          original_name: e.originalName,
          uploaded_by: e.uploadedBy,
          uploaded_via: e.uploadedVia,
          uploaded_at: e.uploadedAt,
          reused_from: e.reusedFrom,
          confirmed_by: e.confirmedBy,
          confirmed_on_behalf_of: e.confirmedOnBehalfOf,
          confirmed_at: e.confirmedAt,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const rec = toRecord(row);
      await appendAudit(trx, audit(rec.id));
      return rec;
    });
  }

  /** An application's items in upload order; removed ones only when asked for. */
  async byApplication(applicationId: number, o: { includeRemoved?: boolean } = {}): Promise<EvidenceRecord[]> {
    let q = this.db.selectFrom('evidence').selectAll().where('application_id', '=', applicationId);
    if (!o.includeRemoved) q = q.where('removed_at', 'is', null);
    const rows = await q.orderBy('uploaded_at').orderBy('id').execute();
    return rows.map(toRecord);
  }

  async byId(id: number): Promise<EvidenceRecord | undefined> {
    const r = await this.db.selectFrom('evidence').selectAll().where('id', '=', id).executeTakeFirst();
    return r === undefined ? undefined : toRecord(r);
  }

  /**
   * Marks the item removed (its row and blob stay) with its audit event, in one transaction.
   * Undefined when there is no such item or it was already removed: then nothing is written.
   */
  async markRemoved(id: number, at: string, audit: AuditEvent): Promise<EvidenceRecord | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx.updateTable('evidence').set({ removed_at: at }).where('id', '=', id).where('removed_at', 'is', null).returningAll().executeTakeFirst();
      if (row === undefined) return undefined;
      await appendAudit(trx, audit);
      return toRecord(row);
    });
  }

  /**
   * The person's most recent application before `beforeApplicationId` whose state is not one of
   * `skipStates`, and its items that were not removed: what may be reused (2020 FAQ Q10).
   */
  async previousApplicationEvidence(
    personId: number,
    beforeApplicationId: number,
    skipStates: readonly ApplicationState[],
  ): Promise<{ applicationId: number; items: EvidenceRecord[] } | undefined> {
    let q = this.db.selectFrom('application').select('id').where('person_id', '=', personId).where('id', '<', beforeApplicationId);
    if (skipStates.length > 0) q = q.where('state', 'not in', [...skipStates]);
    const prev = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
    if (prev === undefined) return undefined;
    const applicationId = Number(prev.id);
    return { applicationId, items: await this.byApplication(applicationId) };
  }

  /** Appends an event that changes no row (a staff member viewed an item), in its own transaction. */
  async audit(e: AuditEvent): Promise<void> {
    await appendAudit(this.db, e);
  }
}
