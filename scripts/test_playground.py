#!/usr/bin/env python3
"""Browser test of the Masir playground.

Starts `masir serve` on a free loopback port, opens the page in headless Chromium (Debian's
chromium and chromium-driver, through Selenium), and as a person would:
  1. picks three provinces in turn (Tehran, Khuzestan, Khorasan Razavi): each loads its own
     rulebook, with no warnings, and its sample cases, and its first sample is decided at its own
     opening time plus two hours (not years later, with every level fired); the "now" switch
     moves the instant to the present and back;
  2. in Hamedan, decides the sample `needy-housing-deposit` (welfare), with the escalation
     timeline and the trace read as an answer (the deciding rule first, the rest folded);
  3. edits the rulebook (a new first rule sends needy callers to the governor) and checks the new
     referral and the deciding line's highlight; breaks that rule and checks the inline
     diagnostic at its line, kept apart from its file position;
  4. shares the state in a link, which stays short, and opens it in a fresh page: the province,
     rulebook, sample, case, instant and result come back;
and at 1440 and 800 pixels wide asserts on the DOM (no Latin letter or digit outside an isolate
in the right-to-left panels; no two timeline labels overlap or leave the picture) and saves a
screenshot of each width (under .build/ by default).

Usage: scripts/test_playground.py [--binary .build/debug/masir] [--screenshots .build]
Exit status: 0 passed, 1 failed, 2 missing chromium/chromium-driver/selenium (with a message).
"""
import argparse
import os
import re
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


ISOLATION = """
const bad = [];
for (const root of document.querySelectorAll('#results, #diagnostics, .pane-head, .bar')) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!/[A-Za-z0-9]/.test(node.nodeValue)) continue;
    if (node.parentElement.closest('bdi, [dir="ltr"], svg, select, option, title')) continue;
    bad.push(node.nodeValue.trim().slice(0, 60));
  }
}
return bad;
"""

OVERLAPS = """
const svg = document.querySelector('svg#timeline');
if (!svg) return ['no timeline'];
const frame = svg.getBoundingClientRect();
const texts = [...svg.querySelectorAll('text')];
const boxes = texts.map((t) => t.getBoundingClientRect());
const bad = [];
boxes.forEach((a, i) => {
  if (a.left < frame.left - 0.5 || a.right > frame.right + 0.5) bad.push('outside: ' + texts[i].textContent);
  for (let j = i + 1; j < boxes.length; j += 1) {
    const b = boxes[j];
    if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom)
      bad.push(texts[i].textContent + ' / ' + texts[j].textContent);
  }
});
return bad;
"""


def opened_plus_two_hours(case_text):
    """The instant the page should judge a sample at, as `yyyy/mm/dd hh:mm` (Jalali dates only)."""
    match = re.search(r"^opened:\s*(\d{4})/(\d{1,2})/(\d{1,2}) (\d{1,2}):(\d{2})", case_text, re.M)
    if not match:
        return None
    y, m, d, hour, minute = map(int, match.groups())
    minutes = hour * 60 + minute + 120
    if minutes >= 1440:
        return None  # crosses midnight: the page's own arithmetic is checked on other samples
    return f"{y}/{m:02d}/{d:02d} {minutes // 60:02d}:{minutes % 60:02d}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/debug/masir"))
    parser.add_argument("--screenshots", default=os.path.join(ROOT, ".build"))
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
        for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1440,1000", "--lang=fa"]:
            options.add_argument(flag)
        driver = webdriver.Chrome(service=Service(driver_path), options=options)
        driver.set_page_load_timeout(60)
        wait = WebDriverWait(driver, 60)
        driver.get(url)
        wait.until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "true")
        provinces = [o.get_attribute("value") for o in Select(driver.find_element(By.ID, "province")).options]
        check(f"the picker lists the national base and 31 provinces (saw {len(provinces)})",
              len(provinces) == 32 and provinces[0] == "national" and all(p.startswith("provinces/") for p in provinces[1:]))

        # 1. Three provinces, each with its rulebook and samples, decided at the sample's own time.
        for province in ["tehran", "khuzestan", "khorasan_razavi"]:
            pick(driver, wait, province)
            text = driver.find_element(By.ID, "rulebook").get_attribute("value")
            check(f"{province}: its rulebook is in the editor", f"rulebook {province} extends national" in text)
            samples = Select(driver.find_element(By.ID, "sample")).options
            check(f"{province}: its sample cases are offered ({len(samples)})", len(samples) >= 1)
            summary = driver.find_element(By.ID, "check-summary")
            check(f"{province}: the untouched rulebook opens without warnings (saw {summary.text!r})",
                  "ok" in summary.get_attribute("class").split() and summary.text == "بدون خطا ✓")
            expected_at = opened_plus_two_hours(driver.find_element(By.ID, "case").get_attribute("value"))
            at = driver.find_element(By.ID, "at").get_attribute("value")
            if expected_at:
                check(f"{province}: the sample is judged two hours after it was opened ({at})", at == expected_at)
            evaluate(driver, wait)
            levels = driver.find_elements(By.CSS_SELECTOR, "#levels tr")
            fired = driver.find_elements(By.CSS_SELECTOR, "#levels tr.fired")
            check(f"{province}: not every escalation level has fired ({len(fired)} of {len(levels)})", not levels or len(fired) < len(levels))
            assert_layout(driver, province)
        driver.find_element(By.ID, "at-live").click()
        live = driver.find_element(By.ID, "at").get_attribute("value")
        check(f"the now switch moves the instant to the present ({live})", live[:4] >= "1404" and not driver.find_element(By.ID, "at-year").is_enabled())
        driver.find_element(By.ID, "at-live").click()
        check("switching now off returns to the sample's instant", driver.find_element(By.ID, "at").get_attribute("value") == at)

        # 2. Hamedan's sample as the rules stand.
        pick(driver, wait, "hamedan")
        rulebook_text = driver.find_element(By.ID, "rulebook").get_attribute("value")
        check("the Hamedan rulebook is in the editor", "rulebook hamedan extends national" in rulebook_text)
        Select(driver.find_element(By.ID, "sample")).select_by_value("needy-housing-deposit.yaml")
        evaluate(driver, wait)
        primary = driver.find_element(By.CSS_SELECTOR, "#referrals li.primary")
        check("the referral shown is welfare", primary.get_attribute("data-agency") == "welfare")
        check("an escalation timeline is drawn", len(driver.find_elements(By.CSS_SELECTOR, "svg#timeline circle[data-level]")) >= 2)
        check("weekends or holidays are shaded", len(driver.find_elements(By.CSS_SELECTOR, "svg#timeline rect.off, svg#timeline rect.holiday")) >= 1)
        check("levels are named in the timeline", len(driver.find_elements(By.CSS_SELECTOR, "svg#timeline text.row-label")) >= 2)
        check("the time remaining is shown", "مانده" in driver.find_element(By.ID, "results").text)
        check("the first-answer deadline has a card of its own", bool(driver.find_elements(By.ID, "target-due-first_answer")))
        ids = driver.execute_script("return [...document.querySelectorAll('#results [id]')].map((e) => e.id)")
        check(f"no two elements of the decision share an id ({sorted(set(i for i in ids if ids.count(i) > 1))})", len(ids) == len(set(ids)))
        deciding = driver.find_elements(By.CSS_SELECTOR, "#deciding > li")
        check("the trace opens with the deciding rule", bool(deciding) and "matched" in deciding[0].get_attribute("class"))
        folded = driver.find_elements(By.CSS_SELECTOR, "#trace details.others")
        check("the other rules are folded", bool(folded) and folded[0].get_attribute("open") is None)
        assert_layout(driver, "hamedan")
        for width in (1440, 800):
            driver.set_window_size(width, 1000)
            evaluate(driver, wait)
            assert_layout(driver, f"hamedan at {width} px")
            # Show the decision and its timeline: at 800 px the panes are stacked.
            driver.execute_script("document.getElementById('referrals').scrollIntoView()")
            shot = os.path.join(args.screenshots, f"playground-{width}.png")
            os.makedirs(args.screenshots, exist_ok=True)
            driver.save_screenshot(shot)
            print(f"screenshot: {shot}")
        driver.set_window_size(1440, 1000)

        # 3. Edit a rule: a new first rule sends needy callers to the governor.
        new_rule = ('routing referrals\n  rule playground_needy "آزمایش زمین بازی"\n    when caller.needy\n'
                    '    refer to governor\n    sla 2 working days\n\n')
        edited = rulebook_text.replace("routing referrals\n", new_rule, 1)
        rule_line = edited.split("\n").index('    refer to governor') + 1
        set_text(driver, "rulebook", edited)
        wait.until(lambda d: "ok" in d.find_element(By.ID, "check-summary").get_attribute("class").split())
        evaluate(driver, wait, agency="governor")
        decided = driver.find_elements(By.CSS_SELECTOR, "#rulebook-gutter div.decided")
        decided_lines = [int(e.get_attribute("data-line")) for e in decided]
        check(f"the deciding rule (line {rule_line - 2}) is highlighted in the editor (saw {decided_lines})", decided_lines == [rule_line - 2])

        # Break the rule: the marker and the inline message appear at its line while typing.
        broken = edited.replace("    refer to governor\n", "    refer to governer\n", 1)
        set_text(driver, "rulebook", broken)
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#rulebook-gutter div.err"))
        marked = [int(e.get_attribute("data-line")) for e in driver.find_elements(By.CSS_SELECTOR, "#rulebook-gutter div.err")]
        check(f"an error marker is at line {rule_line}", rule_line in marked)
        inline = driver.find_elements(By.CSS_SELECTOR, f"#rulebook-highlight .ln[data-line='{rule_line}'] .inline-msg")
        check("the inline diagnostic names the unknown agency", bool(inline) and "governer" in inline[0].get_attribute("textContent"))
        title = driver.find_element(By.CSS_SELECTOR, f"#rulebook-gutter div[data-line='{rule_line}']").get_attribute("title")
        check("the marker explains itself", "governer" in (title or ""))
        item = driver.find_element(By.CSS_SELECTOR, "#diagnostics li.error")
        where = item.find_element(By.CSS_SELECTOR, ".where").rect
        message = item.find_element(By.CSS_SELECTOR, ".message").rect
        check("the diagnostic's message does not run into its position",
              message["y"] >= where["y"] + where["height"] - 1 and "governer" in item.text)
        assert_layout(driver, "a broken rulebook")

        # 4. A shared link restores everything and stays short.
        set_text(driver, "rulebook", edited)
        wait.until(lambda d: "ok" in d.find_element(By.ID, "check-summary").get_attribute("class").split())
        Select(driver.find_element(By.ID, "sample")).select_by_value("needy-housing-deposit.yaml")
        set_text(driver, "case", driver.find_element(By.ID, "case").get_attribute("value") + "# edited\n")
        evaluate(driver, wait, agency="governor")
        at = driver.find_element(By.ID, "at").get_attribute("value")
        case_text = driver.find_element(By.ID, "case").get_attribute("value")
        driver.find_element(By.ID, "share").click()
        wait.until(lambda d: "#s=" in d.current_url)
        shared = driver.current_url
        check(f"the shared link is short ({len(shared)} characters)", len(shared) < 1000)
        driver.get("about:blank")
        driver.get(shared)
        wait.until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "true")
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#referrals li.primary"))
        check("the link restores the province", Select(driver.find_element(By.ID, "province")).first_selected_option.get_attribute("value") == "provinces/hamedan")
        check("the link restores the edited rulebook", driver.find_element(By.ID, "rulebook").get_attribute("value") == edited)
        check("the link restores the sample", Select(driver.find_element(By.ID, "sample")).first_selected_option.get_attribute("value") == "needy-housing-deposit.yaml")
        check("the link restores the edited case", driver.find_element(By.ID, "case").get_attribute("value") == case_text)
        check("the link restores the instant", driver.find_element(By.ID, "at").get_attribute("value") == at)
        check("the link restores the result", driver.find_element(By.CSS_SELECTOR, "#referrals li.primary").get_attribute("data-agency") == "governor")
        # A link too long to share is refused, and the page says so.
        set_text(driver, "rulebook", edited + "".join(f"# {os.urandom(24).hex()}\n" for _ in range(200)))
        before = driver.current_url
        driver.find_element(By.ID, "share").click()
        wait.until(lambda d: "bad" in d.find_element(By.ID, "status").get_attribute("class").split())
        check("a link too long is refused with a message", driver.current_url == before and "پیوند" in driver.find_element(By.ID, "status").text)
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


def pick(driver, wait, province):
    """Chooses a province in the picker and waits for its rulebook to be loaded and checked."""
    folder = "national" if province == "national" else f"provinces/{province}"
    Select(driver.find_element(By.ID, "province")).select_by_value(folder)
    wait.until(lambda d: d.find_element(By.ID, "rulebook-path").text == f"{folder}/rulebook.masir")
    wait.until(lambda d: d.find_element(By.ID, "check-summary").text != "" and d.execute_script("return state.checkSeq > 0"))
    time.sleep(0.5)


def evaluate(driver, wait, agency=None):
    driver.execute_script("document.getElementById('results').innerHTML = ''")
    driver.find_element(By.ID, "evaluate").click()
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#referrals li.primary"))
    if agency:
        wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "#referrals li.primary").get_attribute("data-agency") == agency)


def assert_layout(driver, where):
    unisolated = driver.execute_script(ISOLATION)
    check(f"{where}: every id and number in the right-to-left panels is isolated (outside: {unisolated[:5]})", not unisolated)
    if driver.find_elements(By.CSS_SELECTOR, "svg#timeline"):
        overlaps = driver.execute_script(OVERLAPS)
        check(f"{where}: no two timeline labels overlap or leave the picture ({overlaps[:5]})", not overlaps)


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
