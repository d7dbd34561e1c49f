import { asc } from 'drizzle-orm';
import { talentCategories } from '../../db/tables/index.ts';
import { badInput, notFound } from '../../errors.ts';
import { builder } from '../../graphql/builder.ts';
import { connectionOf, pageArgs, pageFrom, parsePage } from '../../graphql/connection.ts';
import type { Context } from '../../graphql/context.ts';
import { enumOf } from '../../graphql/enums.ts';
import {
  BenefitRef,
  CatalogEditionRef,
  CatalogEntryRef,
  CatalogListRef,
  InstrumentRef,
  JurisdictionRef,
  QualificationRef,
  RecognitionAgreementRef,
  StandardRef,
  StandardVersionRef,
  TalentCategoryRef,
} from '../../graphql/refs.ts';
import type { BenefitRow } from '../benefit/benefit.loaders.ts';
import type { InstrumentRow } from '../instrument/instrument.loaders.ts';
import { present } from '../instrument/instrument.schema.ts';
import type { JurisdictionRow } from '../jurisdiction/jurisdiction.loaders.ts';
import type { QualificationRow } from '../qualification/qualification.loaders.ts';
import { qualificationFilters } from '../qualification/qualification.schema.ts';
import { asOfArg, DatePrecisionEnum } from '../time/time.schema.ts';
import type { EditionInForce, PossibleRecognition, Recognition } from './recognition.rules.ts';
import { BASES } from './recognition.rules.ts';
import { agreementsOfJurisdiction, statusRecognitions } from './recognition.service.ts';
import { honouredQualificationPage } from './recognition.store.ts';

export const RecognitionBasisEnum = enumOf('RecognitionBasis', BASES, 'Why a jurisdiction honours a qualification or a talent category.', {
  LISTED: 'An edition of its own catalogs in force that day lists the qualification.',
  AGREEMENT: 'An agreement in force extends to it what another party lists (or grants).',
  EQUIVALENCE: 'An equivalence in force that applies there makes the qualification count as one it lists (one hop, never chained).',
  ISSUER: 'The category was granted there, and a standard conferring it is in force there.',
  NATIONWIDE: 'A national rule in force: every mainland provincial-level jurisdiction honours the category.',
});

const RecognitionRef = builder.objectRef<Recognition>('Recognition');
const PossibleRecognitionRef = builder.objectRef<PossibleRecognition>('PossibleRecognition');

// NOTE: every loader a recognition needs is called in the same tick, for every recognition of
// the answer, so that each batches into one statement however the database's replies interleave:
// awaiting one loader before calling the next made the count vary with timing.

async function benefitsOf(r: Recognition, ctx: Context): Promise<BenefitRow[]> {
  const [lists, agreement, standard] = await Promise.all([
    r.basis === 'LISTED' || r.basis === 'EQUIVALENCE' ? ctx.loaders.benefitsByList.loadMany(r.listIds) : [],
    r.agreementId === null ? [] : ctx.loaders.benefitsByAgreement.load(r.agreementId),
    ctx.loaders.benefitsByVersion.loadMany(r.conferringVersionIds),
  ]);
  const seen = new Set<number>();
  return [
    ...lists.flatMap((x) => (Array.isArray(x) ? x : [])),
    ...agreement,
    ...standard.flatMap((x) => (Array.isArray(x) ? x : [])).filter((b) => b.categoryId === null || b.categoryId === r.categoryId),
  ].filter((b) => !seen.has(b.id) && seen.add(b.id));
}

async function sourcesOf(r: Recognition, ctx: Context): Promise<InstrumentRow[]> {
  // One loader gathers the citations of every recognition at once, so all of them ask for their
  // instruments in the same tick.
  const citations = await ctx.loaders.recognitionCitations.load(r);
  const instruments = present(await ctx.loaders.instrumentById.loadMany([...new Set(citations.map((c) => c.instrumentId))]));
  return instruments.sort((a, b) => (a.issuedOn ?? '9999').localeCompare(b.issuedOn ?? '9999') || a.id - b.id);
}

RecognitionRef.implement({
  description:
    'One jurisdiction honouring a qualification or a talent category on one basis, with the window around `asOf` in which it holds and its sources.',
  fields: (t) => ({
    jurisdiction: t.field({
      type: JurisdictionRef,
      description: 'The jurisdiction that honours it.',
      resolve: async (r, _a, ctx) => (await ctx.loaders.jurisdictionById.load(r.jurisdictionId))!,
    }),
    basis: t.field({ type: RecognitionBasisEnum, description: 'Why it is honoured.', resolve: (r) => r.basis }),
    edition: t.field({
      type: CatalogEditionRef,
      nullable: true,
      description:
        "LISTED / AGREEMENT / EQUIVALENCE: the edition in force on `asOf` that lists the qualification (for AGREEMENT, the giving party's; for EQUIVALENCE, the one listing `via`).",
      resolve: (r, _a, ctx) => (r.editionId === null ? null : ctx.loaders.editionById.load(r.editionId)),
    }),
    entry: t.field({
      type: CatalogEntryRef,
      nullable: true,
      description: 'The catalog entry behind a LISTED, AGREEMENT or EQUIVALENCE recognition.',
      resolve: (r, _a, ctx) => (r.entryId === null ? null : ctx.loaders.entryById.load(r.entryId)),
    }),
    lists: t.field({
      type: [CatalogListRef],
      description: 'The lists of `edition` that carry the qualification.',
      resolve: async (r, _a, ctx) => present(await ctx.loaders.listById.loadMany(r.listIds)),
    }),
    agreement: t.field({
      type: RecognitionAgreementRef,
      nullable: true,
      description: 'AGREEMENT / EQUIVALENCE / NATIONWIDE: the agreement or national rule applied.',
      resolve: (r, _a, ctx) => (r.agreementId === null ? null : ctx.loaders.agreementById.load(r.agreementId)),
    }),
    sourceJurisdiction: t.field({
      type: JurisdictionRef,
      nullable: true,
      description: 'AGREEMENT: the party whose listing or grant the agreement extends.',
      resolve: (r, _a, ctx) => (r.sourceJurisdictionId === null ? null : ctx.loaders.jurisdictionById.load(r.sourceJurisdictionId)),
    }),
    via: t.field({
      type: QualificationRef,
      nullable: true,
      description: 'EQUIVALENCE: the qualification that is listed, which the one asked about counts as.',
      resolve: (r, _a, ctx) => (r.viaQualificationId === null ? null : ctx.loaders.qualificationById.load(r.viaQualificationId)),
    }),
    standard: t.field({
      type: StandardRef,
      nullable: true,
      description: 'Status recognition: the standard that conferred the category (the most local one in force).',
      resolve: async (r, _a, ctx) => {
        if (r.standardVersionId === null) return null;
        const v = await ctx.loaders.versionById.load(r.standardVersionId);
        return v ? ctx.loaders.standardById.load(v.standardId) : null;
      },
    }),
    standardVersion: t.field({
      type: StandardVersionRef,
      nullable: true,
      description: 'Status recognition: the version of `standard` in force on `asOf`.',
      resolve: (r, _a, ctx) => (r.standardVersionId === null ? null : ctx.loaders.versionById.load(r.standardVersionId)),
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
      resolve: async (p, _a, ctx) => (await ctx.loaders.jurisdictionById.load(p.jurisdictionId))!,
    }),
    basis: t.field({ type: RecognitionBasisEnum, description: 'The basis it would be honoured on.', resolve: (p) => p.basis }),
    edition: t.field({
      type: CatalogEditionRef,
      description: 'The incomplete edition that may list it.',
      resolve: async (p, _a, ctx) => (await ctx.loaders.editionById.load(p.editionId))!,
    }),
    agreement: t.field({
      type: RecognitionAgreementRef,
      nullable: true,
      description: 'The agreement that would extend it, for AGREEMENT and EQUIVALENCE.',
      resolve: (p, _a, ctx) => (p.agreementId === null ? null : ctx.loaders.agreementById.load(p.agreementId)),
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
        (await ctx.loaders.qualificationAnswer.load({ qualificationId: s.qualification.id, day: s.asOf })).recognitions,
    }),
    incomplete: t.field({
      type: [CatalogEditionRef],
      description:
        'In-force editions whose loaded entries are fewer than declared (or whose size is not declared): the qualification may be on them.',
      resolve: async (s, _a, ctx) =>
        present(
          await ctx.loaders.editionById.loadMany(
            (await ctx.loaders.qualificationAnswer.load({ qualificationId: s.qualification.id, day: s.asOf })).incomplete.map(
              (e: EditionInForce) => e.editionId,
            ),
          ),
        ),
    }),
    possible: t.field({
      type: [PossibleRecognitionRef],
      description:
        'Recognitions that would follow if the qualification were on an incomplete edition: the hub does not say "not honoured" there.',
      resolve: async (s, _a, ctx) =>
        (await ctx.loaders.qualificationAnswer.load({ qualificationId: s.qualification.id, day: s.asOf })).possible,
    }),
  }),
});

interface StatusRecognitionShape {
  category: { id: number; code: string };
  grantedIn: JurisdictionRow;
  asOf: string;
  recognitions: Recognition[];
}

const StatusRecognitionRef = builder.objectRef<StatusRecognitionShape>('StatusRecognition').implement({
  description: 'Where a talent category granted in one jurisdiction is honoured on a day, and on what basis.',
  fields: (t) => ({
    category: t.string({ description: 'The category code asked about.', resolve: (s) => s.category.code }),
    talentCategory: t.field({
      type: TalentCategoryRef,
      description: 'The category asked about.',
      resolve: async (s, _a, ctx) => (await ctx.loaders.categoryById.load(s.category.id))!,
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

interface HonouredShape {
  qualificationId: number;
  jurisdictionId: number;
  day: string;
}

const HonouredQualificationRef = builder.objectRef<HonouredShape>('HonouredQualification').implement({
  description: 'A qualification a jurisdiction honours on a day, with the bases it does so on.',
  fields: (t) => ({
    qualification: t.field({
      type: QualificationRef,
      description: 'The qualification.',
      resolve: async (h, _a, ctx) => (await ctx.loaders.qualificationById.load(h.qualificationId))!,
    }),
    recognitions: t.field({
      type: [RecognitionRef],
      description: 'How this jurisdiction honours it: one per basis and catalog or agreement.',
      resolve: async (h, _a, ctx) =>
        (await ctx.loaders.qualificationAnswer.load({ qualificationId: h.qualificationId, day: h.day })).recognitions.filter(
          (r) => r.jurisdictionId === h.jurisdictionId,
        ),
    }),
  }),
});
const HonouredConnection = connectionOf('HonouredQualification', HonouredQualificationRef, 'honoured qualification');

const HonouredOrderEnum = builder.enumType('HonouredQualificationOrder', {
  description: 'How the qualifications a jurisdiction honours are ordered.',
  values: {
    SLUG: { description: 'By slug.' },
    NAME: { description: 'By English name, then slug.' },
  },
});

builder.objectFields(JurisdictionRef, (t) => ({
  honouredQualifications: t.field({
    type: HonouredConnection,
    description:
      'The qualifications this jurisdiction honours on `asOf` (listed, extended by an agreement, or by equivalence), with filters; by slug unless `orderBy` says otherwise.',
    args: {
      asOf: asOfArg('to look at'),
      basis: t.arg({ type: [RecognitionBasisEnum], required: false, description: 'Only qualifications honoured on one of these bases.' }),
      field: t.arg.string({ required: false, description: 'Only qualifications of this field (exact, any case).' }),
      issuerCountry: t.arg.string({ required: false, description: 'Only qualifications whose issuing body is seated in this country.' }),
      orderBy: t.arg({ type: HonouredOrderEnum, required: false, description: 'SLUG (default) or NAME.' }),
      ...pageArgs,
    },
    resolve: async (j, args, ctx) => {
      const order = args.orderBy ?? 'SLUG';
      const kind = order === 'SLUG' ? 'honoured' : 'honoured-at';
      const { first, after } = parsePage(kind, args);
      if (order === 'NAME' && after !== null && !(Number.isSafeInteger(Number(after)) && Number(after) >= 0))
        throw badInput('after is not a cursor of this connection', { argument: 'after' });
      const day = args.asOf ?? ctx.today;
      const page = await honouredQualificationPage(ctx.db, j.id, day, {
        first,
        after,
        order,
        bases: args.basis ?? undefined,
        filter: qualificationFilters(args),
      });
      const rows = present(await ctx.loaders.qualificationById.loadMany(page.ids));
      let position = after === null ? 0 : Number(after);
      const shaped = rows.map((q) => ({ qualificationId: q.id, jurisdictionId: j.id, day, slug: q.slug, position: ++position }));
      const connection = pageFrom(kind, shaped, first, after, (h) => (order === 'SLUG' ? h.slug : h.position), page.totalCount);
      connection.pageInfo.hasNextPage = page.hasNextPage;
      return connection;
    },
  }),
  agreements: t.field({
    type: [RecognitionAgreementRef],
    description:
      'Agreements in force on `asOf` that name this jurisdiction (itself or through a region group), and national rules that reach it.',
    args: { asOf: asOfArg('to look at') },
    resolve: async (j, { asOf }, ctx) => {
      const ids = await agreementsOfJurisdiction(ctx.db, j, asOf ?? ctx.today);
      return present(await ctx.loaders.agreementById.loadMany(ids)).sort((a, b) => a.slug.localeCompare(b.slug));
    },
  }),
}));

builder.objectField(QualificationRef, 'recognitions', (t) =>
  t.field({
    type: [RecognitionRef],
    description: 'Where this qualification is honoured on `asOf` (see `qualificationRecognition` for what the hub cannot know).',
    args: { asOf: asOfArg('to look at') },
    resolve: async (q, { asOf }, ctx) =>
      (await ctx.loaders.qualificationAnswer.load({ qualificationId: q.id, day: asOf ?? ctx.today })).recognitions,
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
      const qualification = await ctx.loaders.qualificationBySlug.load(args.qualification);
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
    resolve: async (_r, args, ctx) => {
      const category = await ctx.loaders.categoryByCode.load(args.category);
      if (!category) {
        const codes = (await ctx.db.select({ code: talentCategories.code }).from(talentCategories).orderBy(asc(talentCategories.code))).map(
          (c) => c.code,
        );
        throw badInput(`Unknown category '${args.category}': valid codes are ${codes.join(', ')}`, {
          argument: 'category',
          validCodes: codes,
        });
      }
      const grantedIn = await ctx.loaders.jurisdictionByCode.load(args.grantedIn);
      if (!grantedIn) throw notFound('jurisdiction', args.grantedIn);
      const asOf = args.asOf ?? ctx.today;
      return {
        category,
        grantedIn,
        asOf,
        recognitions: await statusRecognitions(ctx.db, category.id, grantedIn, asOf),
      };
    },
  }),
}));
