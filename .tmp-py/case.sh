#!/bin/bash
CASES=$(echo "$@" | tr ' ' ',') npx vitest run .tmp-py/case.test.ts --dir .tmp-py 2>&1 | grep -E '^(CASE|\{|ERRORS)'
