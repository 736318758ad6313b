#!/usr/bin/env bash
# Runs the whole test suite: unit, integration (in-process API server, SQLite and etcd) and end-to-end (real kubectl).
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
scripts/install.sh || exit 1
dotnet build KubeSharp.slnx -c Release -nologo -v quiet -clp:ErrorsOnly || exit 1
log="$(mktemp)"
status=0
for project in test/KubeSharp.*.Tests test/KubeSharp.E2E; do
  echo "== $project"
  dotnet test "$project" -c Release --no-build -nologo --logger "console;verbosity=minimal" 2>&1 | tee -a "$log" || status=1
done
passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -Eo 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ] || status=1
exit $status
