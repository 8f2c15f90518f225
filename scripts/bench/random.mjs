// A small seeded generator (xoshiro128**, seeded through splitmix32) so every benchmark tree is
// the same byte for byte for the same seed: timings stay comparable between runs and machines.

function splitmix32(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export function createRandom(seed) {
  const init = splitmix32(seed);
  let a = init(),
    b = init(),
    c = init(),
    d = init();
  const rotl = (x, k) => (x << k) | (x >>> (32 - k));
  const u32 = () => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  };
  const float = () => u32() / 4294967296;
  const rnd = {
    u32,
    float,
    int: (n) => Math.floor(float() * n),
    between: (lo, hi) => lo + Math.floor(float() * (hi - lo + 1)),
    pick: (list) => list[Math.floor(float() * list.length)],
    chance: (p) => float() < p,
    /** Log-normal with the given mean: many small files, a few big ones, like real repositories. */
    sizeAround: (mean, sigma = 1) => {
      const g = Math.sqrt(-2 * Math.log(float() || 1e-9)) * Math.cos(2 * Math.PI * float());
      return Math.round(Math.exp(Math.log(mean) - (sigma * sigma) / 2 + sigma * g));
    },
    bytes: (n) => {
      const out = Buffer.allocUnsafe(n);
      let i = 0;
      for (; i + 4 <= n; i += 4) out.writeUInt32LE(u32(), i);
      for (; i < n; i++) out[i] = u32() & 0xff;
      return out;
    },
  };
  return rnd;
}
