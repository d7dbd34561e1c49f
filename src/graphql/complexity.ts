import type { ApolloServerPlugin } from '@apollo/server';
import { PothosValidationError } from '@pothos/core';
import { complexityFromQuery } from '@pothos/plugin-complexity';
import { type DocumentNode, GraphQLError, type GraphQLSchema, Kind, type OperationDefinitionNode } from 'graphql';
import { HubError } from '../errors.ts';

export interface CostLimits {
  /** Fields deep, introspection fields not counted. */
  depth: number;
  /** Fields selected in the whole operation, aliases and fragments included. */
  breadth: number;
  /** The plugin-complexity cost: each field 1, its selections multiplied by its page size (or 10 for a list). */
  cost: number;
}

/**
 * Refuses an operation whose depth, breadth or cost is over the limits with QUERY_TOO_COMPLEX and
 * HTTP 400, before anything runs. The scoring is plugin-complexity's (memoised per fragment and
 * type, so nested fragments cost linear time), from the cost options on the schema's fields.
 * NOTE: checked here rather than by the plugin's own wrap of every root field, for one error per
 * request with the numbers in it; and rather than as a validation rule, because Apollo caches
 * validation per document (the cost depends on variables) and re-codes validation errors.
 */
/**
 * The refusal of an operation over the limits, or null. Shared by HTTP (the Apollo plugin below)
 * and subscriptions (graphql/live.ts).
 */
export function overLimits(
  args: {
    schema: GraphQLSchema;
    document: DocumentNode;
    operation: OperationDefinitionNode | undefined;
    variables: Record<string, unknown>;
    ctx: object;
  },
  limits: CostLimits,
): GraphQLError | null {
  let result: { complexity: number; depth: number; breadth: number };
  try {
    // NOTE: the operation that runs and the fragments, scored directly: running the
    // plugin's validation rule instead walks the whole document with a TypeInfo, which
    // cost a catalog page (W1) a tenth of its CPU time.
    if (!args.operation) return null;
    const definitions = [args.operation, ...args.document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION)];
    result = complexityFromQuery({ kind: Kind.DOCUMENT, definitions }, { schema: args.schema, ctx: args.ctx, variables: args.variables });
  } catch (error) {
    // Scoring reads the arguments through their validation; an argument that fails it is
    // reported by the field that takes it, when the operation runs (with its path).
    if (error instanceof HubError || error instanceof PothosValidationError) return null;
    throw error;
  }
  const over =
    result.depth > limits.depth
      ? `nested ${result.depth} fields deep; at most ${limits.depth} are allowed`
      : result.breadth > limits.breadth
        ? `${result.breadth} fields; at most ${limits.breadth} are allowed`
        : result.complexity > limits.cost
          ? `cost ${result.complexity}; at most ${limits.cost} is allowed (each field costs 1, and what it selects is multiplied by its page size, or by ${10} for a list)`
          : null;
  if (!over) return null;
  return new GraphQLError(`Query too complex: ${over}`, {
    extensions: {
      code: 'QUERY_TOO_COMPLEX',
      cost: result.complexity,
      depth: result.depth,
      breadth: result.breadth,
      limits: { cost: limits.cost, depth: limits.depth, breadth: limits.breadth },
      http: { status: 400 },
    },
  });
}

export function complexityLimitPlugin<C extends object>(limits: CostLimits): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request, contextValue }) {
          const refusal = overLimits({ schema, document, operation, variables: request.variables ?? {}, ctx: contextValue }, limits);
          if (refusal) throw refusal;
        },
      };
    },
  };
}
