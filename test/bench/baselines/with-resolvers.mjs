// PostGraphile 5 calls Promise.withResolvers (Node 22). Node 20 lacks it: preloaded with
// `node --import` for the benchmark's baseline only; the hub itself never needs it.
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers() {
    let resolve;
    let reject;
    const promise = new this((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}
