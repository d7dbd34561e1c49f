import type { Named } from './api.ts';

export type Lang = 'en' | 'zh';

// The page's own words. Every name of a region, catalog, qualification or category comes from the
// data's bilingual fields (name / nameZh, title / titleZh), through `label` below.
const WORDS = {
  title: ['talent-hub · analyst pages', 'talent-hub · 分析页面'],
  coverage: ['Coverage', '覆盖'],
  timeline: ['Timeline', '时间线'],
  honours: ['Who honours it', '谁认可'],
  diff: ['Diff', '版本对比'],
  asOf: ['As of', '日期'],
  explorer: ['GraphQL explorer', 'GraphQL 浏览器'],
  groupBy: ['Group by', '分组'],
  FIELD: ['field', '领域'],
  ISSUER_COUNTRY: ['issuer country', '颁发国'],
  LIST: ['list', '清单'],
  BASIS: ['basis', '依据'],
  notGiven: ['(not given)', '(未注明)'],
  known: ['known', '已知'],
  unknownPart: ['not known to the hub', '本库未掌握'],
  unknown: ['unknown', '未知'],
  none: ['none', '无'],
  noEdition: ['no edition in force', '无有效版本'],
  completeness: ['Entries loaded / declared per edition in force', '现行版本已载入/公布条目数'],
  heatmap: ['Qualifications honoured, by region and group', '按地区与分组统计的认可资格数'],
  coverageNote: [
    'A pale "?" cell is unknown, not none: the edition in force holds fewer entries than it declares.',
    '浅色"?"表示未知而非没有：现行版本已载入的条目少于其公布数量。',
  ],
  editions: ['catalog editions', '目录版本'],
  standards: ['standard versions', '标准版本'],
  agreements: ['agreements', '协议'],
  IN_FORCE: ['in force', '有效'],
  SUPERSEDED: ['superseded', '已被取代'],
  REPEALED: ['repealed', '已废止'],
  LAPSED: ['lapsed', '已失效'],
  NOT_YET_IN_FORCE: ['not yet in force', '尚未生效'],
  mode: ['Ask about', '查询'],
  byQualification: ['a qualification', '某项资格'],
  byCategory: ['a category granted in a region', '某地认定的人才类别'],
  qualification: ['Qualification', '资格'],
  category: ['Category', '类别'],
  grantedIn: ['Granted in', '认定地'],
  recognitions: ['Recognitions', '认可'],
  possible: ['Possible (if an incomplete edition lists it)', '可能（若未完整载入的版本列有此项）'],
  LISTED: ['listed', '目录列入'],
  AGREEMENT: ['agreement', '协议'],
  EQUIVALENCE: ['equivalence', '等效'],
  NATIONWIDE: ['nationwide', '全国'],
  ISSUER: ['issuer', '认定地'],
  notHonoured: ['not known to honour it', '未知认可'],
  onlyIn: ['only in', '仅限'],
  partTile: [
    'An outlined tile: only a city or area of that province honours it (see the table).',
    '空心方块：仅该省的某市或某区域认可（见下表）。',
  ],
  from: ['From', '从'],
  to: ['To', '到'],
  added: ['added', '新增'],
  removed: ['removed', '移除'],
  changed: ['changed', '变更'],
  unchanged: ['unchanged', '未变'],
  diffNote: [
    'The hub holds only part of these editions: "removed" means "not known to be in the later one".',
    '本库仅掌握这些版本的部分条目："移除"表示"未知是否仍在后一版本中"。',
  ],
  exportCsv: ['Export CSV', '导出 CSV'],
  exportJson: ['Export JSON', '导出 JSON'],
  noExport: ['No export endpoint for this question', '此查询无导出接口'],
  loading: ['Loading…', '加载中…'],
  lists: ['lists', '清单'],
} as const satisfies Record<string, readonly [string, string]>;

export type Word = keyof typeof WORDS;

export function t(lang: Lang, word: Word): string {
  return WORDS[word][lang === 'zh' ? 1 : 0];
}

/** A record's name in the page's language: the Chinese name when there is one, else the English. */
export function label(lang: Lang, named: Named | { title: string; titleZh: string | null }): string {
  if ('title' in named) return lang === 'zh' ? (named.titleZh ?? named.title) : named.title;
  return lang === 'zh' ? (named.nameZh ?? named.name) : named.name;
}
