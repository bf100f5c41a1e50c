// Kubernetes manifests the language-server tests open or scan.

/**
 * A pod running a privileged Docker-in-Docker container with a hostPath volume on the node's docker
 * socket, mounted by the DinD container itself or by a separate `build` container.
 */
export function dindPod(name: string, socketMountedBy: 'dind' | 'build' = 'dind'): string {
  const mount = '    volumeMounts:\n    - name: sock\n      mountPath: /var/run/docker.sock\n';
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
  - name: dind
    image: docker:24-dind
    securityContext:
      privileged: true
${socketMountedBy === 'dind' ? mount : `  - name: build\n    image: docker:24\n${mount}`}  volumes:
  - name: sock
    hostPath:
      path: /var/run/docker.sock
`;
}

/** A ConfigMap with no findings, holding one value of `size` characters to make a manifest large. */
export function configMap(i: number, size: number): string {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\ndata:\n  note: "${'x'.repeat(size)}"\n`;
}
