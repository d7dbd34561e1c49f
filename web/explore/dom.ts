import { exportUrl } from './api.ts';
import { type Lang, t } from './i18n.ts';

type Child = Node | string | null | undefined | false;

/** A small element builder: `h('div', { class: 'x' }, child, …)`. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === true) el.setAttribute(key, '');
    else if (typeof value === 'string') el.setAttribute(key, value);
  }
  for (const child of children) if (child) el.append(child);
  return el;
}

/** A select whose options are [value, text] pairs. */
export function select(id: string, options: [string, string][], value: string, onChange: (v: string) => void): HTMLSelectElement {
  const el = h('select', { id, name: id }, ...options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)));
  el.addEventListener('change', () => onChange(el.value));
  return el;
}

/** CSV and JSON download links to an export endpoint; or a note when there is none. */
export function exportButtons(lang: Lang, name: string | null, params: Record<string, string | undefined>, id = 'export'): HTMLElement {
  if (!name) return h('p', { class: 'exports muted', id }, t(lang, 'noExport'));
  return h(
    'p',
    { class: 'exports', id },
    h('a', { class: 'button', href: exportUrl(name, 'csv', params), download: true, 'data-export': 'csv' }, t(lang, 'exportCsv')),
    h('a', { class: 'button', href: exportUrl(name, 'json', params), download: true, 'data-export': 'json' }, t(lang, 'exportJson')),
  );
}

/** A box for a chart, `height` tall. */
export function chartBox(id: string, height: number): HTMLDivElement {
  const el = h('div', { id, class: 'chart', 'data-chart': id });
  el.style.height = `${height}px`;
  return el;
}
