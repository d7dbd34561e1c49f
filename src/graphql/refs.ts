import type { AgreementRow, PartyRow } from '../modules/agreement/agreement.loaders.ts';
import type { BenefitRow } from '../modules/benefit/benefit.loaders.ts';
import type { CatalogRow, EditionRow, EntryRow, ListRow } from '../modules/catalog/catalog.loaders.ts';
import type { CitationRow, InstrumentRow } from '../modules/instrument/instrument.loaders.ts';
import type { AuthorityRow, JurisdictionRow, RegionGroupRow } from '../modules/jurisdiction/jurisdiction.loaders.ts';
import type { OccupationRow, OrganisationRow, QualificationRow } from '../modules/qualification/qualification.loaders.ts';
import type {
  BandRow,
  CategoryRow,
  CriterionRow,
  IndicatorRow,
  SchemeRow,
  StandardRow,
  ThresholdRow,
  VersionRow,
} from '../modules/standard/standard.loaders.ts';
import { builder } from './builder.ts';

// NOTE: every object type's ref is declared here, once, so that domain modules can point at each
// other's types (an entry names its qualification; a qualification lists its entries) without
// import cycles. Each type is implemented in its own module's *.schema.ts.
export const JurisdictionRef = builder.objectRef<JurisdictionRow>('Jurisdiction');
export const RegionGroupRef = builder.objectRef<RegionGroupRow>('RegionGroup');
export const AuthorityRef = builder.objectRef<AuthorityRow>('Authority');
export const InstrumentRef = builder.objectRef<InstrumentRow>('Instrument');
export const CitationRef = builder.objectRef<CitationRow>('Citation');
export const CatalogRef = builder.objectRef<CatalogRow>('Catalog');
export const CatalogEditionRef = builder.objectRef<EditionRow>('CatalogEdition');
export const CatalogListRef = builder.objectRef<ListRow>('CatalogList');
export const CatalogEntryRef = builder.objectRef<EntryRow>('CatalogEntry');
export const QualificationRef = builder.objectRef<QualificationRow>('Qualification');
export const OrganisationRef = builder.objectRef<OrganisationRow>('Organisation');
export const OccupationRef = builder.objectRef<OccupationRow>('Occupation');
export const TalentCategoryRef = builder.objectRef<CategoryRow>('TalentCategory');
export const StandardRef = builder.objectRef<StandardRow>('Standard');
export const StandardVersionRef = builder.objectRef<VersionRow>('StandardVersion');
export const StandardCriterionRef = builder.objectRef<CriterionRow>('StandardCriterion');
export const PointsSchemeRef = builder.objectRef<SchemeRow>('PointsScheme');
export const PointsIndicatorRef = builder.objectRef<IndicatorRow>('PointsIndicator');
export const PointsBandRef = builder.objectRef<BandRow>('PointsBand');
export const PointsThresholdRef = builder.objectRef<ThresholdRow>('PointsThreshold');
export const BenefitRef = builder.objectRef<BenefitRow>('Benefit');
export const RecognitionAgreementRef = builder.objectRef<AgreementRow>('RecognitionAgreement');
export const AgreementPartyRef = builder.objectRef<PartyRow>('AgreementParty');
