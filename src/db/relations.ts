import { relations } from 'drizzle-orm';
import {
  accounts,
  agreementParties,
  agreementSources,
  apiTokens,
  auditLog,
  authorities,
  benefitLinks,
  benefitSources,
  benefits,
  catalogEditionSizes,
  catalogEditionSources,
  catalogEditions,
  catalogEntries,
  catalogEntryLists,
  catalogEntrySources,
  catalogLists,
  catalogs,
  changeEvents,
  coverageCounts,
  draftConsents,
  drafts,
  fields,
  instrumentAuthorities,
  instrumentRepeals,
  instruments,
  jurisdictions,
  occupations,
  organisations,
  pointsBands,
  pointsIndicators,
  pointsRegionalBonuses,
  pointsRegionalBonusProvisions,
  pointsRegionalBonusSources,
  pointsSchemeSources,
  pointsSchemes,
  pointsThresholds,
  qualificationAliases,
  qualifications,
  recognitionAgreements,
  regionGroupMembers,
  regionGroups,
  standardCriteria,
  standards,
  standardVersionCategories,
  standardVersionSources,
  standardVersions,
  talentCategories,
  webhookAttempts,
  webhookDeliveries,
  webhooks,
} from './tables/index.ts';

// The relations of the model, as drizzle's relational queries (`db.query.*`) see them. Every
// foreign key of `tables/` has its `one` here (test/db-relations.test.ts fails on one missing), and
// each parent lists its children. The hot paths read through prepared statements instead
// (db/prepared.ts); these declarations are the map of the model for scripts, exporters and the
// write side, and they keep a newcomer from reverse-engineering joins out of SQL.
// NOTE: where two relations join the same pair of tables, `relationName` pairs each `one` with its
// `many` (drizzle cannot tell them apart otherwise).

export const jurisdictionsRelations = relations(jurisdictions, ({ one, many }) => ({
  parent: one(jurisdictions, { fields: [jurisdictions.parentId], references: [jurisdictions.id], relationName: 'jurisdiction_parent' }),
  children: many(jurisdictions, { relationName: 'jurisdiction_parent' }),
  authorities: many(authorities),
  catalogs: many(catalogs),
  standards: many(standards),
  talentCategories: many(talentCategories),
  regionGroupMemberships: many(regionGroupMembers),
  pointsSchemes: many(pointsSchemes),
}));

export const regionGroupsRelations = relations(regionGroups, ({ many }) => ({
  members: many(regionGroupMembers),
}));

export const regionGroupMembersRelations = relations(regionGroupMembers, ({ one }) => ({
  group: one(regionGroups, { fields: [regionGroupMembers.groupId], references: [regionGroups.id] }),
  jurisdiction: one(jurisdictions, { fields: [regionGroupMembers.jurisdictionId], references: [jurisdictions.id] }),
}));

export const authoritiesRelations = relations(authorities, ({ one, many }) => ({
  jurisdiction: one(jurisdictions, { fields: [authorities.jurisdictionId], references: [jurisdictions.id] }),
  instruments: many(instrumentAuthorities),
  approvedStandardVersions: many(standardVersions),
}));

export const instrumentsRelations = relations(instruments, ({ many }) => ({
  authorities: many(instrumentAuthorities),
  repeals: many(instrumentRepeals, { relationName: 'instrument_repeals' }),
  repealedBy: many(instrumentRepeals, { relationName: 'instrument_repealed' }),
}));

export const instrumentAuthoritiesRelations = relations(instrumentAuthorities, ({ one }) => ({
  instrument: one(instruments, { fields: [instrumentAuthorities.instrumentId], references: [instruments.id] }),
  authority: one(authorities, { fields: [instrumentAuthorities.authorityId], references: [authorities.id] }),
}));

export const instrumentRepealsRelations = relations(instrumentRepeals, ({ one }) => ({
  instrument: one(instruments, {
    fields: [instrumentRepeals.instrumentId],
    references: [instruments.id],
    relationName: 'instrument_repeals',
  }),
  repealed: one(instruments, {
    fields: [instrumentRepeals.repealedId],
    references: [instruments.id],
    relationName: 'instrument_repealed',
  }),
}));

export const organisationsRelations = relations(organisations, ({ many }) => ({
  qualifications: many(qualifications),
}));

export const fieldsRelations = relations(fields, ({ many }) => ({
  qualifications: many(qualifications),
  entries: many(catalogEntries),
}));

export const qualificationsRelations = relations(qualifications, ({ one, many }) => ({
  issuer: one(organisations, { fields: [qualifications.issuerId], references: [organisations.id] }),
  fieldTerm: one(fields, { fields: [qualifications.field], references: [fields.code] }),
  aliases: many(qualificationAliases),
  entries: many(catalogEntries),
}));

export const qualificationAliasesRelations = relations(qualificationAliases, ({ one }) => ({
  qualification: one(qualifications, { fields: [qualificationAliases.qualificationId], references: [qualifications.id] }),
}));

export const occupationsRelations = relations(occupations, ({ one, many }) => ({
  parent: one(occupations, { fields: [occupations.parentId], references: [occupations.id], relationName: 'occupation_parent' }),
  children: many(occupations, { relationName: 'occupation_parent' }),
  entries: many(catalogEntries),
}));

export const catalogsRelations = relations(catalogs, ({ one, many }) => ({
  jurisdiction: one(jurisdictions, { fields: [catalogs.jurisdictionId], references: [jurisdictions.id] }),
  editions: many(catalogEditions),
}));

export const catalogEditionsRelations = relations(catalogEditions, ({ one, many }) => ({
  catalog: one(catalogs, { fields: [catalogEditions.catalogId], references: [catalogs.id] }),
  repealer: one(instruments, { fields: [catalogEditions.repealedBy], references: [instruments.id] }),
  sources: many(catalogEditionSources),
  lists: many(catalogLists),
  entries: many(catalogEntries),
}));

export const catalogEditionSizesRelations = relations(catalogEditionSizes, ({ one }) => ({
  edition: one(catalogEditions, { fields: [catalogEditionSizes.editionId], references: [catalogEditions.id] }),
}));

export const catalogEditionSourcesRelations = relations(catalogEditionSources, ({ one }) => ({
  edition: one(catalogEditions, { fields: [catalogEditionSources.editionId], references: [catalogEditions.id] }),
  instrument: one(instruments, { fields: [catalogEditionSources.instrumentId], references: [instruments.id] }),
}));

export const catalogListsRelations = relations(catalogLists, ({ one, many }) => ({
  edition: one(catalogEditions, { fields: [catalogLists.editionId], references: [catalogEditions.id] }),
  entries: many(catalogEntryLists),
  benefitLinks: many(benefitLinks),
}));

export const catalogEntriesRelations = relations(catalogEntries, ({ one, many }) => ({
  edition: one(catalogEditions, { fields: [catalogEntries.editionId], references: [catalogEditions.id] }),
  qualification: one(qualifications, { fields: [catalogEntries.qualificationId], references: [qualifications.id] }),
  occupation: one(occupations, { fields: [catalogEntries.occupationId], references: [occupations.id] }),
  fieldTerm: one(fields, { fields: [catalogEntries.field], references: [fields.code] }),
  lists: many(catalogEntryLists),
  sources: many(catalogEntrySources),
}));

export const catalogEntryListsRelations = relations(catalogEntryLists, ({ one }) => ({
  // NOTE: both keys carry the edition, as the composite foreign keys do: an entry joins only lists
  // of its own edition.
  entry: one(catalogEntries, {
    fields: [catalogEntryLists.entryId, catalogEntryLists.editionId],
    references: [catalogEntries.id, catalogEntries.editionId],
  }),
  list: one(catalogLists, {
    fields: [catalogEntryLists.listId, catalogEntryLists.editionId],
    references: [catalogLists.id, catalogLists.editionId],
  }),
}));

export const catalogEntrySourcesRelations = relations(catalogEntrySources, ({ one }) => ({
  entry: one(catalogEntries, { fields: [catalogEntrySources.entryId], references: [catalogEntries.id] }),
  instrument: one(instruments, { fields: [catalogEntrySources.instrumentId], references: [instruments.id] }),
}));

export const talentCategoriesRelations = relations(talentCategories, ({ one }) => ({
  jurisdiction: one(jurisdictions, { fields: [talentCategories.jurisdictionId], references: [jurisdictions.id] }),
}));

export const standardsRelations = relations(standards, ({ one, many }) => ({
  jurisdiction: one(jurisdictions, { fields: [standards.jurisdictionId], references: [jurisdictions.id] }),
  versions: many(standardVersions),
}));

export const standardVersionsRelations = relations(standardVersions, ({ one, many }) => ({
  standard: one(standards, { fields: [standardVersions.standardId], references: [standards.id] }),
  repealer: one(instruments, { fields: [standardVersions.repealedBy], references: [instruments.id] }),
  approvedBy: one(authorities, { fields: [standardVersions.approvedById], references: [authorities.id] }),
  categories: many(standardVersionCategories),
  criteria: many(standardCriteria),
  sources: many(standardVersionSources),
  benefitLinks: many(benefitLinks),
  pointsSchemes: many(pointsSchemes),
}));

export const standardVersionCategoriesRelations = relations(standardVersionCategories, ({ one }) => ({
  version: one(standardVersions, { fields: [standardVersionCategories.versionId], references: [standardVersions.id] }),
  category: one(talentCategories, { fields: [standardVersionCategories.categoryId], references: [talentCategories.id] }),
}));

export const standardCriteriaRelations = relations(standardCriteria, ({ one }) => ({
  version: one(standardVersions, { fields: [standardCriteria.versionId], references: [standardVersions.id] }),
  category: one(talentCategories, { fields: [standardCriteria.categoryId], references: [talentCategories.id] }),
}));

export const standardVersionSourcesRelations = relations(standardVersionSources, ({ one }) => ({
  version: one(standardVersions, { fields: [standardVersionSources.versionId], references: [standardVersions.id] }),
  instrument: one(instruments, { fields: [standardVersionSources.instrumentId], references: [instruments.id] }),
}));

export const pointsSchemesRelations = relations(pointsSchemes, ({ one, many }) => ({
  jurisdiction: one(jurisdictions, { fields: [pointsSchemes.jurisdictionId], references: [jurisdictions.id] }),
  standardVersion: one(standardVersions, { fields: [pointsSchemes.standardVersionId], references: [standardVersions.id] }),
  sources: many(pointsSchemeSources),
  indicators: many(pointsIndicators),
  thresholds: many(pointsThresholds),
  regionalBonuses: many(pointsRegionalBonuses),
}));

export const pointsRegionalBonusesRelations = relations(pointsRegionalBonuses, ({ one, many }) => ({
  scheme: one(pointsSchemes, { fields: [pointsRegionalBonuses.schemeId], references: [pointsSchemes.id] }),
  jurisdiction: one(jurisdictions, { fields: [pointsRegionalBonuses.jurisdictionId], references: [jurisdictions.id] }),
  provisions: many(pointsRegionalBonusProvisions),
  sources: many(pointsRegionalBonusSources),
}));

export const pointsRegionalBonusProvisionsRelations = relations(pointsRegionalBonusProvisions, ({ one }) => ({
  bonus: one(pointsRegionalBonuses, { fields: [pointsRegionalBonusProvisions.bonusId], references: [pointsRegionalBonuses.id] }),
}));

export const pointsRegionalBonusSourcesRelations = relations(pointsRegionalBonusSources, ({ one }) => ({
  bonus: one(pointsRegionalBonuses, { fields: [pointsRegionalBonusSources.bonusId], references: [pointsRegionalBonuses.id] }),
  instrument: one(instruments, { fields: [pointsRegionalBonusSources.instrumentId], references: [instruments.id] }),
}));

export const pointsSchemeSourcesRelations = relations(pointsSchemeSources, ({ one }) => ({
  scheme: one(pointsSchemes, { fields: [pointsSchemeSources.schemeId], references: [pointsSchemes.id] }),
  instrument: one(instruments, { fields: [pointsSchemeSources.instrumentId], references: [instruments.id] }),
}));

export const pointsIndicatorsRelations = relations(pointsIndicators, ({ one, many }) => ({
  scheme: one(pointsSchemes, { fields: [pointsIndicators.schemeId], references: [pointsSchemes.id] }),
  parent: one(pointsIndicators, {
    fields: [pointsIndicators.parentId],
    references: [pointsIndicators.id],
    relationName: 'points_indicator_parent',
  }),
  children: many(pointsIndicators, { relationName: 'points_indicator_parent' }),
  bands: many(pointsBands),
}));

export const pointsBandsRelations = relations(pointsBands, ({ one }) => ({
  indicator: one(pointsIndicators, { fields: [pointsBands.indicatorId], references: [pointsIndicators.id] }),
}));

export const pointsThresholdsRelations = relations(pointsThresholds, ({ one }) => ({
  scheme: one(pointsSchemes, { fields: [pointsThresholds.schemeId], references: [pointsSchemes.id] }),
  category: one(talentCategories, { fields: [pointsThresholds.categoryId], references: [talentCategories.id] }),
}));

export const recognitionAgreementsRelations = relations(recognitionAgreements, ({ one, many }) => ({
  repealer: one(instruments, { fields: [recognitionAgreements.repealedBy], references: [instruments.id] }),
  category: one(talentCategories, { fields: [recognitionAgreements.categoryId], references: [talentCategories.id] }),
  standard: one(standards, { fields: [recognitionAgreements.standardId], references: [standards.id] }),
  catalog: one(catalogs, { fields: [recognitionAgreements.catalogId], references: [catalogs.id] }),
  qualification: one(qualifications, {
    fields: [recognitionAgreements.qualificationId],
    references: [qualifications.id],
    relationName: 'agreement_qualification',
  }),
  equivalentQualification: one(qualifications, {
    fields: [recognitionAgreements.equivalentQualificationId],
    references: [qualifications.id],
    relationName: 'agreement_equivalent_qualification',
  }),
  parties: many(agreementParties),
  sources: many(agreementSources),
  benefitLinks: many(benefitLinks),
}));

export const agreementPartiesRelations = relations(agreementParties, ({ one }) => ({
  agreement: one(recognitionAgreements, { fields: [agreementParties.agreementId], references: [recognitionAgreements.id] }),
  jurisdiction: one(jurisdictions, { fields: [agreementParties.jurisdictionId], references: [jurisdictions.id] }),
  regionGroup: one(regionGroups, { fields: [agreementParties.regionGroupId], references: [regionGroups.id] }),
}));

export const agreementSourcesRelations = relations(agreementSources, ({ one }) => ({
  agreement: one(recognitionAgreements, { fields: [agreementSources.agreementId], references: [recognitionAgreements.id] }),
  instrument: one(instruments, { fields: [agreementSources.instrumentId], references: [instruments.id] }),
}));

export const benefitsRelations = relations(benefits, ({ many }) => ({
  sources: many(benefitSources),
  links: many(benefitLinks),
}));

export const benefitSourcesRelations = relations(benefitSources, ({ one }) => ({
  benefit: one(benefits, { fields: [benefitSources.benefitId], references: [benefits.id] }),
  instrument: one(instruments, { fields: [benefitSources.instrumentId], references: [instruments.id] }),
}));

export const benefitLinksRelations = relations(benefitLinks, ({ one }) => ({
  benefit: one(benefits, { fields: [benefitLinks.benefitId], references: [benefits.id] }),
  list: one(catalogLists, { fields: [benefitLinks.listId], references: [catalogLists.id] }),
  standardVersion: one(standardVersions, { fields: [benefitLinks.standardVersionId], references: [standardVersions.id] }),
  category: one(talentCategories, { fields: [benefitLinks.categoryId], references: [talentCategories.id] }),
  agreement: one(recognitionAgreements, { fields: [benefitLinks.agreementId], references: [recognitionAgreements.id] }),
}));

export const accountsRelations = relations(accounts, ({ one, many }) => ({
  authority: one(authorities, { fields: [accounts.authorityId], references: [authorities.id] }),
  tokens: many(apiTokens),
}));

export const apiTokensRelations = relations(apiTokens, ({ one }) => ({
  account: one(accounts, { fields: [apiTokens.accountId], references: [accounts.id] }),
}));

export const draftsRelations = relations(drafts, ({ one, many }) => ({
  jurisdiction: one(jurisdictions, { fields: [drafts.jurisdictionId], references: [jurisdictions.id] }),
  author: one(accounts, { fields: [drafts.authorId], references: [accounts.id], relationName: 'draftAuthor' }),
  decidedBy: one(accounts, { fields: [drafts.decidedById], references: [accounts.id], relationName: 'draftDecider' }),
  consents: many(draftConsents),
}));

export const draftConsentsRelations = relations(draftConsents, ({ one }) => ({
  draft: one(drafts, { fields: [draftConsents.draftId], references: [drafts.id] }),
  jurisdiction: one(jurisdictions, { fields: [draftConsents.jurisdictionId], references: [jurisdictions.id] }),
  account: one(accounts, { fields: [draftConsents.accountId], references: [accounts.id] }),
}));

export const auditLogRelations = relations(auditLog, ({ one }) => ({
  account: one(accounts, { fields: [auditLog.accountId], references: [accounts.id] }),
  authority: one(authorities, { fields: [auditLog.authorityId], references: [authorities.id] }),
  jurisdiction: one(jurisdictions, { fields: [auditLog.jurisdictionId], references: [jurisdictions.id] }),
}));

export const changeEventsRelations = relations(changeEvents, ({ one }) => ({
  jurisdiction: one(jurisdictions, { fields: [changeEvents.jurisdictionId], references: [jurisdictions.id] }),
}));

export const webhooksRelations = relations(webhooks, ({ one, many }) => ({
  owner: one(accounts, { fields: [webhooks.ownerId], references: [accounts.id] }),
  deliveries: many(webhookDeliveries),
}));

export const webhookDeliveriesRelations = relations(webhookDeliveries, ({ one, many }) => ({
  webhook: one(webhooks, { fields: [webhookDeliveries.webhookId], references: [webhooks.id] }),
  event: one(changeEvents, { fields: [webhookDeliveries.eventId], references: [changeEvents.id] }),
  attempts: many(webhookAttempts),
}));

export const webhookAttemptsRelations = relations(webhookAttempts, ({ one }) => ({
  delivery: one(webhookDeliveries, { fields: [webhookAttempts.deliveryId], references: [webhookDeliveries.id] }),
}));

export const coverageCountsRelations = relations(coverageCounts, ({ one }) => ({
  jurisdiction: one(jurisdictions, { fields: [coverageCounts.jurisdictionId], references: [jurisdictions.id] }),
}));
