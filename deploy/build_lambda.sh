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
# The Lambda answers requests only: audio is rendered and served by a web host (HEARTLINE_AUDIO_KEY), so the
# speech, recognition and web libraries stay out. With them the zip was 65 MiB, over the 50 MB a direct
# upload (the ASK CLI's lambda deployer) takes. tests/audio/test_audio_serving.py checks the Lambda path
# imports none of them.
python3 - "$root/pyproject.toml" > "$out/requirements.txt" <<'PY'
import re, sys, tomllib
with open(sys.argv[1], "rb") as f:
    project = tomllib.load(f)["project"]
not_on_lambda = {"flask", "gtts", "speechrecognition", "numpy"}
core = [d for d in project["dependencies"] if re.split(r"[<>=!~ \[]", d)[0].lower() not in not_on_lambda]
print("\n".join(core + project["optional-dependencies"]["dynamodb"]))
PY
find "$out" -name __pycache__ -prune -exec rm -rf {} +
echo "$out"
