import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webFolder } from '../src/paths.ts';
import { accountWithToken } from './helpers/accounts.ts';
import { seededWorld } from './helpers/hub.ts';

// The explorer and the analyst pages in a real browser (Debian's Chromium, driven by
// playwright-core; never a downloaded browser). Every request must go to the hub's own origin:
// any other is aborted and fails the test, as does any console error (a CSP refusal is one).
// Only on the PGlite leg (vitest.config.ts): the pages read the public API, which both engines
// answer alike; a browser per leg would double the suite's longest file.

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const SHOTS = join(import.meta.dirname, 'screenshots');

describe('in Chromium', () => {
  const world = seededWorld();
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(join(webFolder, 'explore', 'index.html')) || !existsSync(join(webFolder, 'explorer', 'index.html')))
      throw new Error(`the pages are not built in ${webFolder}: run npm run build:web (npm install does)`);
    if (!existsSync(CHROMIUM)) throw new Error(`no ${CHROMIUM}: apt-get install chromium (.ci/run does)`);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** A fresh browser context on `path`, recording every request to another origin and every console error. */
  async function open(path: string): Promise<{ page: Page; context: BrowserContext; foreign: string[]; problems: string[] }> {
    const origin = new URL(world.hub.url).origin;
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1440, height: 960 } });
    const foreign: string[] = [];
    const problems: string[] = [];
    const local = (url: string) => url.startsWith('data:') || url.startsWith('blob:') || new URL(url).origin === origin;
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (local(url)) return route.continue();
      foreign.push(url);
      return route.abort();
    });
    // Requests of workers too, which a route may not see.
    context.on('request', (request) => {
      if (!local(request.url()) && !foreign.includes(request.url())) foreign.push(request.url());
    });
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${world.hub.url}${path}`);
    return { page, context, foreign, problems };
  }

  /** Waits for the analyst page's view to be drawn (main[data-ready]) and for its chart. */
  async function ready(page: Page, view: string): Promise<void> {
    await page.locator(`main#view-${view}[data-ready="true"][aria-busy="false"]`).waitFor({ timeout: 20_000 });
  }

  const option = (page: Page, selector: string) =>
    page.evaluate(
      (s) => (globalThis as unknown as { __explore: { option(s: string): unknown } }).__explore.option(s),
      selector,
    ) as Promise<any>;

  async function download(page: Page, selector: string): Promise<{ name: string; text: string }> {
    const [file] = await Promise.all([page.waitForEvent('download'), page.locator(selector).click()]);
    const path = await file.path();
    return { name: file.suggestedFilename(), text: readFileSync(path, 'utf8') };
  }

  /** CSV as the exports write it: a byte-order mark, CRLF, quoted where needed (no quotes in these answers). */
  const csvRows = (text: string) => {
    expect(text.startsWith('\uFEFF')).toBe(true);
    return text
      .slice(1)
      .split('\r\n')
      .filter(Boolean)
      .map((line) => line.split(','));
  };

  it('serves the explorer at /graphql to a browser, with the README questions as tabs, and runs one', async () => {
    const { page, context, foreign, problems } = await open('/graphql');
    const html = await page.request.get(`${world.hub.url}/explorer`);
    expect(html.headers()['content-security-policy']).toContain("default-src 'self'");
    await page.locator('.graphiql-container').waitFor({ timeout: 30_000 });
    const tabs = page.locator('.graphiql-tab');
    await expect
      .poll(() => tabs.allInnerTexts(), { timeout: 10_000 })
      .toEqual([
        'WhoHonoursIeeeFellow',
        'AClassGrantedInChongqing',
        'BeijingEditionInForce',
        'ShanghaiRegionPage',
        'BeijingAgainstShanghai',
      ]);
    // The first tab: who honours IEEE Fellow on 1 Oct 2023 (the README's answer).
    await page.locator('.graphiql-execute-button').click();
    const response = page.locator('.graphiql-response');
    await expect.poll(() => response.innerText(), { timeout: 20_000 }).toContain('"CN-BJ"');
    const text = (await response.innerText()).replace(/\s+/g, ' ');
    expect(text).toContain('"basis": "LISTED"');
    expect(text).toContain('"label": "3.0"');
    expect(text).toContain('"to": "2024-01-01"');
    // The docs show the schema's descriptions.
    await page.locator('[aria-label="Show Documentation Explorer"]').click();
    await page.locator('.graphiql-doc-explorer').getByText('Query', { exact: true }).first().click();
    await expect
      .poll(() => page.locator('.graphiql-doc-explorer').innerText(), { timeout: 10_000 })
      .toContain('Where qualification `qualification`'.replace(/`/g, ''));
    await page.screenshot({ path: join(SHOTS, 'explorer.png') });
    expect([foreign, problems]).toEqual([[], []]);
    await context.close();
  });

  it('sends the token from the headers editor: a query about the caller answers as that account', async () => {
    const { token } = await accountWithToken(world.db.database, 'explorer-editor', 'beijing-hrss', ['EDITOR']);
    const { page, context, foreign, problems } = await open('/explorer');
    await page.locator('.graphiql-container').waitFor({ timeout: 30_000 });
    // A new tab, with a query about the caller and the token in the headers editor.
    await page.locator('.graphiql-tab-add').click();
    await type(page, '.graphiql-query-editor', '{ me { login roles } }');
    await type(page, '.graphiql-editor-tool', `{"Authorization": "Bearer ${token}"}`);
    await page.locator('.graphiql-execute-button').click();
    await expect.poll(() => page.locator('.graphiql-response').innerText(), { timeout: 20_000 }).toContain('"explorer-editor"');
    await page.screenshot({ path: join(SHOTS, 'explorer-token.png') });
    expect([foreign, problems]).toEqual([[], []]);
    await context.close();
  });

  it('Coverage: the region × field heatmap with completeness, on 1 Oct 2023', async () => {
    const { page, context, foreign, problems } = await open('/explore?view=coverage&asOf=2023-10-01&lang=en');
    await ready(page, 'coverage');
    const chart = await option(page, '#coverage-chart');
    expect(chart.yAxis[0].data).toEqual([
      'Beijing',
      'Fujian',
      'Xiamen',
      'Guangzhou',
      'Nansha District (Guangzhou)',
      'Shenzhen',
      'Shanghai',
      'Tianjin',
    ]);
    // The field vocabulary's labels, in the page's language (the code is finance-management).
    expect(chart.xAxis[0].data).toEqual(['Finance and management', '(not given)']);
    // [group, region, count] and what an empty cell means.
    const cells = chart.series[0].data.map((d: any) => [d.value[0], d.value[1], d.value[2], d.label.formatter]);
    expect(cells).toEqual([
      [0, 0, 0, '?'],
      [1, 0, 7, '7'],
      // Fujian's 2021 Taiwan list is in force but incomplete; Xiamen's and Nansha's lists are later.
      [0, 1, 0, '?'],
      [1, 1, 0, '?'],
      [0, 2, 0, '—'],
      [1, 2, 0, '—'],
      [0, 3, 0, '—'],
      [1, 3, 0, '—'],
      [0, 4, 0, '—'],
      [1, 4, 0, '—'],
      [0, 5, 0, '?'],
      [1, 5, 0, '?'],
      [0, 6, 1, '1'],
      [1, 6, 5, '5'],
      [0, 7, 0, '—'],
      [1, 7, 0, '—'],
    ]);
    // Loaded and what the editions declare beyond it: 7 of 122 (Beijing 3.0), 4 of 20 (Fujian 2021), 0 of 25 + 20
    // (Shenzhen's two 2022 lists), 6 of 85 (Shanghai 1.0).
    expect([chart.series[1].data, chart.series[2].data]).toEqual([
      [7, 4, 0, 0, 0, 0, 6, 0],
      [115, 16, 0, 0, 0, 45, 79, 0],
    ]);
    await page.screenshot({ path: join(SHOTS, 'coverage-en.png'), fullPage: true });
    // The language switch: names from the data's Chinese names.
    await page.locator('#lang').click();
    await ready(page, 'coverage');
    expect((await option(page, '#coverage-chart')).yAxis[0].data).toEqual([
      '北京市',
      '福建省',
      '厦门市',
      '广州市',
      '广州市南沙区',
      '深圳市',
      '上海市',
      '天津市',
    ]);
    await page.screenshot({ path: join(SHOTS, 'coverage-zh.png'), fullPage: true });
    const csv = await download(page, '#export [data-export="csv"]');
    // The data columns, then the completeness of the editions behind each row (the first three of them).
    expect([csv.name, csvRows(csv.text).map((r) => r.slice(0, 10))]).toEqual([
      'coverage-field-2023-10-01.csv',
      [
        [
          'as_of',
          'group_by',
          'jurisdiction',
          'group',
          'group_name',
          'group_name_zh',
          'count',
          'completeness_of',
          'declared_size',
          'loaded_size',
        ],
        ['2023-10-01', 'FIELD', 'CN-BJ', '', '', '', '7', 'beijing-professional-qualifications@3.0', '122', '7'],
        [
          '2023-10-01',
          'FIELD',
          'CN-SH',
          'finance-management',
          'Finance and management',
          '金融与管理',
          '1',
          'shanghai-overseas-qualifications@1.0',
          '85',
          '6',
        ],
        ['2023-10-01', 'FIELD', 'CN-SH', '', '', '', '5', 'shanghai-overseas-qualifications@1.0', '85', '6'],
      ],
    ]);
    expect([foreign, problems]).toEqual([[], []]);
    await context.close();
  });

  it('Timeline: bars per jurisdiction, marks for supersession, repeal and lapse, and a slider that sets asOf', async () => {
    const { page, context, foreign, problems } = await open('/explore?view=timeline&asOf=2023-10-01&lang=en');
    await ready(page, 'timeline');
    const chart = await option(page, '#timeline-chart');
    const lanes: string[] = chart.yAxis[0].data;
    const bars = chart.series[0].data.map((d: any) => [lanes[d.value[0]], d.value[1], d.value[2], d.value[3], d.value[4]]);
    const beijing = bars.filter((b: any) => b[0] === 'Beijing · catalog editions');
    expect(beijing).toEqual([
      ['Beijing · catalog editions', '2021-09-01', '2022-06-30', 'SUPERSEDED', '1.0'],
      ['Beijing · catalog editions', '2022-06-30', '2023-09-04', 'SUPERSEDED', '2.0'],
      ['Beijing · catalog editions', '2023-09-04', '2024-01-01', 'IN_FORCE', '3.0'],
      ['Beijing · catalog editions', '2024-01-01', '2025-09-05', 'NOT_YET_IN_FORCE', 'International 1.0'],
      ['Beijing · catalog editions', '2025-09-05', '2027-01-01', 'NOT_YET_IN_FORCE', '2025'],
    ]);
    const marks = (kind: string) =>
      chart.series.find((s: any) => s.id === `mark-${kind}`).data.map((d: [string, number]) => [d[0], lanes[d[1]]]);
    expect(marks('LAPSED')).toEqual([['2025-01-01', 'Guangzhou · standard versions']]);
    expect(marks('REPEALED')).toEqual([
      ['2025-09-05', 'Beijing · catalog editions'],
      ['2025-09-05', 'Beijing · agreements'],
      ['2025-09-05', 'Beijing · agreements'],
    ]);
    expect(marks('SUPERSEDED')).toEqual([
      ['2021-01-01', 'Fujian · catalog editions'],
      ['2022-06-30', 'Beijing · catalog editions'],
      ['2023-09-04', 'Beijing · catalog editions'],
      ['2024-01-01', 'Beijing · catalog editions'],
      ['2024-11-01', 'Shanghai · catalog editions'],
      ['2025-11-14', 'Shanghai · catalog editions'],
    ]);
    expect(chart.series[0].markLine.data[0].xAxis).toBe('2023-10-01');
    await page.screenshot({ path: join(SHOTS, 'timeline-en.png'), fullPage: true });
    // The slider moves the page's day: on 1 Oct 2025 International 1.0 is repealed and 2025 in force.
    const slider = page.locator('#as-of-slider');
    const days = Math.round((Date.UTC(2025, 9, 1) - Date.UTC(2017, 0, 1)) / 86_400_000);
    await slider.evaluate((el: any, value) => {
      el.value = String(value);
      el.dispatchEvent(new Event('input'));
      el.dispatchEvent(new Event('change'));
    }, days);
    await expect.poll(() => page.url()).toContain('asOf=2025-10-01');
    await ready(page, 'timeline');
    const later = await option(page, '#timeline-chart');
    expect(
      later.series[0].data
        .filter((d: any) => later.yAxis[0].data[d.value[0]] === 'Beijing · catalog editions')
        .map((d: any) => [d.value[4], d.value[3]]),
    ).toEqual([
      ['1.0', 'SUPERSEDED'],
      ['2.0', 'SUPERSEDED'],
      ['3.0', 'SUPERSEDED'],
      ['International 1.0', 'REPEALED'],
      ['2025', 'IN_FORCE'],
    ]);
    const json = await download(page, '#export [data-export="json"]');
    // No entry of the 2025 edition is loaded, and the file says so: 0 of 163.
    const file = JSON.parse(json.text);
    expect([json.name, file.rows, file.completeness.editions.map((e: any) => [e.key, e.declaredSize, e.loadedSize])]).toEqual([
      'beijing-professional-qualifications-2025-entries.json',
      [],
      [['beijing-professional-qualifications@2025', 163, 0]],
    ]);
    await page.locator('#lang').click();
    await ready(page, 'timeline');
    expect((await option(page, '#timeline-chart')).yAxis[0].data).toContain('北京市 · 目录版本');
    await page.screenshot({ path: join(SHOTS, 'timeline-zh.png'), fullPage: true });
    expect([foreign, problems]).toEqual([[], []]);
    await context.close();
  });

  const tiles = (chart: any, id: string) =>
    chart.series
      .find((s: any) => s.id === id)
      .data.filter((d: any) => d.value[3] !== '')
      .map((d: any) => [d.value[2], d.value[3]]);

  it('Who honours it: IEEE Fellow on 1 Oct 2025 has no recognition but nine possible ones, apart', async () => {
    const { page, context, foreign, problems } = await open(
      '/explore?view=honours&asOf=2025-10-01&lang=en&mode=qualification&qualification=ieee-fellow',
    );
    await ready(page, 'honours');
    const chart = await option(page, '#honours-chart');
    expect(chart.series.find((s: any) => s.id === 'tiles-recognitions').data).toHaveLength(34);
    expect(tiles(chart, 'tiles-recognitions')).toEqual([]);
    // Beijing listed, Fujian and Xiamen, Shenzhen (on Guangdong's tile), Shanghai and Tianjin listed, Hebei and Tianjin by agreement.
    expect(tiles(chart, 'tiles-possible')).toEqual([
      ['CN-BJ', 'LISTED'],
      ['CN-HE', 'AGREEMENT'],
      ['CN-TJ', 'LISTED'],
      ['CN-SH', 'LISTED'],
      ['CN-GD', 'LISTED'],
      ['CN-FJ', 'LISTED'],
    ]);
    // Only Shenzhen, not Guangdong, may list it: that tile is outlined, Fujian's (the province itself) filled.
    const part = (code: string) =>
      chart.series.find((s: any) => s.id === 'tiles-possible').data.find((d: any) => d.value[2] === code).value[5];
    expect([part('CN-GD'), part('CN-FJ'), part('CN-BJ')]).toEqual(['part', 'whole', 'whole']);
    expect(await page.locator('#possible tr').evaluateAll((rows) => rows.map((r) => r.textContent))).toEqual([
      'Beijinglisted',
      'Fujianlisted',
      'Xiamenlisted',
      'Shenzhenlisted',
      'Shenzhenlisted',
      'Hebeiagreement',
      'Shanghailisted',
      'Tianjinlisted',
      'Tianjinagreement',
    ]);
    await page.screenshot({ path: join(SHOTS, 'honours-qualification.png'), fullPage: true });
    const csv = await download(page, '#export [data-export="csv"]');
    const rows = csvRows(csv.text);
    expect([csv.name, rows.length, rows.slice(1).map((r) => [r[2], r[3], r[5]])]).toEqual([
      'ieee-fellow-recognition-2025-10-01.csv',
      10,
      [
        ['POSSIBLE', 'CN-BJ', 'LISTED'],
        ['POSSIBLE', 'CN-FJ', 'LISTED'],
        ['POSSIBLE', 'CN-FJ-XM', 'LISTED'],
        ['POSSIBLE', 'CN-GD-SZ', 'LISTED'],
        ['POSSIBLE', 'CN-GD-SZ', 'LISTED'],
        ['POSSIBLE', 'CN-HE', 'AGREEMENT'],
        ['POSSIBLE', 'CN-SH', 'LISTED'],
        ['POSSIBLE', 'CN-TJ', 'LISTED'],
        ['POSSIBLE', 'CN-TJ', 'AGREEMENT'],
      ],
    ]);
    expect([foreign, problems]).toEqual([[], []]);
    await context.close();
  });

  it('Who honours it: A-class granted in Chongqing on 1 Oct 2025, all 31 mainland divisions, in Chinese', async () => {
    const { page, context, foreign, problems } = await open(
      '/explore?view=honours&asOf=2025-10-01&lang=zh&mode=category&category=A&grantedIn=CN-CQ',
    );
    await ready(page, 'honours');
    const chart = await option(page, '#honours-chart');
    const coloured = tiles(chart, 'tiles-recognitions');
    expect(coloured).toHaveLength(31);
    expect(coloured.filter(([, basis]: string[]) => basis !== 'NATIONWIDE')).toEqual([
      ['CN-SC', 'AGREEMENT'],
      ['CN-CQ', 'ISSUER'],
    ]);
    expect(coloured.map(([code]: string[]) => code)).not.toContain('CN-HK');
    // 31 nationwide, the issuer, Sichuan's agreement and the two parts of the Gaozhu New Area.
    expect(await page.locator('#recognitions tr').count()).toBe(35);
    expect(await page.locator('#recognitions tr[data-code="CN-SC"]').allInnerTexts()).toEqual(['四川省\t协议', '四川省\t全国']);
    await page.screenshot({ path: join(SHOTS, 'honours-category-zh.png'), fullPage: true });
    // On 29 Sept 2025 the national rule was not yet in force: Chongqing and Sichuan only.
    await page.locator('#as-of').fill('2025-09-29');
    await page.locator('#as-of').dispatchEvent('change');
    await expect.poll(() => page.url()).toContain('asOf=2025-09-29');
    await ready(page, 'honours');
    expect(tiles(await option(page, '#honours-chart'), 'tiles-recognitions')).toEqual([
      ['CN-SC', 'AGREEMENT'],
      ['CN-CQ', 'ISSUER'],
    ]);
    expect([foreign, problems]).toEqual([[], []]);
    await context.close();
  });

  it("Diff: Beijing's 2.0 against 3.0 side by side, with the editions' exports", async () => {
    const { page, context, foreign, problems } = await open('/explore?view=diff&lang=en');
    await ready(page, 'diff');
    const chart = await option(page, '#diff-chart');
    expect([chart.yAxis[0].data, chart.series[0].data.map((d: any) => d.value)]).toEqual([
      ['added', 'removed', 'changed', 'unchanged'],
      [3, 1, 1, 3],
    ]);
    const rows = (side: string) =>
      page.locator(`#${side} tr`).evaluateAll((trs) => trs.map((tr: any) => [tr.dataset.kind, tr.dataset.key]));
    expect(await rows('diff-from-side')).toEqual([
      ['removed', 'acca-member'],
      ['changed', 'acca-fellow'],
    ]);
    expect((await rows('diff-to-side')).sort()).toEqual([
      ['added', 'acm-distinguished-member'],
      ['added', 'acm-fellow'],
      ['added', 'frsc'],
      ['changed', 'acca-fellow'],
    ]);
    await page.screenshot({ path: join(SHOTS, 'diff-en.png'), fullPage: true });
    await page.locator('#lang').click();
    await ready(page, 'diff');
    expect(await page.locator('#diff-from-side h2').innerText()).toBe('北京市境外职业资格认可目录(2.0版)');
    await page.screenshot({ path: join(SHOTS, 'diff-zh.png'), fullPage: true });
    const json = await download(page, '#diff-to-side-export [data-export="json"]');
    const entries = JSON.parse(json.text).rows as { qualification: string }[];
    expect([json.name, entries.map((e) => e.qualification).sort()]).toEqual([
      'beijing-professional-qualifications-3.0-entries.json',
      ['acca-fellow', 'acm-distinguished-member', 'acm-fellow', 'frsc', 'ieee-fellow', 'ieee-senior-member', 'leed-fellow'],
    ]);
    expect([foreign, problems]).toEqual([[], []]);
    await context.close();
  });
});

/** Replaces the text of the Monaco editor inside `selector` by typing, as a person would. */
async function type(page: Page, selector: string, text: string): Promise<void> {
  await page.locator(`${selector} .monaco-editor:visible`).first().click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}
