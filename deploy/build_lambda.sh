#!/bin/sh
# Assemble build/lambda for `ask deploy -p lambda` (deploy/alexa/ask-resources.json points there): the
# packages, the Lambda entry point, and a requirements.txt made from pyproject.toml that the ASK CLI's
# python-pip build flow installs beside them. Run it from anywhere; it works relative to the project.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/build/lambda"
rm -rf "$out"
mkdir -p "$out"
cp -R "$root/skill" "$root/intents" "$root/audio" "$out/"
cp "$root/deploy/lambda_function.py" "$out/"
python3 - "$root/pyproject.toml" > "$out/requirements.txt" <<'PY'
import sys, tomllib
with open(sys.argv[1], "rb") as f:
    print("\n".join(tomllib.load(f)["project"]["dependencies"]))
PY
find "$out" -name __pycache__ -prune -exec rm -rf {} +
echo "$out"
