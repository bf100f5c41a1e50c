import rule from '../../server/src/engine/rules/dockerfile/df-copy-whole-filesystem.js';
import { runRuleTests } from './rule-tester.js';

const D = 'Dockerfile';
const B = 'FROM golang:1.22 AS build\nRUN go build -o /out/app .\n';

runRuleTests(rule, {
  valid: [
    { name: 'one path', path: D, text: B + 'FROM gcr.io/distroless/static\nCOPY --from=build /out/app /app\n' },
    { name: 'whole filesystem into a subfolder', path: D, text: B + 'FROM alpine:3.20\nCOPY --from=build / /rootfs\n' },
    { name: 'a folder into /', path: D, text: B + 'FROM scratch\nCOPY --from=build /out/ /\n' },
    { name: 'COPY / / from the build context', path: D, text: 'FROM alpine:3.20\nCOPY / /\n' },
    { name: 'only in a build stage that is not shipped', path: D, text: B + 'FROM alpine:3.20 AS squash\nCOPY --from=build / /\nFROM scratch\nCOPY --from=squash /out/app /app\n' },
  ],
  invalid: [
    {
      name: 'COPY --from=build / /',
      path: D,
      text: B + 'FROM scratch\nCOPY --from=build / /\n',
      errors: [{ messageId: 'whole', at: 'COPY --from=build / /', data: { from: 'build' }, fix: null }],
    },
    {
      name: 'quoted, JSON form, an image, and in the stage the final one is built on',
      path: D,
      text: B + 'FROM alpine:3.20 AS runtime\nCOPY --from=build "/" "/"\nFROM runtime\nCOPY --from=busybox:1.36 ["/", "/"]\n',
      errors: [
        { messageId: 'whole', at: 'COPY --from=build "/" "/"', data: { from: 'build' }, fix: null },
        { messageId: 'whole', at: 'COPY --from=busybox:1.36 ["/", "/"]', data: { from: 'busybox:1.36' }, fix: null },
      ],
    },
  ],
});
