import DataLoader from 'dataloader';
import { badInput, notFound } from '../../errors.ts';
import { builder } from '../../graphql/builder.ts';
import type { Context } from '../../graphql/context.ts';
import { enumOf } from '../../graphql/enums.ts';
import { filterSql } from '../../graphql/filters.ts';
import { loadAll, perRequest } from '../../graphql/nodes.ts';
import { orderEnum } from '../../graphql/ordering.ts';
import {
  agreementArgs,
  agreementConnection,
  RecognitionAgreementConnection,
  RecognitionAgreementRef,
} from '../agreement/agreement.schema.ts';
import { BenefitRef, benefitsOf as benefitsOfHolder } from '../benefit/benefit.schema.ts';
import type { BenefitRow } from '../benefit/benefit.store.ts';
import { CatalogEditionRef, CatalogEntryRef, CatalogListRef } from '../catalog/catalog.schema.ts';
import { citationsOf, InstrumentRef } from '../instrument/instrument.schema.ts';
import type { CitationRow, InstrumentRow } from '../instrument/instrument.store.ts';
import { JurisdictionRef } from '../jurisdiction/jurisdiction.schema.ts';
import type { JurisdictionRow } from '../jurisdiction/jurisdiction.store.ts';
import { QualificationFilterInput } from '../qualification/qualification.filters.schema.ts';
import { QUALIFICATION_ORDER } from '../qualification/qualification.filters.store.ts';
import { orderedQualifications, QualificationRef } from '../qualification/qualification.schema.ts';
import type { QualificationRow } from '../qualification/qualification.store.ts';
import { StandardRef, StandardVersionRef, TalentCategoryRef } from '../standard/standard.schema.ts';
import { type CategoryRow, listTalentCategories } from '../standard/standard.store.ts';
import { asOfArg, DatePrecisionEnum } from '../time/time.schema.ts';
import { BASES, type PossibleRecognition, type QualificationAnswer, type Recognition } from './recognition.rules.ts';
import { agreementsOfJurisdiction, qualificationRecognitions, statusRecognitions } from './recognition.service.ts';
import { honouredQualifications } from './recognition.store.ts';

export const RecognitionBasisEnum = enumOf('RecognitionBasis', BASES, 'Why a jurisdiction honours a qualification or a talent category.', {
  LISTED: 'An edition of its own catalogs in force that day lists the qualification.',
  AGREEMENT: 'An agreement in force extends to it what another party lists (or grants).',
  EQUIVALENCE: 'An equivalence in force that applies there makes the qualification count as one it lists (one hop, never chained).',
  ISSUER: 'The category was granted there, and a standard conferring it is in force there.',
  NATIONWIDE: 'A national rule in force: every mainland provincial-level jurisdiction honours the category.',
});

const RecognitionRef = builder.objectRef<Recognition>('Recognition');
const PossibleRecognitionRef = builder.objectRef<PossibleRecognition>('PossibleRecognition');

/** Recognitions of many qualifications on a day: one engine run per day asked, however many qualifications. */
const qualificationAnswer = perRequest(
  (ctx) =>
    new DataLoader<{ qualificationId: number; day: string }, QualificationAnswer, string>(
      async (keys) => {
        const answers = new Map<string, QualificationAnswer>();
        for (const day of new Set(keys.map((k) => k.day))) {
          const ids = [...new Set(keys.filter((k) => k.day === day).map((k) => k.qualificationId))];
          for (const [id, answer] of await qualificationRecognitions(ctx.db, ids, day)) answers.set(`${id}|${day}`, answer);
        }
        return keys.map((k) => answers.get(`${k.qualificationId}|${k.day}`)!);
      },
      { cacheKeyFn: (k) => `${k.qualificationId}|${k.day}` },
    ),
);

// NOTE: every loader a recognition needs is called in the same tick, for every recognition of
// the answer, so that each batches into one statement however the database's replies interleave:
// awaiting one loader before calling the next made the count vary with timing.

/** Everything a recognition cites (edition, entry, agreement, standard versions), for all recognitions at once. */
const recognitionCitations = perRequest(
  (ctx) =>
    new DataLoader<Recognition, CitationRow[]>(async (recognitions) =>
      Promise.all(
        recognitions.map(async (r) =>
          (
            await Promise.all([
              r.editionId === null ? [] : citationsOf.edition(ctx).load(r.editionId),
              r.entryId === null ? [] : citationsOf.entry(ctx).load(r.entryId),
              r.agreementId === null ? [] : citationsOf.agreement(ctx).load(r.agreementId),
              ...[...new Set([...(r.standardVersionId === null ? [] : [r.standardVersionId]), ...r.conferringVersionIds])].map((id) =>
                citationsOf.version(ctx).load(id),
              ),
            ])
          ).flat(),
        ),
      ),
    ),
);

/** Drops misses (null) from rows loaded with `loadAll`, which has already failed on any error. */
const present = <T>(rows: (T | null)[]): T[] => rows.filter((r): r is T => r !== null);

async function benefitsOf(r: Recognition, ctx: Context): Promise<BenefitRow[]> {
  const [lists, agreement, standard] = await Promise.all([
    r.basis === 'LISTED' || r.basis === 'EQUIVALENCE' ? loadAll(benefitsOfHolder.list(ctx), r.listIds) : [],
    r.agreementId === null ? [] : benefitsOfHolder.agreement(ctx).load(r.agreementId),
    loadAll(benefitsOfHolder.version(ctx), r.conferringVersionIds),
  ]);
  const seen = new Set<number>();
  return [...lists.flat(), ...agreement, ...standard.flat().filter((b) => b.categoryId === null || b.categoryId === r.categoryId)].filter(
    (b) => !seen.has(b.id) && seen.add(b.id),
  );
}

async function sourcesOf(r: Recognition, ctx: Context): Promise<InstrumentRow[]> {
  // One loader gathers the citations of every recognition at once, so all of them ask for their
  // instruments in the same tick.
  const citations = await recognitionCitations(ctx).load(r);
  const instruments = present(await loadAll(InstrumentRef.getDataloader(ctx), [...new Set(citations.map((c) => c.instrumentId))]));
  return instruments.sort((a, b) => (a.issuedOn ?? '9999').localeCompare(b.issuedOn ?? '9999') || a.id - b.id);
}

RecognitionRef.implement({
  description:
    'One jurisdiction honouring a qualification or a talent category on one basis, with the window around `asOf` in which it holds and its sources.',
  fields: (t) => ({
    jurisdiction: t.field({
      type: JurisdictionRef,
      description: 'The jurisdiction that honours it.',
      resolve: (r) => r.jurisdictionId,
    }),
    basis: t.field({ type: RecognitionBasisEnum, description: 'Why it is honoured.', resolve: (r) => r.basis }),
    edition: t.field({
      type: CatalogEditionRef,
      nullable: true,
      description:
        "LISTED / AGREEMENT / EQUIVALENCE: the edition in force on `asOf` that lists the qualification (for AGREEMENT, the giving party's; for EQUIVALENCE, the one listing `via`).",
      resolve: (r) => r.editionId,
    }),
    entry: t.field({
      type: CatalogEntryRef,
      nullable: true,
      description: 'The catalog entry behind a LISTED, AGREEMENT or EQUIVALENCE recognition.',
      resolve: (r) => r.entryId,
    }),
    lists: t.field({
      type: [CatalogListRef],
      description: 'The lists of `edition` that carry the qualification.',
      resolve: (r) => r.listIds,
    }),
    agreement: t.field({
      type: RecognitionAgreementRef,
      nullable: true,
      description: 'AGREEMENT / EQUIVALENCE / NATIONWIDE: the agreement or national rule applied.',
      resolve: (r) => r.agreementId,
    }),
    sourceJurisdiction: t.field({
      type: JurisdictionRef,
      nullable: true,
      description: 'AGREEMENT: the party whose listing or grant the agreement extends.',
      resolve: (r) => r.sourceJurisdictionId,
    }),
    via: t.field({
      type: QualificationRef,
      nullable: true,
      description: 'EQUIVALENCE: the qualification that is listed, which the one asked about counts as.',
      resolve: (r) => r.viaQualificationId,
    }),
    standard: t.field({
      type: StandardRef,
      nullable: true,
      description: 'Status recognition: the standard that conferred the category (the most local one in force).',
      resolve: async (r, _a, ctx) => {
        if (r.standardVersionId === null) return null;
        return (await StandardVersionRef.getDataloader(ctx).load(r.standardVersionId))?.standardId ?? null;
      },
    }),
    standardVersion: t.field({
      type: StandardVersionRef,
      nullable: true,
      description: 'Status recognition: the version of `standard` in force on `asOf`.',
      resolve: (r) => r.standardVersionId,
    }),
    benefits: t.field({
      type: [BenefitRef],
      description:
        'Benefits that come with it: of the lists (LISTED, EQUIVALENCE), the agreement, or the category under every standard in force that confers it (ISSUER).',
      resolve: (r, _a, ctx) => benefitsOf(r, ctx),
    }),
    from: t.field({
      type: 'Date',
      description: 'First day of the window around `asOf` in which this recognition holds.',
      resolve: (r) => r.from,
    }),
    fromPrecision: t.field({ type: DatePrecisionEnum, description: 'How exactly `from` is known.', resolve: (r) => r.fromPrecision }),
    to: t.field({
      type: 'Date',
      nullable: true,
      description: 'First day it no longer holds (exclusive); null while no end is known.',
      resolve: (r) => r.to,
    }),
    toPrecision: t.field({
      type: DatePrecisionEnum,
      nullable: true,
      description: 'How exactly `to` is known.',
      resolve: (r) => r.toPrecision,
    }),
    sources: t.field({
      type: [InstrumentRef],
      description: 'The documents the recognition rests on: edition, entry, agreement and standard sources, oldest first.',
      resolve: (r, _a, ctx) => sourcesOf(r, ctx),
    }),
  }),
});

PossibleRecognitionRef.implement({
  description:
    'A recognition the hub can neither confirm nor rule out: it would hold if the qualification were on `edition`, an edition in force whose entries are not all loaded.',
  fields: (t) => ({
    jurisdiction: t.field({
      type: JurisdictionRef,
      description: 'The jurisdiction that may honour it.',
      resolve: (p) => p.jurisdictionId,
    }),
    basis: t.field({ type: RecognitionBasisEnum, description: 'The basis it would be honoured on.', resolve: (p) => p.basis }),
    edition: t.field({
      type: CatalogEditionRef,
      description: 'The incomplete edition that may list it.',
      resolve: (p) => p.editionId,
    }),
    agreement: t.field({
      type: RecognitionAgreementRef,
      nullable: true,
      description: 'The agreement that would extend it, for AGREEMENT and EQUIVALENCE.',
      resolve: (p) => p.agreementId,
    }),
  }),
});

interface QualificationRecognitionShape {
  qualification: QualificationRow;
  asOf: string;
}

const QualificationRecognitionRef = builder.objectRef<QualificationRecognitionShape>('QualificationRecognition').implement({
  description: 'Where a qualification is honoured on a day, on what basis, and what the hub cannot know.',
  fields: (t) => ({
    qualification: t.field({ type: QualificationRef, description: 'The qualification asked about.', resolve: (s) => s.qualification }),
    asOf: t.field({ type: 'Date', description: 'The day the answer is for.', resolve: (s) => s.asOf }),
    recognitions: t.field({
      type: [RecognitionRef],
      description: 'One per honouring jurisdiction, basis and catalog or agreement, by jurisdiction code.',
      resolve: async (s, _a, ctx) =>
        (await qualificationAnswer(ctx).load({ qualificationId: s.qualification.id, day: s.asOf })).recognitions,
    }),
    incomplete: t.field({
      type: [CatalogEditionRef],
      description:
        'In-force editions whose loaded entries are fewer than declared (or whose size is not declared): the qualification may be on them.',
      resolve: async (s, _a, ctx) =>
        (await qualificationAnswer(ctx).load({ qualificationId: s.qualification.id, day: s.asOf })).incomplete.map((e) => e.editionId),
    }),
    possible: t.field({
      type: [PossibleRecognitionRef],
      description:
        'Recognitions that would follow if the qualification were on an incomplete edition: the hub does not say "not honoured" there.',
      resolve: async (s, _a, ctx) => (await qualificationAnswer(ctx).load({ qualificationId: s.qualification.id, day: s.asOf })).possible,
    }),
  }),
});

interface StatusRecognitionShape {
  category: CategoryRow;
  grantedIn: JurisdictionRow;
  asOf: string;
  recognitions: Recognition[];
}

export const StatusRecognitionRef = builder.objectRef<StatusRecognitionShape>('StatusRecognition').implement({
  description: 'Where a talent category granted in one jurisdiction is honoured on a day, and on what basis.',
  fields: (t) => ({
    category: t.string({ description: 'The category code asked about.', resolve: (s) => s.category.code }),
    talentCategory: t.field({
      type: TalentCategoryRef,
      description: 'The category asked about.',
      resolve: (s) => s.category,
    }),
    grantedIn: t.field({ type: JurisdictionRef, description: 'Where the category was granted.', resolve: (s) => s.grantedIn }),
    asOf: t.field({ type: 'Date', description: 'The day the answer is for.', resolve: (s) => s.asOf }),
    recognitions: t.field({
      type: [RecognitionRef],
      description: 'One per honouring jurisdiction, basis and agreement, by jurisdiction code.',
      resolve: (s) => s.recognitions,
    }),
  }),
});

/**
 * The `statusRecognition` answer: where `categoryCode` granted in `grantedInCode` is honoured on
 * `asOf`. An unknown category is BAD_USER_INPUT listing the valid codes (at `argument`); an unknown
 * jurisdiction is NOT_FOUND. Shared by the root field and by `PointsEvaluation.whereHonoured`.
 */
export async function statusRecognitionAnswer(
  ctx: Context,
  categoryCode: string,
  grantedInCode: string,
  asOf: string,
  argument = 'category',
): Promise<StatusRecognitionShape> {
  const category = await TalentCategoryRef.getDataloader(ctx).load(categoryCode);
  if (!category) {
    const codes = (await listTalentCategories(ctx.db)).map((c) => c.code);
    throw badInput(`Unknown category '${categoryCode}': valid codes are ${codes.join(', ')}`, {
      argument,
      validCodes: codes,
    });
  }
  const grantedIn = await JurisdictionRef.getDataloader(ctx).load(grantedInCode);
  if (!grantedIn) throw notFound('jurisdiction', grantedInCode);
  return { category, grantedIn, asOf, recognitions: await statusRecognitions(ctx.db, category.id, grantedIn, asOf) };
}

interface HonouredShape {
  qualification: QualificationRow;
  jurisdictionId: number;
  day: string;
}

const HonouredQualificationRef = builder.objectRef<HonouredShape>('HonouredQualification').implement({
  description: 'A qualification a jurisdiction honours on a day, with the bases it does so on.',
  fields: (t) => ({
    qualification: t.field({
      type: QualificationRef,
      description: 'The qualification.',
      resolve: (h) => h.qualification,
    }),
    recognitions: t.field({
      type: [RecognitionRef],
      description: 'How this jurisdiction honours it: one per basis and catalog or agreement.',
      resolve: async (h, _a, ctx) =>
        (await qualificationAnswer(ctx).load({ qualificationId: h.qualification.id, day: h.day })).recognitions.filter(
          (r) => r.jurisdictionId === h.jurisdictionId,
        ),
    }),
  }),
});
const HonouredOrderEnum = orderEnum(
  { ...QUALIFICATION_ORDER, name: 'HonouredQualificationOrder' },
  'How the qualifications a jurisdiction honours are ordered: one or more keys, each ascending or descending; the slug breaks ties.',
);

builder.objectFields(JurisdictionRef, (t) => ({
  honouredQualifications: t.connection(
    {
      type: HonouredQualificationRef,
      description:
        'The qualifications this jurisdiction honours on `asOf` (listed, extended by an agreement, or by equivalence), with filters; by slug unless `orderBy` says otherwise.',
      args: {
        asOf: asOfArg('to look at'),
        basis: t.arg({ type: [RecognitionBasisEnum], required: false, description: 'Only qualifications honoured on one of these bases.' }),
        field: t.arg.string({
          required: false,
          description: 'Only qualifications of this field: its code, or its English or Chinese label (exact, any case).',
        }),
        issuerCountry: t.arg.string({ required: false, description: 'Only qualifications whose issuing body is seated in this country.' }),
        filter: t.arg({
          type: QualificationFilterInput.ref,
          required: false,
          description: 'Conditions on the qualifications (and, or, not).',
        }),
        orderBy: t.arg({
          type: [HonouredOrderEnum],
          required: false,
          description: 'The order, key by key (default SLUG_ASC); the slug breaks ties.',
        }),
      },
      resolve: async (j, args, ctx) => {
        const day = args.asOf ?? ctx.today;
        const honoured = await honouredQualifications(ctx.db, j.id, day, {
          bases: args.basis,
          field: args.field,
          issuerCountry: args.issuerCountry,
          filter: await filterSql(ctx, QualificationFilterInput, args.filter),
        });
        return orderedQualifications(ctx, args, {
          kind: 'honoured',
          search: undefined,
          ordered: honoured.ordered,
          totalCount: honoured.count,
          shape: (rows: QualificationRow[]) => rows.map((qualification) => ({ qualification, jurisdictionId: j.id, day })),
        });
      },
    },
    { name: 'HonouredQualificationConnection', description: 'A page of honoured qualifications (first or last ≤ 100, default 20).' },
    { name: 'HonouredQualificationEdge', description: 'One honoured qualification in a page, with its cursor.' },
  ),
  agreements: t.field({
    type: [RecognitionAgreementRef],
    description:
      'Agreements in force on `asOf` that name this jurisdiction (itself or through a region group), and national rules that reach it, by slug. `agreementsConnection` pages, filters and orders them.',
    args: { asOf: asOfArg('to look at') },
    resolve: async (j, { asOf }, ctx) => {
      const ids = await agreementsOfJurisdiction(ctx.db, j, asOf ?? ctx.today);
      return present(await loadAll(RecognitionAgreementRef.getDataloader(ctx), ids)).sort((a, b) => a.slug.localeCompare(b.slug));
    },
  }),
  agreementsConnection: t.connection(
    {
      type: RecognitionAgreementRef,
      description:
        'The agreements of `agreements` (in force on `asOf`, naming this jurisdiction or reaching it), filtered, ordered and paged both ways: use it where they grow.',
      args: { asOf: asOfArg('to look at'), ...agreementArgs(t.arg) },
      resolve: async (j, args, ctx) => agreementConnection(ctx, args, await agreementsOfJurisdiction(ctx.db, j, args.asOf ?? ctx.today)),
    },
    RecognitionAgreementConnection,
  ),
}));

builder.objectField(QualificationRef, 'recognitions', (t) =>
  t.field({
    type: [RecognitionRef],
    description: 'Where this qualification is honoured on `asOf` (see `qualificationRecognition` for what the hub cannot know).',
    args: { asOf: asOfArg('to look at') },
    resolve: async (q, { asOf }, ctx) =>
      (await qualificationAnswer(ctx).load({ qualificationId: q.id, day: asOf ?? ctx.today })).recognitions,
  }),
);

builder.queryFields((t) => ({
  qualificationRecognition: t.field({
    type: QualificationRecognitionRef,
    description:
      'Where qualification `qualification` (a slug) is honoured on `asOf` (default: today, China time). An unknown slug is NOT_FOUND.',
    args: {
      qualification: t.arg.string({ required: true, description: 'The qualification slug ("ieee-fellow").' }),
      asOf: asOfArg('to answer for'),
    },
    resolve: async (_r, args, ctx) => {
      const qualification = await QualificationRef.getDataloader(ctx).load(args.qualification);
      if (!qualification) throw notFound('qualification', args.qualification);
      return { qualification, asOf: args.asOf ?? ctx.today };
    },
  }),
  statusRecognition: t.field({
    type: StatusRecognitionRef,
    description:
      "Where a talent category (A, B, or a local designation's code) granted in `grantedIn` is honoured. An unknown category is BAD_USER_INPUT listing the valid codes; an unknown jurisdiction is NOT_FOUND.",
    args: {
      category: t.arg.string({ required: true, description: 'The category code: A, B, C or a local code such as CQ-HQS.' }),
      grantedIn: t.arg.string({ required: true, description: 'Code of the jurisdiction that granted it ("CN-CQ").' }),
      asOf: asOfArg('to answer for'),
    },
    resolve: (_r, args, ctx) => statusRecognitionAnswer(ctx, args.category, args.grantedIn, args.asOf ?? ctx.today),
  }),
}));
