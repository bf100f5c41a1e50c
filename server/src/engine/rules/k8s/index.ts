// The k8s rules, one import per rule file, kept sorted by id.
import type { Rule } from '../../rule.js';

export const k8sRules: Rule[] = [];
