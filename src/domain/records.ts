/**
 * A person and the records the source systems hold about them, as the domain sees them (the storage
 * layer maps rows to these; the facts assembly turns them into facts-v1).
 */
import type { Facts } from '../rules/facts.ts';

export interface PermitRecord {
  permitNo: string;
  kind: 'ic' | 'paper9';
  district: string;
  issuedOn: string;
  endorsements: string[];
  terminatedOn?: string;
  terminationReason?: string;
}

export interface ResidenceRecord {
  from: string;
  /** Null while still registered. */
  to: string | null;
  status: 'registered' | 'cancelled';
  source: 'police' | 'handwritten';
  verified: boolean;
  sourceRef: string;
}

export interface InsuranceRecord {
  scheme: 'pension' | 'medical';
  /** Month index (year × 12 + month − 1), inclusive. */
  fromMonth: number;
  toMonth: number;
  backPaid: boolean;
  transferredIn: boolean;
}

/** The facts that no source system holds: declared by the person and checked by the offices. */
export type DeclaredFacts = Omit<Facts, 'person' | 'permit' | 'residence' | 'socialInsurance'>;

export interface PersonRecord {
  idNumber: string;
  name: string;
  phone: string | null;
  birthDate: string;
  sex: 'male' | 'female';
  urbanHukou: boolean;
  fullCivilCapacity: boolean;
  district: string | null;
}

/** Everything about one person, as the seed writes it and the facts assembly reads it. */
export interface PersonBundle extends PersonRecord {
  id?: number;
  permits: PermitRecord[];
  residence: ResidenceRecord[];
  insurance: InsuranceRecord[];
  declared: DeclaredFacts;
}
