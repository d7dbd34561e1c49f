import './style.css';
import { h } from './dom.ts';
import { t } from './i18n.ts';
import { type PageState, readState, VIEWS, type View, writeState } from './state.ts';
import { coverageView } from './views/coverage.ts';
import { diffView } from './views/diff.ts';
import { honoursView } from './views/honours.ts';
import { timelineView } from './views/timeline.ts';

export type Render = (root: HTMLElement, state: PageState, update: (change: Partial<PageState>) => void) => Promise<void>;

const RENDER: Record<View, Render> = { coverage: coverageView, timeline: timelineView, honours: honoursView, diff: diffView };

const DAY = 86_400_000;
const SLIDER_FROM = Date.UTC(2017, 0, 1);
const SLIDER_TO = Date.UTC(2027, 0, 1);

let state = readState();
let rendering = 0;

function update(change: Partial<PageState>): void {
  state = { ...state, ...change };
  writeState(state);
  void render();
}

function header(): HTMLElement {
  const { lang } = state;
  const days = Math.round((Date.parse(state.asOf) - SLIDER_FROM) / DAY);
  const slider = h('input', {
    id: 'as-of-slider',
    type: 'range',
    min: '0',
    max: String(Math.round((SLIDER_TO - SLIDER_FROM) / DAY)),
    value: String(Math.max(0, days)),
    'aria-label': t(lang, 'asOf'),
  });
  const day = h('input', { id: 'as-of', type: 'date', value: state.asOf, 'aria-label': t(lang, 'asOf') });
  slider.addEventListener('input', () => {
    day.value = new Date(SLIDER_FROM + Number(slider.value) * DAY).toISOString().slice(0, 10);
  });
  slider.addEventListener('change', () => update({ asOf: day.value }));
  day.addEventListener('change', () => day.value && update({ asOf: day.value }));
  const langButton = h('button', { id: 'lang', type: 'button', title: 'English / 中文' }, lang === 'zh' ? 'English' : '中文');
  langButton.addEventListener('click', () => update({ lang: lang === 'zh' ? 'en' : 'zh' }));
  return h(
    'header',
    {},
    h('h1', {}, t(lang, 'title')),
    h(
      'nav',
      {},
      ...VIEWS.map((view) => {
        const a = h('a', { href: `?view=${view}`, id: `nav-${view}`, class: view === state.view ? 'active' : '' }, t(lang, view));
        a.addEventListener('click', (event) => {
          event.preventDefault();
          update({ view, params: new URLSearchParams() });
        });
        return a;
      }),
      h('a', { href: '/explorer' }, t(lang, 'explorer')),
    ),
    h('div', { class: 'controls' }, h('label', { for: 'as-of' }, t(lang, 'asOf')), slider, day, langButton),
  );
}

async function render(): Promise<void> {
  const mine = ++rendering;
  const app = document.getElementById('app')!;
  document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
  document.title = `${t(state.lang, state.view)} · ${t(state.lang, 'title')}`;
  const main = h('main', { id: `view-${state.view}`, 'aria-busy': 'true' }, h('p', { class: 'muted' }, t(state.lang, 'loading')));
  app.replaceChildren(header(), main);
  try {
    // A view fetches its data, then replaces the loading line and draws its charts in place.
    await RENDER[state.view](main, state, update);
  } catch (error) {
    if (mine !== rendering) return;
    main.replaceChildren(h('p', { class: 'error', role: 'alert' }, error instanceof Error ? error.message : String(error)));
  } finally {
    if (mine === rendering) {
      main.setAttribute('aria-busy', 'false');
      main.dataset.ready = 'true';
    }
  }
}

writeState(state);
void render();
