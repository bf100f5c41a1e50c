// GitLab Runner config.toml: how it is recognised, what each [[runners]] entry yields, which findings
// it gets at which words, and that bad TOML is a finding, never a throw.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classify } from '../../server/src/engine/classify.js';
import { readRunnerConfig } from '../../server/src/engine/dialects/gitlab-runner/model.js';
import { lintFile } from '../../server/src/engine/runner.js';
import { describeFile } from './describe.js';

const RUNNER = '[[runners]]\n  name = "r"\n  executor = "docker"\n';

const classified: [string, string, string][] = [
  ['gitlab-runner/config.toml', '', 'gitlab-runner'],
  ['/etc/gitlab-runner/config.toml', 'concurrent = 1\n', 'gitlab-runner'],
  ['.gitlab-runner/config.toml', '', 'gitlab-runner'],
  ['ops/runner/config.toml', RUNNER, 'gitlab-runner'],
  ['config.toml', `concurrent = 2\n\n${RUNNER}`, 'gitlab-runner'],
  // A config.toml of anything else (Hugo, Cargo's .cargo/config.toml) is not a runner config.
  ['config.toml', 'baseURL = "https://example.org/"\n[params]\n  runners = 1\n', 'unknown'],
  ['.cargo/config.toml', '[build]\ntarget = "x86_64-unknown-linux-gnu"\n', 'unknown'],
  ['pyproject.toml', RUNNER, 'unknown'],
  ['gitlab-runner/other.toml', RUNNER, 'unknown'],
];
for (const [path, text, kind] of classified) {
  test(`gitlab-runner: classify ${path} ${JSON.stringify(text.slice(0, 30))} → ${kind}`, () => assert.equal(classify(path, text), kind));
}

interface Case {
  name: string;
  text: string;
  workloads: string[];
  facts: string[];
}

const DOCKER = `concurrent = 4

[[runners]]
  name = "docker-builds"
  url = "https://gitlab.example.com"
  executor = "docker"
  [runners.docker]
    image = "docker:27"
    privileged = true
    network_mode = "host"
    cap_add = ["SYS_ADMIN"]
    volumes = ["/var/run/docker.sock:/var/run/docker.sock", "/cache"]
  [[runners.docker.services]]
    name = "docker:27-dind"
    alias = "docker"
`;

const KUBERNETES = `[[runners]]
  name = "k8s"
  executor = "kubernetes"
  [runners.kubernetes]
    namespace = "ci"
    privileged = true
    allow_privilege_escalation = true
  [[runners.kubernetes.volumes.host_path]]
    name = "docker"
    mount_path = "/var/run/docker.sock"
    host_path = "/var/run/docker.sock"
  [[runners.kubernetes.volumes.host_path]]
    name = "cache"
    mount_path = "/cache"
    host_path = "/srv/cache"
`;

const cases: Case[] = [
  {
    name: 'a docker executor with privileged, host network, cap_add, the socket and a dind service',
    text: DOCKER,
    workloads: ['gitlab-runner runner docker-builds job | job::docker:27 service:docker:docker:27-dind | '],
    facts: [
      'docker-builds: noun=runner job.privileged="true" job.bind="/var/run/docker.sock:/var/run/docker.sock" job.bind="/cache" job.host-network="host" job.cap="SYS_ADMIN"',
    ],
  },
  {
    name: 'a kubernetes executor with privileged and host_path volumes',
    text: KUBERNETES,
    workloads: ['gitlab-runner runner k8s job | job:: | '],
    facts: ['k8s: noun=runner job.privileged="true" job.bind="/var/run/docker.sock" job.bind="/srv/cache"'],
  },
  {
    name: 'a shell executor reads no executor table; an unnamed runner is named by its index',
    text: `[[runners]]\n  executor = "shell"\n  [runners.docker]\n    privileged = true\n[[runners]]\n  [runners.docker]\n    privileged = false\n`,
    workloads: ['gitlab-runner runner runners[0] job | job:: | ', 'gitlab-runner runner runners[1] job | job:: | '],
    facts: ['runners[0]: noun=runner', 'runners[1]: noun=runner job.privileged="false"'],
  },
  { name: 'an empty file', text: '', workloads: [], facts: [] },
  { name: 'no runners', text: 'concurrent = 1\ncheck_interval = 0\n', workloads: [], facts: [] },
  { name: 'a syntax error yields no workloads', text: '[[runners]\n  name = "x"\n', workloads: [], facts: [] },
];

for (const c of cases) {
  test(`gitlab-runner workloads: ${c.name}`, () => {
    const d = describeFile('gitlab-runner/config.toml', c.text);
    assert.equal(d.kind, 'gitlab-runner');
    assert.deepEqual(d.workloads, c.workloads);
    assert.deepEqual(d.facts, c.facts);
  });
}

test('gitlab-runner: allow_privilege_escalation is read at its value, as the container\'s own setting', () => {
  const [runner] = readRunnerConfig(KUBERNETES).workloads;
  const escalation = runner.containers[0].allowPrivilegeEscalation;
  assert.equal(escalation?.value, true);
  assert.equal(escalation?.from, 'container');
  assert.equal(KUBERNETES.slice(escalation!.range.start, escalation!.range.end), 'true');
  assert.equal(KUBERNETES.slice(0, escalation!.range.start).split('\n').length, 7);
});

test('gitlab-runner: allow_privilege_escalation is a Kubernetes executor setting only', () => {
  const docker = `[[runners]]\n  executor = "docker"\n  [runners.docker]\n    allow_privilege_escalation = true\n`;
  assert.equal(readRunnerConfig(docker).workloads[0].containers[0].allowPrivilegeEscalation, undefined);
  const unset = readRunnerConfig(KUBERNETES.replace('    allow_privilege_escalation = true\n', '')).workloads[0];
  assert.equal(unset.containers[0].allowPrivilegeEscalation, undefined, 'unset leaves the cluster default: no fact');
});

test('gitlab-runner: environment strings become the runner\'s job variables, at their words', () => {
  const text = `[[runners]]\n  executor = "docker"\n  environment = ["DOCKER_HOST=tcp://docker:2375", "A=\\u0041b", "NOVALUE", 'LIT=x']\n`;
  const [runner] = readRunnerConfig(text).workloads;
  const at = (r: { start: number; end: number } | undefined) => (r ? text.slice(r.start, r.end) : undefined);
  assert.deepEqual(
    runner.env.map((v) => [v.name, v.value, at(v.nameRange), at(v.valueRange)]),
    [
      ['DOCKER_HOST', 'tcp://docker:2375', 'DOCKER_HOST', 'tcp://docker:2375'],
      // An escape moves the characters: the whole string is the place, the value has none of its own.
      ['A', 'Ab', 'A=\\u0041b', undefined],
      ['LIT', 'x', 'LIT', 'x'],
    ],
  );
});

test('gitlab-runner chart values: environment inside runners.config is reported inside the string', () => {
  const text = `gitlabUrl: https://gitlab.example.com/\nrunners:\n  config: |\n    [[runners]]\n      executor = "docker"\n      environment = ["DOCKER_TLS_CERTDIR="]\n`;
  const f = lintFile({ path: 'values.yaml', text }).findings.find((x) => x.ruleId === 'ci-dind-no-tls');
  assert.equal(f && text.slice(f.start, f.end), 'DOCKER_TLS_CERTDIR');
  assert.equal(f && text.slice(0, f.start).split('\n').length, 6);
});

interface FindingCase {
  name: string;
  text: string;
  findings: string[];
}

const DAEMON_RULES = ['ci-dind-service', 'ci-privileged', 'ci-docker-socket', 'parse-error'];

const findingCases: FindingCase[] = [
  {
    name: 'docker executor',
    text: DOCKER,
    findings: ['ci-privileged@true', 'ci-docker-socket@/var/run/docker.sock:/var/run/docker.sock', 'ci-dind-service@name = "docker:27-dind"'],
  },
  { name: 'kubernetes executor', text: KUBERNETES, findings: ['ci-privileged@true', 'ci-docker-socket@/var/run/docker.sock'] },
  {
    name: 'kubernetes executor allowing privilege escalation without privileged mode',
    text: KUBERNETES.replace('    privileged = true\n', ''),
    findings: ['ci-privileged@true', 'ci-docker-socket@/var/run/docker.sock'],
  },
  { name: 'privileged = false and a cache volume only', text: `${RUNNER}  [runners.docker]\n    privileged = false\n    volumes = ["/cache"]\n`, findings: [] },
  { name: 'a TOML syntax error is a parse-error at its place', text: `${RUNNER}  [runners.docker]\n    privileged = \n`, findings: ['parse-error@='] },
  { name: 'an unclosed table header', text: '[[runners]\n', findings: ['parse-error@]'] },
  { name: 'a duplicate key', text: `${RUNNER}  name = "again"\n`, findings: ['parse-error@name'] },
  { name: 'an empty file', text: '', findings: [] },
];

for (const c of findingCases) {
  test(`gitlab-runner findings: ${c.name}`, () => {
    const { findings } = lintFile({ path: 'gitlab-runner/config.toml', text: c.text });
    assert.ok(!findings.some((f) => f.ruleId === 'internal-error'), JSON.stringify(findings));
    const got = findings.filter((f) => DAEMON_RULES.includes(f.ruleId)).map((f) => `${f.ruleId}@${c.text.slice(f.start, f.end)}`);
    assert.deepEqual(got, c.findings);
    for (const f of findings) assert.ok(f.end <= c.text.length, 'ranges stay inside the file');
  });
}

test('gitlab-runner: messages say every job the runner takes inherits the setting', () => {
  const { findings } = lintFile({ path: 'gitlab-runner/config.toml', text: DOCKER });
  const privileged = findings.find((f) => f.ruleId === 'ci-privileged');
  assert.equal(privileged?.message, 'The job container of runner "docker-builds" runs privileged, which gives it root on the runner host (every job the runner takes inherits it).');
  const k8s = lintFile({ path: 'gitlab-runner/config.toml', text: KUBERNETES }).findings.find((f) => f.ruleId === 'ci-docker-socket');
  assert.match(k8s?.message ?? '', /^Runner "k8s" mounts the host container-runtime socket \/var\/run\/docker\.sock .* root on the Kubernetes node \(every job the runner takes inherits it\)\.$/);
});

test('gitlab-runner: a finding is suppressed with a # comment', () => {
  const text = DOCKER.replace('    privileged = true\n', '    # daemonless ignore=ci-privileged -- this runner only builds trusted projects\n    privileged = true\n');
  const { findings } = lintFile({ path: 'gitlab-runner/config.toml', text });
  assert.ok(!findings.some((f) => f.ruleId === 'ci-privileged'), JSON.stringify(findings.map((f) => f.ruleId)));
});

test('gitlab-runner: bad input is a finding or none, never a throw', () => {
  for (const text of ['\u0000', '[[runners]]\n[runners', 'a = """\nunclosed', '[[runners]]\nname = "\u{1F600}"\n[runners.docker]\nvolumes = [1, {a = 2}, "x"]\n', '[runners]\nx=1\n', 'runners = 3\n']) {
    const { findings } = lintFile({ path: 'gitlab-runner/config.toml', text });
    assert.ok(!findings.some((f) => f.ruleId === 'internal-error'), JSON.stringify(findings));
  }
});

test('gitlab-runner: a TOML syntax error says it is TOML', () => {
  const { findings } = lintFile({ path: 'gitlab-runner/config.toml', text: '[[runners]\n' });
  const problem = findings.find((f) => f.ruleId === 'parse-error');
  assert.equal(problem?.messageId, 'toml');
  assert.match(problem?.message ?? '', /^TOML syntax error: /);
});
