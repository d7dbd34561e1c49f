// Monaco asks for a worker by label; each is a file the build put beside the explorer's script,
// so it loads from the hub's own origin (never a CDN, never a blob: URL).
const WORKERS: Record<string, string> = { json: 'json.worker.js', graphql: 'graphql.worker.js' };

(globalThis as { MonacoEnvironment?: unknown }).MonacoEnvironment = {
  getWorker(_id: string, label: string): Worker {
    return new Worker(`/explorer/assets/${WORKERS[label] ?? 'editor.worker.js'}`, { name: label });
  },
};
