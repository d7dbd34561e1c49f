import type { Lang } from './i18n.ts';

export type View = 'coverage' | 'timeline' | 'honours' | 'diff';
export const VIEWS: View[] = ['coverage', 'timeline', 'honours', 'diff'];

/** What the page shows, kept in the URL (`?view=…&asOf=…&lang=…` and each view's own choices), so a link reproduces it. */
export interface PageState {
  view: View;
  asOf: string;
  lang: Lang;
  params: URLSearchParams;
}

/** Today in China Standard Time, the hub's default day. */
export function todayInChina(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

export function readState(): PageState {
  const params = new URLSearchParams(location.search);
  const view = params.get('view') as View | null;
  const asOf = params.get('asOf');
  return {
    view: view && VIEWS.includes(view) ? view : 'coverage',
    asOf: asOf && /^\d{4}-\d{2}-\d{2}$/.test(asOf) ? asOf : todayInChina(),
    lang: params.get('lang') === 'zh' ? 'zh' : 'en',
    params,
  };
}

export function writeState(state: PageState): void {
  const params = new URLSearchParams(state.params);
  params.set('view', state.view);
  params.set('asOf', state.asOf);
  params.set('lang', state.lang);
  history.replaceState(null, '', `${location.pathname}?${params}`);
}
