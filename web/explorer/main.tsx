import './workers.ts';
import 'graphiql/style.css';
import './page.css';
import { GraphiQL, type GraphiQLProps } from 'graphiql';
import { createRoot } from 'react-dom/client';

declare const __README_TABS__: { name: string; title: string; query: string }[];

/**
 * Every request goes to this hub's /graphql as JSON (a POST, so mutations work too). The headers
 * editor's JSON is sent as is: `{"Authorization": "Bearer <token>"}` for the write side.
 */
const fetcher: GraphiQLProps['fetcher'] = async (params, options) => {
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...options?.headers },
    body: JSON.stringify(params),
  });
  return res.json();
};

// A mutation needs a token: {"Authorization": "Bearer <token>"} in the Headers editor.
const tabs = __README_TABS__.map(({ title, query }) => ({
  query: `# ${title} (from the README)\n# Mutations: a token in Headers below\n${query}\n`,
  headers: '{}',
}));

createRoot(document.getElementById('explorer')!).render(
  <GraphiQL
    fetcher={fetcher}
    defaultTabs={tabs}
    isHeadersEditorEnabled
    defaultEditorToolsVisibility="headers"
    shouldPersistHeaders={false}
  />,
);
