import DataLoader from 'dataloader';
import { inKeyOrder } from '../../db/batch.ts';
import { builder } from '../../graphql/builder.ts';
import { perRequest } from '../../graphql/nodes.ts';
import { type FieldRow, fieldsByCode, listFields } from './field.store.ts';

/** A term of the field vocabulary, loaded by code (batched and cached per request). */
export const fieldOf = perRequest(
  (ctx) => new DataLoader<string, FieldRow | null>(async (codes) => inKeyOrder(codes, await fieldsByCode(ctx.db, codes), (f) => f.code)),
);

export const FieldRef = builder.objectRef<FieldRow>('Field').implement({
  description:
    'A term of the controlled field vocabulary that qualifications and catalog entries are filed under, with English and Chinese labels: coverage by field groups by these terms, whatever language a source used.',
  fields: (t) => ({
    code: t.exposeString('code', {
      description: 'Stable code of the field ("finance-management"): what `field` filters and coverage groups take.',
    }),
    name: t.exposeString('nameEn', { description: 'English label.' }),
    nameZh: t.exposeString('nameZh', { description: 'Chinese label.' }),
    description: t.exposeString('description', { nullable: true, description: 'What the field covers.' }),
    note: t.exposeString('note', {
      nullable: true,
      description: 'The basis of the term: the sources that name the field, and which of its labels is a translation.',
    }),
  }),
});

/** A `fieldTerm` resolver for any row with a field code. */
export const resolveFieldTerm = async (code: string | null, ctx: Parameters<typeof fieldOf>[0]) =>
  code === null ? null : await fieldOf(ctx).load(code);

builder.queryFields((t) => ({
  fields: t.field({
    type: [FieldRef],
    description: 'The field vocabulary, by code.',
    resolve: async (_r, _a, ctx) => await listFields(ctx.db),
  }),
}));
