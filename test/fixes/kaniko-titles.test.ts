// Rewrite titles stay short in the quick-fix menu: "Rewrite job 'build' to build with Kaniko" in every
// CI dialect, a pod by its kind and name, with "(document N)" only where another resource of the
// file has the same kind and name; what the rewrite needs or changes goes to its notes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lintFile, type FixOutcome } from '../../server/src/engine/index.js';

function pod(name: string): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
    - name: docker
      image: docker:27-cli
      workingDir: /workspace
      command: ["sh", "-c"]
      args:
        - |
          docker build -t registry.example.com/app:1.0 .
          docker push registry.example.com/app:1.0
      env:
        - name: DOCKER_HOST
          value: tcp://localhost:2375
    - name: dind
      image: docker:27-dind
      securityContext:
        privileged: true
`;
}

/** The rewrite offered for each document of a manifest, by document index. */
function podOutcomes(text: string): Map<number, FixOutcome> {
  const out = new Map<number, FixOutcome>();
  const docs = text.split(/^---\n/m);
  for (const f of lintFile({ path: 'k8s/pods.yaml', text }).findings) {
    if (!f.fix || f.ruleId !== 'k8s-privileged') continue;
    const outcome = f.fix();
    let offset = 0;
    const index = docs.findIndex((d) => (offset += d.length + 4) > f.start);
    out.set(index, outcome);
  }
  return out;
}

const CASES: { name: string; text: string; titles: string[] }[] = [
  { name: 'one pod: no document number', text: pod('builder'), titles: ["Rewrite Pod 'builder' to build with Kaniko"] },
  { name: 'two pods of different names: no document number', text: `${pod('a')}---\n${pod('b')}`, titles: ["Rewrite Pod 'a' to build with Kaniko", "Rewrite Pod 'b' to build with Kaniko"] },
  {
    name: 'two pods of one name: each names its document',
    text: `${pod('builder')}---\n${pod('builder')}`,
    titles: ["Rewrite Pod 'builder' (document 1) to build with Kaniko", "Rewrite Pod 'builder' (document 2) to build with Kaniko"],
  },
];

for (const c of CASES) {
  test(`titles: ${c.name}`, () => {
    const outcomes = podOutcomes(c.text);
    assert.deepEqual([...outcomes.keys()].sort(), c.titles.map((_, i) => i));
    c.titles.forEach((title, i) => {
      const outcome = outcomes.get(i)!;
      assert.equal(outcome.type, 'fix', JSON.stringify(outcome));
      assert.equal(outcome.title, title);
      if (outcome.type === 'fix') assert.match(outcome.notes?.[0] ?? '', /^the rewritten pod needs a kubernetes\.io\/dockerconfigjson secret 'regcred'$/, 'the required secret is a note, not in the title');
    });
  });
}

test('titles: GitLab and GitHub Actions rewrites have the same short title', () => {
  const gitlab = `build:\n  image: docker:27\n  services:\n    - docker:dind\n  script:\n    - docker build -t registry.example.com/app:1 .\n    - docker push registry.example.com/app:1\n`;
  const github = `on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    container:\n      image: docker:27\n      options: --privileged\n    steps:\n      - uses: actions/checkout@v4\n      - run: |\n          docker build -t registry.example.com/app:1 .\n          docker push registry.example.com/app:1\n`;
  for (const [path, text] of [['.gitlab-ci.yml', gitlab], ['.github/workflows/ci.yml', github]]) {
    const finding = lintFile({ path, text }).findings.find((f) => f.fix && ['ci-dind-service', 'ci-privileged'].includes(f.ruleId));
    const outcome = finding?.fix?.();
    assert.equal(outcome?.type, 'fix', `${path}: ${JSON.stringify(outcome)}`);
    assert.equal(outcome!.title, "Rewrite job 'build' to build with Kaniko", path);
  }
});
