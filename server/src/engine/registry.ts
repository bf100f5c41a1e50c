// Every rule, listed explicitly (static imports keep the bundle honest) and sorted by id.
import { ciRules } from './rules/ci/index.js';
import { dockerfileRules } from './rules/dockerfile/index.js';
import { k8sRules } from './rules/k8s/index.js';
import { kanikoRules } from './rules/kaniko/index.js';
import type { Rule } from './rule.js';
import { dialectsFor } from './dialects/index.js';
import { registerRewriteChecks } from './rewrite/verify.js';

export const allRules: readonly Rule[] = [...dockerfileRules, ...ciRules, ...k8sRules, ...kanikoRules].sort((a, b) =>
  a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
);

// The rewrite's check re-runs the rules that asked for it on its result.
registerRewriteChecks(allRules, dialectsFor);

export function findRule(id: string): Rule | undefined {
  return allRules.find((r) => r.id === id);
}
