// Order statistics and paired, interleaved timing for the in-process benchmarks.

export function quantile(values, q) {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

export const median = (values) => quantile(values, 0.5);

function timeOnce(fn, reps) {
  globalThis.gc?.();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < reps; i++) fn();
  return Number(process.hrtime.bigint() - t0) / 1e6 / reps;
}

/**
 * Times every side in rounds. Each round runs the sides in alternating order (forward, then reversed),
 * with gc() before each sample; a sample repeats a side until it lasts at least minSampleMs.
 * Returns per-side arrays of ms-per-call, one entry per round, so rounds can be paired.
 */
export function interleaved(sides, { rounds, minSampleMs = 100, warmupMs = 300 }) {
  const reps = {};
  for (const side of sides) {
    const until = performance.now() + warmupMs;
    let calls = 0;
    let single = Infinity;
    do {
      const t = timeOnce(side.fn, 1);
      single = Math.min(single, t);
      calls++;
    } while (performance.now() < until || calls < 3);
    reps[side.name] = Math.max(1, Math.ceil(minSampleMs / Math.max(single, 0.001)));
  }
  const samples = Object.fromEntries(sides.map((s) => [s.name, []]));
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? sides : [...sides].reverse();
    for (const side of order) samples[side.name].push(timeOnce(side.fn, reps[side.name]));
  }
  return { samples, reps };
}

/** Ratio summary of subject over floor, paired by round. */
export function pairedRatio(subject, floor) {
  const ratios = subject.map((s, i) => s / floor[i]);
  return {
    ratio: median(ratios),
    p25: quantile(ratios, 0.25),
    p75: quantile(ratios, 0.75),
    minRatio: Math.min(...subject) / Math.min(...floor),
    subjectMs: median(subject),
    floorMs: median(floor),
  };
}
