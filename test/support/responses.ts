/** Reading API answers in HTTP tests: the body of an expected status (never cached), or its error. */
import { expect } from 'vitest';

export interface ApiError {
  code: string;
  message: string;
  fields?: Array<{ path: string; message: string }>;
}

/** The JSON body, after checking the status (the body is shown when it differs) and `Cache-Control: no-store`. */
export async function jsonOf<T>(res: Response, status: number): Promise<T> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get('cache-control')).toBe('no-store');
  return JSON.parse(text) as T;
}

export async function errorOf(res: Response, status: number): Promise<ApiError> {
  return (await jsonOf<{ error: ApiError }>(res, status)).error;
}
