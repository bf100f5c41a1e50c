import assert from 'node:assert/strict';
import { test } from 'node:test';
import rule from '../../server/src/engine/rules/dockerfile/df-broad-build-context.js';
import { isIgnored, parseDockerignore } from '../../server/src/engine/parse/dockerignore.js';
import type { LintOptions } from '../../server/src/engine/types.js';
import { runRuleTests } from './rule-tester.js';

const D = 'Dockerfile';
const COPY_ALL = 'FROM node:22-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\n';
const NONE: LintOptions = { dockerignore: null };
const ignore = (text: string, name = '.dockerignore'): LintOptions => ({ dockerignore: { name, text } });

runRuleTests(rule, {
  valid: [
    { name: 'the adapter cannot know (unsaved buffer): silent', path: D, text: COPY_ALL },
    { name: '.dockerignore excludes .git and .env', path: D, text: COPY_ALL, options: ignore('.git\n.env\nnode_modules\n') },
    { name: 'patterns with leading slash, trailing slash and ./', path: D, text: COPY_ALL, options: ignore('/.git/\n./.env\n') },
    { name: '** patterns', path: D, text: COPY_ALL, options: ignore('**/.git\n**/.env\n') },
    { name: '.env* and .git* globs', path: D, text: COPY_ALL, options: ignore('.git*\n.env*\n') },
    { name: 'exclude everything, re-include the sources', path: D, text: COPY_ALL, options: ignore('*\n!src\n!package*.json\n') },
    { name: '** excludes everything', path: D, text: COPY_ALL, options: ignore('**\n!src/**\n') },
    { name: '.git/ contents excluded', path: D, text: COPY_ALL, options: ignore('.git/*\n.env\n') },
    { name: 'comments and CRLF', path: D, text: COPY_ALL, options: ignore('# local files\r\n.git\r\n  .env  \r\n') },
    { name: 'no whole-context copy: only named files', path: D, text: 'FROM node:22-slim\nCOPY package.json package-lock.json ./\nCOPY src ./src\n', options: NONE },
    { name: 'COPY --from a stage is not the context', path: D, text: 'FROM node:22 AS build\nFROM node:22-slim\nCOPY --from=build . .\n', options: NONE },
    { name: 'a subfolder of the context', path: D, text: 'FROM node:22-slim\nCOPY ./src .\nCOPY .. /x\n', options: NONE },
    { name: 'COPY --exclude keeps .git and .env out of this copy', path: D, text: 'FROM node:22-slim\nCOPY --exclude=.git --exclude=.env . .\n', options: ignore('node_modules\n') },
    { name: 'COPY --exclude, and no .dockerignore', path: D, text: 'FROM node:22-slim\nCOPY --exclude=**/.git --exclude=".env*" . .\n', options: NONE },
    { name: 'per-Dockerfile ignore file that excludes both', path: D, text: COPY_ALL, options: ignore('.git\n.env\n', 'Dockerfile.dockerignore') },
    { name: 'daemonless pragma', path: D, text: 'FROM node:22-slim\n# daemonless ignore=df-broad-build-context -- context is a clean export\nCOPY . .\n', options: NONE },
    { name: 'not a Dockerfile', path: 'notes.txt', text: 'COPY . .\n', options: NONE },
  ],
  invalid: [
    {
      name: 'COPY . . and no .dockerignore',
      path: D,
      text: COPY_ALL,
      options: NONE,
      errors: [{ messageId: 'noIgnoreFile', range: [2, 5, 2, 6], data: { instruction: 'COPY', source: '.' }, fix: null }],
    },
    {
      name: 'ADD . /app, ./ and JSON form',
      path: D,
      text: 'FROM alpine:3.20\nADD . /app\nCOPY ./ /srv/\nCOPY [".", "/opt"]\n',
      options: NONE,
      errors: [
        { messageId: 'noIgnoreFile', range: [1, 4, 1, 5], data: { instruction: 'ADD' }, fix: null },
        { messageId: 'noIgnoreFile', at: './', data: { source: './' }, fix: null },
        { messageId: 'noIgnoreFile', at: '[".", "/opt"]', data: { source: '.' }, fix: null },
      ],
    },
    {
      name: 'COPY * copies every entry at the root, dotfiles included',
      path: D,
      text: 'FROM alpine:3.20\nCOPY * /app/\n',
      options: ignore('.git\n'),
      errors: [{ messageId: 'notExcluded', at: '*', data: { file: '.dockerignore', missing: '.env' }, fix: null }],
    },
    {
      name: '.dockerignore without either',
      path: D,
      text: COPY_ALL,
      options: ignore('node_modules\nnpm-debug.log\n'),
      errors: [{ messageId: 'notExcluded', range: [2, 5, 2, 6], data: { missing: '.git and .env' }, fix: null }],
    },
    {
      name: 'a re-include brings .env back',
      path: D,
      text: COPY_ALL,
      options: ignore('.git\n.env*\n!.env\n'),
      errors: [{ messageId: 'notExcluded', range: [2, 5, 2, 6], data: { missing: '.env' }, fix: null }],
    },
    {
      name: 'excluding everything then re-including .git',
      path: D,
      text: COPY_ALL,
      options: ignore('*\n!.git\n'),
      errors: [{ messageId: 'notExcluded', range: [2, 5, 2, 6], data: { missing: '.git' }, fix: null }],
    },
    {
      name: '*/.env only excludes .env one level down',
      path: D,
      text: COPY_ALL,
      options: ignore('.git\n*/.env\n'),
      errors: [{ messageId: 'notExcluded', range: [2, 5, 2, 6], data: { missing: '.env' }, fix: null }],
    },
    {
      name: 'the per-Dockerfile ignore file is named',
      path: 'app.Dockerfile',
      text: COPY_ALL,
      options: ignore('.env\n', 'app.Dockerfile.dockerignore'),
      errors: [{ messageId: 'notExcluded', range: [2, 5, 2, 6], data: { file: 'app.Dockerfile.dockerignore', missing: '.git' }, fix: null }],
    },
    {
      name: 'COPY --exclude of .git only',
      path: D,
      text: 'FROM node:22-slim\nCOPY --exclude=.git . .\n',
      options: ignore('node_modules\n'),
      errors: [{ messageId: 'notExcluded', range: [1, 20, 1, 21], data: { missing: '.env' }, fix: null }],
    },
    {
      name: 'every whole-context copy, in any stage',
      path: D,
      text: 'FROM node:22 AS build\nCOPY . .\nRUN npm run build\nFROM nginx:1.27\nCOPY --from=build /app/dist /usr/share/nginx/html\nCOPY . /config\n',
      options: NONE,
      errors: [
        { messageId: 'noIgnoreFile', range: [1, 5, 1, 6], fix: null },
        { messageId: 'noIgnoreFile', range: [5, 5, 5, 6], fix: null },
      ],
    },
  ],
});

test('.dockerignore patterns as BuildKit reads them', () => {
  const ignored = (text: string, path: string) => isIgnored(parseDockerignore(text), path);
  assert.equal(ignored('.git', '.git/config'), true, 'a folder excludes what is in it');
  assert.equal(ignored('.git', 'sub/.git/config'), false, 'a pattern is anchored at the context root');
  assert.equal(ignored('**/.git', 'sub/.git/config'), true);
  assert.equal(ignored('*.md\n!README.md', 'README.md'), false);
  assert.equal(ignored('*.md\n!README.md', 'CHANGES.md'), true);
  assert.equal(ignored('!README.md\n*.md', 'README.md'), true, 'the last matching pattern wins');
  assert.equal(ignored('docs/**/*.png', 'docs/a/b/c.png'), true);
  assert.equal(ignored('docs/**/*.png', 'docs/c.png'), true, '** also matches no folder');
  assert.equal(ignored('doc?', 'docs'), true);
  assert.equal(ignored('doc?', 'doc/s'), false, '? stays within a segment');
  assert.equal(ignored('[a-c].txt', 'b.txt'), true);
  assert.equal(ignored('a+b(c).txt', 'a+b(c).txt'), true, 'regex characters are literal');
  assert.equal(ignored('\\*.txt', '*.txt'), true);
  assert.equal(ignored('\\*.txt', 'x.txt'), false);
  assert.equal(ignored('/foo/../.env', '.env'), true, 'patterns are cleaned like paths');
  assert.equal(ignored('\uFEFF.env', '.env'), true, 'a byte-order mark is not part of the first pattern');
  assert.equal(ignored('  # not a comment', '# not a comment'), true, 'only a # at the very start makes a comment');
  assert.equal(ignored('[z-a]', 'x'), false, 'a malformed class matches nothing');
});
