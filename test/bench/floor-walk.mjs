// Floor W: one process that walks a tree and parses every Dockerfile and YAML file with the right
// parser, keeping nothing once a file is done. Prints the number of files parsed.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { LineCounter, parseAllDocuments } from 'yaml';

const SKIP = new Set(['node_modules', '.git']);
const root = process.argv[2];
if (!root) {
  console.error('usage: floor-walk <dir>');
  process.exit(2);
}

let files = 0;
let units = 0;
const stack = [root];
while (stack.length > 0) {
  const dir = stack.pop();
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? 1 : -1));
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP.has(entry.name)) stack.push(full);
    } else if (/^(Dockerfile|Containerfile)(\..+)?$/i.test(entry.name)) {
      units += DockerfileParser.parse(readFileSync(full, 'utf8')).getInstructions().length;
      files++;
    } else if (/\.ya?ml$/i.test(entry.name)) {
      const docs = parseAllDocuments(readFileSync(full, 'utf8'), { keepSourceTokens: true, lineCounter: new LineCounter() });
      units += Array.isArray(docs) ? docs.length : 0;
      files++;
    }
  }
}
console.log(`files ${files} units ${units}`);
