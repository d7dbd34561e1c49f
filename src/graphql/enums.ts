import { builder } from './builder.ts';

/**
 * A GraphQL enum over values defined once elsewhere (a pgEnum, a rules module), each with its
 * description. The map must name every value and no other: a value without a description does
 * not compile, and neither does a description of a value that does not exist.
 */
export function enumOf<const V extends string>(name: string, values: readonly V[], description: string, descriptions: Record<V, string>) {
  return builder.enumType(name, {
    description,
    values: Object.fromEntries(values.map((v) => [v, { description: descriptions[v] }])) as Record<V, { description: string }>,
  });
}
