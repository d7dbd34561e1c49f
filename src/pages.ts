import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { webFolder } from './paths.ts';

// The explorer (/explorer, and /graphql asked for by a browser) and the analyst pages (/explore):
// static files that web/build.ts bundled into dist/web. Nothing they load comes from another host.

/**
 * NOTE: only the hub's own origin. `data:` for fonts and images because GraphiQL's stylesheet
 * carries its fonts and icons inline (no request is made for them). 'unsafe-inline' for styles
 * only: Monaco and ECharts set element styles from script; no inline script runs anywhere.
 * The workers are files of this origin (web/explorer/workers.ts), so worker-src needs no blob:.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
};

/** The page's paths: `/explorer` and `/explore`, each an index.html and its assets/. */
export const PAGE_ROUTES = ['/explorer', '/explore'];

/** Whether a GET to /graphql is a browser asking for a page: HTML accepted and no operation in the URL. */
export function wantsExplorer(req: IncomingMessage, url: URL): boolean {
  return (
    req.method === 'GET' &&
    (req.headers.accept ?? '').includes('text/html') &&
    !url.searchParams.has('query') &&
    !url.searchParams.has('extensions')
  );
}

/** The file under dist/web for a page path, or null when there is none (or it points outside). */
function fileFor(pathname: string): string | null {
  const page = PAGE_ROUTES.find((p) => pathname === p || pathname === `${p}/` || pathname.startsWith(`${p}/assets/`));
  if (!page) return null;
  const relative = pathname === page || pathname === `${page}/` ? `${page}/index.html` : pathname;
  const file = normalize(join(webFolder, relative));
  if (!file.startsWith(webFolder + sep)) return null;
  return existsSync(file) && statSync(file).isFile() ? file : null;
}

/** Serves a page or one of its assets; false when the path is not one (the caller answers 404). */
export function servePage(req: IncomingMessage, res: ServerResponse, pathname: string): boolean {
  const file = fileFor(pathname);
  if (!file) {
    if (PAGE_ROUTES.some((p) => pathname === p || pathname === `${p}/`)) {
      // The route exists, the build does not: say how to make it.
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('The pages are not built: run `npm run build:web` (npm install runs it).\n');
      return true;
    }
    return false;
  }
  const { size, mtimeMs } = statSync(file);
  const etag = `"${size.toString(36)}-${Math.floor(mtimeMs).toString(36)}"`;
  const headers = {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    // Names carry no content hash: a browser revalidates each time (a 304 costs nothing).
    'cache-control': 'no-cache',
    etag,
  };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers);
    res.end();
    return true;
  }
  res.writeHead(200, { ...headers, 'content-length': size });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
  return true;
}
