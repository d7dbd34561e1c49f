import type { ApolloServerPlugin } from '@apollo/server';
import { PothosValidationError } from '@pothos/core';
import { complexityFromQuery } from '@pothos/plugin-complexity';
import {
  type DocumentNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLSchema,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  visit,
} from 'graphql';
import { HubError } from '../errors.ts';

export interface CostLimits {
  /** Fields deep, introspection fields not counted. */
  depth: number;
  /** Fields selected in the whole operation, aliases and fragments (at every spread) included. */
  breadth: number;
  /** The plugin-complexity cost: each field 1, its selections multiplied by its page size (or 10 for a list); introspection priced by what this schema holds. */
  cost: number;
  /** Lexical tokens of the document, checked by the parser before anything else. */
  tokens: number;
  /** Directives written in the document. */
  directives: number;
}

/** What the cost of one operation came to: served as `extensions.cost` with the limit. */
export interface Cost {
  cost: number;
  depth: number;
  breadth: number;
}

const INTROSPECTION_LISTS = ['types', 'fields', 'inputFields', 'enumValues', 'args', 'interfaces', 'possibleTypes', 'directives'] as const;

/**
 * How many items each introspection list holds in this schema (rounded-up averages): the
 * plugin prices `__schema` as one field, so 290 aliases of `__schema { types { fields … } } }`
 * passed the limits and took 1.8 s to answer 8 MB. Priced from the schema itself, a selection
 * costs what its answer holds.
 */
function introspectionMultipliers(schema: GraphQLSchema): Record<string, number> {
  const types = Object.values(schema.getTypeMap());
  const mean = (counts: number[]) => Math.max(1, Math.ceil(counts.reduce((a, b) => a + b, 0) / Math.max(1, counts.length)));
  const withFields = types.filter((t) => isObjectType(t) || isInterfaceType(t)) as {
    getFields(): Record<string, { args: readonly unknown[] }>;
  }[];
  const fields = withFields.flatMap((t) => Object.values(t.getFields()));
  return {
    types: types.length,
    fields: mean(withFields.map((t) => Object.keys(t.getFields()).length)),
    inputFields: mean(types.filter(isInputObjectType).map((t) => Object.keys(t.getFields()).length)),
    enumValues: mean(types.filter(isEnumType).map((t) => t.getValues().length)),
    args: mean(fields.map((f) => f.args.length)),
    interfaces: mean(types.filter(isObjectType).map((t) => t.getInterfaces().length)),
    possibleTypes: mean(types.filter(isAbstractType).map((t) => schema.getPossibleTypes(t).length)),
    directives: schema.getDirectives().length,
  } satisfies Record<(typeof INTROSPECTION_LISTS)[number], number>;
}

const multipliersBySchema = new WeakMap<GraphQLSchema, Record<string, number>>();

/**
 * The cost and field count of the introspection in an operation (`__schema`, `__type`), each
 * fragment scored once (linear in the document however often it is spread).
 */
function introspectionCost(schema: GraphQLSchema, operation: OperationDefinitionNode, fragments: Map<string, FragmentDefinitionNode>) {
  let multipliers = multipliersBySchema.get(schema);
  if (!multipliers) {
    multipliers = introspectionMultipliers(schema);
    multipliersBySchema.set(schema, multipliers);
  }
  const m = multipliers;
  type Score = { cost: number; fields: number };
  const memo = new Map<string, Score>();
  const score = (set: SelectionSetNode | undefined, inside: boolean): Score => {
    const total = { cost: 0, fields: 0 };
    for (const selection of set?.selections ?? []) {
      let part: Score;
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (!inside && name !== '__schema' && name !== '__type') continue;
        const child = score(selection.selectionSet, true);
        // The plugin has counted `__schema` or `__type` itself (1 each): what is under it is ours.
        part = inside ? { cost: 1 + (m[name] ?? 1) * child.cost, fields: 1 + child.fields } : child;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        part = score(selection.selectionSet, inside);
      } else {
        const key = `${inside}:${selection.name.value}`;
        let known = memo.get(key);
        if (!known) {
          memo.set(key, { cost: 0, fields: 0 }); // a cycle (refused by validation anyway) adds nothing
          known = score(fragments.get(selection.name.value)?.selectionSet, inside);
          memo.set(key, known);
        }
        part = known;
      }
      total.cost += part.cost;
      total.fields += part.fields;
    }
    return total;
  };
  return score(operation.selectionSet, false);
}

const directiveCounts = new WeakMap<DocumentNode, number>();
/**
 * How many directives a document holds. NOTE: kept per document (Apollo hands the same parsed
 * document to every request of one query text), not walked again on each: the walks of this
 * and of `nulRefusal` were 5% of the hub's CPU on a lookup by ID (W4, issue 13).
 */
function directivesIn(document: DocumentNode): number {
  let count = directiveCounts.get(document);
  if (count === undefined) {
    let found = 0;
    visit(document, {
      Directive() {
        found += 1;
      },
    });
    count = found;
    directiveCounts.set(document, count);
  }
  return count;
}

/**
 * Refuses an operation whose depth, breadth, cost or directives are over the limits with
 * QUERY_TOO_COMPLEX and HTTP 400, before anything runs (tokens are the parser's: see
 * `tokenLimitError`). The scoring is plugin-complexity's (memoised per fragment and type, so
 * nested fragments cost linear time), from the cost options on the schema's fields, plus the
 * introspection it leaves out.
 * NOTE: checked here rather than by the plugin's own wrap of every root field, for one error per
 * request with the numbers in it; and rather than as a validation rule, because Apollo caches
 * validation per document (the cost depends on variables) and re-codes validation errors.
 * Shared by HTTP (the Apollo plugin below) and subscriptions (graphql/live.ts).
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
): { refusal: GraphQLError | null; cost: Cost | null } {
  let result: { complexity: number; depth: number; breadth: number };
  if (!args.operation) return { refusal: null, cost: null };
  const fragmentDefinitions = args.document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION);
  try {
    // NOTE: the operation that runs and the fragments, scored directly: running the
    // plugin's validation rule instead walks the whole document with a TypeInfo, which
    // cost a catalog page (W1) a tenth of its CPU time.
    const definitions = [args.operation, ...fragmentDefinitions];
    result = complexityFromQuery({ kind: Kind.DOCUMENT, definitions }, { schema: args.schema, ctx: args.ctx, variables: args.variables });
  } catch (error) {
    // Scoring reads the arguments through their validation; an argument that fails it is
    // reported by the field that takes it, when the operation runs (with its path). A variable
    // that does not coerce (GraphQLError) is reported by the executor as BAD_USER_INPUT; rethrown
    // from here it was a masked 500.
    if (error instanceof HubError || error instanceof PothosValidationError || error instanceof GraphQLError) {
      return { refusal: null, cost: null };
    }
    throw error;
  }
  const introspection = introspectionCost(args.schema, args.operation, new Map(fragmentDefinitions.map((f) => [f.name.value, f])));
  const cost: Cost = {
    cost: result.complexity + introspection.cost,
    depth: result.depth,
    breadth: result.breadth + introspection.fields,
  };
  const directives = directivesIn(args.document);
  const over =
    cost.depth > limits.depth
      ? `nested ${cost.depth} fields deep; at most ${limits.depth} are allowed`
      : cost.breadth > limits.breadth
        ? `${cost.breadth} fields; at most ${limits.breadth} are allowed`
        : cost.cost > limits.cost
          ? `cost ${cost.cost}; at most ${limits.cost} is allowed (each field costs 1, and what it selects is multiplied by its page size, or by ${10} for a list; introspection lists by what this schema holds)`
          : directives > limits.directives
            ? `${directives} directives; at most ${limits.directives} are allowed`
            : null;
  if (!over) return { refusal: null, cost };
  return {
    cost,
    refusal: new GraphQLError(`Query too complex: ${over}`, {
      extensions: {
        code: 'QUERY_TOO_COMPLEX',
        ...cost,
        directives,
        limits: { cost: limits.cost, depth: limits.depth, breadth: limits.breadth, directives: limits.directives, tokens: limits.tokens },
        http: { status: 400 },
      },
    }),
  };
}

/** The parser's refusal of a document over `maxTokens` (graphql-js words it so), as QUERY_TOO_COMPLEX. */
export function tokenLimitError(message: string, limits: CostLimits): { message: string; extensions: Record<string, unknown> } | null {
  // NOTE: graphql 16 spells it "more that".
  if (!/Document contains more (?:than|that) \d+ tokens/.test(message)) return null;
  return {
    message: `Query too complex: more than ${limits.tokens} tokens; at most ${limits.tokens} are allowed`,
    extensions: {
      code: 'QUERY_TOO_COMPLEX',
      limits: { cost: limits.cost, depth: limits.depth, breadth: limits.breadth, directives: limits.directives, tokens: limits.tokens },
    },
  };
}

/**
 * The limits on every HTTP operation, and what each answered one cost, in `extensions.cost`
 * (`{ requested, limit }`), so a client can see its budget before it meets the limit.
 */
export function complexityLimitPlugin<C extends object>(limits: CostLimits): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      let cost: Cost | null = null;
      return {
        async didResolveOperation({ schema, document, operation, request, contextValue }) {
          const checked = overLimits({ schema, document, operation, variables: request.variables ?? {}, ctx: contextValue }, limits);
          cost = checked.cost;
          if (checked.refusal) throw checked.refusal;
        },
        async willSendResponse({ response }) {
          if (cost && response.body.kind === 'single') {
            response.body.singleResult.extensions = {
              ...response.body.singleResult.extensions,
              cost: { requested: cost.cost, limit: limits.cost },
            };
          }
        },
      };
    },
  };
}
