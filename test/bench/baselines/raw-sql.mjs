// The benchmark's floor: the answers of W1 (a catalog page) and W4 (a lookup by ID) produced by
// postgres.js directly, one prepared statement each, behind the same kind of Node HTTP server.
// Nothing a GraphQL server does (parsing, validation, execution, batching) happens here, so the
// hub's latency over this floor is what the GraphQL layer costs.
//   node raw-sql.mjs   (env DATABASE_URL, PORT, POOL_SIZE)
import { createServer } from 'node:http';
import postgres from 'postgres';

const connectionString = process.env.DATABASE_URL;
if (!connectionString) throw new Error('DATABASE_URL is required');
const port = Number(process.env.PORT ?? 5679);
const sql = postgres(connectionString, { max: Number(process.env.POOL_SIZE ?? 10), prepare: true });

const handlers = {
  // W1: an edition, its first 100 entries (load order), each qualification and its issuer.
  async W1({ id }) {
    const rows = await sql`
      SELECT ed.label, q.slug, q.name, o.slug AS issuer_slug, o.name AS issuer_name, e.id AS entry_id
      FROM catalog_editions ed
      LEFT JOIN LATERAL (SELECT id, qualification_id FROM catalog_entries WHERE edition_id = ed.id ORDER BY id LIMIT 100) e ON true
      LEFT JOIN qualifications q ON q.id = e.qualification_id
      LEFT JOIN organisations o ON o.id = q.issuer_id
      WHERE ed.id = ${id}
      ORDER BY e.id`;
    if (rows.length === 0) return { edition: null };
    return {
      edition: {
        label: rows[0].label,
        entries: rows
          .filter((r) => r.entry_id !== null)
          .map((r) => ({
            qualification:
              r.slug === null
                ? null
                : { slug: r.slug, name: r.name, issuer: r.issuer_slug === null ? null : { slug: r.issuer_slug, name: r.issuer_name } },
          })),
      },
    };
  },
  // W4: one qualification by its key.
  async W4({ id }) {
    const [row] = await sql`SELECT slug, name, name_zh, abbreviation, field FROM qualifications WHERE id = ${id}`;
    return {
      qualification: row ? { slug: row.slug, name: row.name, nameZh: row.name_zh, abbreviation: row.abbreviation, field: row.field } : null,
    };
  },
};

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    try {
      const { op, variables } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const handler = handlers[op];
      if (!handler) throw new Error(`unknown op ${op}`);
      const text = JSON.stringify({ data: await handler(variables) });
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    } catch (error) {
      const text = JSON.stringify({ errors: [{ message: String(error?.message ?? error) }] });
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(text);
    }
  });
});
server.listen(port, '127.0.0.1', () => console.log(`raw-sql on http://127.0.0.1:${port}`));
const stop = () => {
  server.close();
  sql.end({ timeout: 2 }).finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
