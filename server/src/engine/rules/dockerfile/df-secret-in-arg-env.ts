// ARG and ENV values are recorded in the image history, its config and build provenance, so a secret
// passed that way is readable by anyone who can pull the image or its attestations.
import { defineRule } from '../../rule.js';
import { dockerfileModel, type VarDecl } from '../../model/dockerfile.js';
import { redact } from '../../redact.js';
import { awsAccessKeyId, isPlaceholder, isPlaceholderUrl, nameSegments, secretWord, URL_LAST, urlWithCredentials } from '../../model/facts/secrets.js';

function hasVariable(value: string, escape: string): boolean {
  for (let i = 0; i < value.length; i++) {
    if (value[i] === escape) i++;
    else if (value[i] === '$') return true;
  }
  return false;
}

export default defineRule({
  id: 'df-secret-in-arg-env',
  targets: ['dockerfile'],
  severity: 'warning',
  docs: {
    description: 'An ARG or ENV whose name looks like a secret keeps its value in the image history and metadata.',
    hadolint: ['DL3064'],
    trivy: ['DS-0031'],
  },
  messages: {
    secretName:
      '{kind} "{name}" looks like a secret: its value is stored in the image history and metadata. Pass it with RUN --mount=type=secret instead.',
    secretValue:
      '{kind} "{name}" sets a literal secret ({value}) that ships with every copy of the image. Remove it and pass the secret with RUN --mount=type=secret.',
    awsKeyId:
      '{kind} "{name}" holds a literal AWS access key id ({value}) that ships with every copy of the image. Remove it, rotate the key, and pass credentials with RUN --mount=type=secret.',
    placeholder:
      '{kind} "{name}" looks like a secret but holds a placeholder ({value}). Real values passed here at build time would be stored in the image history and metadata; use RUN --mount=type=secret for them.',
    urlCredentials:
      '{kind} "{name}" holds a URL with embedded credentials ({value}) that ship with every copy of the image. Pass them with RUN --mount=type=secret.',
  },
  check(ctx) {
    const model = dockerfileModel(ctx.file);
    const decls: VarDecl[] = [...model.globalArgs];
    for (const stage of model.stages) decls.push(...stage.args, ...stage.envs);
    decls.sort((a, b) => a.nameRange.start - b.nameRange.start);
    for (const decl of decls) {
      const value = decl.value ?? '';
      const written = decl.valueRange ? ctx.file.text.slice(decl.valueRange.start, decl.valueRange.end) : value;
      // Docker does not expand variables inside single quotes.
      const singleQuoted = written.length > 1 && written.startsWith("'") && written.endsWith("'");
      const literal = value !== '' && (singleQuoted || !hasVariable(written, model.escape));
      const data = { kind: decl.kind, name: decl.name };
      const segments = nameSegments(decl.name);
      const last = segments[segments.length - 1];
      const at = { start: decl.nameRange.start, end: decl.nameRange.end };
      const keyId = literal ? awsAccessKeyId(value) : null;
      if (keyId && !isPlaceholder(keyId)) {
        ctx.report({ messageId: 'awsKeyId', data: { ...data, value: redact(keyId) }, ...at, severity: 'error' });
        continue;
      }
      if (literal && URL_LAST.has(last)) {
        const shown = urlWithCredentials(value);
        if (shown && isPlaceholderUrl(value)) {
          ctx.report({ messageId: 'placeholder', data: { ...data, value: shown }, ...at, severity: 'info' });
        } else if (shown) {
          ctx.report({ messageId: 'urlCredentials', data: { ...data, value: shown }, ...at, severity: 'error' });
        }
        continue;
      }
      if (!secretWord(decl.name, segments)) continue;
      // An ENV without a value holds nothing; a value that is a file path points at the secret elsewhere.
      if (decl.kind === 'ENV' && value === '') continue;
      if (literal && value.startsWith('/') && !/\s/.test(value)) continue;
      if (literal && isPlaceholder(value, decl.name)) {
        ctx.report({ messageId: 'placeholder', data: { ...data, value: redact(value) }, ...at, severity: 'info' });
      } else if (literal) {
        ctx.report({ messageId: 'secretValue', data: { ...data, value: redact(value) }, ...at, severity: 'error' });
      } else {
        ctx.report({ messageId: 'secretName', data, ...at });
      }
    }
  },
});
