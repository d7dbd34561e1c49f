// The little of autocannon 9's API the benchmark uses (the package ships no types).
declare module 'autocannon' {
  interface Result {
    duration: number;
    requests: { total: number };
    errors: number;
    non2xx: number;
    timeouts: number;
  }
  interface Instance extends PromiseLike<Result> {
    on(event: 'response', listener: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void): this;
  }
  export default function autocannon(options: Record<string, unknown>): Instance;
}
