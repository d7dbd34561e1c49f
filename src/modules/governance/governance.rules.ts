// NOTE: who may do what to which record, as plain functions over plain data: no SQL, no GraphQL.
// The service asks these before it writes; the database holds the rules that must hold whoever
// writes (drizzle/0006: append-only audit, immutable publications, national reviewers).

import type { accountRole, draftKind, draftStatus } from '../../db/tables/index.ts';
import type { JurisdictionFacts } from '../jurisdiction/jurisdiction.rules.ts';
import { addYears } from '../time/dates.ts';

export type Role = (typeof accountRole.enumValues)[number];
export type DraftStatus = (typeof draftStatus.enumValues)[number];
export type DraftKind = (typeof draftKind.enumValues)[number];

/** Who a credential is: an account of an authority, so of a jurisdiction. */
export interface Actor {
  accountId: number;
  login: string;
  authorityId: number;
  jurisdiction: JurisdictionFacts;
  roles: readonly Role[];
}

export interface DraftFacts {
  kind: DraftKind;
  status: DraftStatus;
  jurisdictionId: number;
  authorId: number;
  nationalApproval: boolean;
  /** Agreements: the jurisdictions whose consent it needs (other than the drafter's own). */
  partyJurisdictionIds?: readonly number[];
}

/** A refusal with the rule it applies and where that rule comes from. */
export interface Refusal {
  code: 'FORBIDDEN' | 'CONFLICT' | 'BAD_USER_INPUT';
  rule: string;
  message: string;
  source?: string;
}

const NOTICE_2025 = 'MOHRSS notice of 30 Sept 2025 (sources/002)';

export const has = (actor: Actor, role: Role) => actor.roles.includes(role);

/**
 * The jurisdictions an editor drafts for: its own, and a province's cities for a provincial
 * editor (domain.md, Governance). Admins: all. Reviewers draft nothing as reviewers.
 */
export function draftsFor(actor: Actor, j: JurisdictionFacts): boolean {
  if (has(actor, 'ADMIN')) return true;
  if (!has(actor, 'EDITOR')) return false;
  return j.id === actor.jurisdiction.id || (actor.jurisdiction.level === 'PROVINCIAL' && j.parentId === actor.jurisdiction.id);
}

/** May `actor` create (or change) a draft of `kind` owned by `j`? */
export function mayDraft(actor: Actor, kind: DraftKind, j: JurisdictionFacts): Refusal | null {
  if (!draftsFor(actor, j)) {
    return {
      code: 'FORBIDDEN',
      rule: 'own-jurisdiction',
      message: `${actor.login} may not draft for ${j.code}: editors draft for their own jurisdiction (a provincial editor also for its cities)`,
    };
  }
  if (kind === 'STANDARD_VERSION' && (j.level === 'MUNICIPAL' || j.level === 'DISTRICT')) {
    return {
      code: 'FORBIDDEN',
      rule: 'no-sub-provincial-standards',
      message: `${j.code} is ${j.level === 'MUNICIPAL' ? 'a city' : 'a district or area'}: sub-provincial authorities should in principle not set their own criteria; its province drafts regional standards`,
      source: `${NOTICE_2025}, §3`,
    };
  }
  return null;
}

/** Drafts, submissions and rejections are seen only by their owners, the parties, reviewers and admins. */
export function maySee(actor: Actor | null, d: DraftFacts, byId: ReadonlyMap<number, JurisdictionFacts>): boolean {
  if (!actor) return false;
  if (has(actor, 'ADMIN') || has(actor, 'REVIEWER')) return true;
  const owners = [d.jurisdictionId, ...(d.partyJurisdictionIds ?? [])];
  return owners.some((id) => {
    const j = byId.get(id);
    return j !== undefined && draftsFor(actor, j);
  });
}

/** Approval or rejection: never by the author; by a national reviewer where national approval is required. */
export function mayDecide(actor: Actor, d: DraftFacts, byId: ReadonlyMap<number, JurisdictionFacts>): Refusal | null {
  if (d.authorId === actor.accountId) {
    return { code: 'FORBIDDEN', rule: 'four-eyes', message: 'a draft is never approved or rejected by its author' };
  }
  if (d.nationalApproval) {
    return has(actor, 'REVIEWER')
      ? null
      : {
          code: 'FORBIDDEN',
          rule: 'national-approval',
          message: 'this kind of record needs national approval: only a REVIEWER of the national authority decides it',
          source: `${NOTICE_2025}, §4`,
        };
  }
  const owner = byId.get(d.jurisdictionId);
  if (has(actor, 'REVIEWER') || (owner && has(actor, 'EDITOR') && draftsFor(actor, owner))) return null;
  return {
    code: 'FORBIDDEN',
    rule: 'own-jurisdiction',
    message: `${actor.login} may not decide drafts of ${owner?.code ?? 'this jurisdiction'}`,
  };
}

export type Transition = 'update' | 'submit' | 'withdraw' | 'approve' | 'reject' | 'consent' | 'publish';

/** From which statuses each step may be taken, and where it leads. */
export const TRANSITIONS: Record<Transition, { from: readonly DraftStatus[]; to: DraftStatus | null }> = {
  // A rejected draft is revised and goes back to DRAFT.
  update: { from: ['DRAFT', 'REJECTED'], to: 'DRAFT' },
  submit: { from: ['DRAFT'], to: 'SUBMITTED' },
  withdraw: { from: ['DRAFT', 'SUBMITTED', 'APPROVED', 'REJECTED'], to: 'WITHDRAWN' },
  approve: { from: ['SUBMITTED'], to: 'APPROVED' },
  reject: { from: ['SUBMITTED'], to: 'REJECTED' },
  consent: { from: ['SUBMITTED', 'APPROVED'], to: null },
  publish: { from: ['APPROVED'], to: 'PUBLISHED' },
};

export function mayStep(step: Transition, status: DraftStatus): Refusal | null {
  const t = TRANSITIONS[step];
  if (t.from.includes(status)) return null;
  return {
    code: 'CONFLICT',
    rule: 'lifecycle',
    message: `cannot ${step} a draft that is ${status}: ${step} applies to ${t.from.join(', ')} drafts`,
  };
}

/**
 * 002 §4: a regional standard or guidance catalog is valid "generally three to five years" and
 * lapses when not renewed: it needs an end date, and a validity outside 3–5 years needs a
 * recorded justification.
 */
export function validityRule(
  needsNationalApproval: boolean,
  validFrom: string,
  validTo: string | undefined,
  justification: string | undefined,
): Refusal | null {
  if (!needsNationalApproval) return null;
  const source = `${NOTICE_2025}, §4`;
  if (validTo === undefined) {
    return {
      code: 'BAD_USER_INPUT',
      rule: 'validity-has-end',
      message: 'a regional standard or guidance catalog needs an end date (validTo): standards not renewed lapse',
      source,
    };
  }
  const withinUsual = validTo >= addYears(validFrom, 3) && validTo <= addYears(validFrom, 5);
  if (!withinUsual && !justification?.trim()) {
    return {
      code: 'BAD_USER_INPUT',
      rule: 'validity-three-to-five-years',
      message: `a validity from ${validFrom} to ${validTo} is outside the usual three to five years: record a justification`,
      source,
    };
  }
  return null;
}
