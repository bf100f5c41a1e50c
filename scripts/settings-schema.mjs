// Writes the schema of the `daemonless.rules` setting in package.json from the rule registry: every rule
// id (registered rules and the engine's built-in findings) is a property whose value is a severity or
// `off`, described by the rule's own description, so VS Code completes ids and flags unknown ones.
// Usage: node --import tsx scripts/settings-schema.mjs [--check]   (--check: exit 1 when package.json is stale)
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { allRules } from '../server/src/engine/registry.ts';
import { BUILTIN_FINDINGS } from '../server/src/engine/builtin-findings.ts';

const LEVELS = ['error', 'warning', 'info', 'hint', 'off'];

export function rulesSchema() {
  const rules = [...allRules, ...BUILTIN_FINDINGS].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const properties = {};
  for (const rule of rules) {
    properties[rule.id] = {
      type: 'string',
      enum: LEVELS,
      description: `${rule.docs.description} (default: ${rule.defaultOff ? `off; ${rule.severity} when switched on` : rule.severity})`,
    };
  }
  return {
    type: 'object',
    scope: 'resource',
    default: {},
    properties,
    additionalProperties: false,
    markdownDescription:
      'Severity per rule id (`error`, `warning`, `info`, `hint`) or `off` to disable it, e.g. `{ "df-user-root": "off" }`.',
  };
}

export function withSchema(pkg) {
  const next = structuredClone(pkg);
  next.contributes.configuration.properties['daemonless.rules'] = rulesSchema();
  return next;
}

const pkgPath = join(dirname(fileURLToPath(import.meta.url)), '..', 'package.json');
const current = readFileSync(pkgPath, 'utf8');
const next = `${JSON.stringify(withSchema(JSON.parse(current)), null, 2)}\n`;
if (process.argv.includes('--check')) {
  if (next !== current) {
    console.error('package.json daemonless.rules schema is out of date: run "npm run settings-schema"');
    process.exit(1);
  }
} else if (next !== current) {
  writeFileSync(pkgPath, next);
  console.log('package.json daemonless.rules schema updated');
}
