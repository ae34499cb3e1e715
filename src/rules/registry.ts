/**
 * The policy versions jifen knows, and which one is in force on a date.
 * Versions are contiguous and never overlap (checked by the test suite); a date before the first
 * version has no points system at all.
 */
import { compilePolicy, type CompiledPolicy } from './compile.ts';
import { toDay } from './dates.ts';
import type { PolicyVersion } from './policy.ts';
import { hangzhou2018 } from './policies/hangzhou-2018.ts';
import { hangzhou2021 } from './policies/hangzhou-2021.ts';
import { hangzhou2023 } from './policies/hangzhou-2023.ts';
import { hangzhou2024 } from './policies/hangzhou-2024.ts';

export const POLICY_VERSIONS: readonly PolicyVersion[] = [hangzhou2018, hangzhou2021, hangzhou2023, hangzhou2024];

const compiled = new Map<string, CompiledPolicy>();
for (const v of POLICY_VERSIONS) compiled.set(v.id, compilePolicy(v));

export class PolicyLookupError extends Error {
  constructor(
    readonly code: 'UNKNOWN_POLICY' | 'NO_POLICY_IN_FORCE',
    message: string,
  ) {
    super(message);
    this.name = 'PolicyLookupError';
  }
}

export function policyIds(): string[] {
  return POLICY_VERSIONS.map((v) => v.id);
}

export function policyById(id: string): CompiledPolicy {
  const p = compiled.get(id);
  if (!p) throw new PolicyLookupError('UNKNOWN_POLICY', `unknown policy version "${id}" (known: ${policyIds().join(', ')})`);
  return p;
}

/** The compiled version in force on a day number, or undefined before the first version. */
export function policyInForceOn(day: number): CompiledPolicy | undefined {
  for (const p of compiled.values()) {
    if (day >= p.effectiveFrom && day <= p.effectiveTo) return p;
  }
  return undefined;
}

export function policyInForce(asOf: string): CompiledPolicy {
  const p = policyInForceOn(toDay(asOf));
  if (!p) {
    throw new PolicyLookupError(
      'NO_POLICY_IN_FORCE',
      `no points policy was in force on ${asOf} (the first version starts ${POLICY_VERSIONS[0]!.effectiveFrom})`,
    );
  }
  return p;
}
