import { benefitAudience, benefitKind } from '../../db/tables/index.ts';
import { builder } from '../../graphql/builder.ts';
import { enumOf } from '../../graphql/enums.ts';
import { groupLoader, loadableNode } from '../../graphql/nodes.ts';
import { addSourceFields } from '../instrument/instrument.schema.ts';
import { benefitStore, benefitsOfHolders } from './benefit.store.ts';

export const BenefitKindEnum = enumOf('BenefitKind', benefitKind.enumValues, 'What a benefit gives.', {
  WORK_PERMIT: 'Work-permit facilitation (age, education and experience limits, validity).',
  VISA_RESIDENCE: 'Visas and residence permits.',
  PERMANENT_RESIDENCE: 'Permanent residence.',
  PROFESSIONAL_TITLE: 'Professional titles: correspondence, direct application.',
  SKILL_CERTIFICATE: 'Vocational skill certificates.',
  TALENT_INTRODUCTION: 'Talent introduction (household registration, work-residence permits for Chinese nationals).',
  SERVICE: 'Other services and support.',
});

export const BenefitAudienceEnum = enumOf('BenefitAudience', benefitAudience.enumValues, 'Who a benefit is for.', {
  FOREIGN_NATIONALS: 'Foreign nationals.',
  CHINESE_NATIONALS: 'Chinese nationals.',
  ALL: 'Everyone who qualifies.',
});

const BenefitParameterRef = builder.objectRef<{ name: string; value: string | number | boolean }>('BenefitParameter').implement({
  description: 'A number or setting the benefit text names (maxAge 65, validityYears 5).',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Parameter name (camelCase).' }),
    value: t.string({ description: 'Its value, as text.', resolve: (p) => String(p.value) }),
  }),
});

/** Global ID: the slug. */
export const BenefitRef = loadableNode('Benefit', benefitStore);

/** The benefits linked to each kind of holder, batched and cached per request. */
export const benefitsOf = {
  list: groupLoader(
    (db, ids: number[]) => benefitsOfHolders(db, 'list', ids),
    (b) => b.holderId,
  ),
  version: groupLoader(
    (db, ids: number[]) => benefitsOfHolders(db, 'version', ids),
    (b) => b.holderId,
  ),
  agreement: groupLoader(
    (db, ids: number[]) => benefitsOfHolders(db, 'agreement', ids),
    (b) => b.holderId,
  ),
};

BenefitRef.implement({
  description: 'A policy measure for holders of a listed qualification, a category or an agreement.',
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Stable natural key.' }),
    kind: t.field({ type: BenefitKindEnum, description: 'What the benefit gives.', resolve: (b) => b.kind }),
    audience: t.field({ type: BenefitAudienceEnum, description: 'Who it is for.', resolve: (b) => b.audience }),
    text: t.exposeString('text', { description: 'The measure, in English.' }),
    textZh: t.exposeString('textZh', { nullable: true, description: 'The measure, in Chinese.' }),
    parameters: t.field({
      type: [BenefitParameterRef],
      description: 'Numbers the text names, by name.',
      resolve: (b) =>
        Object.entries(b.parameters)
          .sort(([a], [z]) => a.localeCompare(z))
          .map(([name, value]) => ({ name, value })),
    }),
    verified: t.exposeBoolean('verified', { description: 'False where the benefit rests on one weak source: see `note`.' }),
    note: t.exposeString('note', { nullable: true, description: 'Caveats.' }),
  }),
});
addSourceFields(BenefitRef, 'benefit', 'benefit', (b) => b.id);
