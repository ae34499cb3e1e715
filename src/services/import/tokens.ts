/**
 * The bearer tokens with which partner systems upload their files. A token is 32 random bytes in
 * base64url, shown once; only its SHA-256 is stored, so a copy of the database grants nothing.
 * Scopes name what a token may import: `import:residence`, `import:permits`, `import:insurance`.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ApiToken, TokenRepository } from '../../storage/repositories/tokens.ts';
import { KINDS, type ImportKind } from './validate.ts';

export const IMPORT_SCOPES: readonly string[] = KINDS.map((k) => `import:${k}`);

export const importScope = (kind: ImportKind): string => `import:${kind}`;

export const tokenDigest = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

export class ImportTokens {
  constructor(
    private readonly repo: TokenRepository,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Makes a token; the only time its text exists outside the caller is this return value. */
  async create(name: string, scopes: readonly string[]): Promise<{ token: string; record: ApiToken }> {
    const token = randomBytes(32).toString('base64url');
    const record = await this.repo.create(name, tokenDigest(token), scopes, this.now().toISOString());
    return { token, record };
  }

  /** The active token a bearer presents, or undefined. */
  async authenticate(token: string): Promise<ApiToken | undefined> {
    // A token is 43 base64url characters; anything else is not worth a query.
    if (!/^[A-Za-z0-9_-]{20,200}$/.test(token)) return undefined;
    return this.repo.findActive(tokenDigest(token));
  }

  list(): Promise<ApiToken[]> {
    return this.repo.list();
  }

  revoke(id: number): Promise<boolean> {
    return this.repo.revoke(id, this.now().toISOString());
  }
}
