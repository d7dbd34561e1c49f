import { agreementDirection, agreementKind, partyRole } from '../../db/tables/index.ts';
import { builder } from '../../graphql/builder.ts';
import { enumOf } from '../../graphql/enums.ts';
import { groupLoader, loadableNode } from '../../graphql/nodes.ts';
import { BenefitRef, benefitsOf } from '../benefit/benefit.schema.ts';
import { CatalogRef } from '../catalog/catalog.schema.ts';
import { addSourceFields } from '../instrument/instrument.schema.ts';
import { JurisdictionRef, RegionGroupRef } from '../jurisdiction/jurisdiction.schema.ts';
import { QualificationRef } from '../qualification/qualification.schema.ts';
import { StandardRef, TalentCategoryRef } from '../standard/standard.schema.ts';
import { addValidityFields } from '../time/time.schema.ts';
import { agreementStore, listAgreements, type PartyRow, partiesOfAgreements } from './agreement.store.ts';

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
    description: 'Every recognition agreement (of any date), by slug; of one kind when `kind` is given.',
    args: { kind: t.arg({ type: AgreementKindEnum, required: false, description: 'Only agreements of this kind.' }) },
    resolve: (_r, { kind }, ctx) => listAgreements(ctx.db, kind ?? undefined),
  }),
}));
