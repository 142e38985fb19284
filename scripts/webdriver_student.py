#!/usr/bin/env python3
"""One student in a real browser: headless Chromium, driven over W3C WebDriver (chromedriver),
joins a class from its join URL, picks a group, waits for the vote, taps a choice, casts it and
checks the page shows the ballot was taken.

Python standard library only (plain HTTP + JSON through urllib; no selenium). The flow and the
CSS selectors are those of tests/it/browser.rs; the page is assets/student/index.html.

Usage:
  scripts/webdriver_student.py --driver http://127.0.0.1:PORT --url JOIN_URL [--group 1]
      [--wait 30] [--shot page.png] [--chromium /usr/bin/chromium] [--keep]

Prints `key: value` lines (group, who, choice, result) and exits 0 when the ballot was taken,
1 otherwise (with the reason on stderr). Every wait is bounded by --wait seconds.
"""

import argparse
import base64
import json
import sys
import tempfile
import time
import urllib.error
import urllib.request

ELEMENT = "element-6066-11e4-a52e-4f735466cecf"  # the W3C key of an element reference


class WebDriverError(Exception):
    def __init__(self, error, message):
        super().__init__(f"{error}: {message}")
        self.error = error


class Session:
    """A WebDriver session: each method is one W3C endpoint."""

    def __init__(self, driver, capabilities, timeout=30):
        self.driver = driver.rstrip("/")
        self.timeout = timeout
        value = self._call("POST", "/session", {"capabilities": {"alwaysMatch": capabilities}})
        self.id = value["sessionId"]

    def _call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(
            self.driver + path,
            data=data,
            method=method,
            headers={"Content-Type": "application/json; charset=utf-8"},
        )
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                payload = json.loads(resp.read().decode() or "{}")
        except urllib.error.HTTPError as e:
            try:
                value = json.loads(e.read().decode()).get("value", {})
            except ValueError:
                value = {}
            raise WebDriverError(value.get("error", f"HTTP {e.code}"), value.get("message", ""))
        return payload.get("value")

    def _s(self, method, path, body=None):
        return self._call(method, f"/session/{self.id}{path}", body)

    def goto(self, url):
        self._s("POST", "/url", {"url": url})

    def find_all(self, css):
        return [e[ELEMENT] for e in self._s("POST", "/elements", {"using": "css selector", "value": css})]

    def find(self, css):
        return self._s("POST", "/element", {"using": "css selector", "value": css})[ELEMENT]

    def text(self, el):
        return self._s("GET", f"/element/{el}/text")

    def displayed(self, el):
        return bool(self._s("GET", f"/element/{el}/displayed"))

    def enabled(self, el):
        return bool(self._s("GET", f"/element/{el}/enabled"))

    def click(self, el):
        self._s("POST", f"/element/{el}/click", {})

    def screenshot(self):
        return base64.b64decode(self._s("GET", "/screenshot"))

    def quit(self):
        try:
            self._s("DELETE", "")
        except (WebDriverError, OSError):
            pass


def wait_text(s, css, text, wait):
    """Waits until `css` matches a displayed element whose text contains `text`; its text."""
    end = time.monotonic() + wait
    last = None
    while True:
        try:
            el = s.find(css)
            if s.displayed(el):
                last = s.text(el)
                if text in last:
                    return last
        except WebDriverError:
            pass  # not there yet, or replaced while we read it (the page redraws on each message)
        if time.monotonic() > end:
            raise TimeoutError(f"no `{css}` showing {text!r} in {wait}s (last text: {last!r})")
        time.sleep(0.1)


def retry(what, wait, fn):
    """Runs `fn` until it returns something truthy without a WebDriver error; bounded."""
    end = time.monotonic() + wait
    error = None
    while time.monotonic() < end:
        try:
            r = fn()
            if r:
                return r
        except WebDriverError as e:  # e.g. a stale element: the page rebuilt its buttons
            error = e
        time.sleep(0.1)
    raise TimeoutError(f"{what} did not succeed in {wait}s (last error: {error})")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--driver", required=True, help="chromedriver's URL, http://127.0.0.1:PORT")
    ap.add_argument("--url", required=True, help="the class's join URL")
    ap.add_argument("--group", type=int, default=1, help="the group to pick, from 1")
    ap.add_argument("--wait", type=float, default=30.0, help="the longest any one wait lasts (s)")
    ap.add_argument("--shot", help="write a PNG screenshot of the page here at the end")
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    ap.add_argument("--keep", action="store_true", help="leave the browser on the page (seat kept)")
    a = ap.parse_args()

    profile = tempfile.mkdtemp(prefix="aftermath-student-")
    caps = {
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": a.chromium,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=390,844",
                f"--user-data-dir={profile}",
            ],
        },
    }
    try:
        s = Session(a.driver, caps, timeout=max(30.0, a.wait))
    except (WebDriverError, OSError) as e:
        print(f"webdriver_student: no browser session from {a.driver}: {e}", file=sys.stderr)
        return 1
    ok = False
    try:
        s.goto(a.url)
        # The code came with the URL: the page asks for a group at once.
        title = wait_text(s, "#pick-title", "pick your group", a.wait)
        print(f"page: {title}")
        buttons = retry("finding the group buttons", a.wait, lambda: s.find_all("#groups button"))
        print(f"groups offered: {len(buttons)}")
        if a.group > len(buttons):
            raise RuntimeError(f"group {a.group} asked, the page offers {len(buttons)}")
        label = " ".join(s.text(buttons[a.group - 1]).split())
        print(f"group: {label}")
        s.click(buttons[a.group - 1])
        who = wait_text(s, "#who", "you are", a.wait)
        print(f"who: {who}")
        scene = wait_text(s, "#scene", "", a.wait)
        print(f"scene: {scene}")
        status = wait_text(s, "#vote-status", "The vote is open", a.wait)
        print(f"vote: {status}")

        # Tapping a choice only selects it; the Vote button casts it. The page rebuilds the
        # buttons on every message, so look them up again on each try.
        def pick():
            for i, b in enumerate(s.find_all("#choices button")):
                if s.enabled(b):
                    text = " ".join(s.text(b).split())
                    s.click(b)
                    return (i + 1, text)
            return None

        number, text = retry("tapping an enabled choice", a.wait, pick)
        print(f"choice: {number} ({text})")

        def cast():
            b = s.find("#cast")
            if not s.enabled(b):
                # The selection was lost to a redraw between tap and cast: tap again.
                pick()
                return False
            s.click(b)
            return True

        retry("pressing Vote", a.wait, cast)
        # The ballot was taken: either the vote is still open and says so, or (the only student
        # of the group) it closed at once and the page shows the group's decision.
        end = time.monotonic() + a.wait
        result = None
        while result is None and time.monotonic() < end:
            for css, needle in (("#last", "Your group chose"), ("#vote-status", "Your vote is in")):
                try:
                    el = s.find(css)
                    if s.displayed(el):
                        t = s.text(el)
                        if needle in t:
                            result = t
                            break
                except WebDriverError:
                    pass
            time.sleep(0.1)
        if result is None:
            raise TimeoutError(f"the page never showed the ballot taken in {a.wait}s")
        print(f"result: {' '.join(result.split())}")
        ok = True
    except (WebDriverError, TimeoutError, RuntimeError, OSError) as e:
        print(f"webdriver_student: {e}", file=sys.stderr)
    finally:
        if a.shot:
            try:
                with open(a.shot, "wb") as f:
                    f.write(s.screenshot())
                print(f"screenshot: {a.shot}")
            except (WebDriverError, OSError) as e:
                print(f"webdriver_student: no screenshot: {e}", file=sys.stderr)
        if not a.keep:
            s.quit()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
