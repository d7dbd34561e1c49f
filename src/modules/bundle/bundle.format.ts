import { z } from 'zod';
import {
  agreementDirection,
  agreementKind,
  benefitAudience,
  benefitKind,
  catalogKind,
  instrumentKind,
  jurisdictionLevel,
  lifecycleStatus,
  occupationLevel,
  partyRole,
  pointsMeasure,
  reliability,
  standardScope,
  titleLevel,
} from '../../db/tables/index.ts';

// NOTE: this file is the single definition of the bundle format. seeds/bundle.schema.json is
// printed from it (`npm run bundle:schema`) and a test fails when the two drift apart.

const slug = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lowercase kebab-case')
  .describe('Natural key: lowercase kebab-case');
const jurisdictionCode = z
  .string()
  .regex(/^CN(-[A-Z]{2}){0,3}$/, 'a code such as CN, CN-BJ, CN-GD-GZ or CN-GD-GZ-NS')
  .describe('Jurisdiction code: CN, an ISO 3166-2:CN code, or a city, district or area code under its province or city');
const occupationCode = z
  .string()
  .regex(/^[1-8](-[0-9]{2}){0,3}$/, 'a National Occupational Classification code such as 2-02-10-03')
  .describe('National Occupational Classification (2022) code');
const categoryCode = z
  .string()
  .regex(/^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$/, 'an upper-case code such as A or CQ-HQS')
  .describe('Talent category code');
/** YYYY-MM-DD, or YYYY-MM / YYYY when the source gives only the month or the year. */
const fuzzyDate = z
  .string()
  .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'YYYY-MM-DD, YYYY-MM or YYYY')
  .describe(
    'A day (YYYY-MM-DD); YYYY-MM or YYYY where the source gives only the month or year: stored as the first day with that precision',
  );
const text = z.string().trim().min(1);
const optionalText = text.optional();
const note = z.string().trim().min(1).optional().describe('Free text: caveats, what the source does not say');
const verified = z.boolean().default(true).describe('false where the fact rests on one weak source or on general knowledge');
const lifecycle = z.enum(lifecycleStatus.enumValues).default('PUBLISHED');

export const sourceRef = z.object({
  instrument: slug.describe('Slug of an instrument in this bundle or already loaded'),
  note: note.describe('What this document supports, e.g. "declared size" or "release date"'),
});
const sources = z.array(sourceRef).min(1).describe('The documents this record comes from: at least one');

const validity = {
  issuedOn: fuzzyDate.optional(),
  validFrom: fuzzyDate.describe('First day in force (inclusive)'),
  validTo: fuzzyDate.optional().describe('First day no longer in force (exclusive); omitted while open'),
  repealedOn: fuzzyDate.optional().describe('Day a repealing instrument ended it'),
  repealedBy: slug.optional().describe('Slug of the repealing instrument; required with repealedOn'),
};

export const jurisdictionInput = z.object({
  code: jurisdictionCode,
  name: text,
  nameZh: text,
  level: z.enum(jurisdictionLevel.enumValues),
  parent: jurisdictionCode.optional(),
  mainland: z.boolean().describe('Inside the mainland work-permit system (false for Hong Kong, Macao, Taiwan)'),
  isoName: optionalText.describe('The subdivision name as ISO 3166-2 spells it'),
});

export const regionGroupInput = z.object({
  slug,
  name: text,
  nameZh: text,
  members: z.array(jurisdictionCode).min(2),
});

export const authorityInput = z.object({
  slug,
  name: text,
  nameZh: text,
  abbreviation: optionalText,
  jurisdiction: jurisdictionCode,
});

export const instrumentInput = z.object({
  slug,
  kind: z.enum(instrumentKind.enumValues),
  title: text,
  titleZh: optionalText,
  documentNumber: optionalText,
  issuedOn: fuzzyDate.optional(),
  url: z.string().url().optional(),
  reliability: z
    .enum(reliability.enumValues)
    .describe('HIGH: official page or several sources agree; MEDIUM: one reputable secondary source; LOW: a lead only'),
  authorities: z.array(slug).default([]),
  repeals: z.array(slug).default([]).describe('Instruments this one repeals'),
  note,
});

export const organisationInput = z.object({
  slug,
  name: text,
  nameZh: optionalText,
  abbreviation: optionalText,
  country: z
    .string()
    .regex(/^([A-Z]{2}|INT)$/)
    .optional()
    .describe('ISO 3166-1 alpha-2 of the seat (HK, MO for the SARs), or INT'),
  verified,
  note,
});

/** A term of the field vocabulary (an operator's section: the vocabulary is controlled). */
export const fieldInput = z.object({
  code: slug.describe('Code of the field: lowercase kebab-case'),
  name: text.describe('English label'),
  nameZh: text.describe('Chinese label'),
  description: optionalText,
  note: note.describe('The basis of the term: the sources that name the field, and which label is a translation'),
});

const fieldCode = slug.describe("Code of a field of the vocabulary (the `fields` query; or a term of this bundle's `fields`)");

export const qualificationInput = z.object({
  slug,
  name: text,
  nameZh: optionalText,
  abbreviation: optionalText,
  issuer: slug.optional().describe('Slug of the issuing organisation'),
  field: fieldCode.optional(),
  aliases: z.array(z.object({ alias: text, lang: z.enum(['en', 'zh']) })).default([]),
  verified,
  note,
});

export const occupationInput = z.object({
  code: occupationCode,
  nameZh: text,
  name: optionalText,
  level: z.enum(occupationLevel.enumValues),
  parent: occupationCode.optional(),
  gbmCode: optionalText,
  marker: z.enum(['L', 'S', 'L/S']).optional(),
});

export const categoryInput = z.object({
  code: categoryCode,
  name: text,
  nameZh: text,
  description: optionalText,
  jurisdiction: jurisdictionCode,
});

export const benefitInput = z.object({
  slug,
  kind: z.enum(benefitKind.enumValues),
  audience: z.enum(benefitAudience.enumValues),
  text,
  textZh: optionalText,
  parameters: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).default({}),
  sources,
  verified,
  note,
});

export const standardVersionInput = z.object({
  label: text,
  title: text,
  titleZh: optionalText,
  status: lifecycle,
  ...validity,
  submittedOn: fuzzyDate.optional(),
  approvedOn: fuzzyDate.optional(),
  approvedBy: slug.optional().describe('Slug of the approving authority'),
  categories: z.array(categoryCode).min(1).describe('Categories this version confers'),
  criteria: z
    .array(z.object({ category: categoryCode, text, textZh: optionalText }))
    .default([])
    .describe('Ordered criteria per category'),
  benefits: z.array(z.object({ benefit: slug, category: categoryCode.optional() })).default([]),
  sources,
  verified,
  note,
});

export const standardInput = z.object({
  slug,
  name: text,
  nameZh: optionalText,
  jurisdiction: jurisdictionCode,
  scope: z.enum(standardScope.enumValues),
  versions: z.array(standardVersionInput).min(1),
});

type BandInput = {
  label: string;
  labelZh?: string | undefined;
  points?: number | undefined;
  from?: number | undefined;
  below?: number | undefined;
  matches: string[];
};
type IndicatorInput = {
  code: string;
  name: string;
  nameZh?: string | undefined;
  maxPoints?: number | undefined;
  weightPercent?: number | undefined;
  measure?: (typeof pointsMeasure.enumValues)[number] | undefined;
  bands: BandInput[];
  children: IndicatorInput[];
};
// NOTE: a band's bounds are data beside its label, so the evaluator never parses "[35, 45)":
// `from` inclusive, `below` exclusive, in the unit the indicator's `measure` names.
const bandInput = z.object({
  label: text,
  labelZh: optionalText,
  points: z.number().int().min(0).optional(),
  from: z.number().finite().optional().describe("Lowest value in the band (inclusive), in the unit of the indicator's measure"),
  below: z.number().finite().optional().describe('First value above the band (exclusive)'),
  matches: z
    .array(text)
    .default([])
    .describe('Ticked profile values that fall in this band (EDUCATION: DOCTORATE, …; CHINESE: FORMER_CHINESE_NATIONAL, …)'),
});
export const indicatorInput: z.ZodType<IndicatorInput> = z.lazy(() =>
  z.object({
    code: slug,
    name: text,
    nameZh: optionalText,
    maxPoints: z.number().int().min(0).optional(),
    weightPercent: z.number().int().min(0).max(100).optional(),
    measure: z
      .enum(pointsMeasure.enumValues)
      .optional()
      .describe("What the indicator measures, so a profile can be scored on it; omitted where the bands' bounds are not published"),
    bands: z.array(bandInput).default([]),
    children: z.array(indicatorInput).default([]),
  }),
);

export const pointsSchemeInput = z.object({
  slug,
  name: text,
  nameZh: optionalText,
  jurisdiction: jurisdictionCode,
  standard: z.object({ slug, version: text }).optional().describe('The standard version the scheme belongs to'),
  maxPoints: z.number().int().min(0).optional(),
  bandsComplete: z.boolean().default(false).describe('true only when every band of every indicator has its points'),
  indicators: z.array(indicatorInput).min(1),
  thresholds: z.array(z.object({ category: categoryCode, minPoints: z.number().int().min(0) })).default([]),
  regionalBonuses: z
    .array(
      z.object({
        jurisdiction: jurisdictionCode,
        name: text,
        nameZh: optionalText,
        maxPoints: z.number().int().min(0).optional(),
        provisions: z
          .array(z.object({ code: slug, label: text, labelZh: optionalText, points: z.number().int().min(0) }))
          .default([])
          .describe('The points each provision grants; empty where the region grants bonus points but they are not published'),
        sources,
        note,
      }),
    )
    .default([])
    .describe("Regions' rules for the LOCAL_BONUS indicator (the provincial 0–10 row)"),
  sources,
  note,
});

export const entryInput = z
  .object({
    qualification: slug.optional(),
    occupation: occupationCode.optional(),
    lists: z.array(slug).default([]).describe('Codes of the edition lists that carry the entry'),
    field: fieldCode.optional().describe("The entry's own field, where the source files it apart from the qualification's"),
    correspondingTitle: optionalText,
    titleLevel: z.enum(titleLevel.enumValues).optional(),
    skillLevel: optionalText.describe('The mainland vocational skill level it corresponds to, as the source words it (四级)'),
    occupationNameZh: optionalText.describe(
      'A mainland occupation as the source names it, where the sources give no classification code: the subject of an entry that names no qualification, or the occupation a listed certificate maps to',
    ),
    sourceLevel: optionalText.describe("The certificate's level in the system that issued it, as the source words it (单一级)"),
    sources,
    verified,
    note,
  })
  .refine((e) => !(e.qualification !== undefined && e.occupation !== undefined), {
    message: 'an entry names one of qualification or occupation, not both',
  })
  .refine((e) => e.qualification !== undefined || e.occupation !== undefined || e.occupationNameZh !== undefined, {
    message: 'an entry names a qualification, an occupation or an occupationNameZh',
  })
  .refine((e) => !(e.occupation !== undefined && e.occupationNameZh !== undefined), {
    message: 'an entry names an occupation by code or by name, not both',
  });

export const listInput = z.object({
  code: slug,
  name: text,
  nameZh: optionalText,
  declaredSize: z.number().int().min(0).optional(),
  benefits: z.array(slug).default([]),
  note,
});

export const editionInput = z.object({
  label: text,
  title: text,
  titleZh: optionalText,
  status: lifecycle,
  ...validity,
  declaredSize: z.number().int().min(0).optional().describe('The size the source declares'),
  lists: z.array(listInput).default([]),
  entries: z
    .array(entryInput)
    .default([])
    .describe('The entries known: an edition in a bundle is described completely, entries missing here are removed'),
  sources,
  verified,
  note,
});

export const catalogInput = z.object({
  slug,
  name: text,
  nameZh: optionalText,
  kind: z.enum(catalogKind.enumValues),
  jurisdiction: jurisdictionCode,
  note,
  editions: z.array(editionInput).default([]),
});

export const partyInput = z
  .object({
    role: z
      .enum(partyRole.enumValues)
      .describe('PARTY for mutual agreements and for the jurisdictions where an equivalence applies; SOURCE and TARGET for one-way ones'),
    jurisdiction: jurisdictionCode.optional(),
    group: slug.optional().describe('Slug of a region group that stands for each of its members'),
  })
  .refine((p) => (p.jurisdiction === undefined) !== (p.group === undefined), {
    message: 'a party is exactly one of jurisdiction or group',
  });

export const agreementInput = z.object({
  slug,
  name: text,
  nameZh: optionalText,
  kind: z.enum(agreementKind.enumValues),
  direction: z
    .enum(agreementDirection.enumValues)
    .describe(
      'MUTUAL or ONE_WAY between the parties; for an EQUIVALENCE, between its two qualifications (ONE_WAY: qualification counts as equivalentQualification)',
    ),
  status: lifecycle,
  validFrom: validity.validFrom,
  validTo: validity.validTo,
  repealedOn: validity.repealedOn,
  repealedBy: validity.repealedBy,
  parties: z.array(partyInput).min(1),
  category: categoryCode.optional().describe('STATUS and NATIONWIDE: the category honoured'),
  standard: slug.optional().describe('The standard under which the category must have been conferred'),
  catalog: slug.optional().describe('LISTING: the catalog whose listings are extended (any of the source when omitted)'),
  qualification: slug.optional().describe('EQUIVALENCE: the qualification that counts as another'),
  equivalentQualification: slug.optional().describe('EQUIVALENCE: the qualification it counts as'),
  description: optionalText,
  descriptionZh: optionalText,
  benefits: z.array(slug).default([]),
  sources,
  verified,
  note,
});

export const bundleInput = z
  .object({
    $schema: z.string().optional(),
    name: slug.describe('Name of the bundle'),
    description: optionalText,
    jurisdictions: z.array(jurisdictionInput).default([]),
    regionGroups: z.array(regionGroupInput).default([]),
    authorities: z.array(authorityInput).default([]),
    instruments: z.array(instrumentInput).default([]),
    organisations: z.array(organisationInput).default([]),
    fields: z.array(fieldInput).default([]),
    qualifications: z.array(qualificationInput).default([]),
    occupations: z.array(occupationInput).default([]),
    categories: z.array(categoryInput).default([]),
    benefits: z.array(benefitInput).default([]),
    standards: z.array(standardInput).default([]),
    pointsSchemes: z.array(pointsSchemeInput).default([]),
    catalogs: z.array(catalogInput).default([]),
    agreements: z.array(agreementInput).default([]),
  })
  .strict();

// The records of the write side (modules/governance): a draft holds one record in this same
// format, with what publication adds (the source documents it brings, what it supersedes) and
// without what publication decides (status, approval).
const draftExtras = {
  instruments: z.array(instrumentInput).default([]).describe('New source documents, published with the record'),
  supersedes: text.optional().describe('Label of the edition or version this one supersedes: that one ends the day this one starts'),
  justification: optionalText.describe('Why a validity outside the usual three to five years (2025 MOHRSS notice, §4)'),
};
export const editionDraftInput = z
  .object({ catalog: slug.describe('Slug of the catalog (series)'), edition: editionInput.omit({ status: true }), ...draftExtras })
  .strict();
export const standardVersionDraftInput = z
  .object({
    standard: slug.describe('Slug of the standard'),
    version: standardVersionInput.omit({ status: true, submittedOn: true, approvedOn: true, approvedBy: true }),
    ...draftExtras,
  })
  .strict();
export const agreementDraftInput = z
  .object({
    jurisdiction: jurisdictionCode.describe('The drafting party: its editors own the draft'),
    agreement: agreementInput.omit({ status: true }),
    instruments: draftExtras.instruments,
  })
  .strict();
export type EditionDraftInput = z.output<typeof editionDraftInput>;
export type StandardVersionDraftInput = z.output<typeof standardVersionDraftInput>;
export type AgreementDraftInput = z.output<typeof agreementDraftInput>;

/** The record schema of each section, for checking a bundle record by record (every problem in one pass). */
export const SECTION_RECORDS = {
  jurisdictions: jurisdictionInput,
  regionGroups: regionGroupInput,
  authorities: authorityInput,
  instruments: instrumentInput,
  organisations: organisationInput,
  fields: fieldInput,
  qualifications: qualificationInput,
  occupations: occupationInput,
  categories: categoryInput,
  benefits: benefitInput,
  standards: standardInput,
  pointsSchemes: pointsSchemeInput,
  catalogs: catalogInput,
  agreements: agreementInput,
} as const;

export type BundleInput = z.output<typeof bundleInput>;
export type CatalogInput = z.output<typeof catalogInput>;
export type EditionInput = z.output<typeof editionInput>;
export type AgreementInput = z.output<typeof agreementInput>;
export type StandardInput = z.output<typeof standardInput>;
export type PointsSchemeInput = z.output<typeof pointsSchemeInput>;
export type Indicator = IndicatorInput;

export function bundleJsonSchema(): unknown {
  return z.toJSONSchema(bundleInput, { io: 'input', target: 'draft-2020-12' });
}
