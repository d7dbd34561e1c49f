import type { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { bumpDataVersion } from '../../db/data-version.ts';
import { badInput, HubError, notFound } from '../../errors.ts';
import { agreementDraftInput, editionDraftInput, standardVersionDraftInput } from '../bundle/bundle.format.ts';
import { loadBundle } from '../bundle/bundle.load.ts';
import { BundleRejected, bundleFromObjects, bundleWithProblems, type Problem } from '../bundle/bundle.read.ts';
import { validateBundle } from '../bundle/bundle.validate.ts';
import { changesBetween, superseded } from '../change/change.rules.ts';
import { appendChanges, publishedState } from '../change/change.store.ts';
import type { JurisdictionFacts } from '../jurisdiction/jurisdiction.rules.ts';
import { listJurisdictions } from '../jurisdiction/jurisdiction.store.ts';
import { parseFuzzyDate, todayInChina } from '../time/dates.ts';
import { endOf } from '../time/validity.ts';
import { type Acting, auditActor, forbidden } from './accounts.service.ts';
import { unauthenticated } from './credentials.ts';
import {
  addConsent,
  agreementBySlug,
  approvalRule,
  authorityOfAccount,
  catalogForDraft,
  changeDraft,
  clearConsents,
  consentsOfDrafts,
  type DraftRow,
  endOnSuccessor,
  insertDraft,
  instrumentsBySlug,
  lockDraft,
  partiesOfDrafts,
  publishedEditions,
  publishedRecord,
  publishedVersions,
  recordRepeal,
  standardForDraft,
} from './drafts.store.ts';
import {
  type Actor,
  type DraftFacts,
  type DraftKind,
  draftsFor,
  has,
  mayDecide,
  mayDraft,
  maySee,
  mayStep,
  type Refusal,
  TRANSITIONS,
  type Transition,
  validityRule,
} from './governance.rules.ts';
import { appendAudit } from './governance.store.ts';

// NOTE: the lifecycle of a draft (domain.md, Governance): DRAFT → SUBMITTED → APPROVED |
// REJECTED → PUBLISHED, WITHDRAWN before publication, REPEALED after it. Every step is one
// transaction: the draft row is locked, the rules are asked, the change and its audit row are
// written together, or nothing is.

const SCHEMAS = { EDITION: editionDraftInput, STANDARD_VERSION: standardVersionDraftInput, AGREEMENT: agreementDraftInput } as const;
type Payload<K extends DraftKind> = z.output<(typeof SCHEMAS)[K]>;
type AnyPayload = Payload<'EDITION'> | Payload<'STANDARD_VERSION'> | Payload<'AGREEMENT'>;

const asDb = (tx: unknown) => tx as Db;

function refuse(r: Refusal): HubError {
  return new HubError(r.code, r.message, { rule: r.rule, ...(r.source ? { source: r.source } : {}) });
}

function actorOf(acting: Acting, what: string): Actor {
  if (!acting.actor) throw unauthenticated(`${what} needs a credential`);
  return acting.actor;
}

/** The same answer for a draft that does not exist and one the caller may not see: it reveals nothing. */
const unseen = () => forbidden('No draft you may see has this ID');

function parsePayload<K extends DraftKind>(kind: K, raw: unknown): Payload<K> {
  const parsed = SCHEMAS[kind].safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => ({ record: i.path.join('.') || '(input)', message: i.message }));
    throw badInput(`The ${kind.toLowerCase().replace('_', ' ')} is not in the bundle format: ${problems.length} problem(s)`, { problems });
  }
  return parsed.data as Payload<K>;
}

async function jurisdictionMap(db: Db): Promise<Map<number, JurisdictionFacts & { code: string }>> {
  return new Map((await listJurisdictions(db)).map((j) => [j.id, j]));
}

interface Owner {
  jurisdictionId: number;
  subjectKey: string;
  variant: string;
}

/** Who owns what a payload would publish, and which approval rule applies to it. */
async function ownerOf(db: Db, kind: DraftKind, payload: AnyPayload, byCode: Map<string, JurisdictionFacts>): Promise<Owner> {
  if (kind === 'EDITION') {
    const p = payload as Payload<'EDITION'>;
    const c = await catalogForDraft(db, p.catalog);
    if (!c) throw new HubError('NOT_FOUND', `Unknown catalog '${p.catalog}'`, { catalog: p.catalog });
    return { jurisdictionId: c.catalog.jurisdictionId, subjectKey: `${p.catalog}@${p.edition.label}`, variant: c.catalog.kind };
  }
  if (kind === 'STANDARD_VERSION') {
    const p = payload as Payload<'STANDARD_VERSION'>;
    const s = await standardForDraft(db, p.standard);
    if (!s) throw new HubError('NOT_FOUND', `Unknown standard '${p.standard}'`, { standard: p.standard });
    return { jurisdictionId: s.standard.jurisdictionId, subjectKey: `${p.standard}@${p.version.label}`, variant: s.standard.scope };
  }
  const p = payload as Payload<'AGREEMENT'>;
  const j = byCode.get(p.jurisdiction);
  if (!j) throw notFound('jurisdiction', p.jurisdiction);
  const named = p.agreement.parties.some((x) => x.jurisdiction === p.jurisdiction);
  if (!named && p.jurisdiction !== 'CN') {
    throw badInput(`The drafting jurisdiction ${p.jurisdiction} is not among the agreement's parties`, { rule: 'drafter-is-party' });
  }
  return { jurisdictionId: j.id, subjectKey: p.agreement.slug, variant: '*' };
}

/** The one-record bundle a draft publishes, in the bundle format the loader takes. */
async function bundleOf(
  db: Db,
  d: DraftRow,
  payload: AnyPayload,
  approval?: { submittedOn: string; approvedOn: string; approvedBy: string | null },
) {
  if (d.kind === 'EDITION') {
    const p = payload as Payload<'EDITION'>;
    const c = (await catalogForDraft(db, p.catalog))!;
    return {
      name: `draft-${d.id}`,
      instruments: p.instruments,
      catalogs: [
        {
          slug: c.catalog.slug,
          name: c.catalog.name,
          ...(c.catalog.nameZh ? { nameZh: c.catalog.nameZh } : {}),
          kind: c.catalog.kind,
          jurisdiction: c.jurisdictionCode,
          ...(c.catalog.note ? { note: c.catalog.note } : {}),
          editions: [{ ...p.edition, status: 'PUBLISHED' }],
        },
      ],
    };
  }
  if (d.kind === 'STANDARD_VERSION') {
    const p = payload as Payload<'STANDARD_VERSION'>;
    const s = (await standardForDraft(db, p.standard))!;
    return {
      name: `draft-${d.id}`,
      instruments: p.instruments,
      standards: [
        {
          slug: s.standard.slug,
          name: s.standard.name,
          ...(s.standard.nameZh ? { nameZh: s.standard.nameZh } : {}),
          jurisdiction: s.jurisdictionCode,
          scope: s.standard.scope,
          versions: [
            {
              ...p.version,
              status: 'PUBLISHED',
              ...(approval ? { submittedOn: approval.submittedOn, approvedOn: approval.approvedOn } : {}),
              ...(approval?.approvedBy ? { approvedBy: approval.approvedBy } : {}),
            },
          ],
        },
      ],
    };
  }
  const p = payload as Payload<'AGREEMENT'>;
  return { name: `draft-${d.id}`, instruments: p.instruments, agreements: [{ ...p.agreement, status: 'PUBLISHED' }] };
}

const isOverlap = (p: Problem) => p.message.includes('overlapping') || p.message.includes('_no_overlap');

/** Turns the loader's refusal into the API's: an overlap with something in force is CONFLICT, the rest bad input. */
function asApiError(problems: Problem[]): HubError {
  const overlaps = problems.filter(isOverlap);
  if (overlaps.length > 0) {
    return new HubError(
      'CONFLICT',
      `${overlaps[0]!.message.replace(/^in force/, 'It would be in force')}. Declare what it supersedes (supersedes: "<label>") to end that one the day this one starts.`,
      { problems },
    );
  }
  return badInput(`The draft cannot be published as it is: ${problems.length} problem(s)`, { problems });
}

/**
 * The governance rules a draft must meet at submission and at publication: the drafter's scope,
 * the rules of the 2025 notice, new instruments only, a new agreement slug.
 */
async function checkRules(db: Db, d: DraftRow, payload: AnyPayload, actor: Actor, byId: Map<number, JurisdictionFacts>): Promise<void> {
  const owner = byId.get(d.jurisdictionId)!;
  const may = mayDraft(actor, d.kind, owner);
  if (may && !has(actor, 'REVIEWER')) throw refuse(may);
  if (d.kind !== 'AGREEMENT') {
    const p = payload as Payload<'EDITION'> | Payload<'STANDARD_VERSION'>;
    const dated = 'edition' in p ? p.edition : p.version;
    const from = parseFuzzyDate(dated.validFrom)?.date;
    const to = dated.validTo === undefined ? undefined : parseFuzzyDate(dated.validTo)?.date;
    if (from) {
      const v = validityRule(d.nationalApproval, from, to, p.justification);
      if (v) throw refuse(v);
    }
  }
  const existing = await instrumentsBySlug(
    db,
    payload.instruments.map((i) => i.slug),
  );
  if (existing.length > 0) {
    throw badInput(`Instrument(s) ${existing.map((i) => `'${i.slug}'`).join(', ')} exist already: cite them by slug in sources instead`, {
      rule: 'instruments-are-new',
    });
  }
  if (d.kind === 'AGREEMENT') {
    const p = payload as Payload<'AGREEMENT'>;
    if (await agreementBySlug(db, p.agreement.slug)) {
      throw new HubError('CONFLICT', `An agreement '${p.agreement.slug}' is published already: a new agreement takes a new slug`, {
        rule: 'published-is-immutable',
      });
    }
  }
}

/**
 * At submission, what publication would also check, without writing: the bundle loader's own
 * validation (format, references, dates, overlaps), in a transaction that is rolled back, so the
 * supersession it would record is seen by the overlap check. Publication needs no dry run: it
 * records the supersession and the loader validates the same bundle, in its own transaction.
 */
async function checkBundle(db: Db, d: DraftRow, payload: AnyPayload): Promise<void> {
  const rollback = new Error('rollback');
  try {
    await db.transaction(async (tx) => {
      await applySupersession(asDb(tx), d, payload, null);
      const problems = await validateBundle(asDb(tx), bundleFromObjects([await bundleOf(asDb(tx), d, payload)]));
      if (problems.length > 0) throw asApiError(problems);
      throw rollback;
    });
  } catch (error) {
    if (error === rollback) return;
    if (error instanceof BundleRejected) throw asApiError(error.problems);
    throw error;
  }
}

/**
 * A new edition (version) that declares what it supersedes ends that one the day it starts: the
 * one change publication makes to a published row (the database allows exactly this). Returns
 * the audit entry of that change, when there is one.
 */
async function applySupersession(
  db: Db,
  d: DraftRow,
  payload: AnyPayload,
  audit: Acting | null,
): Promise<{ key: string; previousEnd: string | null } | null> {
  if (d.kind === 'AGREEMENT') return null;
  const p = payload as Payload<'EDITION'> | Payload<'STANDARD_VERSION'>;
  if (!p.supersedes) return null;
  const dated = 'edition' in p ? p.edition : p.version;
  const from = parseFuzzyDate(dated.validFrom)?.date;
  if (!from) return null;
  const series =
    'edition' in p
      ? await publishedEditions(db, (await catalogForDraft(db, p.catalog))!.catalog.id)
      : await publishedVersions(db, (await standardForDraft(db, p.standard))!.standard.id);
  const old = series.find((x) => x.label === p.supersedes);
  if (!old) {
    throw badInput(
      `It supersedes '${p.supersedes}', which is not a published ${'edition' in p ? 'edition of this catalog' : 'version of this standard'}`,
      {
        rule: 'supersedes-published',
      },
    );
  }
  if (old.validFrom >= from) {
    throw badInput(`'${p.supersedes}' starts on ${old.validFrom}, not before ${from}: a successor starts after what it supersedes`, {
      rule: 'supersedes-earlier',
    });
  }
  const end = endOf(old);
  if (end !== null && end <= from) return null;
  await endOnSuccessor(db, d.kind, old.id, from);
  const key = d.subjectKey.replace(/@[^@]*$/, `@${old.label}`);
  if (audit) {
    await appendAudit(db, {
      ...auditActor(audit),
      action: 'supersede',
      subjectType: d.kind === 'EDITION' ? 'catalog_edition' : 'standard_version',
      subjectId: old.id,
      subjectKey: key,
      jurisdictionId: d.jurisdictionId,
      before: { validTo: old.validTo },
      after: { validTo: from, supersededBy: d.subjectKey },
    });
  }
  return { key, previousEnd: old.validTo };
}

/** The series a draft publishes into, for the change feed's before and after. */
function seriesOf(kind: DraftKind, payload: AnyPayload) {
  return {
    catalogs: kind === 'EDITION' ? [(payload as Payload<'EDITION'>).catalog] : [],
    standards: kind === 'STANDARD_VERSION' ? [(payload as Payload<'STANDARD_VERSION'>).standard] : [],
    agreements: kind === 'AGREEMENT' ? [(payload as Payload<'AGREEMENT'>).agreement.slug] : [],
  };
}

function draftFacts(d: DraftRow, parties: number[] = []): DraftFacts {
  return {
    kind: d.kind,
    status: d.status,
    jurisdictionId: d.jurisdictionId,
    authorId: d.authorId,
    nationalApproval: d.nationalApproval,
    partyJurisdictionIds: parties,
  };
}

const summary = (d: DraftRow) => ({ status: d.status, revision: d.revision });

/** Creates a draft of `kind` from its bundle-format input: by an editor of the owning jurisdiction. */
export async function createDraft(db: Db, acting: Acting, kind: DraftKind, raw: unknown): Promise<DraftRow> {
  const actor = actorOf(acting, 'Drafting');
  const payload = parsePayload(kind, raw);
  return db.transaction(async (txx) => {
    const tx = asDb(txx);
    const byId = await jurisdictionMap(tx);
    const byCode = new Map([...byId.values()].map((j) => [j.code, j]));
    const owner = await ownerOf(tx, kind, payload, byCode);
    const refusal = mayDraft(actor, kind, byId.get(owner.jurisdictionId)!);
    if (refusal) throw refuse(refusal);
    const rule = await approvalRule(tx, kind, owner.variant);
    const row = await insertDraft(tx, {
      kind,
      jurisdictionId: owner.jurisdictionId,
      subjectKey: owner.subjectKey,
      payload,
      nationalApproval: rule?.nationalApproval ?? true,
      authorId: actor.accountId,
    });
    await appendAudit(tx, {
      ...auditActor(acting),
      action: 'create_draft',
      subjectType: 'draft',
      subjectId: row.id,
      subjectKey: `${kind}:${row.subjectKey}`,
      jurisdictionId: row.jurisdictionId,
      before: null,
      after: { ...summary(row), payload },
    });
    return row;
  });
}

/** A draft the actor may see, locked; with the jurisdictions and parties the rules need. */
async function open(tx: Db, actor: Actor, id: number) {
  const d = await lockDraft(tx, id);
  if (!d) {
    if (has(actor, 'ADMIN') || has(actor, 'REVIEWER')) throw new HubError('NOT_FOUND', `Unknown draft ${id}`);
    throw unseen();
  }
  const byId = await jurisdictionMap(tx);
  const parties = (await partiesOfDrafts(tx, [id])).map((p) => p.jurisdictionId);
  const facts = draftFacts(d, parties);
  if (!maySee(actor, facts, byId)) throw unseen();
  return { d, byId, parties, facts };
}

/** RFC 7396 JSON merge patch: objects merge, `null` removes, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> = target && typeof target === 'object' && !Array.isArray(target) ? { ...(target as object) } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/** Changes a draft (or a rejected one, which goes back to DRAFT) by a JSON merge patch of its input. */
export async function updateDraft(db: Db, acting: Acting, id: number, revision: number, patch: unknown): Promise<DraftRow> {
  const actor = actorOf(acting, 'Changing a draft');
  return db.transaction(async (txx) => {
    const tx = asDb(txx);
    const { d, byId } = await open(tx, actor, id);
    const owner = byId.get(d.jurisdictionId)!;
    const may = mayDraft(actor, d.kind, owner);
    if (may) throw refuse(may);
    if (d.revision !== revision) {
      throw new HubError(
        'CONFLICT',
        `The draft is at revision ${d.revision}, not ${revision}: read it again and apply the change to that`,
        {
          revision: d.revision,
        },
      );
    }
    const step = mayStep('update', d.status);
    if (step) throw refuse(step);
    const payload = parsePayload(d.kind, mergePatch(d.payload, patch));
    const byCode = new Map([...byId.values()].map((j) => [j.code, j]));
    const now = await ownerOf(tx, d.kind, payload, byCode);
    if (now.jurisdictionId !== d.jurisdictionId) {
      throw badInput('A change cannot move a draft to another jurisdiction: create a draft there instead', { rule: 'owner-fixed' });
    }
    const row = (await changeDraft(
      tx,
      id,
      {
        payload,
        subjectKey: now.subjectKey,
        status: 'DRAFT',
        rejectionReason: null,
        decidedById: null,
        decidedAt: null,
        decisionNote: null,
      },
      revision,
    ))!;
    await clearConsents(tx, id);
    await appendAudit(tx, {
      ...auditActor(acting),
      action: 'update_draft',
      subjectType: 'draft',
      subjectId: id,
      subjectKey: `${d.kind}:${row.subjectKey}`,
      jurisdictionId: d.jurisdictionId,
      before: { ...summary(d), payload: d.payload },
      after: { ...summary(row), payload },
    });
    return row;
  });
}

async function transition(
  db: Db,
  acting: Acting,
  id: number,
  step: Transition,
  decide: (ctx: Awaited<ReturnType<typeof open>> & { actor: Actor; tx: Db }) => Promise<Partial<DraftRow>>,
): Promise<DraftRow> {
  const actor = actorOf(acting, `${step[0]!.toUpperCase()}${step.slice(1)}`);
  return db.transaction(async (txx) => {
    const tx = asDb(txx);
    const opened = await open(tx, actor, id);
    const refusal = mayStep(step, opened.d.status);
    if (refusal) throw refuse(refusal);
    const set = await decide({ ...opened, actor, tx });
    const to = TRANSITIONS[step].to;
    const row = (await changeDraft(tx, id, { ...(to ? { status: to } : {}), ...set }))!;
    await appendAudit(tx, {
      ...auditActor(acting),
      action: `${step}_draft`.replace('consent_draft', 'consent_agreement'),
      subjectType: 'draft',
      subjectId: id,
      subjectKey: `${row.kind}:${row.subjectKey}`,
      jurisdictionId: row.jurisdictionId,
      before: summary(opened.d),
      after: {
        ...summary(row),
        ...(set.rejectionReason ? { reason: set.rejectionReason } : {}),
        ...(set.decisionNote ? { note: set.decisionNote } : {}),
      },
    });
    return row;
  });
}

/** The owner's editors (and admins) move their draft along; others may not, even if they can see it. */
function requireOwnerEditor(actor: Actor, d: DraftRow, byId: Map<number, JurisdictionFacts>): void {
  if (!draftsFor(actor, byId.get(d.jurisdictionId)!)) {
    throw forbidden(`Only editors of ${byId.get(d.jurisdictionId)!.code} (or admins) do this to its drafts`, { rule: 'own-jurisdiction' });
  }
}

export function submitDraft(db: Db, acting: Acting, id: number): Promise<DraftRow> {
  return transition(db, acting, id, 'submit', async ({ d, byId, actor, tx }) => {
    requireOwnerEditor(actor, d, byId);
    const payload = parsePayload(d.kind, d.payload);
    await checkRules(tx, d, payload, actor, byId);
    await checkBundle(tx, d, payload);
    return { submittedAt: new Date().toISOString() };
  });
}

export function withdrawDraft(db: Db, acting: Acting, id: number): Promise<DraftRow> {
  return transition(db, acting, id, 'withdraw', async ({ d, byId, actor }) => {
    requireOwnerEditor(actor, d, byId);
    return {};
  });
}

export function approveDraft(db: Db, acting: Acting, id: number, note: string | null): Promise<DraftRow> {
  return transition(db, acting, id, 'approve', async ({ facts, byId, actor }) => {
    const refusal = mayDecide(actor, facts, byId);
    if (refusal) throw refuse(refusal);
    return { decidedById: actor.accountId, decidedAt: new Date().toISOString(), decisionNote: note?.trim() || null };
  });
}

export function rejectDraft(db: Db, acting: Acting, id: number, reason: string): Promise<DraftRow> {
  if (!reason.trim()) throw badInput('A rejection gives its reason', { argument: 'reason' });
  return transition(db, acting, id, 'reject', async ({ facts, byId, actor }) => {
    const refusal = mayDecide(actor, facts, byId);
    if (refusal) throw refuse(refusal);
    return { decidedById: actor.accountId, decidedAt: new Date().toISOString(), rejectionReason: reason.trim() };
  });
}

/** The jurisdictions whose consent an agreement still needs: every party but the drafter (national: the reviewer's, as CN). */
export function pendingConsents(
  d: DraftRow,
  parties: readonly number[],
  consented: readonly number[],
  byId: Map<number, JurisdictionFacts>,
) {
  if (d.kind !== 'AGREEMENT') return [];
  const national = [...byId.values()].find((j) => j.level === 'NATIONAL');
  const needed = new Set(parties.filter((p) => p !== d.jurisdictionId));
  // An agreement of national scope (a national party, or nationwide) needs the national authority's consent.
  const payload = d.payload as Payload<'AGREEMENT'>;
  if (national && (payload.agreement.kind === 'NATIONWIDE' || parties.includes(national.id)) && d.jurisdictionId !== national.id) {
    needed.add(national.id);
  }
  return [...needed].filter((j) => !consented.includes(j));
}

/** One party's consent: by an editor of that party (for the national level: a reviewer). */
export async function consentToAgreement(db: Db, acting: Acting, id: number): Promise<DraftRow> {
  return transition(db, acting, id, 'consent', async ({ d, byId, parties, actor, tx }) => {
    if (d.kind !== 'AGREEMENT') throw badInput('Only agreements take consents', { rule: 'consent-agreements' });
    const consented = (await consentsOfDrafts(tx, [id])).map((c) => c.jurisdictionId);
    const pending = pendingConsents(d, parties, consented, byId);
    const mine = pending.find((j) => {
      const jj = byId.get(j)!;
      return jj.level === 'NATIONAL' ? has(actor, 'REVIEWER') : has(actor, 'EDITOR') && draftsFor(actor, jj) && actor.jurisdiction.id === j;
    });
    if (mine === undefined) {
      throw forbidden(`${actor.login} consents for no party whose consent this agreement still needs`, { rule: 'party-consent' });
    }
    await addConsent(tx, { draftId: id, jurisdictionId: mine, accountId: actor.accountId, revision: d.revision });
    return {};
  });
}

export interface Published {
  draft: DraftRow;
  kind: DraftKind;
  recordId: number;
}

/**
 * Publishes an approved draft: its record is written through the bundle loader (the same
 * validation and upsert as `npm run db:load`), what it supersedes ends the day it starts, the
 * data version rises (every hub's ETags change), and the draft records what it became. One
 * transaction, with the series locked, so two publications into one series take turns: the
 * second sees the first and is refused as CONFLICT if they overlap.
 */
export async function publishDraft(db: Db, acting: Acting, id: number): Promise<Published> {
  const actor = actorOf(acting, 'Publishing');
  return db.transaction(async (txx) => {
    const tx = asDb(txx);
    const { d, byId, parties } = await open(tx, actor, id);
    const refusal = mayStep('publish', d.status);
    if (refusal) throw refuse(refusal);
    if (!has(actor, 'REVIEWER')) requireOwnerEditor(actor, d, byId);
    const payload = parsePayload(d.kind, d.payload);
    if (d.kind === 'AGREEMENT') {
      const consented = (await consentsOfDrafts(tx, [id])).map((c) => c.jurisdictionId);
      const pending = pendingConsents(d, parties, consented, byId);
      if (pending.length > 0) {
        throw new HubError('CONFLICT', `The agreement still needs the consent of ${pending.map((j) => byId.get(j)!.code).join(', ')}`, {
          rule: 'every-party-consents',
          pending: pending.map((j) => byId.get(j)!.code),
        });
      }
    }
    // Lock the series: concurrent publications into it (from any hub process) take turns here.
    if (d.kind === 'EDITION') await catalogForDraft(tx, (payload as Payload<'EDITION'>).catalog, true);
    if (d.kind === 'STANDARD_VERSION') await standardForDraft(tx, (payload as Payload<'STANDARD_VERSION'>).standard, true);
    await checkRules(tx, d, payload, actor, byId);

    const ended = await applySupersession(tx, d, payload, acting);
    const approval =
      d.kind === 'STANDARD_VERSION'
        ? {
            submittedOn: todayInChina(new Date(d.submittedAt!)),
            approvedOn: todayInChina(new Date(d.decidedAt!)),
            approvedBy: await authorityOfAccount(tx, d.decidedById!),
          }
        : undefined;
    try {
      await loadBundle(tx, bundleFromObjects([await bundleOf(tx, d, payload, approval)]), { audit: null });
    } catch (error) {
      if (error instanceof BundleRejected) throw asApiError(error.problems);
      throw error;
    }
    if (ended) {
      // After the loader's own events (its publication), so the feed reads: published, then what it ended.
      const state = await publishedState(tx, seriesOf(d.kind, payload));
      const part = d.kind === 'EDITION' ? 'editions' : 'versions';
      await appendChanges(tx, [superseded(part, state[part].get(ended.key)!, ended.key, ended.previousEnd, d.subjectKey)]);
    }
    const recordId = await publishedId(tx, d, payload);
    const row = (await changeDraft(tx, id, { status: 'PUBLISHED', publishedId: recordId, publishedAt: new Date().toISOString() }))!;
    const record = await publishedRecord(tx, d.kind, recordId);
    await appendAudit(tx, {
      ...auditActor(acting),
      action: 'publish',
      subjectType: d.kind === 'EDITION' ? 'catalog_edition' : d.kind === 'STANDARD_VERSION' ? 'standard_version' : 'recognition_agreement',
      subjectId: recordId,
      subjectKey: d.subjectKey,
      jurisdictionId: d.jurisdictionId,
      before: null,
      after: { draft: id, record, payload },
    });
    return { draft: row, kind: d.kind, recordId };
  });
}

async function publishedId(db: Db, d: DraftRow, payload: AnyPayload): Promise<number> {
  if (d.kind === 'EDITION') {
    const p = payload as Payload<'EDITION'>;
    const c = (await catalogForDraft(db, p.catalog))!;
    return (await publishedEditions(db, c.catalog.id)).find((e) => e.label === p.edition.label)!.id;
  }
  if (d.kind === 'STANDARD_VERSION') {
    const p = payload as Payload<'STANDARD_VERSION'>;
    const s = (await standardForDraft(db, p.standard))!;
    return (await publishedVersions(db, s.standard.id)).find((v) => v.label === p.version.label)!.id;
  }
  return (await agreementBySlug(db, (payload as Payload<'AGREEMENT'>).agreement.slug))!.id;
}

/** Repeals what a draft published, from a day, by an instrument: the one transition of a published record. */
export async function repealPublished(db: Db, acting: Acting, id: number, on: string, instrument: string): Promise<Published> {
  const actor = actorOf(acting, 'Repealing');
  return db.transaction(async (txx) => {
    const tx = asDb(txx);
    const { d, byId } = await open(tx, actor, id);
    if (d.status !== 'PUBLISHED' || d.publishedId === null) {
      throw new HubError('CONFLICT', `Only a published record is repealed; this draft is ${d.status} (withdraw it instead)`, {
        rule: 'lifecycle',
      });
    }
    if (!has(actor, 'REVIEWER')) requireOwnerEditor(actor, d, byId);
    const [found] = await instrumentsBySlug(tx, [instrument]);
    if (!found) throw new HubError('NOT_FOUND', `Unknown instrument '${instrument}'`, { instrument });
    const before = (await publishedRecord(tx, d.kind, d.publishedId))!;
    if (before.repealedOn !== null)
      throw new HubError('CONFLICT', `It was repealed already, on ${before.repealedOn}`, { rule: 'repeal-once' });
    if (on < before.validFrom)
      throw badInput(`A repeal on ${on} would come before it took effect (${before.validFrom})`, { argument: 'on' });
    const series = seriesOf(d.kind, parsePayload(d.kind, d.payload));
    const was = await publishedState(tx, series);
    await recordRepeal(tx, d.kind, d.publishedId, on, found.id);
    await bumpDataVersion(tx);
    await appendChanges(tx, changesBetween(was, await publishedState(tx, series), { today: todayInChina() }));
    const after = (await publishedRecord(tx, d.kind, d.publishedId))!;
    await appendAudit(tx, {
      ...auditActor(acting),
      action: 'repeal',
      subjectType: d.kind === 'EDITION' ? 'catalog_edition' : d.kind === 'STANDARD_VERSION' ? 'standard_version' : 'recognition_agreement',
      subjectId: d.publishedId,
      subjectKey: d.subjectKey,
      jurisdictionId: d.jurisdictionId,
      before: { repealedOn: before.repealedOn, repealedBy: before.repealedBy },
      after: { repealedOn: after.repealedOn, repealedBy: instrument },
    });
    return { draft: d, kind: d.kind, recordId: d.publishedId };
  });
}

/** May the actor see this draft? For the loaders and the list: invisible drafts are null, never an error that reveals them. */
export async function visibleDrafts(db: Db, actor: Actor | null, rows: DraftRow[]): Promise<DraftRow[]> {
  if (!actor || rows.length === 0) return [];
  if (has(actor, 'ADMIN') || has(actor, 'REVIEWER')) return rows;
  const byId = await jurisdictionMap(db);
  const parties = await partiesOfDrafts(
    db,
    rows.filter((r) => r.kind === 'AGREEMENT').map((r) => r.id),
  );
  return rows.filter((r) =>
    maySee(
      actor,
      draftFacts(
        r,
        parties.filter((p) => p.draftId === r.id).map((p) => p.jurisdictionId),
      ),
      byId,
    ),
  );
}

export interface ImportResult {
  dryRun: boolean;
  written: boolean;
  problems: Problem[];
  report: Record<string, number> | null;
}

// Sections that describe the hub's own frame (who exists, the national classification): an
// operator's to import, not a bureau's.
const ADMIN_SECTIONS = ['jurisdictions', 'regionGroups', 'authorities', 'occupations', 'fields'] as const;

/**
 * Checks a whole bundle through the API and reports every problem, by record, in one pass (the
 * format of each record, references, dates and overlaps together); then, unless `dryRun`, writes
 * it in one transaction through the loader. Editors check bundles of their own jurisdiction;
 * writing is the operator's (ADMIN: "accounts, imports, corrections"), since a bureau's own
 * records are published through drafts, with their approval. A correction of published records
 * needs its reason.
 */
export async function importBundle(
  db: Db,
  acting: Acting,
  raw: unknown,
  options: { dryRun: boolean; correction: string | null },
): Promise<ImportResult> {
  const actor = actorOf(acting, 'Importing');
  const admin = has(actor, 'ADMIN');
  if (!options.dryRun && !admin) {
    throw forbidden(
      'Writing a bundle is for ADMIN accounts: a bureau publishes its records through drafts (approval, four eyes); dryRun checks a bundle',
      {
        rule: 'admin-imports',
      },
    );
  }
  if (options.correction !== null && !admin)
    throw forbidden('Corrections of published records are for ADMIN accounts', { rule: 'admin-corrects' });
  const { merged, problems } = bundleWithProblems(raw, 'bundle');
  if (!admin) {
    const byId = await jurisdictionMap(db);
    const byCode = new Map([...byId.values()].map((j) => [j.code, j]));
    const outside: string[] = [];
    const mine = (code: string) => {
      const j = byCode.get(code);
      return j !== undefined && draftsFor(actor, j);
    };
    for (const section of ADMIN_SECTIONS) if (merged.data[section].length > 0) outside.push(`${section} (an operator's section)`);
    for (const c of merged.data.catalogs) if (!mine(c.jurisdiction)) outside.push(`catalogs[${c.slug}] (${c.jurisdiction})`);
    for (const s of merged.data.standards) if (!mine(s.jurisdiction)) outside.push(`standards[${s.slug}] (${s.jurisdiction})`);
    for (const p of merged.data.pointsSchemes) if (!mine(p.jurisdiction)) outside.push(`pointsSchemes[${p.slug}] (${p.jurisdiction})`);
    for (const c of merged.data.categories) if (!mine(c.jurisdiction)) outside.push(`categories[${c.code}] (${c.jurisdiction})`);
    for (const a of merged.data.agreements)
      if (!a.parties.some((p) => p.jurisdiction && mine(p.jurisdiction))) outside.push(`agreements[${a.slug}]`);
    if (outside.length > 0) {
      throw forbidden(`The bundle holds records outside ${actor.login}'s jurisdiction: ${outside.join(', ')}`, {
        rule: 'own-jurisdiction',
        records: outside,
      });
    }
  }
  problems.push(...(await validateBundle(db, merged, { correction: options.correction !== null })));
  if (problems.length > 0 || options.dryRun) return { dryRun: options.dryRun, written: false, problems, report: null };
  try {
    const report = await loadBundle(db, merged, {
      ...(options.correction !== null ? { correction: { reason: options.correction } } : {}),
      audit: { ...auditActor(acting), action: options.correction !== null ? 'correct_bundle' : 'import_bundle' },
    });
    return { dryRun: false, written: true, problems: [], report };
  } catch (error) {
    if (error instanceof BundleRejected) return { dryRun: false, written: false, problems: error.problems, report: null };
    throw error;
  }
}
