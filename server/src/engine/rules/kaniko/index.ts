// The kaniko rules, one import per rule file, kept sorted by id.
import type { Rule } from '../../rule.js';
import kanikoCache from './kaniko-cache.js';
import kanikoExecutorArchived from './kaniko-executor-archived.js';
import kanikoExecutorUnpinned from './kaniko-executor-unpinned.js';
import kanikoInlineCredentials from './kaniko-inline-credentials.js';
import kanikoInsecureRegistry from './kaniko-insecure-registry.js';
import kanikoPrivileged from './kaniko-privileged.js';
import kanikoSecretBuildArg from './kaniko-secret-build-arg.js';

export const kanikoRules: Rule[] = [kanikoCache, kanikoExecutorArchived, kanikoExecutorUnpinned, kanikoInlineCredentials, kanikoInsecureRegistry, kanikoPrivileged, kanikoSecretBuildArg];
