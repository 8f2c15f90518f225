import type { Evidence } from '../model/vocabulary.js';

// What decided a credential's type, from strongest to weakest. The contract's `evidence` is
// coarser: the value's own format and the format of a value assigned to the same name in
// another file are both `format`, a name and a client's parameter slot are both `name`.

export const BASES = ['value', 'declared', 'linked-value', 'described', 'name', 'slot', 'none'] as const;
export type Basis = (typeof BASES)[number];

const EVIDENCE_OF: Readonly<Record<Basis, Evidence>> = {
  value: 'format',
  declared: 'declared',
  'linked-value': 'format',
  described: 'described',
  name: 'name',
  slot: 'name',
  none: 'none',
};

export const evidenceOf = (b: Basis): Evidence => EVIDENCE_OF[b];

/** Higher is stronger. */
export const strengthOf = (b: Basis): number => BASES.length - BASES.indexOf(b);

/** What a basis becomes when the evidence is carried to a use in another place. */
export const carried = (b: Basis): Basis => (b === 'value' ? 'linked-value' : b);

const BASIS_OF_EVIDENCE: Readonly<Record<Evidence, Basis>> = {
  format: 'value',
  declared: 'declared',
  described: 'described',
  name: 'name',
  none: 'none',
};

/** A credential's basis; for one built without it, the strongest its `evidence` can stand for. */
export const basisOf = (c: { basis?: Basis; evidence: Evidence; evidenceAt?: unknown }): Basis =>
  c.basis ?? (c.evidence === 'format' && c.evidenceAt ? 'linked-value' : BASIS_OF_EVIDENCE[c.evidence]);
