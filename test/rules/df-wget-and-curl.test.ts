import rule from '../../server/src/engine/rules/dockerfile/df-wget-and-curl.js';
import { runRuleTests } from './rule-tester.js';

const D = 'Dockerfile';

runRuleTests(rule, {
  valid: [
    { name: 'curl only', path: D, text: 'FROM debian:12\nRUN curl -fsSLo /a https://x.example/a\nRUN curl -fsSLo /b https://x.example/b\n' },
    { name: 'installing both is not using both', path: D, text: 'FROM debian:12\nRUN apt-get install -y curl wget\nRUN curl -fsSLo /a https://x.example/a\n' },
    { name: 'wget in a build stage, curl in the shipped one', path: D, text: 'FROM debian:12 AS fetch\nRUN wget https://x.example/a\nFROM debian:12\nCOPY --from=fetch /a /a\nRUN curl -fsSLo /b https://x.example/b\n' },
    { name: 'words in strings', path: D, text: "FROM debian:12\nRUN echo 'wget or curl' && curl -fsSLo /a https://x.example/a\n" },
  ],
  invalid: [
    {
      name: 'wget then curl',
      path: D,
      text: 'FROM node:20 AS app\nRUN wget https://x.example/a\nRUN curl -fsSL https://x.example/b -o /b\n',
      errors: [{ messageId: 'both', at: 'curl', data: { tool: 'curl', other: 'wget', line: '2' }, fix: null }],
    },
    {
      name: 'in one RUN, through sudo, across the stage the final one is built on',
      path: D,
      text: 'FROM debian:12 AS base\nRUN curl -fsSLo /a https://x.example/a\nFROM base\nRUN sudo wget -q https://x.example/b\n',
      errors: [{ messageId: 'both', at: 'wget', data: { tool: 'wget', other: 'curl', line: '2' }, fix: null }],
    },
  ],
});
