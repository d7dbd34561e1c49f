// Small bundle builders for tests that make their own data.

import type { Db } from '../../src/db/client.ts';
import { loadBundle } from '../../src/modules/bundle/bundle.load.ts';
import { BundleRejected, bundleFromObjects } from '../../src/modules/bundle/bundle.read.ts';

/** The problems a refused load lists; a bundle that is accepted fails the test. */
export async function refusalOf(db: Db, bundles: object[]): Promise<{ record: string; message: string }[]> {
  try {
    await loadBundle(db, bundleFromObjects(bundles));
  } catch (error) {
    if (error instanceof BundleRejected) return error.problems;
    throw error;
  }
  throw new Error('the bundle was accepted');
}

export const SRC = [{ instrument: 'test-notice' }];

export const PROVINCES: [string, string][] = [
  ['CN-BJ', 'Beijing'],
  ['CN-TJ', 'Tianjin'],
  ['CN-HE', 'Hebei'],
  ['CN-SH', 'Shanghai'],
  ['CN-SC', 'Sichuan'],
  ['CN-CQ', 'Chongqing'],
  ['CN-GD', 'Guangdong'],
];

/** CN, a few mainland provinces, Hong Kong, Macao, Taiwan, a city, a group, one instrument, categories. */
export function baseBundle() {
  return {
    name: 'test-base',
    jurisdictions: [
      { code: 'CN', name: 'China', nameZh: '中国', level: 'NATIONAL', mainland: true },
      ...PROVINCES.map(([code, name]) => ({ code, name, nameZh: name, level: 'PROVINCIAL', parent: 'CN', mainland: true })),
      ...['CN-HK', 'CN-MO', 'CN-TW'].map((code) => ({
        code,
        name: code,
        nameZh: code,
        level: 'PROVINCIAL',
        parent: 'CN',
        mainland: false,
      })),
      { code: 'CN-GD-GZ', name: 'Guangzhou', nameZh: '广州市', level: 'MUNICIPAL', parent: 'CN-GD', mainland: true },
    ],
    regionGroups: [{ slug: 'jjj', name: 'Beijing–Tianjin–Hebei', nameZh: '京津冀', members: ['CN-BJ', 'CN-TJ', 'CN-HE'] }],
    instruments: [{ slug: 'test-notice', kind: 'OTHER', title: 'Test data', reliability: 'LOW' }],
    categories: [
      { code: 'A', name: 'A', nameZh: 'A', jurisdiction: 'CN' },
      { code: 'B', name: 'B', nameZh: 'B', jurisdiction: 'CN' },
    ],
    qualifications: ['q1', 'q2', 'q3', 'q4'].map((slug) => ({ slug, name: slug.toUpperCase() })),
  };
}

export interface EditionSpec {
  label: string;
  from: string;
  to?: string;
  repealedOn?: string;
  quals?: string[];
  declaredSize?: number;
}

export function catalogBundle(slug: string, jurisdiction: string, editions: EditionSpec[]) {
  return {
    name: `catalog-${slug}`,
    catalogs: [
      {
        slug,
        name: slug,
        kind: 'QUALIFICATION',
        jurisdiction,
        editions: editions.map((e) => ({
          label: e.label,
          title: `${slug} ${e.label}`,
          validFrom: e.from,
          ...(e.to ? { validTo: e.to } : {}),
          ...(e.repealedOn ? { repealedOn: e.repealedOn, repealedBy: 'test-notice' } : {}),
          declaredSize: e.declaredSize ?? (e.quals ?? []).length,
          sources: SRC,
          lists: [{ code: 'general', name: 'General' }],
          entries: (e.quals ?? []).map((q) => ({ qualification: q, lists: ['general'], sources: SRC })),
        })),
      },
    ],
  };
}

type Party = { role: 'PARTY' | 'SOURCE' | 'TARGET'; jurisdiction?: string; group?: string };
export function agreementBundle(a: {
  slug: string;
  kind: string;
  direction: 'MUTUAL' | 'ONE_WAY';
  parties: Party[];
  from: string;
  to?: string;
  category?: string;
  standard?: string;
  catalog?: string;
  qualification?: string;
  equivalentQualification?: string;
}) {
  const { slug, from, to, ...rest } = a;
  return {
    name: `agreement-${slug}`,
    agreements: [{ slug, name: slug, validFrom: from, ...(to ? { validTo: to } : {}), sources: SRC, ...rest }],
  };
}

export function standardBundle(
  slug: string,
  jurisdiction: string,
  scope: string,
  categories: string[],
  versions: { label: string; from: string; to?: string }[],
) {
  return {
    name: `standard-${slug}`,
    standards: [
      {
        slug,
        name: slug,
        jurisdiction,
        scope,
        versions: versions.map((v) => ({
          label: v.label,
          title: `${slug} ${v.label}`,
          validFrom: v.from,
          ...(v.to ? { validTo: v.to } : {}),
          categories,
          sources: SRC,
        })),
      },
    ],
  };
}
