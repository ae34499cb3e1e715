/**
 * Points are held as integer hundredths of a point everywhere inside the engine (0.25 is 25), so
 * sums and comparisons are exact. They become numbers of points only at the edge of a result.
 */

export type Hundredths = number;

export function toHundredths(points: number): Hundredths {
  const h = Math.round(points * 100);
  if (Math.abs(h - points * 100) > 1e-6) throw new RangeError(`${points} is not a whole number of hundredths`);
  return h;
}

export function toPoints(h: Hundredths): number {
  return h / 100;
}

/** "12.5", "0.75", "30": for text meant for people. */
export function formatPoints(h: Hundredths): string {
  return String(h / 100);
}
