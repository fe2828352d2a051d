#!/usr/bin/env bash
# make lint: the hooks of .pre-commit-config.yaml (flake8, isort, black where enforced,
# pylint-odoo, OCA's module and translation checks) over every file of the repository, with
# the venv's tools and no network; exits non-zero on any finding and changes no file.
source "$(dirname "$0")/common.sh"
cd "$ROOT"
export PATH="$VENV/bin:$PATH"
export PRE_COMMIT_HOME="$VAR/pre-commit"
command -v git >/dev/null || die "make lint needs git (pre-commit lists the repository's files with it)."
git rev-parse --git-dir >/dev/null 2>&1 || die "make lint runs inside the git repository (pre-commit needs it)."
# Tracked files and new ones not yet added (never ignored ones); --files, not --all-files,
# so that nothing is stashed or staged.
mapfile -t files < <(git ls-files --cached --others --exclude-standard)
existing=()
for file in "${files[@]}"; do [ -f "$file" ] && existing+=("$file"); done
"$VENV/bin/pre-commit" run --color=never --files "${existing[@]}"
