import type { CodegenConfig } from '@graphql-codegen/cli';

// A typed client for talent-hub, as a dashboard would generate one (npx graphql-codegen): the
// client preset over the committed SDL, with the hub's scalars mapped, since codegen otherwise
// types them `unknown` and every date needs a cast. Operations live in examples/typed-client;
// test/codegen.test.ts generates into a temporary folder (CODEGEN_ROOT), also from a changed SDL
// (CODEGEN_SCHEMA), and compiles them.
const root = process.env.CODEGEN_ROOT ?? 'examples/typed-client';

const config: CodegenConfig = {
  schema: process.env.CODEGEN_SCHEMA ?? 'schema/schema.graphql',
  documents: [`${root}/*.ts`],
  ignoreNoDocuments: false,
  generates: {
    [`${root}/gql/`]: {
      preset: 'client',
      config: {
        // Date is an ISO day ("2025-10-01"), DateTime an ISO instant: both travel as strings.
        scalars: { Date: 'string', DateTime: 'string', JSON: 'unknown' },
        strictScalars: true,
        enumsAsTypes: true,
        useTypeImports: true,
      },
    },
  },
};

export default config;
