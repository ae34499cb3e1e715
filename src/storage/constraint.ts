/**
 * Whether a database error is a unique-index violation, on either dialect: SQLite reports
 * `SQLITE_CONSTRAINT_UNIQUE` (better-sqlite3's `code`), PostgreSQL SQLSTATE 23505. A repository that
 * checks before inserting still needs this: two requests can pass the check together, and the index
 * is what stops the second, which then deserves the same answer as a sequential duplicate.
 */
export function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
}
