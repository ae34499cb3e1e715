/**
 * Scoring an application for a determination: the person's stored records assembled into facts as
 * of the scoring day (the acceptance day), without the declared facts reviewers rejected, evaluated
 * under the policy version in force that day. The application's own determination and an upheld
 * objection's re-determination both call this, so the two cannot score differently; the facts JSON and
 * its digest pin what was scored.
 */
import { assembleFacts } from '../domain/facts-assembly.ts';
import type { DeclaredFacts, PersonBundle } from '../domain/records.ts';
import { evaluateCompiled } from '../rules/evaluate.ts';
import type { Facts } from '../rules/index.ts';
import { policyInForce } from '../rules/index.ts';
import { factsDigest } from './recompute.ts';

export interface Scored {
  asOf: string;
  policyVersion: string;
  factsJson: string;
  factsDigest: string;
  totalH: number;
  eligible: boolean;
  /** Item points in hundredths, in INDICATOR_ORDER. */
  itemsH: number[];
}

/**
 * `declared`: what the application declared (it replaces the person's stored declarations field by
 * field); null when it declared nothing.
 */
export function scoreRecords(person: PersonBundle, asOf: string, excluded: ReadonlyArray<keyof Facts>, declared: DeclaredFacts | null = null): Scored {
  const facts = assembleFacts(declared ? { ...person, declared: { ...person.declared, ...declared } } : person, asOf);
  for (const field of excluded) delete facts[field];
  const policy = policyInForce(asOf);
  const { result, totalH } = evaluateCompiled(policy, facts, asOf, undefined, false);
  const json = JSON.stringify(facts);
  return {
    asOf,
    policyVersion: policy.version.id,
    factsJson: json,
    factsDigest: factsDigest(json),
    totalH,
    eligible: result.eligible,
    itemsH: result.items.map((i) => Math.round(i.points * 100)),
  };
}
