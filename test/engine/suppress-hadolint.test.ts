// hadolint's pragmas: `# hadolint ignore=…` covers the instruction on the very next line,
// `# hadolint global ignore=…` the whole file; codes reach our rules through equivalents.ts.
import { pragmaTable } from './suppress-table.js';

const D = 'Dockerfile';

pragmaTable('hadolint', [
  { name: 'ignore=DL3002 above USER root', path: D, text: 'FROM alpine:3.20\n# hadolint ignore=DL3002\nUSER root\n', rule: 'df-user-root', suppressedBy: 'hadolint' },
  { name: 'several codes, with spaces', path: D, text: 'FROM alpine:3.20\n# hadolint ignore=DL3006, DL3002\nUSER root\n', rule: 'df-user-root', suppressedBy: 'hadolint' },
  { name: 'a blank line between pragma and instruction breaks it', path: D, text: 'FROM alpine:3.20\n# hadolint ignore=DL3002\n\nUSER root\n', rule: 'df-user-root', suppressedBy: false },
  { name: 'another comment between pragma and instruction breaks it', path: D, text: 'FROM alpine:3.20\n# hadolint ignore=DL3002\n# needs root\nUSER root\n', rule: 'df-user-root', suppressedBy: false },
  { name: 'the pragma covers the next instruction only', path: D, text: 'FROM alpine:3.20\n# hadolint ignore=DL3002\nRUN true\nUSER root\n', rule: 'df-user-root', suppressedBy: false },
  { name: 'global ignore at the end of the file', path: D, text: 'FROM alpine:3.20\nUSER root\n# hadolint global ignore=DL3002\n', rule: 'df-user-root', suppressedBy: 'hadolint' },
  { name: 'a code of another check does not suppress', path: D, text: 'FROM alpine:3.20\n# hadolint ignore=DL3006\nUSER root\n', rule: 'df-user-root', suppressedBy: false },
  { name: 'DL3008 covers an unpinned apt-get install', path: D, text: 'FROM debian:12\n# hadolint ignore=DL3008\nRUN apt-get install -y --no-install-recommends curl\nUSER 1000\n', rule: 'df-package-unpinned', suppressedBy: 'hadolint' },
  { name: 'DL3013 (pip) does not cover apt-get', path: D, text: 'FROM debian:12\n# hadolint ignore=DL3013\nRUN apt-get install -y --no-install-recommends curl\nUSER 1000\n', rule: 'df-package-unpinned', suppressedBy: false },
  { name: 'DL3013 covers pip3', path: D, text: 'FROM python:3.12\n# hadolint ignore=DL3013\nRUN pip3 install requests\nUSER 1000\n', rule: 'df-package-unpinned', suppressedBy: 'hadolint' },
  { name: 'DL4006 covers a pipe without pipefail', path: D, text: 'FROM debian:12\n# hadolint ignore=DL4006\nRUN wget -qO- https://example.invalid/x | tar x\nUSER 1000\n', rule: 'df-pipefail', suppressedBy: 'hadolint' },
  { name: 'DL3006 covers an untagged base image', path: D, text: '# hadolint ignore=DL3006\nFROM ubuntu\nUSER app\n', rule: 'df-base-image-unpinned', suppressedBy: 'hadolint' },
  { name: 'DL3007 does not cover an untagged base image (hadolint says DL3006)', path: D, text: '# hadolint ignore=DL3007\nFROM ubuntu\nUSER app\n', rule: 'df-base-image-unpinned', suppressedBy: false },
  { name: 'DL3007 covers :latest', path: D, text: '# hadolint ignore=DL3007\nFROM ubuntu:latest\nUSER app\n', rule: 'df-base-image-unpinned', suppressedBy: 'hadolint' },
  {
    name: 'DL3064 covers a continuation line of the instruction',
    path: D,
    text: 'FROM alpine:3.20\n# hadolint ignore=DL3064\nENV A=1 \\\n    DB_PASSWORD=$PW\nUSER app\n',
    rule: 'df-secret-in-arg-env',
    suppressedBy: 'hadolint',
  },
  {
    name: 'DL3064 judges names, so a credential URL stays reported',
    path: D,
    text: 'FROM alpine:3.20\n# hadolint ignore=DL3064\nENV REPO_URL=https://deploy:Zq8vT2mLw9@git.acme.internal/x DB_PASSWORD=$PW\nUSER app\n',
    rule: 'df-secret-in-arg-env',
    at: 'REPO_URL',
    suppressedBy: false,
  },
  {
    name: 'DL3064 covers the secret-named variable of the same instruction',
    path: D,
    text: 'FROM alpine:3.20\n# hadolint ignore=DL3064\nENV REPO_URL=https://deploy:Zq8vT2mLw9@git.acme.internal/x DB_PASSWORD=$PW\nUSER app\n',
    rule: 'df-secret-in-arg-env',
    at: 'DB_PASSWORD',
    suppressedBy: 'hadolint',
  },
]);
