#!/bin/bash
# Submits the Monte Carlo job array, then its merge to run after every array task succeeded.
#   docs/cluster/submit.sh [sbatch options for the array, e.g. --array=0-7]
# SCENARIO and OUT (relative to the checkout) reach both jobs through sbatch's default --export=ALL.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# The jobs run in the submit directory: they run the checkout's dist/ with node, which works
# whatever the npm cache holds and on shared filesystems mounted noexec.
cd "$here/../.."
node dist/src/cli/main.js --version >/dev/null || {
  echo "submit.sh: dist/ is missing or stale: run \`npm ci\` (it builds) in $(pwd) first" >&2
  exit 2
}
# --parsable prints "id" or "id;cluster"
array="$(sbatch --parsable "$@" "$here/montecarlo.sbatch")"
array="${array%%;*}"
merge="$(sbatch --parsable --dependency="afterok:$array" "$here/merge.sbatch")"
merge="${merge%%;*}"
echo "array job $array"
echo "merge job $merge"
