// Jenkins: what the dialect reads from a Jenkinsfile (pod YAML embedded in strings, the
// containerTemplate/hostPathVolume DSL, `sh` steps in their container), how its files are recognised,
// that findings land at the exact words in the Groovy file, and that half-typed Groovy gives a clear
// finding and never a throw.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { classify, isCandidatePath } from '../../server/src/engine/classify.js';
import { dialectsFor } from '../../server/src/engine/dialects/index.js';
import { ParsedFile } from '../../server/src/engine/parsed-file.js';
import { lintFile } from '../../server/src/engine/runner.js';
import { sharedDir, sharedSkip } from '../support/shared-data.js';
import { describeFile } from './describe.js';

const classified: [string, string][] = [
  ['Jenkinsfile', 'jenkins'],
  ['ci/Jenkinsfile.release', 'jenkins'],
  ['build.Jenkinsfile', 'jenkins'],
  ['vars/buildImage.groovy', 'jenkins'],
  ['jenkins/pod.yaml', 'unknown'],
  ['Jenkinsfile.md', 'jenkins'],
  ['README.md', 'unknown'],
];
for (const [path, kind] of classified) {
  test(`jenkins: classify ${path} → ${kind}`, () => assert.equal(classify(path, 'pipeline {}\n'), kind));
}

test('jenkins: Jenkinsfiles are workspace candidates by name', () => {
  for (const p of ['Jenkinsfile', 'a/b.groovy', 'x.Jenkinsfile']) assert.ok(isCandidatePath(p), p);
});

interface Case {
  name: string;
  text: string;
  workloads: string[];
  facts: string[];
}

const cases: Case[] = [
  {
    name: 'scripted podTemplate(yaml:) with a dind sidecar; sh steps run in the container they name',
    text: `podTemplate(yaml: '''
    apiVersion: v1
    kind: Pod
    spec:
      containers:
      - name: docker
        image: docker:27-cli
      - name: dind
        image: docker:27-dind
        securityContext:
          privileged: true
''') {
  node(POD_LABEL) {
    container('docker') {
      sh 'docker build -t app .'
      sh(script: "docker push app:\${TAG}", returnStatus: true)
    }
    sh 'echo on the agent'
  }
}
`,
    // The step outside container() runs in jnlp, the agent container the plugin adds to the pod.
    workloads: ['jenkins Pod - pod | container:docker:docker:27-cli container:dind:docker:27-dind | sh@container sh@container sh@container'],
    facts: ['-: dind.privileged="true" script="docker build -t app ." script="docker push app:${TAG}" script="echo on the agent"'],
  },
  {
    name: 'declarative kubernetes agent with defaultContainer; comments and URLs in strings are not calls',
    text: `// podTemplate(yaml: 'not: this')
/* containerTemplate(name: 'x', image: 'docker:dind', privileged: true) */
pipeline {
  agent {
    kubernetes {
      defaultContainer 'kaniko'
      yaml """
        kind: Pod
        spec:
          containers:
          - name: kaniko
            image: gcr.io/kaniko-project/executor:v1.23.2-debug
            args: ["\${BUILD_NUMBER}"]
"""
    }
  }
  stages {
    stage('build') {
      steps {
        git 'https://example.invalid/repo.git'
        sh '/kaniko/executor --context . --destination registry.example/app:1'
      }
    }
  }
}
`,
    workloads: ['jenkins Pod - pod | container:kaniko:gcr.io/kaniko-project/executor:v1.23.2-debug | sh@container'],
    facts: ['-: script="/kaniko/executor --context . --destination registry.example/app:1"'],
  },
  {
    name: 'the containerTemplate DSL: a privileged dind container and the host socket as a hostPathVolume',
    text: `podTemplate(label: 'builder',
  containers: [
    containerTemplate(name: 'docker', image: 'docker:27-dind', privileged: true, ttyEnabled: true,
      envVars: [envVar(key: 'DOCKER_TLS_CERTDIR', value: '')]),
    containerTemplate(name: 'maven', image: 'maven:3.9', command: 'cat'),
  ],
  volumes: [hostPathVolume(hostPath: '/var/run/docker.sock', mountPath: '/var/run/docker.sock')]) {
  node('builder') {
    container('maven') { sh 'mvn -B package' }
  }
}
`,
    workloads: ['jenkins podTemplate builder job | service:docker:docker:27-dind service:maven:maven:3.9 | sh@service'],
    facts: [
      "builder: noun=pod template docker.privileged=\"true\" docker.bind=\"/var/run/docker.sock\" maven.bind=\"/var/run/docker.sock\" script=\"mvn -B package\"",
    ],
  },
];

for (const c of cases) {
  test(`jenkins workloads: ${c.name}`, () => {
    const d = describeFile('Jenkinsfile', c.text);
    assert.equal(d.kind, 'jenkins');
    assert.deepEqual(d.workloads, c.workloads);
    assert.deepEqual(d.facts, c.facts);
  });
}

// Which container each `sh` step runs in: `scope workload: script@container` for every workload.
const placementCases: { name: string; text: string; steps: string[] }[] = [
  {
    name: 'a step outside container() runs in jnlp, which the plugin adds when the pod does not declare it',
    text: `podTemplate(yaml: '''
spec:
  containers:
  - name: docker
    image: docker:27-cli
''') {
  node(POD_LABEL) {
    sh 'make'
    container('docker') { sh 'docker build .' }
  }
}
`,
    steps: ['pod -: make@jnlp', 'pod -: docker build .@docker'],
  },
  {
    name: 'a declared jnlp container is the one the steps run in',
    text: `podTemplate(yaml: '''
spec:
  containers:
  - name: jnlp
    image: jenkins/inbound-agent:3283.v92c105e0f819-1
''') {
  node(POD_LABEL) { sh 'make' }
}
`,
    steps: ['pod -: make@jnlp'],
  },
  {
    name: 'each stage agent has its own pod and defaultContainer; the pipeline agent keeps the other steps',
    text: `pipeline {
  agent {
    kubernetes {
      defaultContainer 'maven'
      yaml '''
spec:
  containers:
  - name: maven
    image: maven:3.9
'''
    }
  }
  stages {
    stage('test') {
      steps { sh 'mvn test' }
    }
    stage('image') {
      agent {
        kubernetes {
          defaultContainer 'docker'
          yaml '''
spec:
  containers:
  - name: docker
    image: docker:27-cli
'''
        }
      }
      steps {
        sh 'docker build .'
        container('jnlp') { sh 'git log -1' }
      }
    }
  }
}
`,
    steps: ['pod -: mvn test@maven', 'pod -: docker build .@docker', 'pod -: git log -1@jnlp'],
  },
  {
    name: 'a defaultContainer the pod YAML does not declare (an inherited template may) still holds the steps',
    text: `pipeline {
  agent { kubernetes { inheritFrom 'base'
 defaultContainer 'tools'
 yaml '''
spec:
  containers:
  - name: docker
    image: docker:27-cli
''' } }
  stages { stage('a') { steps { sh 'make' } } }
}
`,
    steps: ['pod -: make@tools'],
  },
  {
    name: 'a podTemplate with both YAML and containerTemplate(): each step in one view only',
    text: `podTemplate(yaml: '''
spec:
  containers:
  - name: docker
    image: docker:27-cli
''', containers: [containerTemplate(name: 'maven', image: 'maven:3.9', command: 'cat')]) {
  node(POD_LABEL) {
    sh 'echo agent'
    container('maven') { sh 'mvn package' }
    container('docker') { sh 'docker build .' }
  }
}
`,
    steps: ['pod -: echo agent@jnlp', 'pod -: docker build .@docker', 'job podTemplate: mvn package@maven'],
  },
  {
    name: 'agent any: the steps run in a shell on the agent',
    text: `pipeline {
  agent any
  stages { stage('b') { steps { sh 'docker build .' } } }
}
`,
    steps: ['job Jenkinsfile: docker build .@job'],
  },
  {
    name: 'a scripted node without a pod: the steps run on the agent',
    text: `node('linux') {
  stage('b') { sh "make \${TARGET}" }
}
`,
    steps: ['job Jenkinsfile: make ${TARGET}@job'],
  },
  {
    name: 'a yamlFile agent: its pod is in another file; the steps run in it (defaultContainer, else jnlp), not on an agent host',
    text: `pipeline {
  agent { kubernetes { yamlFile 'pod.yaml'
    defaultContainer 'dind' } }
  stages { stage('b') { steps {
    sh 'docker build .'
    container('jnlp') { sh 'git log' }
  } } }
}
`,
    steps: ['job Jenkinsfile: docker build .@dind', 'job Jenkinsfile: git log@jnlp'],
  },
  {
    name: 'a scripted podTemplate that only inherits its pod: named by its label',
    text: `podTemplate(label: 'builder', inheritFrom: 'docker') {
  node('builder') { sh 'docker info' }
}
`,
    steps: ['job builder: docker info@jnlp'],
  },
];

for (const c of placementCases) {
  test(`jenkins steps: ${c.name}`, () => {
    const file = new ParsedFile({ path: 'Jenkinsfile', text: c.text }, 'jenkins');
    const steps = dialectsFor('jenkins').flatMap((d) =>
      d.workloads(file).workloads.flatMap((w) => w.scripts.map((s) => `${w.scope} ${w.name ?? '-'}: ${s.text}@${s.runsIn.name ?? s.runsIn.role}`)),
    );
    assert.deepEqual(steps, c.steps);
    // A container made for the steps is not one of the workload's declared containers.
    for (const d of dialectsFor('jenkins')) {
      for (const w of d.workloads(file).workloads) {
        for (const s of w.scripts) if (s.runsIn.declaration === undefined) assert.ok(!w.containers.includes(s.runsIn));
      }
    }
  });
}

interface FindingCase {
  name: string;
  text: string;
  /** `rule-id@covered text`, in file order; only the rules listed in `rules` are compared. */
  findings: string[];
  rules: string[];
}

const DAEMON_RULES = ['ci-dind-service', 'ci-privileged', 'ci-docker-socket', 'ci-dind-no-tls', 'k8s-privileged', 'k8s-docker-socket', 'parse-error'];

const findingCases: FindingCase[] = [
  {
    name: 'the DSL: dind as a service, privileged, the socket, and DinD without TLS',
    text: cases[2].text,
    rules: DAEMON_RULES,
    findings: [
      'ci-dind-service@containerTemplate(name: \'docker\', image: \'docker:27-dind\', privileged: true, ttyEnabled: true,\n      envVars: [envVar(key: \'DOCKER_TLS_CERTDIR\', value: \'\')])',
      'ci-privileged@true',
      'ci-dind-no-tls@\'\'',
      'ci-docker-socket@/var/run/docker.sock',
    ],
  },
  {
    name: 'embedded YAML: privileged DinD pod, and a docker run in a sh step',
    text: `podTemplate(yaml: '''
spec:
  containers:
  - name: docker
    image: docker:27-cli
  - name: dind
    image: docker:27-dind
    securityContext:
      privileged: true
''') {
  node(POD_LABEL) {
    container('docker') {
      sh 'docker run --rm -v /var/run/docker.sock:/var/run/docker.sock alpine true'
    }
  }
}
`,
    rules: DAEMON_RULES,
    findings: ['ci-dind-service@docker:27-dind', 'k8s-privileged@true', 'ci-docker-socket@/var/run/docker.sock:/var/run/docker.sock'],
  },
  {
    name: 'docker run --privileged in a step outside container(): reported in the jnlp container',
    text: `podTemplate(yaml: '''
spec:
  containers:
  - name: docker
    image: docker:27-cli
''') {
  node(POD_LABEL) {
    sh 'docker run --rm --privileged alpine true'
  }
}
`,
    rules: DAEMON_RULES,
    findings: ['ci-privileged@--privileged'],
  },
  {
    name: 'agent any: docker run with --privileged and the socket are reported; a plain docker build is not',
    text: `pipeline {
  agent any
  stages {
    stage('b') {
      steps {
        sh 'docker build -t app .'
        sh 'docker run --rm --privileged -v /var/run/docker.sock:/var/run/docker.sock app test'
      }
    }
  }
}
`,
    rules: DAEMON_RULES,
    findings: ['ci-privileged@--privileged', 'ci-docker-socket@/var/run/docker.sock:/var/run/docker.sock'],
  },
  {
    name: 'a yamlFile agent: docker run --privileged in its steps is reported, as in its pod on a node',
    text: `pipeline {
  agent { kubernetes { yamlFile 'ci/pod.yaml' } }
  stages { stage('e2e') { steps { sh 'docker run --rm --privileged img' } } }
}
`,
    rules: DAEMON_RULES,
    findings: ['ci-privileged@--privileged'],
  },
  {
    name: 'Docker Pipeline agents: args of agent { docker { } } and of .inside(), not docker.build or an interpolated string',
    text: `pipeline {
  agent {
    docker {
      image 'docker:27-cli'
      args '-v /var/run/docker.sock:/var/run/docker.sock'
    }
  }
  stages {
    stage('b') {
      steps {
        script {
          docker.build('app').inside("\${OPTS} --privileged") { sh 'make' }
          docker.image('alpine:3.20').inside('--privileged') { sh 'true' }
        }
      }
    }
  }
}
`,
    rules: DAEMON_RULES,
    findings: ['ci-docker-socket@/var/run/docker.sock:/var/run/docker.sock', 'ci-privileged@--privileged'],
  },
  {
    name: 'a daemonless Kaniko pod template is quiet',
    text: cases[1].text,
    rules: DAEMON_RULES,
    findings: [],
  },
  {
    name: 'a // pragma suppresses the finding on the line below',
    text: `podTemplate(containers: [
  // daemonless ignore=ci-privileged -- the sandbox cluster runs Kata
  containerTemplate(name: 'b', image: 'docker:27-cli', privileged: true),
]) { node(POD_LABEL) { sh 'make' } }
`,
    rules: DAEMON_RULES,
    findings: [],
  },
  {
    name: 'an unclosed string gives a parse-error finding and the rest is still read',
    text: `podTemplate(containers: [containerTemplate(name: 'b', image: 'docker:27-cli', privileged: true)]) {
  node(POD_LABEL) {
    sh 'echo unclosed
  }
}
`,
    rules: DAEMON_RULES,
    findings: ['ci-privileged@true', "parse-error@'"],
  },
  {
    name: 'broken embedded YAML is reported inside the string',
    text: `podTemplate(yaml: '''
spec:
  containers:
  - name: b
    image: [unclosed
''') {}
`,
    rules: ['parse-error'],
    findings: ['parse-error@'],
  },
];

for (const c of findingCases) {
  test(`jenkins findings: ${c.name}`, () => {
    const { findings } = lintFile({ path: 'Jenkinsfile', text: c.text });
    assert.ok(!findings.some((f) => f.ruleId === 'internal-error'), JSON.stringify(findings));
    const got = findings.filter((f) => c.rules.includes(f.ruleId)).map((f) => `${f.ruleId}@${c.text.slice(f.start, f.end)}`);
    assert.deepEqual(got, c.findings);
    for (const f of findings) assert.ok(f.end <= c.text.length, 'ranges stay inside the file');
  });
}

test('jenkins: messages name the pod template and where it runs', () => {
  const { findings } = lintFile({ path: 'Jenkinsfile', text: cases[2].text });
  const privileged = findings.find((f) => f.ruleId === 'ci-privileged');
  assert.equal(privileged?.message, 'The service "docker" of pod template "builder" runs privileged, which gives it root on the Kubernetes node.');
});

test('jenkins: a step outside container() is named by the jnlp container; an agent host step by its pipeline', () => {
  const pod = findingCases.find((c) => c.name.startsWith('docker run --privileged in a step outside'))!;
  const inPod = lintFile({ path: 'Jenkinsfile', text: pod.text }).findings.find((f) => f.ruleId === 'ci-privileged');
  assert.equal(inPod?.message, 'A "docker run" in the container "jnlp" of Pod "(unnamed)" starts a privileged container (--privileged), which gives it root on the node.');
  const host = findingCases.find((c) => c.name.startsWith('agent any'))!;
  const onAgent = lintFile({ path: 'ci/Jenkinsfile', text: host.text }).findings.find((f) => f.ruleId === 'ci-privileged');
  assert.equal(onAgent?.message, 'A "docker run" in pipeline "Jenkinsfile" starts a privileged container (--privileged), which gives it root on the Jenkins agent.');
  const outside = findingCases.find((c) => c.name.startsWith('a yamlFile agent'))!;
  const inPodFile = lintFile({ path: 'Jenkinsfile', text: outside.text }).findings.find((f) => f.ruleId === 'ci-privileged');
  assert.equal(inPodFile?.message, 'A "docker run" in pod agent "Jenkinsfile" starts a privileged container (--privileged), which gives it root on the Kubernetes node.');
});

test('jenkins: half-typed and hostile Groovy never throws', () => {
  const text = cases[0].text + cases[2].text;
  for (let cut = 0; cut <= text.length; cut += 7) {
    const part = text.slice(0, cut);
    const { findings } = lintFile({ path: 'Jenkinsfile', text: part });
    assert.ok(!findings.some((f) => f.ruleId === 'internal-error'), `cut at ${cut}: ${JSON.stringify(findings.filter((f) => f.ruleId === 'internal-error'))}`);
  }
  for (const weird of ["'''", '"""${', '/*', '((((', '}}}}', "yaml: ", "containerTemplate(", "sh(script:", 'podTemplate(yaml: """\n${x}\n"""']) {
    assert.doesNotThrow(() => lintFile({ path: 'Jenkinsfile', text: weird }));
  }
});

test('jenkins: hostile repetition and nesting (100 KB each) neither throw nor hang', () => {
  // Each unit nests into the next: calls inside call arguments, blocks inside blocks of the same kind.
  for (const unit of ['podTemplate( ', 'containerTemplate(name: [', 'environment { ', 'agent { docker { ', 'agent { kubernetes { ', "x.inside('a') ", "container('c') { sh 'x'\n"]) {
    const text = unit.repeat(Math.ceil(100_000 / unit.length));
    const started = Date.now();
    const { findings } = lintFile({ path: 'Jenkinsfile', text });
    assert.ok(!findings.some((f) => f.ruleId === 'internal-error'), unit);
    // Linear work takes well under a second here; the bound only catches a quadratic or a hang.
    assert.ok(Date.now() - started < 15_000, `${unit}: ${Date.now() - started} ms`);
  }
});

// The Jenkins files of the shared corpus: what each one's content warrants from the daemon rules.
const CORPUS: [string, string[]][] = [
  ['01-k8s-plugin-dind-podtemplate.groovy', ['ci-dind-service', 'k8s-privileged']],
  ['02-k8s-plugin-kaniko-target.groovy', []],
  ['03-dind-sidecar-docker-build-dsl-withregistry-kubectl.groovy', ['ci-dind-service', 'k8s-privileged']],
  ['05-k8s-plugin-dood-socket-hostpath.groovy', ['k8s-docker-socket']],
  ['06-k8s-plugin-kaniko-declarative-target.groovy', []],
];
for (const [name, rules] of CORPUS) {
  test(`jenkins corpus: ${name} → ${rules.join(', ') || 'no daemon findings'}`, { skip: sharedSkip('corpus') }, () => {
    const path = sharedDir('corpus', 'jenkins', name);
    const text = readFileSync(path, 'utf8');
    const { kind, findings } = lintFile({ path, text });
    assert.equal(kind, 'jenkins');
    assert.deepEqual(findings.filter((f) => DAEMON_RULES.includes(f.ruleId)).map((f) => f.ruleId), rules);
  });
}

test('jenkins: the suppress quick fix writes a // pragma that then holds', async () => {
  const { suppressionEdit } = await import('../../server/src/engine/suppress.js');
  const { ParsedFile } = await import('../../server/src/engine/parsed-file.js');
  const text = cases[2].text;
  const finding = lintFile({ path: 'Jenkinsfile', text }).findings.find((f) => f.ruleId === 'ci-privileged')!;
  const edit = suppressionEdit(new ParsedFile({ path: 'Jenkinsfile', text }, 'jenkins'), finding);
  assert.match(edit.text, /^\s*\/\/ daemonless ignore=ci-privileged\n$/);
  const fixed = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
  assert.ok(!lintFile({ path: 'Jenkinsfile', text: fixed }).findings.some((f) => f.ruleId === 'ci-privileged'));
});
