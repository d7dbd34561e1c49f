import type { ArgBuilder } from '@pothos/core';
import type { DefaultConnectionArguments } from '@pothos/plugin-relay';
import { agreementDirection, agreementKind, partyRole } from '../../db/tables/index.ts';
import { builder, type HubTypes } from '../../graphql/builder.ts';
import type { Context } from '../../graphql/context.ts';
import { enumOf } from '../../graphql/enums.ts';
import { filterSql } from '../../graphql/filters.ts';
import { groupLoader, loadableNode } from '../../graphql/nodes.ts';
import { orderedConnection, sortsOf } from '../../graphql/ordering.ts';
import { BenefitRef, benefitsOf } from '../benefit/benefit.schema.ts';
import { CatalogRef } from '../catalog/catalog.schema.ts';
import { addSourceFields } from '../instrument/instrument.schema.ts';
import { JurisdictionRef, RegionGroupRef } from '../jurisdiction/jurisdiction.schema.ts';
import { QualificationRef } from '../qualification/qualification.schema.ts';
import { StandardRef, TalentCategoryRef } from '../standard/standard.schema.ts';
import { addValidityFields } from '../time/time.schema.ts';
import { AgreementFilterInput, AgreementOrderEnum } from './agreement.filters.schema.ts';
import { AGREEMENT_ORDER } from './agreement.filters.store.ts';
import {
  type AgreementRow,
  agreementStore,
  agreementsOrdered,
  agreementsWhere,
  countAgreements,
  listAgreements,
  type PartyRow,
  partiesOfAgreements,
} from './agreement.store.ts';

export const AgreementKindEnum = enumOf('AgreementKind', agreementKind.enumValues, 'What an agreement recognises.', {
  STATUS: 'A category granted by one party is honoured by the others (Sichuan–Chongqing, A-class).',
  NATIONWIDE:
    'A national rule: every mainland provincial-level jurisdiction honours the category ("one-time approval, nationwide recognition").',
  LISTING: 'A qualification listed or verified by a party is honoured by the others (no second verification).',
  EQUIVALENCE: 'One qualification counts as another.',
  TITLE: 'Mutual recognition of professional titles or technician ranks: recorded for reference.',
});

export const AgreementDirectionEnum = enumOf('AgreementDirection', agreementDirection.enumValues, 'Which way an agreement works.', {
  MUTUAL: 'Every party honours every other party.',
  ONE_WAY: 'The TARGET parties honour what the SOURCE parties grant or list.',
});

export const PartyRoleEnum = enumOf('AgreementPartyRole', partyRole.enumValues, 'The part a party plays in an agreement.', {
  PARTY: 'A party of a mutual agreement.',
  SOURCE: 'Grants or lists, in a one-way agreement.',
  TARGET: 'Honours, in a one-way agreement.',
});

/** Global ID: the slug. */
export const RecognitionAgreementRef = loadableNode('RecognitionAgreement', agreementStore);
const AgreementPartyRef = builder.objectRef<PartyRow>('AgreementParty');
const partiesOf = groupLoader(partiesOfAgreements, (p) => p.agreementId);

AgreementPartyRef.implement({
  description: 'A party of an agreement: one jurisdiction, or a region group standing for each of its members.',
  fields: (t) => ({
    role: t.field({ type: PartyRoleEnum, description: 'The part it plays.', resolve: (p) => p.role }),
    jurisdiction: t.field({
      type: JurisdictionRef,
      nullable: true,
      description: 'The jurisdiction, when the party is one.',
      resolve: (p) => p.jurisdictionId,
    }),
    group: t.field({
      type: RegionGroupRef,
      nullable: true,
      description: 'The region group, when the party is one.',
      resolve: (p) => p.regionGroupId,
    }),
  }),
});

RecognitionAgreementRef.implement({
  description: 'Who honours what from whom: status recognition, nationwide rules, listing recognition, qualification equivalence.',
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Stable natural key.' }),
    name: t.exposeString('name', { description: 'English name.' }),
    nameZh: t.exposeString('nameZh', { nullable: true, description: 'Chinese name.' }),
    kind: t.field({ type: AgreementKindEnum, description: 'What it recognises.', resolve: (a) => a.kind }),
    direction: t.field({ type: AgreementDirectionEnum, description: 'Which way it works.', resolve: (a) => a.direction }),
    description: t.exposeString('description', { nullable: true, description: 'What it provides, in English.' }),
    descriptionZh: t.exposeString('descriptionZh', { nullable: true, description: 'What it provides, in Chinese.' }),
    parties: t.field({
      type: [AgreementPartyRef],
      description: 'The parties with their roles.',
      resolve: (a, _x, ctx) => partiesOf(ctx).load(a.id),
    }),
    category: t.field({
      type: TalentCategoryRef,
      nullable: true,
      description: 'STATUS and NATIONWIDE: the category honoured.',
      resolve: (a) => a.categoryId,
    }),
    standard: t.field({
      type: StandardRef,
      nullable: true,
      description: 'The standard under which the category must have been conferred (the national unified criteria).',
      resolve: (a) => a.standardId,
    }),
    catalog: t.field({
      type: CatalogRef,
      nullable: true,
      description: 'LISTING: the catalog whose listings are extended (any catalog of the source when null).',
      resolve: (a) => a.catalogId,
    }),
    qualification: t.field({
      type: QualificationRef,
      nullable: true,
      description: 'EQUIVALENCE: the qualification that counts as another.',
      resolve: (a) => a.qualificationId,
    }),
    equivalentQualification: t.field({
      type: QualificationRef,
      nullable: true,
      description: 'EQUIVALENCE: the qualification it counts as.',
      resolve: (a) => a.equivalentQualificationId,
    }),
    benefits: t.field({
      type: [BenefitRef],
      description: 'Benefits the agreement gives.',
      resolve: (a, _x, ctx) => benefitsOf.agreement(ctx).load(a.id),
    }),
  }),
});
// Agreements form no series: an ended agreement is REPEALED or LAPSED, never SUPERSEDED.
addValidityFields(RecognitionAgreementRef, 'agreement', async () => []);
addSourceFields(RecognitionAgreementRef, 'agreement', 'agreement', (a) => a.id);

export const RecognitionAgreementConnection = builder.connectionObject(
  {
    type: RecognitionAgreementRef,
    name: 'RecognitionAgreementConnection',
    description: 'A page of recognition agreements (first or last ≤ 100, default 20).',
  },
  { name: 'RecognitionAgreementEdge', description: 'One agreement in a page, with its cursor.' },
);

/** The filter and order arguments of a list of agreements. */
export const agreementArgs = (arg: ArgBuilder<HubTypes>) => ({
  filter: arg({ type: AgreementFilterInput.ref, required: false, description: 'Conditions on the agreements (and, or, not).' }),
  orderBy: arg({ type: [AgreementOrderEnum], required: false, description: 'The order, key by key (default SLUG_ASC).' }),
});

/** A page of agreements (of these ids only, when given) in the order and with the filter asked. */
export async function agreementConnection(
  ctx: Context,
  args: DefaultConnectionArguments & { filter?: Record<string, unknown> | null; orderBy?: readonly string[] | null },
  ids: number[] | undefined,
) {
  const where = agreementsWhere(ids, await filterSql(ctx, AgreementFilterInput, args.filter));
  const sorts = sortsOf(ctx.db, AGREEMENT_ORDER, args.orderBy, ['SLUG_ASC']);
  return orderedConnection<AgreementRow>(args, {
    kind: 'agreement',
    sorts,
    fetch: (page) => agreementsOrdered(ctx.db, where, sorts, page),
    totalCount: () => countAgreements(ctx.db, where),
  });
}

builder.queryFields((t) => ({
  agreement: t.field({
    type: RecognitionAgreementRef,
    nullable: true,
    description: 'An agreement by slug; null when none has that slug.',
    args: { slug: t.arg.string({ required: true, description: 'The agreement slug.' }) },
    resolve: (_r, { slug }) => slug,
  }),
  agreements: t.field({
    type: [RecognitionAgreementRef],
    description:
      'Every recognition agreement (of any date), by slug; of one kind when `kind` is given. `agreementsConnection` pages, filters and orders them: use it where the agreements grow.',
    args: { kind: t.arg({ type: AgreementKindEnum, required: false, description: 'Only agreements of this kind.' }) },
    resolve: (_r, { kind }, ctx) => listAgreements(ctx.db, kind ?? undefined),
  }),
  agreementsConnection: t.connection(
    {
      type: RecognitionAgreementRef,
      description:
        'Every recognition agreement (of any date), filtered and ordered (default: by slug), paged both ways: "agreements Chongqing is party to, in force from 2024" is `agreementsConnection(filter: { parties: { anyEqualTo: "CN-CQ" }, validFrom: { greaterThanOrEqualTo: "2024-01-01" } })`.',
      args: agreementArgs(t.arg),
      resolve: async (_r, args, ctx) => agreementConnection(ctx, args, undefined),
    },
    RecognitionAgreementConnection,
  ),
}));
