import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import rule from '../../server/src/engine/rules/dockerfile/df-secret-in-arg-env.js';
import { awsAccessKeyId, isPlaceholder, nameSegments, secretWord, urlWithCredentials } from '../../server/src/engine/model/facts/secrets.js';
import { lintFile } from '../../server/src/engine/runner.js';
import { sharedDir, sharedSkip } from '../support/shared-data.js';
import { runRuleTests } from './rule-tester.js';

const D = 'Dockerfile';

runRuleTests(rule, {
  valid: [
    { name: 'ordinary names', path: D, text: 'FROM alpine:3.20\nARG VERSION=1.2\nENV NODE_ENV=production PATH=/app/bin:$PATH\n' },
    { name: 'public key', path: D, text: 'FROM alpine:3.20\nARG PUBLIC_KEY\nENV SIGNING_PUBLIC_KEY=abc PUBKEY=x\n' },
    { name: '*_FILE / *_PATH / *_DIR', path: D, text: 'FROM alpine:3.20\nENV POSTGRES_PASSWORD_FILE=/run/secrets/pg TOKEN_PATH=/t SECRETS_DIR=/s\n' },
    { name: '*_VERSION / *_NAME / *_ID', path: D, text: 'FROM alpine:3.20\nARG TOKEN_VERSION=2\nARG SECRET_NAME=db\nENV CLIENT_ID=abc AWS_KEY_ID=k1\n' },
    { name: 'a key id that is not an access key id', path: D, text: 'FROM alpine:3.20\nENV KMS_KEY_ID=arn:aws:kms:eu-west-1:1:key/1 SIGNING_KEY_ID=0xABCD\n' },
    { name: 'AKIA inside a longer word is not a key id', path: D, text: 'FROM alpine:3.20\nENV BUILD_LABEL=XAKIAIOSFODNN7ABCDEFG1\n' },
    { name: '*_ENDPOINT / *_HOST / *_PORT / *_USER / USERNAME', path: D, text: 'FROM alpine:3.20\nENV TOKEN_ENDPOINT=https://x AUTH_HOST=h PASSWORD_PORT=1 DB_USER=app REGISTRY_USERNAME=bot\n' },
    { name: '*_URL without credentials', path: D, text: 'FROM alpine:3.20\nENV TOKEN_URL=https://auth.example/token PIP_INDEX_URL=https://pypi.example/simple\n' },
    { name: 'URL whose password is a variable', path: D, text: 'FROM alpine:3.20\nARG PW\nENV PIP_INDEX_URL=https://me:${PW}@pypi.example/simple\n' },
    { name: 'proxy and DSN without a password', path: D, text: 'FROM alpine:3.20\nENV HTTPS_PROXY=http://proxy:3128 SENTRY_DSN=https://abc123@o1.ingest.example/1\n' },
    { name: 'PWD alone is the working directory', path: D, text: 'FROM alpine:3.20\nENV PWD=/app OLDPWD=/\n' },
    { name: 'words that merely contain a secret word', path: D, text: 'FROM alpine:3.20\nENV TOKENIZER=bpe KEYBOARD=us PASSTHROUGH=1 AUTHOR=me MONKEY=1\n' },
    { name: 'AUTH only counts as the last word', path: D, text: 'FROM alpine:3.20\nENV AUTH_MODE=oidc AUTH_PROVIDER=github\n' },
    { name: 'a bare KEY is not a secret', path: D, text: 'FROM python:3.12\nENV GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D\n' },
    { name: 'ENV without a value holds nothing', path: D, text: 'FROM alpine:3.20\nENV API_TOKEN=""\n' },
    { name: 'value is a file path', path: D, text: 'FROM alpine:3.20\nENV GOOGLE_APPLICATION_CREDENTIALS=/var/secrets/google/key.json\n' },
    { name: 'half-typed', path: D, text: 'ARG\nFROM alpine:3.20\nENV\nARG =x\nENV =\n' },
    { name: 'daemonless pragma', path: D, text: 'FROM alpine:3.20\n# daemonless ignore=df-secret-in-arg-env -- placeholder for tests\nARG API_TOKEN\n' },
    { name: 'hadolint pragma', path: D, text: 'FROM alpine:3.20\n# hadolint ignore=DL3064\nENV DB_PASSWORD=changeme\n' },
  ],
  invalid: [
    {
      name: 'ARG passed at build time',
      path: D,
      text: 'FROM node:20\nARG NPM_TOKEN\nRUN npm ci\n',
      errors: [{ messageId: 'secretName', at: 'NPM_TOKEN', data: { kind: 'ARG', name: 'NPM_TOKEN' }, fix: null }],
    },
    {
      name: 'global ARG before FROM',
      path: D,
      text: 'ARG GITHUB_TOKEN\nFROM alpine:3.20\n',
      errors: [{ messageId: 'secretName', at: 'GITHUB_TOKEN', fix: null }],
    },
    {
      name: 'ENV copying an ARG into the image',
      path: D,
      text: 'FROM alpine:3.20\nARG DB_PASSWORD\nENV DB_PASSWORD=$DB_PASSWORD\n',
      errors: [
        { messageId: 'secretName', at: 'DB_PASSWORD', occurrence: 0, data: { kind: 'ARG' }, fix: null },
        { messageId: 'secretName', at: 'DB_PASSWORD', occurrence: 1, data: { kind: 'ENV' }, fix: null },
      ],
    },
    {
      name: 'literal value: redacted in data',
      path: D,
      text: 'FROM alpine:3.20\nENV API_KEY=sk_live_0123456789abcdef\n',
      errors: [{ messageId: 'secretValue', at: 'API_KEY', data: { kind: 'ENV', name: 'API_KEY', value: 'sk_l****' }, fix: null }],
    },
    {
      name: 'literal ARG default, quoted',
      path: D,
      text: 'FROM alpine:3.20\nARG ADMIN_PASSWORD="hunter22"\n',
      errors: [{ messageId: 'secretValue', at: 'ADMIN_PASSWORD', data: { value: 'hu****' }, fix: null }],
    },
    {
      name: 'several properties on one ENV, legacy form too',
      path: D,
      text: 'FROM alpine:3.20\nENV A=1 AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI B=2\nENV client_secret abcdefgh\n',
      errors: [
        { messageId: 'secretValue', at: 'AWS_SECRET_ACCESS_KEY', fix: null },
        { messageId: 'secretValue', at: 'client_secret', data: { value: 'ab****' }, fix: null },
      ],
    },
    {
      name: 'camelCase, PRIVATE_KEY, ACCESS_KEY, APIKEY, CREDENTIALS, PASSWD, PWD as a word, AUTH last',
      path: D,
      text: 'FROM alpine:3.20\nARG apiKey\nARG SSH_PRIVATE_KEY\nARG S3_ACCESS_KEY\nARG APIKEY\nARG GCP_CREDENTIALS\nARG FTP_PASSWD\nARG DB_PWD\nARG NPM_AUTH\nARG npmAuthToken\nARG DBPASSWORD\n',
      errors: [
        { messageId: 'secretName', at: 'apiKey', fix: null },
        { messageId: 'secretName', at: 'SSH_PRIVATE_KEY', fix: null },
        { messageId: 'secretName', at: 'S3_ACCESS_KEY', fix: null },
        { messageId: 'secretName', at: 'APIKEY', fix: null },
        { messageId: 'secretName', at: 'GCP_CREDENTIALS', fix: null },
        { messageId: 'secretName', at: 'FTP_PASSWD', fix: null },
        { messageId: 'secretName', at: 'DB_PWD', fix: null },
        { messageId: 'secretName', at: 'NPM_AUTH', fix: null },
        { messageId: 'secretName', at: 'npmAuthToken', fix: null },
        { messageId: 'secretName', at: 'DBPASSWORD', fix: null },
      ],
    },
    {
      name: 'URL with embedded credentials',
      path: D,
      text: 'FROM python:3.12\nENV PIP_INDEX_URL=https://deploy:s3cr3tpass@pypi.corp.internal/simple\n',
      errors: [{ messageId: 'urlCredentials', at: 'PIP_INDEX_URL', data: { value: 'https://depl****@pypi.corp.internal/simple' }, fix: null }],
    },
    {
      name: 'build stage counts too; lowercase instruction; continuation',
      path: D,
      text: 'FROM golang:1.22 AS build\narg GOPROXY_TOKEN\nFROM alpine:3.20\nENV A=1 \\\n    SERVICE_TOKEN=${T}\n',
      errors: [
        { messageId: 'secretName', at: 'GOPROXY_TOKEN', fix: null },
        { messageId: 'secretName', at: 'SERVICE_TOKEN', fix: null },
      ],
    },
    {
      name: 'proxy and DSN values with credentials; single quotes keep a dollar literal',
      path: D,
      text: "FROM alpine:3.20\nENV http_proxy=http://corp:Pr0xyPass@proxy:3128 DATABASE_DSN=postgres://app:pw123456@db/app\nENV SMTP_PASSWORD='pa$word'\n",
      errors: [
        { messageId: 'urlCredentials', at: 'http_proxy', data: { value: 'http://cor****@proxy:3128' }, fix: null },
        { messageId: 'urlCredentials', at: 'DATABASE_DSN', fix: null },
        { messageId: 'secretValue', at: 'SMTP_PASSWORD', fix: null },
      ],
    },
    {
      name: 'value with an escaped dollar is literal',
      path: D,
      text: 'FROM alpine:3.20\nENV REDIS_PASSWORD=pa\\$\\$word\n',
      errors: [{ messageId: 'secretValue', at: 'REDIS_PASSWORD', fix: null }],
    },
    {
      name: 'AWS access key id by name (hadolint DL3064 cases)',
      path: D,
      text: 'ARG AWS_ACCESS_KEY_ID\nFROM debian:bullseye\nARG MINIO_ACCESS_KEY_ID\nENV AWS_ACCESS_KEY_ID=abcdefghijklmnopqrstuvwxyz\n',
      errors: [
        { messageId: 'secretName', at: 'AWS_ACCESS_KEY_ID', data: { kind: 'ARG' }, fix: null },
        { messageId: 'secretName', at: 'MINIO_ACCESS_KEY_ID', fix: null },
        { messageId: 'secretValue', at: 'AWS_ACCESS_KEY_ID', occurrence: 1, data: { value: 'abcd****' }, fix: null },
      ],
    },
    {
      name: 'literal AKIA/ASIA key ids under any name, redacted',
      path: D,
      text: 'FROM alpine:3.20\nENV AWS_ACCESS_KEY_ID=AKIA2OGYBAH6STMMNXNN\nARG S3_CONFIG="key=ASIAY34FZKBOKMUTVV7A region=eu"\n',
      errors: [
        { messageId: 'awsKeyId', at: 'AWS_ACCESS_KEY_ID', data: { value: 'AKIA****' }, fix: null },
        { messageId: 'awsKeyId', at: 'S3_CONFIG', data: { value: 'ASIA****' }, fix: null },
      ],
    },
    {
      name: 'placeholders: documentation key, changeme, the name itself, local URL, example host',
      path: D,
      text: 'FROM alpine:3.20\nENV AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nENV DB_PASSWORD=changeme\nARG secret=SECRET\nARG API_TOKEN=<your-api-token>\nENV DATABASE_URL=postgres://user:pass@localhost/app\nENV PIP_INDEX_URL=https://me:hunter22@pypi.example.com/simple\nARG GH_TOKEN=xxxxxxxx\n',
      errors: [
        { messageId: 'placeholder', at: 'AWS_ACCESS_KEY_ID', data: { value: 'AKIA****' }, fix: null },
        { messageId: 'placeholder', at: 'DB_PASSWORD', fix: null },
        { messageId: 'placeholder', at: 'secret', fix: null },
        { messageId: 'placeholder', at: 'API_TOKEN', fix: null },
        { messageId: 'placeholder', at: 'DATABASE_URL', data: { value: 'postgres://us****@localhost/app' }, fix: null },
        { messageId: 'placeholder', at: 'PIP_INDEX_URL', fix: null },
        { messageId: 'placeholder', at: 'GH_TOKEN', fix: null },
      ],
    },
  ],
});

test('df-secret-in-arg-env: placeholders are info at most, real literals errors', () => {
  const text = 'FROM alpine:3.20\nENV DB_PASSWORD=changeme\nENV AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nENV AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMIK7MDENGbPxRfiCY\nENV K=AKIA2OGYBAH6STMMNXNN\n';
  const findings = lintFile({ path: D, text }, {}, [rule]).findings;
  assert.deepEqual(findings.map((f) => [f.messageId, f.severity]), [
    ['placeholder', 'info'],
    ['placeholder', 'info'],
    ['secretValue', 'error'],
    ['awsKeyId', 'error'],
  ]);
  for (const f of findings) {
    assert.ok(!f.message.includes('wJalrXUtnFEMIK7MDENGbPxRfiCY'), f.message);
    assert.ok(!f.message.includes('AKIA2OGYBAH6STMMNXNN'), f.message);
  }
});

test('df-secret-in-arg-env: a literal secret is an error, a name-only finding a warning; messages never hold the secret', () => {
  const text = 'FROM alpine:3.20\nARG API_TOKEN\nENV DB_PASSWORD=correct-horse-battery\nENV PIP_INDEX_URL=https://u:correct-horse@x/simple\n';
  const findings = lintFile({ path: D, text }, {}, [rule]).findings;
  assert.deepEqual(findings.map((f) => [f.messageId, f.severity]), [
    ['secretName', 'warning'],
    ['secretValue', 'error'],
    ['urlCredentials', 'error'],
  ]);
  for (const f of findings) assert.ok(!f.message.includes('correct-horse'), f.message);
});

test('df-secret-in-arg-env: name splitting and matching', () => {
  assert.deepEqual(nameSegments('AWS_SECRET_ACCESS_KEY'), ['aws', 'secret', 'access', 'key']);
  assert.deepEqual(nameSegments('npmAuthToken'), ['npm', 'auth', 'token']);
  assert.deepEqual(nameSegments('APIKey'), ['api', 'key']);
  assert.deepEqual(nameSegments('my-api.key'), ['my', 'api', 'key']);
  assert.equal(secretWord('SECRET_KEY_BASE'), 'secret');
  assert.equal(secretWord('CLIENT_ID'), null);
  assert.equal(secretWord('PASSWORD_MIN_LENGTH'), null);
  assert.equal(urlWithCredentials('https://user@host/x'), null);
  assert.equal(urlWithCredentials('postgres://app:pw1234567@db:5432/app'), 'postgres://app****@db:5432/app');
  assert.equal(urlWithCredentials('not a url'), null);
  assert.equal(secretWord('AWS_ACCESS_KEY_ID'), 'access_key_id');
  assert.equal(secretWord('awsAccessKeyId'), 'access_key_id');
  assert.equal(awsAccessKeyId('x AKIA2OGYBAH6STMMNXNN y'), 'AKIA2OGYBAH6STMMNXNN');
  assert.equal(awsAccessKeyId('AKIA2OGYBAH6STMMNXN'), null);
  assert.ok(isPlaceholder('change-me') && isPlaceholder('****') && isPlaceholder('your_token_here'));
  assert.ok(!isPlaceholder('hunter22') && !isPlaceholder('sk_live_0123456789abcdef'));
});

test('df-secret-in-arg-env: agrees with hadolint DL3064 on its own cases', { skip: sharedSkip('peers') }, () => {
  const root = sharedDir('peers', 'hadolint');
  const rows = readFileSync(join(root, 'expectations.tsv'), 'utf8').split('\n').slice(1).map((l) => l.split('\t'));
  const cases = rows.filter((r) => r[3] === 'df-secret-in-arg-env');
  assert.ok(cases.length > 0);
  for (const [path, , , , expect] of cases) {
    const text = readFileSync(join(root, path), 'utf8');
    const fired = lintFile({ path: D, text }, {}, [rule]).findings.some((f) => f.ruleId === rule.id);
    assert.equal(fired, expect === 'fire', path);
  }
});
