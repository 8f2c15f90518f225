#!/usr/bin/env bash
# The commit a release's major tag (v0, v1, ...) points to, for the GitHub Action: this checkout's
# source plus the built dist/ and the production node_modules, so that action.yml finds both and
# the caller's job installs and builds nothing. Run by .github/workflows/release.yml after
# `npm ci` and `npm test` (dist/ built from this commit and tested); prints the new commit's id.
#
# The commit is made on a detached HEAD: no branch moves, and the version tag stays on the source
# commit that was tested and published. The dependencies are the lockfile's, integrity-checked,
# without install scripts (the tree-sitter grammars are loaded from .wasm files, never compiled),
# so the same tree runs on Linux, macOS and Windows runners.
set -euo pipefail
cd "$(dirname "$0")/.."

# It replaces node_modules and leaves HEAD detached: never by accident in a working checkout.
if [ "${GITHUB_ACTIONS:-}" != true ] && [ "${1:-}" != --throwaway-checkout ]; then
  echo "release-action-commit: this replaces node_modules and detaches HEAD; run it in a throw-away checkout (the release job does), or pass --throwaway-checkout" >&2
  exit 2
fi

if [ ! -f dist/cli/main.js ]; then
  echo "release-action-commit: dist/ is not built here; run npm ci and npm test first" >&2
  exit 1
fi
if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
  echo "release-action-commit: the work tree has uncommitted changes; the release commit must be the tested source" >&2
  exit 1
fi
version="$(node -p 'require("./package.json").version')"

# npm ci replaces node_modules with exactly the production dependencies (stdout is this script's answer).
npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error >&2

git checkout --quiet --detach
git add --force -- dist node_modules
git -c user.name='github-actions[bot]' -c user.email='41898282+github-actions[bot]@users.noreply.github.com' \
  commit --quiet --no-verify --no-gpg-sign \
  -m "dbt-token-scan $version, built for the GitHub Action" \
  -m "dist/ and the production node_modules of v$version, so the action runs with nothing to install or build."
git rev-parse HEAD
