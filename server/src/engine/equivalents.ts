// Which checks of other tools mean the same as each daemonless rule, so that teams moving over keep
// their suppression pragmas. A peer check is listed only when every finding it is listed for is also
// a finding of the peer, for the same reason: honouring the pragma of a narrower check (one capability,
// a PodSecurityPolicy field, only docker.sock) would hide findings that check never flagged. `when`
// narrows a peer to some of the rule's findings. Each rule's docs page names these ids in its
// "Equivalents" section (test/engine/suppress-equivalents.test.ts checks both ways), and
// docs/suppressions.md shows this table as rendered by equivalentsMarkdown().
//
// A new rule with peers adds one row here; a rule without peers needs none.
import type { Finding, SuppressedBy } from './types.js';

export type PeerTool = Exclude<SuppressedBy, 'daemonless'>;

export const PEER_TOOLS: readonly PeerTool[] = ['hadolint', 'checkov', 'trivy', 'kube-linter', 'buildkit'];

/** A peer check, for all of a rule's findings or (with `when`) for those it really covers. */
export type Peer =
  | string
  | {
      id: string;
      when: {
        /** Only findings with one of these message ids. */
        messages?: readonly string[];
        /** Only findings whose data values match (a string matches exactly). */
        data?: Readonly<Record<string, string | RegExp>>;
      };
      /** Which findings, in words, for the docs. */
      note: string;
    };

export type Equivalents = Partial<Record<PeerTool, readonly Peer[]>>;

const DOCKER_SOCK = /(^|\/)docker\.sock$/;
const SECRET_NAMED = ['secretName', 'secretValue', 'placeholder'];
const SECRET_NOTE = 'variables named like a secret';
const NOT_EXPLICIT_FALSE = ['mayRunAsRoot', 'uidZero', 'overridesPod', 'kaniko'];

export const EQUIVALENTS: Readonly<Record<string, Equivalents>> = {
  'df-add-instead-of-copy': { hadolint: ['DL3020'], checkov: ['CKV_DOCKER_4'], trivy: ['DS-0005'] },
  // hadolint judges every stage, daemonless the shipped ones: each of ours is one of its.
  'df-apt-install-recommends': { hadolint: ['DL3015'], trivy: ['DS-0029'] },
  'df-base-image-unpinned': {
    hadolint: [
      { id: 'DL3006', when: { messages: ['untagged'] }, note: 'untagged images' },
      { id: 'DL3007', when: { messages: ['latest'] }, note: ':latest images' },
    ],
    checkov: ['CKV_DOCKER_7'],
    trivy: ['DS-0001'],
  },
  'df-copy-whole-filesystem': { hadolint: ['DL3067'] },
  'df-expose-ssh': { checkov: ['CKV_DOCKER_1'], trivy: ['DS-0004'] },
  // One hadolint check per program; `apt install` is none of them.
  'df-install-assume-yes': {
    hadolint: [
      { id: 'DL3014', when: { messages: ['aptGet'] }, note: 'apt-get' },
      { id: 'DL3030', when: { messages: ['yum'] }, note: 'yum' },
      { id: 'DL3034', when: { messages: ['zypper'] }, note: 'zypper' },
      { id: 'DL3038', when: { messages: ['dnf'] }, note: 'dnf' },
    ],
  },
  'df-maintainer': { hadolint: ['DL4000'], checkov: ['CKV_DOCKER_6'], trivy: ['DS-0022'], buildkit: ['MaintainerDeprecated'] },
  'df-missing-user': {
    checkov: ['CKV_DOCKER_3'],
    trivy: ['DS-0002'],
  },
  // hadolint has one check per package manager: each covers the findings about its program.
  'df-package-unpinned': {
    hadolint: [
      { id: 'DL3008', when: { data: { program: /^apt(-get)?$/ } }, note: 'apt-get and apt' },
      { id: 'DL3013', when: { data: { program: /^pip[0-9.]*$/ } }, note: 'pip' },
      { id: 'DL3016', when: { data: { program: 'npm' } }, note: 'npm' },
      { id: 'DL3018', when: { data: { program: 'apk' } }, note: 'apk' },
      { id: 'DL3028', when: { data: { program: 'gem' } }, note: 'gem' },
      { id: 'DL3033', when: { data: { program: 'yum' } }, note: 'yum' },
      { id: 'DL3037', when: { data: { program: 'zypper' } }, note: 'zypper' },
      { id: 'DL3041', when: { data: { program: /^(micro)?dnf$/ } }, note: 'dnf and microdnf' },
      { id: 'DL3062', when: { data: { program: 'go' } }, note: 'go' },
    ],
  },
  'df-pipefail': { hadolint: ['DL4006'] },
  'df-secret-in-arg-env': {
    // The three judge by the variable's name; a credential URL under an innocent name is ours alone.
    hadolint: [{ id: 'DL3064', when: { messages: SECRET_NAMED }, note: SECRET_NOTE }],
    trivy: [{ id: 'DS-0031', when: { messages: SECRET_NAMED }, note: SECRET_NOTE }],
    buildkit: [{ id: 'SecretsUsedInArgOrEnv', when: { messages: SECRET_NAMED }, note: SECRET_NOTE }],
  },
  'df-sudo': { hadolint: ['DL3004'], checkov: ['CKV2_DOCKER_1'], trivy: ['DS-0010'] },
  'df-untrusted-registry': { hadolint: ['DL3026'] },
  'df-user-not-numeric': { hadolint: ['DL3066'] },
  'df-user-root': {
    hadolint: ['DL3002'],
    checkov: ['CKV_DOCKER_8'],
    trivy: ['DS-0002'],
  },
  'df-wget-and-curl': { hadolint: ['DL4001'], trivy: ['DS-0014'] },
  'k8s-allow-privilege-escalation': {
    checkov: ['CKV_K8S_20'],
    trivy: ['KSV-0001'],
    'kube-linter': ['privilege-escalation-container'],
  },
  // Trivy's KSV-0036 flags an unset field only when a container mounts the token path itself.
  'k8s-automount-service-account-token': {
    checkov: ['CKV_K8S_38'],
    trivy: [{ id: 'KSV-0036', when: { messages: ['explicit'] }, note: 'automountServiceAccountToken: true' }],
    'kube-linter': ['automount-service-account-token'],
  },
  'k8s-capabilities-drop-all': {
    checkov: ['CKV_K8S_37'],
    trivy: ['KSV-0003'],
  },
  'k8s-dangerous-capability': {
    checkov: ['CKV_K8S_25'],
    trivy: ['KSV-0106'],
  },
  'k8s-docker-socket': {
    checkov: [{ id: 'CKV_K8S_27', when: { messages: ['socket'], data: { path: DOCKER_SOCK } }, note: 'docker.sock' }],
    trivy: [{ id: 'KSV-0006', when: { messages: ['socket'], data: { path: DOCKER_SOCK } }, note: 'docker.sock' }],
    'kube-linter': [{ id: 'docker-sock', when: { messages: ['socket'], data: { path: DOCKER_SOCK } }, note: 'docker.sock' }],
  },
  'k8s-host-namespaces': {
    checkov: [
      { id: 'CKV_K8S_17', when: { data: { field: 'hostPID' } }, note: 'hostPID' },
      { id: 'CKV_K8S_18', when: { data: { field: 'hostIPC' } }, note: 'hostIPC' },
      { id: 'CKV_K8S_19', when: { data: { field: 'hostNetwork' } }, note: 'hostNetwork' },
    ],
    trivy: [
      { id: 'KSV-0010', when: { data: { field: 'hostPID' } }, note: 'hostPID' },
      { id: 'KSV-0008', when: { data: { field: 'hostIPC' } }, note: 'hostIPC' },
      { id: 'KSV-0009', when: { data: { field: 'hostNetwork' } }, note: 'hostNetwork' },
    ],
    'kube-linter': [
      { id: 'host-pid', when: { data: { field: 'hostPID' } }, note: 'hostPID' },
      { id: 'host-ipc', when: { data: { field: 'hostIPC' } }, note: 'hostIPC' },
      { id: 'host-network', when: { data: { field: 'hostNetwork' } }, note: 'hostNetwork' },
    ],
  },
  'k8s-host-path': {
    trivy: ['KSV-0023'],
  },
  'k8s-privileged': {
    checkov: ['CKV_K8S_16'],
    trivy: ['KSV-0017'],
    'kube-linter': ['privileged-container'],
  },
  'k8s-psp-removed': {
    trivy: ['KSV-0107'],
  },
  // Checkov and kube-linter accept a non-zero runAsUser whatever runAsNonRoot says; Trivy's KSV-0012 asks for runAsNonRoot: true.
  'k8s-run-as-root': {
    checkov: [{ id: 'CKV_K8S_23', when: { messages: NOT_EXPLICIT_FALSE }, note: 'not runAsNonRoot: false with a non-zero UID' }],
    trivy: ['KSV-0012', { id: 'KSV-0105', when: { messages: ['uidZero'] }, note: 'runAsUser: 0' }],
    'kube-linter': [{ id: 'run-as-non-root', when: { messages: NOT_EXPLICIT_FALSE }, note: 'not runAsNonRoot: false with a non-zero UID' }],
  },
  'k8s-seccomp': {
    checkov: ['CKV_K8S_31'],
    trivy: ['KSV-0030', { id: 'KSV-0104', when: { messages: ['unconfined', 'buildkitRootless'] }, note: 'Unconfined' }],
  },
};

export function peerId(peer: Peer): string {
  return typeof peer === 'string' ? peer : peer.id;
}

/** Whether a pragma naming `peer` covers this finding of the rule the peer is listed for. */
export function peerCovers(peer: Peer, finding: Pick<Finding, 'messageId' | 'data'>): boolean {
  if (typeof peer === 'string') return true;
  const { messages, data } = peer.when;
  if (messages && !messages.includes(finding.messageId)) return false;
  for (const [key, want] of Object.entries(data ?? {})) {
    const value = finding.data[key];
    if (value === undefined) return false;
    if (typeof want === 'string' ? value !== want : !want.test(value)) return false;
  }
  return true;
}

/**
 * Trivy names one check DS002, DS-0002, AVD-DS-0002 or ds002 depending on the version and the
 * place (pragma, ignore file, report); all compare as DS-0002.
 */
export function canonicalTrivyId(id: string): string {
  const m = /^(?:AVD-)?([A-Z]+)-?0*(\d+)$/i.exec(id.trim());
  return m ? `${m[1].toUpperCase()}-${m[2].padStart(4, '0')}` : id.trim().toUpperCase();
}

/** How a tool's ids compare: hadolint and Checkov ids are upper case, BuildKit and kube-linter names exact. */
export function canonicalPeerId(tool: PeerTool, id: string): string {
  switch (tool) {
    case 'trivy':
      return canonicalTrivyId(id);
    case 'hadolint':
    case 'checkov':
      return id.trim().toUpperCase();
    default:
      return id.trim();
  }
}

export interface PeerMatch {
  ruleId: string;
  peer: Peer;
}

const byTool = new Map<PeerTool, Map<string, PeerMatch[]>>();

/** Our rules a peer id stands for, each with the peer entry that says for which findings. */
export function rulesForPeer(tool: PeerTool, id: string, table: Readonly<Record<string, Equivalents>> = EQUIVALENTS): readonly PeerMatch[] {
  let index = table === EQUIVALENTS ? byTool.get(tool) : undefined;
  if (!index) {
    index = new Map();
    for (const [ruleId, row] of Object.entries(table)) {
      for (const peer of row[tool] ?? []) {
        const key = canonicalPeerId(tool, peerId(peer));
        const list = index.get(key) ?? [];
        list.push({ ruleId, peer });
        index.set(key, list);
      }
    }
    if (table === EQUIVALENTS) byTool.set(tool, index);
  }
  return index.get(canonicalPeerId(tool, id)) ?? [];
}

/** Every rule with at least one peer check in `tool`, for "all checks" pragmas (skip=all, ignore-all). */
export function rulesWithPeers(tool: PeerTool, table: Readonly<Record<string, Equivalents>> = EQUIVALENTS): PeerMatch[] {
  return Object.entries(table).flatMap(([ruleId, row]) => (row[tool] ?? []).map((peer) => ({ ruleId, peer })));
}

const TOOL_NAMES: Record<PeerTool, string> = {
  hadolint: 'hadolint',
  checkov: 'Checkov',
  trivy: 'Trivy',
  'kube-linter': 'kube-linter',
  buildkit: 'BuildKit',
};

function describePeer(peer: Peer): string {
  return typeof peer === 'string' ? `\`${peer}\`` : `\`${peer.id}\` (${peer.note})`;
}

function describeTool(row: Equivalents, tool: PeerTool): string | undefined {
  const peers = row[tool];
  return peers?.length ? `${TOOL_NAMES[tool]} ${peers.map(describePeer).join(', ')}` : undefined;
}

/**
 * The sentence that ends each rule page's "Equivalents" section: the peer checks whose pragmas
 * suppress the rule, from this table (test/engine/suppress-equivalents.test.ts keeps pages in step).
 */
export function honouredSentence(ruleId: string, table: Readonly<Record<string, Equivalents>> = EQUIVALENTS): string {
  const row = table[ruleId] ?? {};
  const parts = PEER_TOOLS.map((t) => describeTool(row, t)).filter((p): p is string => p !== undefined);
  const link = '[Pragmas honoured](../suppressions.md)';
  return parts.length ? `${link}: ${parts.join('; ')}.` : `${link}: none.`;
}

/** The table as Markdown, one row per rule, for docs/suppressions.md. */
export function equivalentsMarkdown(table: Readonly<Record<string, Equivalents>> = EQUIVALENTS): string {
  const head = `| Rule | ${PEER_TOOLS.map((t) => TOOL_NAMES[t]).join(' | ')} |`;
  const sep = `|${' --- |'.repeat(PEER_TOOLS.length + 1)}`;
  const rows = Object.keys(table)
    .sort()
    .map((ruleId) => {
      const row = table[ruleId];
      const cells = PEER_TOOLS.map((t) => (row[t]?.length ? row[t]!.map(describePeer).join(', ') : ''));
      return `| [${ruleId}](rules/${ruleId}.md) | ${cells.join(' | ')} |`;
    });
  return [head, sep, ...rows].join('\n') + '\n';
}
