#!/usr/bin/env bash
# Installs what KubeSharp and its tests need from Debian's packages (idempotent; run as root).
set -euo pipefail
packages=(etcd-server containerd runc containernetworking-plugins docker-registry busybox-static iptables iproute2 apache2-utils bsdutils)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# apache2-utils: htpasswd, for the tests' password-protected registry; bsdutils: script(1), a pty for `kubectl exec -it`.
# Debian's etcd-server package starts a system etcd on the default ports; KubeSharp's tests start their own.
# The same holds for containerd and docker-registry: the agent runs its own containerd, tests their own registry.
for unit in etcd containerd docker-registry; do
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$unit" 2>/dev/null; then systemctl stop "$unit" || true; fi
done
command -v etcd >/dev/null
for c in containerd containerd-shim-runc-v2 runc ctr docker-registry busybox htpasswd script; do command -v "$c" >/dev/null; done
test -x /usr/lib/cni/bridge
command -v kubectl >/dev/null || { echo "install: kubectl is not on PATH" >&2; exit 1; }
dotnet --version >/dev/null
