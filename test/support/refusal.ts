/** The AppError a service call is refused with; anything else (a success, another error) fails the test. */
import { AppError } from '../../src/services/errors.ts';

export async function refusal(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}
