#!/usr/bin/env bash
# Creates clients/python/.venv and installs dmis_audit (editable) with the django and test
# extras, from the machine's configured package index. Skips the install when pyproject.toml
# has not changed since the last one. Used by .ci/run and test/integration/client-python.test.ts.
set -euo pipefail

cd "$(dirname "$0")/.."
# One retry, not pip's five with backoff: where the default index is unreachable and the
# machine's configured extra indexes serve the packages, retries only cost minutes.
export PIP_RETRIES="${PIP_RETRIES:-1}"
if [ ! -x .venv/bin/python ]; then
  if ! python3 -m venv .venv; then
    echo "python3 -m venv failed: installing python3-venv"
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    $SUDO apt-get update
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends python3-venv
    rm -rf .venv
    python3 -m venv .venv
  fi
fi
stamp=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  # setuptools first, then no build isolation: the build needs no second trip to the index.
  .venv/bin/python -m pip install --quiet 'setuptools>=64' wheel
  .venv/bin/python -m pip install --quiet --no-build-isolation -e '.[django,test]'
  rm -f .venv/.installed-*
  touch "$stamp"
fi
