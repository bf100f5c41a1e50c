// Where the installed package lives and what version it is, read from its package.json at run time
// (dist/cli.js sits one folder below it; under the test runner this file sits three folders below).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { docsPath } from '../engine/index.js';

export interface PackageInfo {
  root: string;
  version: string;
  homepage: string;
}

let cached: PackageInfo | undefined;

export function packageInfo(): PackageInfo {
  if (cached) return cached;
  let dir = __dirname;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const json = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string; homepage?: string; repository?: { url?: string } };
      if (json.name === 'daemonless') {
        const homepage = json.homepage ?? json.repository?.url?.replace(/^git\+/, '').replace(/\.git$/, '') ?? pathToFileURL(dir).href;
        return (cached = { root: dir, version: json.version ?? '0.0.0', homepage });
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return (cached = { root: __dirname, version: '0.0.0', homepage: pathToFileURL(__dirname).href });
    dir = parent;
  }
}

/** The rule's docs page inside the installed package, as a file URI. */
export function ruleHelpUri(ruleId: string): string {
  return pathToFileURL(join(packageInfo().root, docsPath(ruleId))).href;
}
