import { gql, type Named } from '../api.ts';
import { draw } from '../chart.ts';
import { chartBox, exportButtons, h, select } from '../dom.ts';
import { label, t } from '../i18n.ts';
import type { Render } from '../main.ts';

interface Subject {
  qualification: (Named & { slug: string }) | null;
  occupation: (Named & { code: string }) | null;
}
interface EditionRef {
  label: string;
  title: string;
  titleZh: string | null;
  loadedSize: number;
  declaredSize: number | null;
  catalog: Named & { slug: string };
}
interface DiffAnswer {
  catalogDiff: {
    addedCount: number;
    removedCount: number;
    changedCount: number;
    unchangedCount: number;
    complete: boolean;
    from: EditionRef;
    to: EditionRef;
    added: (Subject & { lists: { code: string }[] })[];
    removed: (Subject & { lists: { code: string }[] })[];
    changed: (Subject & {
      changes: { attribute: string; before: string | null; after: string | null }[];
      listsAdded: string[];
      listsRemoved: string[];
    })[];
  };
}

const EDITIONS = `{ catalogs { slug name nameZh editions { id label } } }`;
const SUBJECT = 'qualification { slug name nameZh } occupation { code name nameZh }';
const EDITION = 'label title titleZh loadedSize declaredSize catalog { slug name nameZh }';
const DIFF = `query($from: ID!, $to: ID!) { catalogDiff(from: $from, to: $to) {
  addedCount removedCount changedCount unchangedCount complete
  from { ${EDITION} } to { ${EDITION} }
  added { ${SUBJECT} lists { code } } removed { ${SUBJECT} lists { code } }
  changed { ${SUBJECT} changes { attribute before after } listsAdded listsRemoved } } }`;

export const diffView: Render = async (root, state, update) => {
  const { lang, params } = state;
  const { catalogs } = await gql<{ catalogs: (Named & { slug: string; editions: { id: string; label: string }[] })[] }>(EDITIONS);
  const options: [string, string][] = catalogs.flatMap((c) =>
    c.editions.map((e) => [e.id, `${label(lang, c)} · ${e.label}`] as [string, string]),
  );
  // By default Beijing's 2.0 against 3.0, the README's example.
  const beijing = catalogs.find((c) => c.slug === 'beijing-professional-qualifications')?.editions ?? [];
  const from = params.get('from') ?? beijing.find((e) => e.label === '2.0')?.id ?? options[0]![0];
  const to = params.get('to') ?? beijing.find((e) => e.label === '3.0')?.id ?? options[1]![0];
  const { catalogDiff: diff } = await gql<DiffAnswer>(DIFF, { from, to });

  const name = (s: Subject) =>
    s.qualification ? label(lang, s.qualification) : s.occupation ? `${s.occupation.code} ${label(lang, s.occupation)}` : '?';
  const key = (s: Subject) => s.qualification?.slug ?? s.occupation?.code ?? '';
  const row = (kind: 'added' | 'removed' | 'changed', s: Subject, detail: string) =>
    h(
      'tr',
      { 'data-kind': kind, 'data-key': key(s) },
      h('td', {}, h('span', { class: `tag ${kind}` }, t(lang, kind))),
      h('td', {}, name(s)),
      h('td', { class: 'muted' }, detail),
    );
  const change = (c: DiffAnswer['catalogDiff']['changed'][number], side: 'before' | 'after') =>
    [
      ...c.changes.map((x) => `${x.attribute}: ${(side === 'before' ? x.before : x.after) ?? '—'}`),
      ...(side === 'after' && c.listsAdded.length ? [`+${t(lang, 'lists')} ${c.listsAdded.join(', ')}`] : []),
      ...(side === 'before' && c.listsRemoved.length ? [`−${t(lang, 'lists')} ${c.listsRemoved.join(', ')}`] : []),
    ].join('; ');
  const side = (id: string, edition: EditionRef, rows: HTMLTableRowElement[]) =>
    h(
      'div',
      { class: 'panel', id },
      h('h2', {}, `${label(lang, edition)}`),
      h('p', { class: 'muted' }, `${edition.loadedSize} / ${edition.declaredSize ?? '?'}`),
      h('table', {}, h('tbody', {}, ...rows)),
      exportButtons(lang, 'edition', { catalog: edition.catalog.slug, edition: edition.label }, `${id}-export`),
    );

  const set = (change: Record<string, string>) => update({ params: new URLSearchParams({ from, to, ...change }) });
  const box = chartBox('diff-chart', 220);
  root.replaceChildren(
    h(
      'section',
      { class: 'panel' },
      h('h2', {}, t(lang, 'diff')),
      h(
        'div',
        { class: 'form' },
        h('label', { for: 'diff-from' }, t(lang, 'from')),
        select('diff-from', options, from, (v) => set({ from: v })),
        h('label', { for: 'diff-to' }, t(lang, 'to')),
        select('diff-to', options, to, (v) => set({ to: v })),
      ),
      diff.complete ? null : h('p', { class: 'muted' }, t(lang, 'diffNote')),
      box,
    ),
    h(
      'section',
      { class: 'columns' },
      side('diff-from-side', diff.from, [
        ...diff.removed.map((e) => row('removed', e, e.lists.map((l) => l.code).join(', '))),
        ...diff.changed.map((c) => row('changed', c, change(c, 'before'))),
      ]),
      side('diff-to-side', diff.to, [
        ...diff.added.map((e) => row('added', e, e.lists.map((l) => l.code).join(', '))),
        ...diff.changed.map((c) => row('changed', c, change(c, 'after'))),
      ]),
    ),
  );

  const kinds = ['added', 'removed', 'changed', 'unchanged'] as const;
  const counts = [diff.addedCount, diff.removedCount, diff.changedCount, diff.unchangedCount];
  draw(box, {
    tooltip: { trigger: 'item' },
    grid: { left: 110, right: 40, top: 10, bottom: 30 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: kinds.map((k) => t(lang, k)), inverse: true },
    series: [
      {
        id: 'counts',
        type: 'bar',
        data: counts.map((value, i) => ({ value, itemStyle: { color: ['#2f9e44', '#e03131', '#f08c00', '#adb5bd'][i] } })),
        label: { show: true, position: 'right' },
      },
    ],
  });
};
