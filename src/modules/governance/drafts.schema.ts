import DataLoader from 'dataloader';
import { draftKind, draftStatus } from '../../db/tables/index.ts';
import { badInput, notFound } from '../../errors.ts';
import { builder } from '../../graphql/builder.ts';
import type { Context } from '../../graphql/context.ts';
import { enumOf } from '../../graphql/enums.ts';
import { loadableNode, perRequest } from '../../graphql/nodes.ts';
import { cursorsOf, sequenceConnection } from '../../graphql/pagination.ts';
import { RecognitionAgreementRef } from '../agreement/agreement.schema.ts';
import { CatalogEditionRef } from '../catalog/catalog.schema.ts';
import { JurisdictionRef } from '../jurisdiction/jurisdiction.schema.ts';
import { listJurisdictions } from '../jurisdiction/jurisdiction.store.ts';
import { StandardVersionRef } from '../standard/standard.schema.ts';
import type { Acting } from './accounts.service.ts';
import {
  approveDraft,
  consentToAgreement,
  createDraft,
  importBundle,
  pendingConsents,
  publishDraft,
  rejectDraft,
  repealPublished,
  submitDraft,
  updateDraft,
  visibleDrafts,
  withdrawDraft,
} from './drafts.service.ts';
import { consentsOfDrafts, countDrafts, type DraftRow, draftStore, listDrafts, partiesOfDrafts } from './drafts.store.ts';

const draftCursors = cursorsOf('Draft');

import { draftsFor, has } from './governance.rules.ts';
import { accountStore } from './governance.store.ts';

export const DraftStatusEnum = enumOf(
  'DraftStatus',
  draftStatus.enumValues,
  'Where a draft is on its way to publication (domain.md, Governance).',
  {
    DRAFT: 'Being written by its jurisdiction’s editors.',
    SUBMITTED: 'Submitted for approval: checked against every publication rule.',
    APPROVED: 'Approved (by the national authority where that is required): ready to publish.',
    REJECTED: 'Rejected, with a reason; its editors may revise it, which makes it a DRAFT again.',
    PUBLISHED: 'Published: the record is public and immutable (repeal is the only change).',
    WITHDRAWN: 'Withdrawn by its editors before publication.',
  },
);

export const DraftKindEnum = enumOf('DraftKind', draftKind.enumValues, 'What a draft publishes.', {
  EDITION: 'A catalog edition, with its lists and entries.',
  STANDARD_VERSION: 'A version of a standard, with its categories and criteria.',
  AGREEMENT: 'A recognition agreement, with its parties.',
});

const acting = (ctx: Context): Acting => ({ actor: ctx.actor, requestId: ctx.requestId });

const partiesLoader = perRequest(
  (ctx) =>
    new DataLoader<number, number[]>(async (ids) => {
      const rows = await partiesOfDrafts(ctx.db, [...ids]);
      return ids.map((id) => rows.filter((r) => r.draftId === id).map((r) => r.jurisdictionId));
    }),
);
const consentsLoader = perRequest(
  (ctx) =>
    new DataLoader<number, Awaited<ReturnType<typeof consentsOfDrafts>>>(async (ids) => {
      const rows = await consentsOfDrafts(ctx.db, [...ids]);
      return ids.map((id) => rows.filter((r) => r.draftId === id));
    }),
);
const loginLoader = perRequest(
  (ctx) =>
    new DataLoader<number, string>(async (ids) => {
      const rows = await accountStore.byIds(ctx.db, [...ids]);
      return ids.map((id) => rows.find((r) => r.id === id)?.login ?? '?');
    }),
);

/** Global ID: the draft's number. A draft the caller may not see loads as null: node(id:) reveals nothing. */
export const DraftRef = loadableNode<DraftRow>('Draft', draftStore, {
  cache: false,
  visible: async (rows, ctx) => {
    const seen = new Set(
      await visibleDrafts(
        ctx.db,
        ctx.actor,
        rows.filter((r): r is DraftRow => r !== null),
      ),
    );
    return rows.map((r) => (r && seen.has(r) ? r : null));
  },
});

const ConsentRef = builder.objectRef<{ jurisdictionId: number; login: string; at: string; revision: number }>('DraftConsent').implement({
  description: 'One party’s consent to an agreement draft.',
  fields: (t) => ({
    jurisdiction: t.field({ type: JurisdictionRef, description: 'The party that consented.', resolve: (c) => c.jurisdictionId }),
    account: t.string({ description: 'Login of the account that consented for it.', resolve: (c) => c.login }),
    at: t.field({ type: 'DateTime', description: 'When.', resolve: (c) => c.at }),
    revision: t.int({ description: 'The revision of the draft consented to (a change clears consents).', resolve: (c) => c.revision }),
  }),
});

DraftRef.implement({
  description:
    'A record on its way to publication, in the bundle format. Seen only by its jurisdiction’s editors, the parties of an agreement, reviewers and admins.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    kind: t.field({ type: DraftKindEnum, description: 'What it publishes.', resolve: (d) => d.kind }),
    status: t.field({ type: DraftStatusEnum, description: 'Where it is in its lifecycle.', resolve: (d) => d.status }),
    revision: t.exposeInt('revision', { description: 'Raised by every change; `updateDraft` names the revision it changes.' }),
    jurisdiction: t.field({ type: JurisdictionRef, description: 'The jurisdiction that owns it.', resolve: (d) => d.jurisdictionId }),
    subjectKey: t.exposeString('subjectKey', {
      description: 'What it publishes, by natural key: `catalog@label`, `standard@label` or an agreement slug.',
    }),
    input: t.field({
      type: 'JSON',
      description: 'Its input in the bundle format: what `create…Draft` took, with the changes of `updateDraft`.',
      resolve: (d) => d.payload,
    }),
    nationalApproval: t.exposeBoolean('nationalApproval', {
      description:
        'Whether a REVIEWER of the national authority must approve it (approval_rules: regional standards and guidance catalogs).',
    }),
    author: t.string({ description: 'Login of the account that created it.', resolve: (d, _a, ctx) => loginLoader(ctx).load(d.authorId) }),
    createdAt: t.field({ type: 'DateTime', description: 'When it was created.', resolve: (d) => d.createdAt }),
    updatedAt: t.field({ type: 'DateTime', description: 'When it last changed.', resolve: (d) => d.updatedAt }),
    submittedAt: t.field({ type: 'DateTime', nullable: true, description: 'When it was submitted.', resolve: (d) => d.submittedAt }),
    decidedBy: t.string({
      nullable: true,
      description: 'Login of the account that approved or rejected it.',
      resolve: (d, _a, ctx) => (d.decidedById === null ? null : loginLoader(ctx).load(d.decidedById)),
    }),
    decidedAt: t.field({ type: 'DateTime', nullable: true, description: 'When it was approved or rejected.', resolve: (d) => d.decidedAt }),
    decisionNote: t.exposeString('decisionNote', { nullable: true, description: 'The approver’s note.' }),
    rejectionReason: t.exposeString('rejectionReason', { nullable: true, description: 'Why it was rejected.' }),
    consents: t.field({
      type: [ConsentRef],
      description: 'Agreements: the parties that have consented.',
      resolve: (d, _a, ctx) => consentsLoader(ctx).load(d.id),
    }),
    pendingConsents: t.field({
      type: [JurisdictionRef],
      description: 'Agreements: the parties whose consent it still needs before it can be published (national scope: CN, by a reviewer).',
      resolve: async (d, _a, ctx) => {
        const byId = new Map((await listJurisdictions(ctx.db)).map((j) => [j.id, j]));
        const consented = (await consentsLoader(ctx).load(d.id)).map((c) => c.jurisdictionId);
        return pendingConsents(d, await partiesLoader(ctx).load(d.id), consented, byId);
      },
    }),
    publishedAt: t.field({ type: 'DateTime', nullable: true, description: 'When it was published.', resolve: (d) => d.publishedAt }),
    edition: t.field({
      type: CatalogEditionRef,
      nullable: true,
      description: 'The edition it published.',
      resolve: (d) => (d.kind === 'EDITION' ? d.publishedId : null),
    }),
    standardVersion: t.field({
      type: StandardVersionRef,
      nullable: true,
      description: 'The standard version it published.',
      resolve: (d) => (d.kind === 'STANDARD_VERSION' ? d.publishedId : null),
    }),
    agreement: t.field({
      type: RecognitionAgreementRef,
      nullable: true,
      description: 'The agreement it published.',
      resolve: (d) => (d.kind === 'AGREEMENT' ? d.publishedId : null),
    }),
  }),
});

const DraftPayloadRef = builder.objectRef<{ draft: DraftRow }>('DraftPayload').implement({
  description: 'The draft after the change.',
  fields: (t) => ({ draft: t.field({ type: DraftRef, description: 'The draft.', resolve: (p) => p.draft }) }),
});
const payload = (name: string, what: string) =>
  builder.objectRef<{ draft: DraftRow }>(name).implement({
    description: `The ${what} draft created.`,
    fields: (t) => ({ draft: t.field({ type: DraftRef, description: 'The draft.', resolve: (p) => p.draft }) }),
  });
const EditionDraftPayload = payload('EditionDraftPayload', 'edition');
const StandardVersionDraftPayload = payload('StandardVersionDraftPayload', 'standard version');
const AgreementDraftPayload = payload('AgreementDraftPayload', 'agreement');

const PublishPayload = builder.objectRef<{ draft: DraftRow }>('PublishPayload').implement({
  description: 'The draft and the public record it became.',
  fields: (t) => ({
    draft: t.field({ type: DraftRef, description: 'The draft (PUBLISHED).', resolve: (p) => p.draft }),
    edition: t.field({
      type: CatalogEditionRef,
      nullable: true,
      description: 'The edition published (or repealed).',
      resolve: (p) => (p.draft.kind === 'EDITION' ? p.draft.publishedId : null),
    }),
    standardVersion: t.field({
      type: StandardVersionRef,
      nullable: true,
      description: 'The standard version published (or repealed).',
      resolve: (p) => (p.draft.kind === 'STANDARD_VERSION' ? p.draft.publishedId : null),
    }),
    agreement: t.field({
      type: RecognitionAgreementRef,
      nullable: true,
      description: 'The agreement published (or repealed).',
      resolve: (p) => (p.draft.kind === 'AGREEMENT' ? p.draft.publishedId : null),
    }),
  }),
});

const draftFields = {
  instruments: 'New source documents (bundle format `instruments`), published with it; existing ones are cited by slug in `sources`.',
  supersedes: 'Label of the published edition or version this one supersedes: that one ends the day this one starts.',
  justification: 'Why its validity is outside the usual three to five years (2025 MOHRSS notice, §4), where national approval applies.',
};

const EditionDraftInput = builder.inputType('EditionDraftInput', {
  description:
    'A new edition of an existing catalog. NOTE: `edition` is JSON in the bundle format (`editionInput` of seeds/bundle.schema.json, without `status`), checked by the same zod schema as bundles, so one format serves files and the API.',
  fields: (t) => ({
    catalog: t.string({ required: true, description: 'Slug of the catalog (series).' }),
    edition: t.field({
      type: 'JSON',
      required: true,
      description: 'The edition: label, title, dates, declaredSize, lists, entries, sources.',
    }),
    instruments: t.field({ type: 'JSON', description: draftFields.instruments }),
    supersedes: t.string({ description: draftFields.supersedes }),
    justification: t.string({ description: draftFields.justification }),
  }),
});
const StandardVersionDraftInput = builder.inputType('StandardVersionDraftInput', {
  description:
    'A new version of an existing standard. `version` is JSON in the bundle format (`standards[].versions[]`, without status and approval, which publication records).',
  fields: (t) => ({
    standard: t.string({ required: true, description: 'Slug of the standard.' }),
    version: t.field({ type: 'JSON', required: true, description: 'The version: label, title, dates, categories, criteria, sources.' }),
    instruments: t.field({ type: 'JSON', description: draftFields.instruments }),
    supersedes: t.string({ description: draftFields.supersedes }),
    justification: t.string({ description: draftFields.justification }),
  }),
});
const AgreementDraftInput = builder.inputType('AgreementDraftInput', {
  description: 'A new recognition agreement. `agreement` is JSON in the bundle format (`agreements[]`, without status).',
  fields: (t) => ({
    jurisdiction: t.string({ required: true, description: 'The drafting party (a jurisdiction code among the parties, or CN).' }),
    agreement: t.field({
      type: 'JSON',
      required: true,
      description: 'The agreement: slug, kind, direction, parties, scope, dates, sources.',
    }),
    instruments: t.field({ type: 'JSON', description: draftFields.instruments }),
  }),
});

const strip = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));
const draftId = (id: { id: string }) => {
  const n = Number(id.id);
  if (!Number.isSafeInteger(n)) throw badInput('Not a draft ID', { argument: 'id' });
  return n;
};
const DRAFT_ARG = 'Global ID of the draft.';

builder.mutationFields((t) => ({
  createEditionDraft: t.field({
    type: EditionDraftPayload,
    authScopes: { $any: { editor: true, admin: true } },
    description: 'Drafts a new edition of a catalog of the caller’s jurisdiction (a provincial editor: also its cities’).',
    args: { input: t.arg({ type: EditionDraftInput, required: true, description: 'The edition.' }) },
    resolve: async (_r, { input }, ctx) => ({ draft: await createDraft(ctx.db, acting(ctx), 'EDITION', strip(input)) }),
  }),
  createStandardVersionDraft: t.field({
    type: StandardVersionDraftPayload,
    authScopes: { $any: { editor: true, admin: true } },
    description: 'Drafts a new version of a standard of the caller’s jurisdiction. Cities draft no standards (2025 MOHRSS notice, §3).',
    args: { input: t.arg({ type: StandardVersionDraftInput, required: true, description: 'The version.' }) },
    resolve: async (_r, { input }, ctx) => ({ draft: await createDraft(ctx.db, acting(ctx), 'STANDARD_VERSION', strip(input)) }),
  }),
  createAgreementDraft: t.field({
    type: AgreementDraftPayload,
    authScopes: { $any: { editor: true, admin: true } },
    description:
      'Drafts a recognition agreement with the caller’s jurisdiction as a party. It is published once every party has consented.',
    args: { input: t.arg({ type: AgreementDraftInput, required: true, description: 'The agreement.' }) },
    resolve: async (_r, { input }, ctx) => ({ draft: await createDraft(ctx.db, acting(ctx), 'AGREEMENT', strip(input)) }),
  }),
  updateDraft: t.field({
    type: DraftPayloadRef,
    authScopes: { authenticated: true },
    description:
      'Changes a draft (or a rejected one, which becomes a DRAFT again) by a JSON merge patch (RFC 7396) of its input. `revision` must be the current one, else CONFLICT. Consents given so far are cleared.',
    args: {
      id: t.arg.globalID({ for: DraftRef, required: true, description: DRAFT_ARG }),
      revision: t.arg.int({ required: true, description: 'The revision the change was made on.' }),
      patch: t.arg({ type: 'JSON', required: true, description: 'A JSON merge patch of the draft’s `input`.' }),
    },
    resolve: async (_r, args, ctx) => ({ draft: await updateDraft(ctx.db, acting(ctx), draftId(args.id), args.revision, args.patch) }),
  }),
  submitDraft: t.field({
    type: DraftPayloadRef,
    authScopes: { authenticated: true },
    description: 'Submits a draft for approval, after every publication rule has been checked (each refusal names its rule and source).',
    args: { id: t.arg.globalID({ for: DraftRef, required: true, description: DRAFT_ARG }) },
    resolve: async (_r, args, ctx) => ({ draft: await submitDraft(ctx.db, acting(ctx), draftId(args.id)) }),
  }),
  withdrawDraft: t.field({
    type: DraftPayloadRef,
    authScopes: { authenticated: true },
    description: 'Withdraws a draft before publication.',
    args: { id: t.arg.globalID({ for: DraftRef, required: true, description: DRAFT_ARG }) },
    resolve: async (_r, args, ctx) => ({ draft: await withdrawDraft(ctx.db, acting(ctx), draftId(args.id)) }),
  }),
  approveDraft: t.field({
    type: DraftPayloadRef,
    authScopes: { authenticated: true },
    description: 'Approves a submitted draft: never by its author; by a REVIEWER where national approval is required.',
    args: {
      id: t.arg.globalID({ for: DraftRef, required: true, description: DRAFT_ARG }),
      note: t.arg.string({ description: 'A note recorded with the approval.' }),
    },
    resolve: async (_r, args, ctx) => ({ draft: await approveDraft(ctx.db, acting(ctx), draftId(args.id), args.note ?? null) }),
  }),
  rejectDraft: t.field({
    type: DraftPayloadRef,
    authScopes: { authenticated: true },
    description: 'Rejects a submitted draft with a reason; its editors may revise it.',
    args: {
      id: t.arg.globalID({ for: DraftRef, required: true, description: DRAFT_ARG }),
      reason: t.arg.string({ required: true, description: 'Why.' }),
    },
    resolve: async (_r, args, ctx) => ({ draft: await rejectDraft(ctx.db, acting(ctx), draftId(args.id), args.reason) }),
  }),
  consentToAgreement: t.field({
    type: DraftPayloadRef,
    authScopes: { authenticated: true },
    description: 'One party’s consent to a submitted or approved agreement: by an editor of that party (the national level: a reviewer).',
    args: { id: t.arg.globalID({ for: DraftRef, required: true, description: DRAFT_ARG }) },
    resolve: async (_r, args, ctx) => ({ draft: await consentToAgreement(ctx.db, acting(ctx), draftId(args.id)) }),
  }),
  publish: t.field({
    type: PublishPayload,
    authScopes: { authenticated: true },
    description:
      'Publishes an approved draft (agreements: once every party consented). What it supersedes ends the day it starts. An overlap with something in force is CONFLICT, naming it.',
    args: { id: t.arg.globalID({ for: DraftRef, required: true, description: DRAFT_ARG }) },
    resolve: async (_r, args, ctx) => ({ draft: (await publishDraft(ctx.db, acting(ctx), draftId(args.id))).draft }),
  }),
  repeal: t.field({
    type: PublishPayload,
    authScopes: { authenticated: true },
    description: 'Repeals what a draft published, from a day, by a repealing instrument: the one change a published record takes.',
    args: {
      id: t.arg.globalID({ for: DraftRef, required: true, description: 'Global ID of the draft that published it.' }),
      on: t.arg({ type: 'Date', required: true, description: 'The first day it is no longer in force.' }),
      instrument: t.arg.string({ required: true, description: 'Slug of the repealing instrument.' }),
    },
    resolve: async (_r, args, ctx) => ({
      draft: (await repealPublished(ctx.db, acting(ctx), draftId(args.id), args.on, args.instrument)).draft,
    }),
  }),
}));

builder.queryField('drafts', (t) =>
  t.connection(
    {
      type: DraftRef,
      authScopes: { authenticated: true },
      description:
        'Drafts the caller may see (its jurisdiction’s, a province’s cities’, agreements it is party to; reviewers and admins: all), oldest first.',
      args: {
        jurisdiction: t.arg.string({ description: 'Only drafts owned by this jurisdiction (code).' }),
        status: t.arg({ type: [DraftStatusEnum], description: 'Only drafts in these statuses.' }),
      },
      resolve: async (_r, args, ctx) => {
        const actor = ctx.actor!;
        const all = await listJurisdictions(ctx.db);
        let jurisdictionIds: number[] | null = null;
        if (args.jurisdiction) {
          const j = all.find((x) => x.code === args.jurisdiction);
          if (!j) throw notFound('jurisdiction', args.jurisdiction);
          jurisdictionIds = [j.id];
        }
        const visibleTo = has(actor, 'ADMIN') || has(actor, 'REVIEWER') ? null : all.filter((j) => draftsFor(actor, j)).map((j) => j.id);
        const filter = { jurisdictionIds, statuses: args.status ?? null, visibleTo };
        return sequenceConnection(args, draftCursors, {
          fetch: (page) => listDrafts(ctx.db, filter, page),
          totalCount: () => countDrafts(ctx.db, filter),
        });
      },
    },
    { name: 'DraftConnection', description: 'A page of drafts (first or last ≤ 100, default 20).' },
    { name: 'DraftEdge', description: 'One draft in a page, with its cursor.' },
  ),
);

const ProblemRef = builder.objectRef<{ record: string; message: string }>('BundleProblem').implement({
  description: 'One problem of a bundle, named by its record.',
  fields: (t) => ({
    record: t.string({ description: 'Where: the record by natural keys (`catalogs[x].editions[2.0]`).', resolve: (p) => p.record }),
    message: t.string({ description: 'What is wrong.', resolve: (p) => p.message }),
  }),
});

const ImportPayload = builder
  .objectRef<{ dryRun: boolean; written: boolean; problems: { record: string; message: string }[]; report: unknown }>('ImportPayload')
  .implement({
    description:
      'What an import found and did: every problem, by record, in one pass; written only when there were none and it was not a dry run.',
    fields: (t) => ({
      dryRun: t.boolean({ description: 'Whether it only checked.', resolve: (p) => p.dryRun }),
      written: t.boolean({ description: 'Whether the bundle was written (in one transaction).', resolve: (p) => p.written }),
      problems: t.field({
        type: [ProblemRef],
        description: 'Every problem found; empty when the bundle is good.',
        resolve: (p) => p.problems,
      }),
      report: t.field({ type: 'JSON', nullable: true, description: 'Rows written per section, when written.', resolve: (p) => p.report }),
    }),
  });

builder.mutationField('importBundle', (t) =>
  t.field({
    type: ImportPayload,
    authScopes: { authenticated: true },
    description:
      'Checks a bundle (the format of seeds/bundle.schema.json) and, with `dryRun: false`, writes it in one transaction. Editors check bundles of their own jurisdiction; writing is for ADMIN accounts (a bureau publishes through drafts).',
    args: {
      bundle: t.arg({ type: 'JSON', required: true, description: 'The bundle, as a JSON object.' }),
      dryRun: t.arg.boolean({ defaultValue: true, description: 'Only check (the default).' }),
      correction: t.arg.string({ description: 'ADMIN: the reason for changing or cutting published records (audited).' }),
    },
    resolve: (_r, args, ctx) =>
      importBundle(ctx.db, acting(ctx), args.bundle, { dryRun: args.dryRun ?? true, correction: args.correction?.trim() || null }),
  }),
);
