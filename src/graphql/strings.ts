import type { ApolloServerPlugin } from '@apollo/server';
import { type DocumentNode, GraphQLError, visit } from 'graphql';

// NOTE: PostgreSQL text cannot hold the NUL character, so a NUL in any argument used to reach
// the database and come back as a masked INTERNAL_SERVER_ERROR (issue 12: 27 arguments and
// every export). It is refused once, before anything runs, as the client's error it is.

function hasNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(hasNul);
  if (value && typeof value === 'object') return Object.values(value).some(hasNul);
  return false;
}

/** Whether a document's string literals hold NUL, found once per document (see complexity.ts `directivesIn`). */
const literalsWithNul = new WeakMap<DocumentNode, boolean>();
function literalHasNul(document: DocumentNode): boolean {
  let found = literalsWithNul.get(document);
  if (found === undefined) {
    found = false;
    visit(document, {
      StringValue(node) {
        if (node.value.includes('\u0000')) found = true;
      },
    });
    literalsWithNul.set(document, found);
  }
  return found;
}

/** The refusal of an operation whose variables or string literals contain NUL, or null. */
export function nulRefusal(document: DocumentNode, variables: Record<string, unknown> | undefined): GraphQLError | null {
  const found = hasNul(variables ?? {}) || literalHasNul(document);
  return found
    ? new GraphQLError('Strings may not contain the NUL character (\\u0000)', {
        extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
      })
    : null;
}

export function nulRefusalPlugin<C extends object>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request }) {
          const refusal = nulRefusal(document, request.variables);
          if (refusal) throw refusal;
        },
      };
    },
  };
}
