/**
 * Content-addressed storage of uploaded files (evidence photos and PDFs). A blob is named by the
 * SHA-256 of its bytes, so the same file uploaded twice — or reused from last year's application —
 * is stored once, and a name can never point at other content. Rows in the database refer to blobs
 * by hash; nothing else knows where or how they are kept.
 *
 * `LocalBlobStore` keeps them under one directory as `ab/cd/<sha256>`, written to a temporary file
 * in the same directory and renamed into place, so a reader never sees half a file and a crash
 * leaves at most a stray temporary file. An S3-compatible store would be another `BlobStore`
 * (put = PutObject under the same key, get = GetObject, has = HeadObject); none is written yet.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface BlobStore {
  /** Stores the bytes (once: storing the same content again changes nothing) and names them. */
  put(bytes: Uint8Array): Promise<{ sha256: string; size: number }>;
  /** The bytes named `sha256`, or undefined when there are none. Refuses anything that is not a SHA-256. */
  get(sha256: string): Promise<Uint8Array | undefined>;
  has(sha256: string): Promise<boolean>;
}

const SHA256 = /^[0-9a-f]{64}$/;

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Throws unless `s` is a lower-case hex SHA-256, so no caller can make a path out of anything else. */
function checked(s: string): string {
  if (typeof s !== 'string' || !SHA256.test(s)) throw new TypeError('a blob is named by a lower-case hex SHA-256 (64 characters)');
  return s;
}

export class LocalBlobStore implements BlobStore {
  constructor(readonly dir: string) {}

  /** Where a blob lives: `<dir>/ab/cd/<sha256>`, two levels of fan-out so no directory grows huge. */
  pathOf(sha256: string): string {
    const h = checked(sha256);
    return path.join(this.dir, h.slice(0, 2), h.slice(2, 4), h);
  }

  async put(bytes: Uint8Array): Promise<{ sha256: string; size: number }> {
    const sha256 = sha256Of(bytes);
    const target = this.pathOf(sha256);
    if (await this.has(sha256)) return { sha256, size: bytes.byteLength };
    await fs.promises.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    const tmp = path.join(path.dirname(target), `.${sha256}.${randomUUID()}.tmp`);
    const out = await fs.promises.open(tmp, 'wx', 0o600);
    try {
      await out.writeFile(bytes);
      await out.sync();
    } catch (e) {
      await out.close();
      await fs.promises.rm(tmp, { force: true });
      throw e;
    }
    await out.close();
    // Two writers of the same content may race here; either rename leaves the same bytes in place.
    await fs.promises.rename(tmp, target);
    return { sha256, size: bytes.byteLength };
  }

  async get(sha256: string): Promise<Uint8Array | undefined> {
    let bytes: Buffer;
    try {
      bytes = await fs.promises.readFile(this.pathOf(sha256));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
    // The name is the content's hash: a file that no longer matches it was damaged on disk.
    if (sha256Of(bytes) !== sha256) throw new Error(`blob ${sha256} is damaged: its content no longer matches its hash`);
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  async has(sha256: string): Promise<boolean> {
    try {
      return (await fs.promises.stat(this.pathOf(sha256))).isFile();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw e;
    }
  }
}
