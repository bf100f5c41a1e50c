// The extension's quick bail-out. VS Code activates it in every workspace holding a YAML file (activation
// events cannot look inside files), so before starting the language server the client checks cheaply
// whether anything in the workspace is of a kind daemonless analyses: a telling name, or a YAML file
// whose first lines look like a Kubernetes manifest. The server classifies properly; this only decides
// whether to start it now or when such a file is opened. No `vscode` import, so node tests can use it.

/** Dockerfiles, Containerfiles, GitLab CI files, GitHub workflows and Jenkinsfiles, by path (forward slashes). */
export function isKnownByName(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (/^(Dockerfile|Containerfile)$/i.test(name) || /\.(Dockerfile|Containerfile)$/i.test(name)) return true;
  // Dockerfile.prod, but not the documentation or ignore files beside it (as the server decides).
  if (/^(Dockerfile|Containerfile)\.[^.]+$/i.test(name)) return !/\.(md|txt|dockerignore|ignore|orig|bak|swp)$/i.test(name);
  if (/(^|\.)gitlab-ci\.ya?ml$/i.test(name)) return true;
  if (/^Jenkinsfile(\.[\w.-]+)?$/i.test(name) || /\.(jenkinsfile|groovy)$/i.test(name)) return true;
  if (/(^|\/)\.?gitlab-runner\/config\.toml$/i.test(path)) return true;
  return /(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/i.test(path);
}

/** How many bytes of a YAML file the bail-out reads. */
export const SNIFF_BYTES = 4096;

/** Whether the start of a YAML file looks like a Kubernetes (or Tekton, Argo, …) object. */
export function looksLikeManifest(head: string): boolean {
  return /^apiVersion:[ \t]*\S/m.test(head) && /^kind:[ \t]*\S/m.test(head);
}

/** The globs the bail-out searches, and how many YAML files it reads at most. */
export const NAME_GLOB = '**/{Dockerfile,Containerfile,*.Dockerfile,*.Containerfile,Dockerfile.*,Containerfile.*,.gitlab-ci.yml,*.gitlab-ci.yml,.github/workflows/*.yml,.github/workflows/*.yaml,Jenkinsfile,Jenkinsfile.*,*.Jenkinsfile,*.groovy,gitlab-runner/config.toml,.gitlab-runner/config.toml}';
export const YAML_GLOB = '**/*.{yml,yaml}';
export const MAX_SNIFFED = 500;
