import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import lspTypes = require('vscode-languageserver-types');
import { DockerfileParser, JSONInstruction, ModifiableInstruction, type Instruction } from 'dockerfile-ast';
import textDocuments = require('vscode-languageserver-textdocument');
import { libraryPositionAt, libraryRangeCreate } from '../../server/src/engine/parse/dockerfile-ast-speedups.js';
import '../../server/src/engine/parse/dockerfile.js';
import { random as seeded } from '../support/random.js';
import { sharedDir, sharedSkip } from '../support/shared-data.js';

// parse/dockerfile-ast-speedups.ts replaces Range.create (on the copy of vscode-languageserver-types
// that dockerfile-ast requires) and TextDocument's positionAt with faster ones. These check that each
// returns what the library's returns (and throws where it throws), and that a parse gives the same
// ranges with the library's functions as with the replacements.

type Create = (...args: unknown[]) => unknown;
const patched = lspTypes.Range.create as unknown as Create;
const library = libraryRangeCreate as unknown as Create;
type PositionAt = (this: unknown, offset: number) => textDocuments.Position;
const documentPrototype = Object.getPrototypeOf(textDocuments.TextDocument.create('file:///x', 'dockerfile', 0, '')) as { positionAt: PositionAt };
const patchedPositionAt = documentPrototype.positionAt;

test('the Range.create and positionAt dockerfile-ast calls are the replacements', () => {
  assert.notEqual(patched, library);
  assert.equal(patched.name, 'createRange');
  assert.notEqual(patchedPositionAt, libraryPositionAt);
});

test('positionAt answers as the library does for every offset, in any order, and after edits', () => {
  const random = seeded(20261204);
  const pieces = ['RUN a', ' ', '\n', '\r\n', '\r', 'é', '\t', 'x', '\n\n'];
  for (let round = 0; round < 300; round++) {
    let text = '';
    for (let i = Math.floor(random() * 40); i > 0; i--) text += pieces[Math.floor(random() * pieces.length)];
    const doc = textDocuments.TextDocument.create('file:///x', 'dockerfile', 1, text);
    const reference = textDocuments.TextDocument.create('file:///y', 'dockerfile', 1, text);
    const ask = (offset: number) => assert.deepEqual(doc.positionAt(offset), libraryPositionAt.call(reference, offset), `${JSON.stringify(text)} at ${offset}`);
    for (let o = -2; o <= text.length + 2; o++) ask(o);
    for (let o = text.length + 2; o >= -2; o--) ask(o);
    for (let i = 0; i < 40; i++) ask(Math.floor(random() * (text.length + 6)) - 3);
    ask(Number.NaN);
    ask(1.5);
    // After an edit the line kept from before is judged by the new line starts.
    const change = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: pieces[Math.floor(random() * pieces.length)] };
    textDocuments.TextDocument.update(doc, [change], 2);
    textDocuments.TextDocument.update(reference, [change], 2);
    for (let o = -1; o <= doc.getText().length + 1; o++) ask(o);
  }
});

const pos = (line: unknown, character: unknown) => ({ line, character });
const CASES: { args: unknown[]; throws?: true }[] = [
  { args: [0, 0, 0, 0] },
  { args: [3, 7, 4, 1] },
  { args: [2147483647, 0, 2147483647, 2147483647] },
  { args: [pos(1, 2), pos(3, 4)] },
  { args: [pos(0, 0), pos(0, 0), 'ignored', 'ignored'] },
  { args: [new Number(1), 2, 3, 4] },
  { args: [pos(new Number(1), 2), pos(3, 4)] },
  { args: [-1, 0, 0, 0], throws: true },
  { args: [0, 0, 0, 2147483648], throws: true },
  { args: [Number.NaN, 0, 0, 0], throws: true },
  { args: ['1', 0, 0, 0], throws: true },
  { args: [pos(-1, 0), pos(0, 0)], throws: true },
  { args: [null, pos(0, 0)], throws: true },
  { args: [pos(0, 0)], throws: true },
  { args: [], throws: true },
];

for (const { args, throws } of CASES) {
  test(`Range.create(${args.map((a) => JSON.stringify(a) ?? String(a)).join(', ')}) ${throws ? 'throws as the library does' : 'equals the library'}`, () => {
    if (throws) {
      assert.throws(() => library(...args));
      assert.throws(() => patched(...args), (e: Error) => {
        assert.throws(() => library(...args), { message: e.message });
        return true;
      });
      return;
    }
    const want = library(...args) as lspTypes.Range;
    const got = patched(...args) as lspTypes.Range;
    assert.deepEqual(got, want);
    // Positions passed in are kept, not copied, as the library keeps them.
    if (typeof args[0] === 'object' && args[0] !== null && 'line' in args[0]) assert.equal(got.start, want.start);
  });
}

/** Every range a rule can ask dockerfile-ast for, as plain data. */
function ranges(text: string): unknown[] {
  const out: unknown[] = [];
  for (const i of DockerfileParser.parse(text).getInstructions() as Instruction[]) {
    out.push(i.getKeyword(), i.getRange(), i.getInstructionRange(), i.getArgumentsRange(), i.getArguments().map((a) => [a.getValue(), a.getRange()]));
    if (i instanceof ModifiableInstruction) out.push(i.getFlags().map((f) => [f.getName(), f.getValue(), f.getRange(), f.getNameRange(), f.getValueRange()]));
    if (i instanceof JSONInstruction) out.push(i.getJSONStrings().map((j) => [j.getJSONValue(), j.getRange()]), i.getOpeningBracket()?.getRange(), i.getClosingBracket()?.getRange());
  }
  return out;
}

function withLibraryFunctions<T>(fn: () => T): T {
  (lspTypes.Range as { create: unknown }).create = library;
  documentPrototype.positionAt = libraryPositionAt as PositionAt;
  try {
    return fn();
  } finally {
    (lspTypes.Range as { create: unknown }).create = patched;
    documentPrototype.positionAt = patchedPositionAt;
  }
}

const INLINE = [
  'FROM alpine:3.20 AS build\nRUN --mount=type=cache,target=/root/.cache apk add curl \\\n    git\nCOPY --from=build --chown=1000:1000 ["a b", "/dst"]\nCMD []\nENTRYPOINT [ ]\n',
  'FROM scratch\nRUN <<EOF\necho hi\nEOF\nHEALTHCHECK --interval=5s CMD ["curl", "-f", "http://localhost"]\n',
  '# escape=`\nFROM mcr.microsoft.com/windows/servercore\nRUN dir `\n  c:\\\r\nSHELL ["powershell", "-Command"]\n',
];

test('a parse gives the same ranges with the replacement as with the library function', () => {
  for (const text of INLINE) assert.deepEqual(ranges(text), withLibraryFunctions(() => ranges(text)));
});

test('the same ranges on every real Dockerfile', { skip: sharedSkip('real') }, () => {
  const root = sharedDir('real', 'dockerfile');
  const names = readdirSync(root).filter((n) => n.endsWith('.Dockerfile'));
  assert.ok(names.length >= 40, `${names.length} files in ${root}`);
  for (const name of names) {
    const text = readFileSync(join(root, name), 'utf8');
    assert.deepEqual(ranges(text), withLibraryFunctions(() => ranges(text)), name);
  }
});
