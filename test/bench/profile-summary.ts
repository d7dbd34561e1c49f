import { readFileSync } from 'node:fs';

// npm run bench:profile -- <file.cpuprofile> [top]: where a V8 CPU profile (node --cpu-prof, or
// npm run bench -- --profile) spends its self time, by function and by package.
const [file, topArg] = process.argv.slice(2).filter((a) => a !== '--');
if (!file) {
  console.error('usage: npm run bench:profile -- <file.cpuprofile> [top]');
  process.exit(2);
}
interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
const self = new Map<number, number>();
for (const [i, id] of profile.samples.entries()) self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
const total = [...self.values()].reduce((a, b) => a + b, 0);
const byFunction = new Map<string, number>();
const byPackage = new Map<string, number>();
for (const node of profile.nodes) {
  const us = self.get(node.id) ?? 0;
  if (!us) continue;
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url.replace(/^file:\/\//, '');
  const pkg =
    /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(where)?.[1] ??
    (where.startsWith('node:')
      ? 'node (core)'
      : where === ''
        ? `(${functionName || 'native'})`
        : where.includes('/dist/hub/')
          ? 'hub'
          : where);
  const key = `${functionName || '(anonymous)'} ${where.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
}
// Native and Node-core frames (writes, microtasks, Buffer) charged to the nearest package up the
// stack that called them: "who caused this time", beside "who ran it".
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const packageOf = (n: Node): string | null => {
  const where = n.callFrame.url.replace(/^file:\/\//, '');
  if (!where || where.startsWith('node:')) return null;
  return /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(where)?.[1] ?? (where.includes('/dist/hub/') ? 'hub' : where);
};
const byCaller = new Map<string, number>();
for (const [id, us] of self) {
  let n: Node | undefined = nodes.get(id);
  let owner: string | null = null;
  if (n && ['(idle)', '(garbage collector)', '(program)'].includes(n.callFrame.functionName)) owner = n.callFrame.functionName;
  while (n && !owner) {
    owner = packageOf(n);
    const p = parent.get(n.id);
    n = p === undefined ? undefined : nodes.get(p);
  }
  owner ??= '(node internals)';
  byCaller.set(owner, (byCaller.get(owner) ?? 0) + us);
}
const top = Number(topArg ?? 25);
const show = (title: string, map: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [k, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`${((us / total) * 100).toFixed(1).padStart(5)}%  ${k}`);
};
console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled`);
show('self time by package', byPackage);
show('time by the nearest package on the stack (native and core frames charged to their caller)', byCaller);
show('self time by function', byFunction);
