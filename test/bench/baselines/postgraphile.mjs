// The benchmark's PostGraphile 5 baseline: what a bureau would run instead of the hub, pointed
// at the same database. Amber preset, schema `public`, production settings (no GraphiQL, no
// explain, no watch). Started by test/bench/run.ts with
//   node --import ./with-resolvers.mjs postgraphile.mjs   (env DATABASE_URL, PORT, POOL_SIZE)
import { createServer } from 'node:http';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';

const connectionString = process.env.DATABASE_URL;
if (!connectionString) throw new Error('DATABASE_URL is required');
const port = Number(process.env.PORT ?? 5678);

const pgl = postgraphile({
  extends: [PostGraphileAmberPreset],
  pgServices: [makePgService({ connectionString, schemas: ['public'], poolConfig: { max: Number(process.env.POOL_SIZE ?? 10) } })],
  grafserv: { port, graphiql: false, watch: false, graphqlPath: '/graphql' },
  grafast: { explain: false },
});
const serv = pgl.createServ(grafserv);
const server = createServer();
serv.addTo(server).then(() => {
  server.listen(port, '127.0.0.1', () => console.log(`postgraphile on http://127.0.0.1:${port}/graphql`));
});
const stop = () => {
  server.close();
  Promise.resolve(pgl.release()).finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
