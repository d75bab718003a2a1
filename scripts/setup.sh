#!/usr/bin/env bash
# Installs what the tests need beyond Swift itself: a Python venv with the independent grammar
# checker (Lark) and schema validator, and the Debian packages for the terminal and browser tests.
# Safe to run again; it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/pip install --quiet --disable-pip-version-check -r scripts/requirements.txt

need=()
for tool in tmux; do
  command -v "$tool" >/dev/null 2>&1 || need+=("$tool")
done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "setup: please install: ${need[*]}" >&2
  fi
fi
# ---- REPL (masir repl): libedit for line editing and history, tmux for the terminal test ----
# libedit is BSD-licensed; the `masir` executable links it through Sources/CLibEdit.
repl_need=()
[ -f /usr/include/editline/readline.h ] || repl_need+=(libedit-dev)
command -v tmux >/dev/null 2>&1 || repl_need+=(tmux)
if [ ${#repl_need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${repl_need[@]}" >/dev/null
  else
    echo "setup: please install: ${repl_need[*]}" >&2
  fi
fi
# ---- end REPL ----
# ---- the server: the playground's browser test and the load test ----
# Debian's chromium and chromium-driver drive the playground (scripts/test_playground.py, run by
# swift test); wrk is the load generator of scripts/load_test.sh (a benchmark, not a test).
server_need=()
command -v chromium >/dev/null 2>&1 || server_need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || [ -x /usr/bin/chromedriver ] || server_need+=(chromium-driver)
command -v wrk >/dev/null 2>&1 || server_need+=(wrk)
if [ ${#server_need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${server_need[@]}" >/dev/null
  else
    echo "setup: please install: ${server_need[*]}" >&2
  fi
fi
# ---- end of the server block ----
# ---- the language server: Neovim's built-in LSP client is its second test client; lld links
# the fuzzing build (scripts/fuzz.sh), which the Swift toolchain ships ----
lsp_need=()
command -v nvim >/dev/null 2>&1 || lsp_need+=(neovim)
if [ ${#lsp_need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${lsp_need[@]}" >/dev/null
  else
    echo "setup: please install: ${lsp_need[*]}" >&2
  fi
fi
# ---- end of the language server block ----
echo "setup: ok"
