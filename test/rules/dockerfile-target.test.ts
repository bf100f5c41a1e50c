// `dockerfile.target` (LintOptions.dockerfileTarget): the rules about the final stage judge the
// configured target stage when the Dockerfile has one by that name, else the last stage.
import { test } from 'node:test';
import dfUserRoot from '../../server/src/engine/rules/dockerfile/df-user-root.js';
import dfMissingUser from '../../server/src/engine/rules/dockerfile/df-missing-user.js';
import dfCopyWholeFilesystem from '../../server/src/engine/rules/dockerfile/df-copy-whole-filesystem.js';
import { checkInvalidCase, checkValidCase, type InvalidCase, type ValidCase } from './rule-tester.js';
import type { Rule } from '../../server/src/engine/rule.js';

const D = 'Dockerfile';
const MULTI = 'FROM alpine:3.20 AS runtime\nUSER root\nFROM runtime AS debug\nUSER 10001\n';

const TABLE: [Rule, ValidCase[], InvalidCase[]][] = [
  [
    dfUserRoot,
    [
      { name: 'no target: the last stage (non-root) ships', path: D, text: MULTI },
      { name: 'target naming no stage: the last stage', path: D, text: MULTI, options: { dockerfileTarget: 'prod' } },
      {
        name: 'target is a non-root stage before a root one',
        path: D,
        text: 'FROM alpine:3.20 AS runtime\nUSER 10001\nFROM runtime AS debug\nUSER root\n',
        options: { dockerfileTarget: 'runtime' },
      },
    ],
    [
      {
        name: 'target stage runs as root although the last does not',
        path: D,
        text: MULTI,
        options: { dockerfileTarget: 'runtime' },
        errors: [{ messageId: 'root', at: 'root', occurrence: 0, fix: null }],
      },
      {
        name: 'target matched case-insensitively, as Docker does',
        path: D,
        text: MULTI,
        options: { dockerfileTarget: 'RunTime' },
        errors: [{ messageId: 'root', range: [1, 5, 1, 9], fix: null }],
      },
    ],
  ],
  [
    dfMissingUser,
    [{ name: 'target sets USER, the last stage does not', path: D, text: 'FROM alpine:3.20 AS app\nUSER 10001\nFROM alpine:3.20 AS tools\n', options: { dockerfileTarget: 'app' } }],
    [
      {
        name: 'target never sets USER',
        path: D,
        text: 'FROM alpine:3.20 AS app\nFROM app AS hardened\nUSER 10001\n',
        options: { dockerfileTarget: 'app' },
        errors: [{ messageId: 'missing', at: 'alpine:3.20', fix: null }],
      },
    ],
  ],
  [
    dfCopyWholeFilesystem,
    [
      {
        name: 'the whole-filesystem copy is in a stage after the target',
        path: D,
        text: 'FROM alpine:3.20 AS build\nFROM scratch AS app\nCOPY --from=build /bin/sh /bin/sh\nFROM scratch AS everything\nCOPY --from=build / /\n',
        options: { dockerfileTarget: 'app' },
      },
    ],
    [
      {
        name: 'the whole-filesystem copy is in the target',
        path: D,
        text: 'FROM alpine:3.20 AS build\nFROM scratch AS everything\nCOPY --from=build / /\nFROM scratch AS app\nCOPY --from=build /bin/sh /bin/sh\n',
        options: { dockerfileTarget: 'everything' },
        errors: [{ messageId: 'whole', at: 'COPY --from=build / /', fix: null }],
      },
    ],
  ],
];

for (const [rule, valid, invalid] of TABLE) {
  valid.forEach((c, i) => test(`${rule.id} with dockerfile.target, valid #${i + 1}: ${c.name}`, () => checkValidCase(rule, c)));
  invalid.forEach((c, i) => test(`${rule.id} with dockerfile.target, invalid #${i + 1}: ${c.name}`, () => checkInvalidCase(rule, c)));
}
