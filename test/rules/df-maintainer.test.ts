import assert from 'node:assert/strict';
import { test } from 'node:test';
import rule from '../../server/src/engine/rules/dockerfile/df-maintainer.js';
import { fixedText } from './fix-output.js';
import { runRuleTests } from './rule-tester.js';

const D = 'Dockerfile';
const F = 'FROM debian:12\n';

runRuleTests(rule, {
  valid: [
    { name: 'the OCI label', path: D, text: F + 'LABEL org.opencontainers.image.authors="dev@example.com"\n' },
    { name: 'a label named maintainer', path: D, text: F + 'LABEL maintainer="dev@example.com"\n' },
  ],
  invalid: [
    {
      name: 'MAINTAINER with a name and address',
      path: D,
      text: F + 'MAINTAINER Jane Doe <jane@example.com>\nRUN true\n',
      errors: [{ messageId: 'maintainer', at: 'MAINTAINER', fix: 'quickfix' }],
    },
    {
      name: 'quotes or variables: refused',
      path: D,
      text: F + 'MAINTAINER "Jane" $AUTHOR\n',
      errors: [{ messageId: 'maintainer', at: 'MAINTAINER', fix: { refused: /quotes, variables/ } }],
    },
    {
      name: 'before FROM: refused, LABEL is not allowed there',
      path: D,
      text: 'MAINTAINER Lukas\n' + F,
      errors: [{ messageId: 'maintainer', at: 'MAINTAINER', fix: { refused: /before the first FROM/ } }],
    },
  ],
});

test('df-maintainer fix: LABEL org.opencontainers.image.authors in its place', () => {
  assert.equal(
    fixedText(rule, D, F + 'maintainer Jane Doe <jane@example.com>\nRUN true\n'),
    F + 'LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"\nRUN true\n',
  );
});
