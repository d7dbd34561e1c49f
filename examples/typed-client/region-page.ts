import { print } from 'graphql';
import type { RegionPageQuery, RegionPageQueryVariables } from './gql/graphql.js';
import { graphql } from './gql/index.js';

// A dashboard's region page in one request: the region, its catalogs with the edition in force
// on a day and how much of it the hub holds, and the qualifications honoured there.
export const RegionPage = graphql(`
  query RegionPage($code: String!, $asOf: Date) {
    jurisdiction(code: $code) {
      code
      name
      nameZh
      level
      catalogs {
        slug
        name
        nameZh
        editionInForce(asOf: $asOf) {
          label
          validFrom
          validTo
          declaredSize
          loadedSize
          complete
        }
      }
      honouredQualifications(asOf: $asOf, first: 20) {
        totalCount
        nodes {
          qualification {
            slug
            name
          }
          recognitions {
            basis
          }
        }
      }
    }
  }
`);

export async function regionPage(endpoint: string, variables: RegionPageQueryVariables): Promise<RegionPageQuery> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query: print(RegionPage), variables }),
  });
  const body = (await response.json()) as { data?: RegionPageQuery; errors?: { message: string }[] };
  if (!body.data) throw new Error(body.errors?.map((e) => e.message).join('; ') ?? `HTTP ${response.status}`);
  return body.data;
}

/** One line per catalog: what is in force and whether the hub holds all of it. */
export function summary(page: RegionPageQuery): string[] {
  return (page.jurisdiction?.catalogs ?? []).map((c) => {
    const e = c.editionInForce;
    // validFrom is a Date: a string here, thanks to the scalar mapping in codegen.ts.
    const since: string | undefined = e?.validFrom;
    return e
      ? `${c.name} ${e.label} since ${since}: ${e.loadedSize} of ${e.declaredSize ?? '?'}${e.complete ? '' : ' (incomplete)'}`
      : `${c.name}: none in force`;
  });
}
