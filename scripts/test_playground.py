#!/usr/bin/env python3
"""Browser test of the Masir playground.

Starts `masir serve` on a free loopback port, opens the page in headless Chromium (Debian's
chromium and chromium-driver, through Selenium), and as a person would:
  1. waits for the Hamedan rulebook and the sample cases;
  2. evaluates the sample `needy-housing-deposit` and checks the referral shown (welfare);
  3. edits the rulebook — a new first rule sends needy callers to the governor — evaluates again,
     and checks the new referral and that the deciding rule's line is highlighted in the editor;
  4. breaks that rule (an unknown agency) and checks the error marker appears at its line as the
     user types (the debounced /v1/check);
  5. shares the state in the URL and reloads it;
and saves a screenshot to .build/playground.png.

Usage: scripts/test_playground.py [--binary .build/debug/masir] [--screenshot .build/playground.png]
Exit status: 0 passed, 1 failed, 2 missing chromium/chromium-driver/selenium (with a message).
"""
import argparse
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def missing(what):
    print(f"test_playground: {what} is missing; run scripts/setup.sh (it installs chromium, chromium-driver and selenium)", file=sys.stderr)
    sys.exit(2)


try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait
except ImportError:
    missing("the Python package selenium")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_server(url, process, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"masir serve exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url + "healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("masir serve did not start")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/debug/masir"))
    parser.add_argument("--screenshot", default=os.path.join(ROOT, ".build/playground.png"))
    args = parser.parse_args()

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver") or ("/usr/bin/chromedriver" if os.path.exists("/usr/bin/chromedriver") else None)
    if not chromium:
        missing("chromium (Debian package chromium)")
    if not driver_path:
        missing("chromedriver (Debian package chromium-driver)")
    if not os.access(args.binary, os.X_OK):
        print(f"test_playground: {args.binary} is missing; run `swift build` first", file=sys.stderr)
        sys.exit(2)

    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    server = subprocess.Popen(
        [args.binary, "serve", os.path.join(ROOT, "rules"), "--port", str(port), "--playground", os.path.join(ROOT, "Playground"),
         "--log-format", "text", "--log-level", "warning"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    driver = None
    try:
        wait_for_server(url, server)
        options = webdriver.ChromeOptions()
        options.binary_location = chromium
        for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1500,1000", "--lang=fa"]:
            options.add_argument(flag)
        driver = webdriver.Chrome(service=Service(driver_path), options=options)
        driver.set_page_load_timeout(60)
        wait = WebDriverWait(driver, 60)
        driver.get(url)
        wait.until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "true")
        rulebook_text = driver.find_element(By.ID, "rulebook").get_attribute("value")
        check("the Hamedan rulebook is in the editor", "rulebook hamedan extends national" in rulebook_text)
        samples = [o.get_attribute("value") for o in Select(driver.find_element(By.ID, "sample")).options]
        check("the sample cases are offered", "needy-housing-deposit.yaml" in samples and len(samples) >= 10)
        wait.until(lambda d: "ok" in d.find_element(By.ID, "check-summary").get_attribute("class").split())

        # 1. The sample as the rules stand.
        Select(driver.find_element(By.ID, "sample")).select_by_value("needy-housing-deposit.yaml")
        driver.find_element(By.ID, "evaluate").click()
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#referrals li.primary"))
        primary = driver.find_element(By.CSS_SELECTOR, "#referrals li.primary")
        check("the referral shown is welfare", primary.get_attribute("data-agency") == "welfare")
        check("an escalation timeline is drawn", len(driver.find_elements(By.CSS_SELECTOR, "svg#timeline circle[data-level]")) >= 1)
        check("weekends or holidays are shaded", len(driver.find_elements(By.CSS_SELECTOR, "svg#timeline rect.off, svg#timeline rect.holiday")) >= 1)

        # 2. Edit a rule: a new first rule sends needy callers to the governor.
        new_rule = ('routing referrals\n  rule playground_needy "آزمایش زمین بازی"\n    when caller.needy\n'
                    '    refer to governor\n    sla 2 working days\n\n')
        edited = rulebook_text.replace("routing referrals\n", new_rule, 1)
        rule_line = edited.split("\n").index('    refer to governor') + 1
        set_text(driver, "rulebook", edited)
        wait.until(lambda d: "ok" in d.find_element(By.ID, "check-summary").get_attribute("class").split())
        driver.find_element(By.ID, "evaluate").click()
        wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "#referrals li.primary").get_attribute("data-agency") == "governor")
        decided = driver.find_elements(By.CSS_SELECTOR, "#rulebook-gutter div.decided")
        decided_lines = [int(e.get_attribute("data-line")) for e in decided]
        check(f"the deciding rule (line {rule_line - 2}) is highlighted in the editor (saw {decided_lines})", decided_lines == [rule_line - 2])

        # 3. Break the rule: the marker appears at its line while typing.
        broken = edited.replace("    refer to governor\n", "    refer to governer\n", 1)
        set_text(driver, "rulebook", broken)
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#rulebook-gutter div.err"))
        marked = [int(e.get_attribute("data-line")) for e in driver.find_elements(By.CSS_SELECTOR, "#rulebook-gutter div.err")]
        check(f"an error marker is at line {rule_line}", rule_line in marked)
        messages = driver.find_element(By.ID, "diagnostics").text
        check("the diagnostic names the unknown agency", "governer" in messages)
        title = driver.find_element(By.CSS_SELECTOR, f"#rulebook-gutter div[data-line='{rule_line}']").get_attribute("title")
        check("the marker explains itself", "governer" in (title or ""))
        driver.execute_script("document.getElementById('rulebook').scrollTop = 0; document.getElementById('rulebook').dispatchEvent(new Event('scroll'))")
        driver.find_element(By.ID, "rulebook").send_keys("")  # focus, as a person editing
        reveal = driver.find_element(By.CSS_SELECTOR, "#diagnostics li.error")
        reveal.click()
        time.sleep(0.3)
        os.makedirs(os.path.dirname(args.screenshot), exist_ok=True)
        driver.save_screenshot(args.screenshot)

        # 4. Shareable state: the fragment carries the edited rulebook.
        driver.find_element(By.ID, "share").click()
        wait.until(lambda d: "#s=" in d.current_url)
        shared = driver.current_url
        driver.get("about:blank")
        driver.get(shared)
        wait.until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "true")
        check("a shared link restores the edited rulebook", "refer to governer" in driver.find_element(By.ID, "rulebook").get_attribute("value"))
        print(f"screenshot: {args.screenshot}")
    finally:
        if driver:
            driver.quit()
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
    print(f"{PASSED} passed, {FAILED} failed")
    sys.exit(1 if FAILED else 0)


PASSED = 0
FAILED = 0


def check(what, ok):
    global PASSED, FAILED
    if ok:
        PASSED += 1
        print(f"ok: {what}")
    else:
        FAILED += 1
        print(f"FAILED: {what}")


def set_text(driver, element_id, text):
    """Replaces an editor's text as typing would: the value, then an input event."""
    driver.execute_script(
        "const area = document.getElementById(arguments[0]); area.value = arguments[1];"
        "area.dispatchEvent(new Event('input', {bubbles: true}));", element_id, text)


if __name__ == "__main__":
    main()
