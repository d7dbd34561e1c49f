import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import {
  type DocumentNode,
  execute,
  GraphQLError,
  type GraphQLSchema,
  getNamedType,
  getVariableValues,
  isInputObjectType,
  type OperationDefinitionNode,
  printSchema,
  type SourceLocation,
  typeFromAST,
} from 'graphql';
import { type CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';

/**
 * Operations compiled by graphql-jit, once per parsed document and operation: the plan graphql-js
 * works out on every request (which fields, which resolvers, how each value completes) becomes
 * one function. NOTE: executing a catalog page of 100 entries cost the hub 2.40 ms of CPU with
 * graphql-js and 1.75 ms compiled, the same answer (issue 13, W1); PostGraphile plans once per
 * document too. Which operations run on graphql-js instead is decided once per document too:
 * those that cannot compile, an introspection, one with a variable of an input object type.
 */
const compiledByDocument = new WeakMap<DocumentNode, Map<string, CompiledQuery | null>>();

function compiledFor(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): CompiledQuery | null {
  let byOperation = compiledByDocument.get(document);
  if (!byOperation) {
    byOperation = new Map();
    compiledByDocument.set(document, byOperation);
  }
  const name = operation.name?.value ?? '';
  let compiled = byOperation.get(name);
  if (compiled === undefined) {
    compiled = null;
    if (!introspects(operation) && !takesInputObjects(schema, operation)) {
      try {
        const made = compileQuery(schema, document, operation.name?.value);
        if (isCompiledQuery(made)) compiled = made;
      } catch {
        // graphql-jit throws on what it does not support, rather than reporting it: graphql-js runs it.
      }
    }
    byOperation.set(name, compiled);
  }
  return compiled;
}

/**
 * graphql-jit's error as graphql's own class. NOTE: graphql-jit loads graphql through require(),
 * the hub and Apollo through import: two copies of the module, so its errors are no instance of
 * the GraphQLError that Apollo unwraps, and every refusal came out INTERNAL_SERVER_ERROR.
 */
function asGraphqlError(error: {
  message: string;
  locations?: readonly SourceLocation[];
  path?: readonly (string | number)[];
  originalError?: Error | null;
  extensions?: Record<string, unknown>;
}): GraphQLError {
  const made = new GraphQLError(error.message, {
    path: error.path,
    originalError: error.originalError ?? undefined,
    extensions: error.extensions,
  });
  // The locations were worked out from the document when the error was made; the class takes them only through nodes.
  (made as { locations?: readonly SourceLocation[] }).locations = error.locations;
  return made;
}

/**
 * Whether an operation takes a variable of an input object type. NOTE: graphql-jit generates the
 * parsing of such a variable at compile time by walking its type, and the filters are recursive
 * (`and`, `or`, `not` of their own type): compiling `($filter: QualificationFilter)` ran the
 * process out of its 4 GB heap. Those operations run on graphql-js.
 */
function takesInputObjects(schema: GraphQLSchema, operation: OperationDefinitionNode): boolean {
  return (operation.variableDefinitions ?? []).some((v) => {
    const type = typeFromAST(schema, v.type);
    return type !== undefined && isInputObjectType(getNamedType(type));
  });
}

/** Whether the operation reads the schema itself (`__schema`, `__type`), which runs on graphql-js. */
function introspects(operation: OperationDefinitionNode): boolean {
  return operation.selectionSet.selections.some((s) => s.kind === 'Field' && (s.name.value === '__schema' || s.name.value === '__type'));
}

/**
 * Apollo's executor for the hub's schema: its gateway interface is the one place Apollo lets
 * another executor run an operation that it has parsed, validated and planned its plugins around,
 * with errors still formatted by `formatError`. Queries and mutations only; subscriptions run
 * on graphql-js in graphql/live.ts.
 */
export function jitGateway(schema: GraphQLSchema): GatewayInterface {
  const executor: GatewayExecutor = async (request) => {
    const { document, operation, context } = request;
    const variables = request.request.variables ?? {};
    // NOTE: variables are coerced by graphql-js first, so a bad one is refused in its words
    // (Apollo recognises those as BAD_USER_INPUT); graphql-jit words them otherwise.
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
    const compiled = coerced.errors ? null : compiledFor(schema, document, operation);
    if (!compiled) {
      return await execute({
        schema,
        document,
        contextValue: context,
        variableValues: variables,
        operationName: request.operationName,
      });
    }
    const result = await compiled.query(undefined, context, variables);
    return result.errors ? { ...result, errors: result.errors.map(asGraphqlError) } : result;
  };
  return {
    async load() {
      return { executor };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => {};
    },
    async stop() {},
  };
}
