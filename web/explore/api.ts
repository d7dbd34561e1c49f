// The analyst pages read only what any dashboard can: the public GraphQL API and /export/*.

/** Runs one query against this hub's /graphql; a GraphQL error is thrown with its message. */
export async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
  return body.data as T;
}

/** The URL of an export endpoint (src/modules/export) for these parameters. */
export function exportUrl(name: string, format: 'csv' | 'json', params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) search.set(key, value);
  return `/export/${name}.${format}?${search}`;
}

export interface Named {
  name: string;
  nameZh: string | null;
}

export interface Place extends Named {
  code: string;
  level?: string;
  parent?: { code: string } | null;
}
