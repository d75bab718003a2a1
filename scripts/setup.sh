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

# Installs the Debian packages named, as root; otherwise says which to install.
install_packages() {
  [ $# -gt 0 ] || return 0
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  else
    echo "setup: please install: $*" >&2
  fi
}
need=()
# The REPL (masir repl): libedit for line editing and history (BSD-licensed; the `masir`
# executable links it through Sources/CLibEdit), tmux for the terminal test.
[ -f /usr/include/editline/readline.h ] || need+=(libedit-dev)
command -v tmux >/dev/null 2>&1 || need+=(tmux)
# The server: Debian's chromium and chromium-driver drive the playground
# (scripts/test_playground.py, run by swift test); wrk is the load generator of
# scripts/load_test.sh (a benchmark, not a test).
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || [ -x /usr/bin/chromedriver ] || need+=(chromium-driver)
command -v wrk >/dev/null 2>&1 || need+=(wrk)
# The language server: Neovim's built-in LSP client is its second test client. (The fuzzing
# build, scripts/fuzz.sh, links with the lld the Swift toolchain ships.)
command -v nvim >/dev/null 2>&1 || need+=(neovim)
# `masir verify`: the SMT solver it runs as a separate process; z3 is used when both are
# installed, and the tests run both to keep the scripts standard SMT-LIB.
command -v z3 >/dev/null 2>&1 || need+=(z3)
command -v cvc5 >/dev/null 2>&1 || need+=(cvc5)
install_packages ${need[@]+"${need[@]}"}
echo "setup: ok"
