// The adapters (language server, CLI, workspace walk) use the engine only through its public surface,
// server/src/engine/index.ts: no adapter file may import (or re-export, or load dynamically) any other
// engine module.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, test } from 'node:test';

const repoRoot = resolve(__dirname, '..', '..');
const src = join(repoRoot, 'server', 'src');
const engine = join(src, 'engine');
const ADAPTERS = ['lsp', 'cli', 'workspace'];
const SURFACE = join(engine, 'index');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(full));
    else if (/\.(ts|mts|cts|js|mjs|cjs)$/.test(entry.name)) out.push(full);
  }
  return out;
}

/** Module specifiers of static imports and re-exports, dynamic import() and require() calls. */
function specifiers(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/[^\n]*/g, '$1');
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) for (const m of code.matchAll(pattern)) found.push(m[1]);
  return found;
}

/** The engine module a specifier points at (without extension), or undefined when it is outside the engine. */
function engineTarget(file: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const target = resolve(dirname(file), specifier).replace(/\.(ts|js|mts|mjs|cts|cjs)$/, '');
  const rel = relative(engine, target);
  if (rel.startsWith('..') || resolve(engine, rel) !== target) return undefined;
  return target;
}

function violations(file: string, text: string): string[] {
  return specifiers(text).filter((s) => {
    const target = engineTarget(file, s);
    return target !== undefined && target !== SURFACE && target !== engine;
  });
}

describe('adapters import only the engine index', () => {
  test('the import scanner sees every form of import', () => {
    const file = join(src, 'lsp', 'x.ts');
    const text = [
      "import { a } from '../engine/runner.js';",
      "import type { B } from '../engine/types.js';",
      "import * as c from '../engine/rules/k8s/index.js';",
      "export { d } from '../engine/edits.js';",
      "import '../engine/registry.js';",
      "const e = await import('../engine/classify.js');",
      "const f = require('../engine/rule.js');",
      'import {\n  g,\n  type H,\n} from "../engine/parse/yaml-splice.js";',
      "import { ok } from '../engine/index.js';",
      "import { other } from './analysis.js';",
      "// import { no } from '../engine/suppress.js';",
    ].join('\n');
    assert.deepEqual(violations(file, text), [
      '../engine/runner.js',
      '../engine/types.js',
      '../engine/rules/k8s/index.js',
      '../engine/edits.js',
      '../engine/registry.js',
      '../engine/parse/yaml-splice.js',
      '../engine/classify.js',
      '../engine/rule.js',
    ]);
  });

  const files = ADAPTERS.flatMap((dir) => sourceFiles(join(src, dir)));

  test('the adapters are found', () => {
    for (const dir of ADAPTERS) assert.ok(files.some((f) => f.startsWith(join(src, dir))), dir);
    assert.ok(files.length > 15, String(files.length));
  });

  test('no adapter file imports an engine module other than server/src/engine/index.ts', () => {
    const problems: string[] = [];
    for (const file of files) {
      const rel = relative(src, file).split('\\').join('/');
      const found = violations(file, readFileSync(file, 'utf8'));
      for (const s of found) problems.push(`${rel} imports ${s}`);
    }
    assert.deepEqual(problems, []);
  });
});
