/**
 * Partner-system API tokens (migration 0004). Tokens are looked up by their SHA-256 only; the table
 * never holds a token. The table is added to the shared `Database` type here, locally, so this
 * module is self-contained.
 */
import type { Generated, Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface ApiTokenTable {
  id: Generated<number>;
  name: string;
  token_sha256: string;
  /** Comma-separated, e.g. `import:residence,import:insurance`. */
  scopes: string;
  created_at: string;
  revoked_at: string | null;
}

export interface ApiToken {
  id: number;
  name: string;
  scopes: string[];
  createdAt: string;
  revokedAt: string | null;
}

type Row = { id: number; name: string; scopes: string; created_at: string; revoked_at: string | null };

function toToken(r: Row): ApiToken {
  return {
    id: Number(r.id),
    name: r.name,
    scopes: r.scopes.split(',').filter((s) => s !== ''),
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
  };
}

export class TokenRepository {
  private readonly db: Kysely<Database & { api_token: ApiTokenTable }>;

  constructor(db: Kysely<Database>) {
    this.db = db.$extendTables<{ api_token: ApiTokenTable }>();
  }

  async create(name: string, tokenSha256: string, scopes: readonly string[], at: string): Promise<ApiToken> {
    const r = await this.db
      .insertInto('api_token')
      .values({ name, token_sha256: tokenSha256, scopes: scopes.join(','), created_at: at, revoked_at: null })
      .returning(['id', 'name', 'scopes', 'created_at', 'revoked_at'])
      .executeTakeFirstOrThrow();
    return toToken(r);
  }

  /** The token with this digest, unless revoked. */
  async findActive(tokenSha256: string): Promise<ApiToken | undefined> {
    const r = await this.db
      .selectFrom('api_token')
      .select(['id', 'name', 'scopes', 'created_at', 'revoked_at'])
      .where('token_sha256', '=', tokenSha256)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return r ? toToken(r) : undefined;
  }

  async list(): Promise<ApiToken[]> {
    const rows = await this.db.selectFrom('api_token').select(['id', 'name', 'scopes', 'created_at', 'revoked_at']).orderBy('id').execute();
    return rows.map(toToken);
  }

  /** Revokes a token; false when there is no such active token. */
  async revoke(id: number, at: string): Promise<boolean> {
    const r = await this.db.updateTable('api_token').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
}
