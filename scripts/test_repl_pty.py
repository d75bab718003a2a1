#!/usr/bin/env python3
"""Drives `masir repl` through a real pseudo-terminal (tmux) and checks line editing.

Tab completion (`:se<Tab>` -> `:set`, `caller.ne<Tab>` -> `caller.needy`), Persian input,
multi-line input, Ctrl-C abandoning a line, the up arrow recalling earlier lines, and the
history file (~/.masir_history) surviving from one run to the next.

    scripts/test_repl_pty.py --masir .build/debug/masir [--root .]

Run by Tests/MasirTests/REPL/REPLTerminalTests.swift. Needs tmux (scripts/setup.sh installs it).
Exit status: 0 passed, 1 a check failed, 2 tmux is missing or the REPL did not start.
"""
import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

SOCKET = f"masir-repl-test-{os.getpid()}"


def tmux(*args, check=True):
    result = subprocess.run(["tmux", "-L", SOCKET, "-f", "/dev/null", *args],
                            capture_output=True, text=True, encoding="utf-8")
    if check and result.returncode != 0:
        raise RuntimeError(f"tmux {' '.join(args)}: {result.stderr.strip()}")
    return result.stdout


def stop_server():
    """Ends what the panes still run (a REPL a failed check left open), then the server, which
    is killed outright if it outlives kill-server (it inherits the signal mask of whatever started
    this script, and a test runner may block the signals it waits for)."""
    server = tmux("display-message", "-p", "#{pid}", check=False).strip()
    for pid in tmux("list-panes", "-a", "-F", "#{pane_dead} #{pane_pid}", check=False).split("\n"):
        dead, _, number = pid.partition(" ")
        if dead == "0" and number.isdigit():
            try:
                os.killpg(int(number), signal.SIGKILL)
            except OSError:
                pass
    tmux("kill-server", check=False)
    deadline = time.monotonic() + 5
    while server.isdigit() and time.monotonic() < deadline:
        try:
            os.kill(int(server), 0)
        except OSError:
            break
        time.sleep(0.1)
    else:
        if server.isdigit():
            try:
                os.kill(int(server), signal.SIGKILL)
            except OSError:
                pass
    print(f"tmux socket: {SOCKET}")


def screen(target):
    return tmux("capture-pane", "-p", "-J", "-t", target)


def wait_for(target, predicate, what, timeout=30.0):
    deadline = time.monotonic() + timeout
    text = ""
    while time.monotonic() < deadline:
        text = screen(target)
        if predicate(text):
            return text
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}; the screen was:\n{text}")


def prompt_line(text):
    """The last line that starts with a prompt."""
    lines = [line.rstrip() for line in text.rstrip("\n").split("\n") if line.startswith(("hamedan>", "    ...>"))]
    return lines[-1] if lines else ""


def send(target, *keys, literal=False):
    if literal:
        tmux("send-keys", "-t", target, "-l", *keys)
    else:
        tmux("send-keys", "-t", target, *keys)


class Run:
    """One run of the REPL in its own tmux session."""

    def __init__(self, name, masir, root, home):
        self.target = name
        command = (f"cd {shlex(root)} && env -u MASIR_HISTORY HOME={shlex(home)} LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color "
                   f"{shlex(masir)} repl rules/provinces/hamedan; echo MASIR-EXITED-$?")
        # The pane stays on screen after the REPL exits (remain-on-exit) rather than kept open by a
        # sleeping process: a test runner may start this with hang-ups ignored, and a sleeping
        # shell that ignores the hang-up of kill-server keeps the tmux server alive after the test.
        tmux("new-session", "-d", "-s", name, "-x", "160", "-y", "50", "sh", "-c", command,
             ";", "set-option", "-t", name, "remain-on-exit", "on")
        wait_for(name, lambda t: "hamedan> " in t, "the first prompt")

    def type(self, text):
        send(self.target, text, literal=True)

    def keys(self, *keys):
        send(self.target, *keys)

    def expect_prompt(self, expected, what):
        return wait_for(self.target, lambda t: prompt_line(t) == expected.rstrip(), f"{what}: the prompt line to read {expected!r}")

    def expect(self, fragment, what, count=1):
        return wait_for(self.target, lambda t: t.count(fragment) >= count, f"{what}: {fragment!r}")

    def quit(self):
        self.keys("C-d")
        self.expect("MASIR-EXITED-0", "Ctrl-D leaves the REPL with status 0")


def shlex(text):
    return "'" + text.replace("'", "'\\''") + "'"


def main():
    # Children (tmux, its server, the REPL) start with default signal handling whatever this
    # script inherited.
    signal.pthread_sigmask(signal.SIG_SETMASK, set())
    for number in (signal.SIGHUP, signal.SIGTERM, signal.SIGINT):
        signal.signal(number, signal.SIG_DFL)
    parser = argparse.ArgumentParser()
    parser.add_argument("--masir", required=True, help="the masir executable")
    parser.add_argument("--root", default=".", help="the repository (rules/ is read from there)")
    options = parser.parse_args()
    if shutil.which("tmux") is None:
        print("tmux is not installed: run scripts/setup.sh (apt-get install tmux)", file=sys.stderr)
        return 2
    masir = os.path.abspath(options.masir)
    root = os.path.abspath(options.root)
    home = tempfile.mkdtemp(prefix="masir-repl-home-")
    history = os.path.join(home, ".masir_history")
    checks = 0
    try:
        first = Run("first", masir, root, home)
        # Tab completes commands and field paths.
        first.type(":se")
        first.keys("Tab")
        first.expect_prompt("hamedan> :set", "Tab completes :se")
        first.type("caller.ne")
        first.keys("Tab")
        first.expect_prompt("hamedan> :set caller.needy", "Tab completes caller.ne")
        first.type("yes")
        first.keys("Enter")
        first.expect("caller.needy = true", "the field is set")
        checks += 2
        # Ids complete too; Persian text is typed and echoed as it is.
        first.type(":set county mala")
        first.keys("Tab")
        first.expect_prompt("hamedan> :set county malayer", "Tab completes a county id")
        first.keys("C-u")
        first.type(":set description «وام ودیعه می‌خواهم»")
        first.keys("Enter")
        first.expect("category = housing_deposit «ودیعه مسکن»", "Persian input is read as UTF-8")
        first.type("caller.needy and category under bank_facilities")
        first.keys("Enter")
        first.expect("true : bool", "an expression is evaluated")
        checks += 3
        # A long expression continues after an open bracket.
        first.type("(caller.needy and")
        first.keys("Enter")
        first.expect_prompt("    ...>", "an open bracket asks for more")
        first.type("description mentions «ودیعه»)")
        first.keys("Enter")
        first.expect("true : bool", "the continued expression is evaluated", count=2)
        checks += 1
        # Ctrl-C abandons the line being typed and the REPL goes on.
        first.type("this line is abandoned")
        first.keys("C-c")
        first.expect_prompt("hamedan>", "Ctrl-C gives a fresh prompt")
        checks += 1
        # The up arrow recalls earlier lines (a continued input as one line).
        first.keys("Up")
        first.expect_prompt("hamedan> (caller.needy and description mentions «ودیعه»)", "Up recalls the last input")
        first.keys("Up")
        first.expect_prompt("hamedan> caller.needy and category under bank_facilities", "Up again recalls the one before")
        first.keys("Enter")
        first.expect("true : bool", "a recalled line runs again", count=3)
        checks += 2
        first.quit()
        if not os.path.exists(history):
            raise AssertionError(f"no history file at {history}")
        with open(history, encoding="utf-8", errors="replace") as file:
            saved = file.read()
        for fragment in ["caller.needy", "category\\040under\\040bank_facilities"]:
            if fragment not in saved:
                raise AssertionError(f"the history file lacks {fragment!r}:\n{saved}")
        if "abandoned" in saved:
            raise AssertionError(f"an abandoned line was saved in the history:\n{saved}")
        checks += 1
        # A second run starts with the first run's history.
        second = Run("second", masir, root, home)
        second.keys("Up")
        second.expect_prompt("hamedan> caller.needy and category under bank_facilities", "the history survives a restart")
        second.keys("Up")
        second.expect_prompt("hamedan> (caller.needy and description mentions «ودیعه»)", "older history survives too")
        second.keys("C-u")
        second.type(":case lo")
        second.keys("Tab")
        second.expect_prompt("hamedan> :case load", "Tab completes a subcommand")
        second.keys("C-u")
        second.quit()
        checks += 2
    except AssertionError as failure:
        print(f"FAILED: {failure}", file=sys.stderr)
        return 1
    except RuntimeError as failure:
        print(f"the REPL could not be driven: {failure}", file=sys.stderr)
        return 2
    finally:
        stop_server()
        shutil.rmtree(home, ignore_errors=True)
    print(f"repl pty: {checks} checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
