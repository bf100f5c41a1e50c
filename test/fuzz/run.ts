// `npm run fuzz [-- --runs N --seed S]`: a deep mutation-fuzzing run (default 20,000 inputs).
// A failure prints its seed and path; replay it with the same --seed, and turn it into a
// regression test.
import { describeFailure, fuzz } from './fuzz-lib.js';

const args = process.argv.slice(2);
const value = (flag: string, fallback: number) => {
  const i = args.indexOf(flag);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const runs = value('--runs', 20_000);
const seed = value('--seed', Date.now() % 2 ** 31);
const started = performance.now();
const progress = (inputs: number) => process.stdout.write(`fuzz: ${inputs} inputs, ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
const details = fuzz(runs, seed, !args.includes('--no-fixes'), progress);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
if (details.failed) {
  process.stderr.write(`fuzz: FAILED\n${describeFailure(details)}\n`);
  process.exit(1);
}
process.stdout.write(`fuzz: ${details.numRuns} inputs, 0 failures, seed ${seed}, ${seconds} s\n`);
