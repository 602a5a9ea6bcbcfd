#!/bin/bash
# Submits the Monte Carlo job array, then its merge to run after every array task succeeded.
#   docs/cluster/submit.sh [sbatch options for the array, e.g. --array=0-7]
# SCENARIO and OUT (relative to the checkout) reach both jobs through sbatch's default --export=ALL.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# The jobs run in the submit directory, and npx cimsim needs the checkout.
cd "$here/../.."
# npx's first use of the checkout's command links it into the npm cache (and runs `prepare`, a
# build): do it once here rather than in every task at the same time.
npx cimsim --version >/dev/null
# --parsable prints "id" or "id;cluster"
array="$(sbatch --parsable "$@" "$here/montecarlo.sbatch")"
array="${array%%;*}"
merge="$(sbatch --parsable --dependency="afterok:$array" "$here/merge.sbatch")"
merge="${merge%%;*}"
echo "array job $array"
echo "merge job $merge"
