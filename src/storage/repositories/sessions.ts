/**
 * Sessions of every kind (staff, applicant) in one table, keyed by the SHA-256 of the cookie's token.
 * A repository is bound to one kind, so a session of one kind can never open the other's pages.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface SessionOf<K extends string> {
  kind: K;
  subjectId: number;
  csrfToken: string;
  expiresAt: string;
}

export class SessionRepository<K extends string> {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly kind: K,
  ) {}

  async create(tokenSha256: string, s: SessionOf<K>, at: string): Promise<void> {
    await this.db
      .insertInto('session')
      .values({ token_sha256: tokenSha256, kind: this.kind, subject_id: s.subjectId, csrf_token: s.csrfToken, created_at: at, expires_at: s.expiresAt })
      .execute();
  }

  async find(tokenSha256: string): Promise<SessionOf<K> | undefined> {
    const r = await this.db.selectFrom('session').selectAll().where('token_sha256', '=', tokenSha256).where('kind', '=', this.kind).executeTakeFirst();
    return r ? { kind: this.kind, subjectId: Number(r.subject_id), csrfToken: r.csrf_token, expiresAt: r.expires_at } : undefined;
  }

  async delete(tokenSha256: string): Promise<void> {
    await this.db.deleteFrom('session').where('token_sha256', '=', tokenSha256).where('kind', '=', this.kind).execute();
  }

  async deleteAllOf(subjectId: number): Promise<void> {
    await this.db.deleteFrom('session').where('kind', '=', this.kind).where('subject_id', '=', subjectId).execute();
  }
}
