import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/tables/index.ts',
  out: './drizzle',
  // generate runs offline; migrations are applied by the hub at start (src/db/migrate.ts).
});
