#!/usr/bin/env bash
# The command-line smoke test of an installed studio, on any platform (CI runs it after installing the package):
#   src/test/installer/cli-smoke.sh CLI
# CLI is the installed command: character-studio (Linux), ".../Character Studio/character-studio.exe" (Windows),
# ".../Character Studio.app/Contents/MacOS/Character Studio" (macOS). No --workspace: the installed studio makes
# the user's workspace with the sample characters.
set -euo pipefail
cli="$1"
here="$(cd "$(dirname "$0")/../../.." && pwd)"

"$cli" --help | grep -q "Usage: character-studio"
echo "--help: ok"
personas="$("$cli" persona list)"
echo "$personas"
grep -q "lin-zhixia" <<<"$personas" || { echo "the sample characters are missing from the new workspace" >&2; exit 1; }
"$cli" generate --model "$here/src/test/resources/tiny-index" --prompt hi --max-new-tokens 3
echo
echo "generate: ok"
