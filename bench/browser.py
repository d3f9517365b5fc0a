"""The browser part of `make bench`: what a user waits for in Chromium, against a stock Streamlit app.

For each size a temporary database is generated (bench/generate.py) and `streamlit run app.py` is started on
it; bench/stock_app.py (two pages of one word, one page with a radio) runs beside it for the whole benchmark,
from the same folder, so under the same .streamlit/config.toml. Each app gets a Chromium of its own, so
neither page is a throttled background tab.

Every measurement runs from the user's input (pointerdown or keydown, seen inside the page) to the last DOM
mutation before the page has been quiet for 400 ms with Streamlit's script state back at notRunning; a cold
load runs from navigation start. Each app measurement is followed by the same kind on the stock app; one
warm-up round, then `repeat` rounds; medians. The floor of a row is the median of all stock samples of its
kind at that size. Websocket bytes are those received between the input and the quiet page.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, Locator, Page, Playwright, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from bench import ROOT
from bench.generate import populate

CHROMIUM = Path(os.environ.get("FURIKAERI_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
                 "--disable-backgrounding-occluded-windows"]
STOCK_APP = ROOT / "bench" / "stock_app.py"
STOCK_PAGES = ("", "two")  # the stock app's two near-empty pages, by URL path
REPEAT = 3
QUIET_MS = 400
WAIT_MS = 30_000  # the longest a single measurement may take before it counts as broken
TARGET_SIZE = 5000
TARGET_RATIO = 1.5
TARGET_WS_KB = 100
VIEWPORT = {"width": 1280, "height": 900}
# app.py's navigation order; pages not listed here follow alphabetically.
PAGE_ORDER = ("home", "reflect", "reflections", "trends", "plan", "practice", "follow_up", "log", "stories", "pipeline",
              "calendar", "interviews", "companies", "agents", "data", "settings")

# Installed before any page script: remembers the last user input, the last DOM mutation, the last websocket
# message and whether the script state went to running since, all on the page's own clock (performance.now()).
# A short rerun can go running → notRunning within one React render, so the attribute alone does not show
# that the server answered; a message received does.
INIT_SCRIPT = """
(() => {
  const m = window.__bench = {start: 0, last: 0, heard: null, ran: false};
  const input = () => { m.start = m.last = performance.now(); m.heard = null; m.ran = false; };
  addEventListener('pointerdown', input, true);
  addEventListener('keydown', input, true);
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) { super(...args); this.addEventListener('message', () => { m.heard = performance.now(); }); }
  };
  new MutationObserver((records) => {
    m.last = performance.now();
    for (const r of records) {
      if (r.attributeName === 'data-test-script-state' && r.target.getAttribute(r.attributeName) === 'running') {
        m.ran = true;
      }
    }
  }).observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
})();
"""
QUIET_JS = """([quietMs, needRun]) => {
  const m = window.__bench, app = document.querySelector('[data-testid=stApp]');
  return !!m && !!app && app.getAttribute('data-test-script-state') === 'notRunning'
    && (m.heard !== null || m.ran || !needRun) && performance.now() - m.last >= quietMs;
}"""
STATE_JS = """() => ({bench: window.__bench, now: performance.now(),
  state: document.querySelector('[data-testid=stApp]')?.getAttribute('data-test-script-state')})"""
# What is on the page, as evidence of what it costs to draw.
CONTENT_JS = """() => ({
  charts: document.querySelectorAll('[data-testid=stPlotlyChart]').length,
  grids: document.querySelectorAll('[data-testid=stDataFrame]').length,
  nodes: document.getElementsByTagName('*').length,
})"""


@dataclass
class Sample:
    """One measurement: input → quiet page."""

    ms: float
    ws_bytes: int
    server_ms: float | None = None  # input → the page handling the answer's last websocket message
    content: dict[str, int] = field(default_factory=dict)


@dataclass
class Row:
    """One line of the browser table: a page (or interaction) against the stock app's floor."""

    kind: str  # browser, browser_cold, browser_interaction; stock for the floor's own rows (table only)
    page: str
    interviews: int
    samples: list[Sample]
    floor_ms: float

    @property
    def page_ms(self) -> float:
        return statistics.median(s.ms for s in self.samples)

    @property
    def ratio(self) -> float:
        return self.page_ms / self.floor_ms

    @property
    def ws_kb(self) -> float:
        return statistics.median(s.ws_bytes for s in self.samples) / 1000

    @property
    def server_ms(self) -> float | None:
        runs = [s.server_ms for s in self.samples if s.server_ms is not None]
        return statistics.median(runs) if runs else None

    def misses(self) -> list[str]:
        """The targets this row misses (only rows at the target size are held to them)."""
        if self.interviews != TARGET_SIZE or self.kind == "stock":
            return []
        missed = [f"ratio > {TARGET_RATIO}"] if self.ratio > TARGET_RATIO else []
        if self.kind == "browser" and self.ws_kb > TARGET_WS_KB:
            missed.append(f"ws > {TARGET_WS_KB} KB")
        return missed

    def as_json(self) -> dict:
        return {"kind": self.kind, "page": self.page, "interviews": self.interviews, "page_ms": round(self.page_ms, 1),
                "floor_ms": round(self.floor_ms, 1), "ratio": round(self.ratio, 3), "ws_kb": round(self.ws_kb, 1)}


class BrokenPage(Exception):
    """A page showed an exception or not what it should."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`streamlit run <script>` on a free loopback port, stopped by its PID."""

    def __init__(self, script: Path, log_path: Path, env: dict[str, str] | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        with open(log_path, "w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "streamlit", "run", str(script.relative_to(ROOT)), "--server.port",
                 str(self.port), "--server.address", "127.0.0.1", "--server.headless", "true",
                 "--client.showErrorDetails", "full"],
                cwd=ROOT, env={**os.environ, **(env or {})}, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=1) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.2)  # polling a server that is starting: nothing in the page to wait on yet
        self.stop()
        raise RuntimeError(f"streamlit run {script.name} did not start:\n{self.log_tail()}")

    def log_tail(self, lines: int = 30) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class Tab:
    """A browser page on one app, counting the websocket bytes it receives."""

    def __init__(self, browser: Browser, url: str, name: str):
        self.url, self.name = url, name
        self.context = browser.new_context(viewport=VIEWPORT, locale="ja-JP")
        self.context.add_init_script(INIT_SCRIPT)
        self.page: Page = self.context.new_page()
        self.ws_bytes = 0
        self.page.on("websocket", self._watch)

    def _watch(self, ws) -> None:
        def received(payload: str | bytes) -> None:
            self.ws_bytes += len(payload.encode() if isinstance(payload, str) else payload)

        ws.on("framereceived", received)

    def close(self) -> None:
        self.context.close()

    def quiet(self, need_run: bool = True) -> Sample:
        """Wait for a quiet page; the sample runs from the last input (or navigation start) to its last mutation."""
        try:
            self.page.wait_for_function(QUIET_JS, arg=[QUIET_MS, need_run], polling=50, timeout=WAIT_MS)
        except PlaywrightError as problem:
            state = self.page.evaluate(STATE_JS)
            raise BrokenPage(f"{self.name} at {self.page.url} never went quiet: {state}") from problem
        m = self.page.evaluate("window.__bench")
        return Sample(m["last"] - m["start"], self.ws_bytes, m["heard"] - m["start"] if m["heard"] else None)

    def measure(self, action: Callable[[], None], need_run: bool = True) -> Sample:
        """Run `action` (a click or a navigation) and time it to a quiet page."""
        self.ws_bytes = 0
        action()
        return self.quiet(need_run)

    def open(self, path: str = "") -> Sample:
        return self.measure(lambda: self.page.goto(f"{self.url}/{path}"))

    def click(self, locator: Locator, need_run: bool = True) -> Sample:
        return self.measure(locator.click, need_run)

    def nav_link(self, path: str) -> Locator:
        return self.page.locator(f'[data-testid=stSidebarNav] a[href="{self.url}/{path}"]')

    def check(self, what: str) -> None:
        """Raise if the page shows an exception."""
        errors = self.page.locator("[data-testid=stException]")
        if errors.count():
            raise BrokenPage(f"{self.name} {what}: exception on the page:\n{errors.first.inner_text()[:2000]}")

    def content(self) -> dict[str, int]:
        return self.page.evaluate(CONTENT_JS)


class Stock:
    """The stock app's tab: a switch between its two pages, or a click on its radio."""

    def __init__(self, browser: Browser, url: str):
        self.tab = Tab(browser, url, "stock app")
        self.tab.open()
        self.at, self.chosen = "", 0

    def switch(self) -> Sample:
        self.tab.page.bring_to_front()
        self.at = STOCK_PAGES[1] if self.at == STOCK_PAGES[0] else STOCK_PAGES[0]
        return self.tab.click(self.tab.nav_link(self.at))

    def choose(self) -> Sample:
        """Click the radio's option that is not chosen (the radio starts on the first)."""
        self.tab.page.bring_to_front()
        if self.at != "widget":
            self.tab.click(self.tab.nav_link("widget"))
            self.at, self.chosen = "widget", 0
        self.chosen = 1 - self.chosen
        return self.tab.click(self.tab.page.locator(".st-key-choice [data-testid=stRadioOption]").nth(self.chosen))


def app_pages() -> list[str]:
    names = [p.stem for p in (ROOT / "pages").glob("*.py") if not p.stem.startswith("_")]
    if only := os.environ.get("FURIKAERI_BENCH_PAGES"):  # a quick look at a few pages (home is always in)
        names = [n for n in names if n in {"home", *only.split(",")}]
    return sorted(names, key=lambda n: (PAGE_ORDER.index(n) if n in PAGE_ORDER else len(PAGE_ORDER), n))


def awaiting_interview(db_path: Path) -> int:
    """The newest interview that took place and has no complete reflection: the wizard opens on its first step."""
    with contextlib.closing(sqlite3.connect(db_path)) as conn:
        row = conn.execute("""SELECT i.id FROM interviews i LEFT JOIN reflections r ON r.interview_id = i.id
                              WHERE i.status = 'done' AND (r.id IS NULL OR r.status != 'complete')
                              ORDER BY i.starts_at DESC LIMIT 1""").fetchone()
    if row is None:
        raise BrokenPage("the generated database has no interview awaiting a reflection")
    return row[0]


def reflection_of(db_path: Path, interview_id: int) -> int:
    with contextlib.closing(sqlite3.connect(db_path)) as conn:
        row = conn.execute("SELECT id FROM reflections WHERE interview_id = ?", (interview_id,)).fetchone()
    if row is None:
        raise BrokenPage(f"/reflect?interview={interview_id} did not start a reflection")
    return row[0]


def cold_loads(app_browser: Browser, app_url: str, stock_browser: Browser, stock_url: str,
               repeat: int) -> tuple[list[Sample], list[Sample]]:
    """Home in a new browser context (empty cache, new session), against the stock app's; warm-up first."""
    app_samples, stock_samples = [], []
    for round_ in range(repeat + 1):
        for browser, url, name, samples in ((app_browser, app_url, "app", app_samples),
                                            (stock_browser, stock_url, "stock app", stock_samples)):
            tab = Tab(browser, url, name)
            try:
                sample = tab.open()
                tab.check("cold load")
            finally:
                tab.close()
            if round_:
                samples.append(sample)
    return app_samples, stock_samples


def page_switches(app: Tab, stock: Stock, pages: list[str], repeat: int,
                  log: Callable[[str], None]) -> tuple[dict[str, list[Sample]], list[Sample]]:
    """Each page in navigation order, reached by its sidebar link from the one before, each switch followed by a
    stock switch; a warm-up round first."""
    app_samples: dict[str, list[Sample]] = {p: [] for p in pages}
    stock_samples: list[Sample] = []
    order = pages[1:] + pages[:1]  # the tab starts on home, so home is reached last, from the last page
    for round_ in range(repeat + 1):
        timings = []
        for name in order:
            app.page.bring_to_front()
            sample = app.click(app.nav_link("" if name == "home" else name))
            app.check(f"/{name}")
            sample.content = app.content()
            floor = stock.switch()
            timings.append(f"{name} {sample.ms:.0f}/{floor.ms:.0f}")
            if round_:
                app_samples[name].append(sample)
                stock_samples.append(floor)
        log(f"    {'warm-up' if not round_ else f'round {round_}'} (ms, page/stock): " + ", ".join(timings))
    return app_samples, stock_samples


def rating_clicks(app: Tab, stock: Stock, db_path: Path, repeat: int) -> tuple[list[Sample], list[Sample]]:
    """The wizard's overall rating, set to 3 then 4 each round, against the stock radio's a then b."""
    interview = awaiting_interview(db_path)
    app.page.bring_to_front()
    app.open(f"reflect?interview={interview}")
    app.check("/reflect")
    options = app.page.locator(f".st-key-r{reflection_of(db_path, interview)}_overall [data-testid=stRadioOption]")
    if options.count() != 5:
        raise BrokenPage(f"/reflect?interview={interview}: expected a 1-5 overall rating, found {options.count()}")
    app_samples, stock_samples = [], []
    for round_ in range(repeat + 1):
        for option in (2, 3):
            app.page.bring_to_front()
            sample = app.click(options.nth(option))
            app.check("/reflect rating")
            floor = stock.choose()
            if round_:
                app_samples.append(sample)
                stock_samples.append(floor)
    return app_samples, stock_samples


def filter_changes(app: Tab, stock: Stock, repeat: int) -> tuple[list[Sample], list[Sample]]:
    """On trends, with the filters' fold opened, the first round picked in the rounds filter, then removed again;
    against the stock radio."""
    app.page.bring_to_front()
    app.click(app.nav_link("trends"))
    app.check("/trends")
    app.click(app.page.locator(".st-key-trend_filters_open__toggle button"))  # the filters are folded away at first
    rounds = app.page.locator(".st-key-trend_rounds")
    tags = rounds.locator(".react-aria-ComboBox [data-tag]")  # the widget also keeps a hidden <template> copy
    app_samples, stock_samples = [], []
    for round_ in range(repeat + 1):
        for option in (0, 1):
            app.page.bring_to_front()
            if option == 0:
                app.click(rounds.locator("[role=combobox]"), need_run=False)  # opens the list: no rerun
                first_round = app.page.locator("[role=listbox] [role=option]:not([data-key=__select_all__])").first
                sample = app.click(first_round)
            else:
                sample = app.click(tags.locator("button").first)
            app.check("/trends filter")
            if (chosen := tags.count()) != 1 - option:
                raise BrokenPage(f"/trends: the rounds filter holds {chosen} rounds after a click, not {1 - option}")
            floor = stock.choose()
            if round_:
                app_samples.append(sample)
                stock_samples.append(floor)
            app.page.keyboard.press("Escape")  # close the list if it stayed open; no rerun
    return app_samples, stock_samples


def median_ms(samples: list[Sample]) -> float:
    return statistics.median(s.ms for s in samples) if samples else float("nan")


@contextlib.contextmanager
def chromium(pw: Playwright) -> Iterator[Browser]:
    browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    try:
        yield browser
    finally:
        browser.close()


def measure_size(pw: Playwright, stock_browser: Browser, stock: Stock, stock_url: str, size: int, repeat: int,
                 seed: int, log: Callable[[str], None]) -> list[Row]:
    """Every measurement of the app on a fresh database of `size` interviews."""
    with tempfile.TemporaryDirectory(prefix="furikaeri-bench-browser-") as tmp, contextlib.ExitStack() as stack:
        db_path = Path(tmp) / "bench.db"
        started = time.perf_counter()
        counts = populate(db_path, size, seed=seed)
        log(f"[{size}] generated in {time.perf_counter() - started:.1f}s (load average {load()}): "
            + ", ".join(f"{v} {k}" for k, v in counts.items()))
        server = Server(ROOT / "app.py", Path(tmp) / "streamlit.log", {"FURIKAERI_DB": str(db_path)})
        stack.callback(server.stop)
        try:
            app_browser = stack.enter_context(chromium(pw))
            log(f"[{size}] cold loads")
            cold, cold_floor = cold_loads(app_browser, server.url, stock_browser, stock_url, repeat)
            app = Tab(app_browser, server.url, "app")
            stack.callback(app.close)
            app.open()
            app.check("/")
            log(f"[{size}] page switches")
            pages = app_pages()
            switches, switch_floor = page_switches(app, stock, pages, repeat, log)
            log(f"[{size}] interactions")
            ratings, rating_floor = rating_clicks(app, stock, db_path, repeat)
            filters, filter_floor = filter_changes(app, stock, repeat)
        except (PlaywrightError, BrokenPage) as problem:
            raise BrokenPage(f"[{size} interviews] {problem}\n--- server log ---\n{server.log_tail()}") from problem
    floor = median_ms(switch_floor)
    interaction_floor = median_ms(rating_floor + filter_floor)
    log(f"[{size}] done (load average {load()})")
    return ([Row("browser", name, size, switches[name], floor) for name in pages]
            + [Row("browser_cold", "home", size, cold, median_ms(cold_floor)),
               Row("browser_interaction", "reflect: overall rating", size, ratings, interaction_floor),
               Row("browser_interaction", "trends: rounds filter", size, filters, interaction_floor),
               Row("stock", "stock app: page switch", size, switch_floor, floor),
               Row("stock", "stock app: cold load", size, cold_floor, median_ms(cold_floor)),
               Row("stock", "stock app: radio click", size, rating_floor + filter_floor, interaction_floor)])


def run(sizes: list[int], repeat: int, seed: int, log: Callable[[str], None]) -> tuple[list[Row], list[str], str]:
    """Measure every size; returns the rows, what broke, and a line naming the browser."""
    if not CHROMIUM.exists():
        return [], [f"no Chromium at {CHROMIUM} (set FURIKAERI_CHROMIUM)"], ""
    rows: list[Row] = []
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="furikaeri-bench-stock-") as tmp, contextlib.ExitStack() as stack:
        stock_server = Server(STOCK_APP, Path(tmp) / "streamlit.log")
        stack.callback(stock_server.stop)
        pw = stack.enter_context(sync_playwright())
        stock_browser = stack.enter_context(chromium(pw))
        about = (f"browser: Chromium {stock_browser.version} ({CHROMIUM}), playwright "
                 f"{_version('playwright')}, one headless browser per app, viewport {VIEWPORT['width']}x"
                 f"{VIEWPORT['height']}, quiet = {QUIET_MS} ms without DOM mutation and script notRunning")
        log(about)
        stock = Stock(stock_browser, stock_server.url)
        stack.callback(stock.tab.close)
        for size in sizes:
            try:
                rows += measure_size(pw, stock_browser, stock, stock_server.url, size, repeat, seed, log)
            except BrokenPage as problem:
                problems.append(str(problem))
                log(f"[{size}] FAILED: {str(problem).splitlines()[0]}")
    return rows, problems, about


def load() -> str:
    """The 1-minute load average: other work on the machine shows in every timing."""
    return f"{os.getloadavg()[0]:.2f}" if hasattr(os, "getloadavg") else "n/a"


def _version(package: str) -> str:
    from importlib.metadata import version

    return version(package)


def table(rows: list[Row]) -> str:
    """One table: rows of one size, with what each page holds as evidence of its cost."""
    header = ("page", "page_ms", "floor_ms", "ratio", "ws_kb", "target", "server_ms", "charts", "grids", "nodes")
    body = []
    for r in rows:
        content = r.samples[-1].content
        name = {"browser": r.page, "browser_cold": f"cold load: {r.page}"}.get(r.kind, r.page)
        body.append((name, f"{r.page_ms:.0f}", f"{r.floor_ms:.0f}", f"{r.ratio:.2f}", f"{r.ws_kb:.1f}",
                     ("✗ " + ", ".join(r.misses()) if r.misses() else "✓") if r.interviews == TARGET_SIZE else "",
                     f"{r.server_ms:.0f}" if r.server_ms is not None else "",
                     *(str(content[k]) if content else "" for k in ("charts", "grids", "nodes"))))
    widths = [max(len(line[i]) for line in (header, *body)) for i in range(len(header))]

    def fmt(line: tuple[str, ...]) -> str:
        return "  ".join(c.ljust(w) if i in (0, 5) else c.rjust(w)
                         for i, (c, w) in enumerate(zip(line, widths, strict=True))).rstrip()

    return "\n".join([fmt(header), fmt(tuple("-" * w for w in widths)), *map(fmt, body)])


def report(rows: list[Row], repeat: int) -> str:
    """Tables per size, JSON lines, and which rows miss the targets."""
    out = [(f"Browser: median of {repeat} rounds after a warm-up; floor = the stock app's median of the same kind "
            "(page switch, cold load, radio click); server_ms = input until the page handled the last websocket "
            "message (the server's answer, plus any wait behind drawing); charts/grids/nodes = Plotly charts, "
            "st.dataframe grids and DOM elements on the page; the stock app's own rows show what the floors are made "
            f"of. Targets at {TARGET_SIZE:,} interviews: ratio <= {TARGET_RATIO}, websocket <= {TARGET_WS_KB} KB per "
            "switch.")]
    for size in sorted({r.interviews for r in rows}):
        out += ["", f"{size:,} interviews", table([r for r in rows if r.interviews == size])]
    out.append("")
    rows = [r for r in rows if r.kind != "stock"]
    out += [json.dumps(r.as_json(), ensure_ascii=False) for r in rows]
    at_target = [r for r in rows if r.interviews == TARGET_SIZE]
    missed = [r for r in at_target if r.misses()]
    out.append("")
    if at_target:
        out.append(f"browser: {len(missed)} of {len(at_target)} rows miss a target at {TARGET_SIZE:,} interviews"
                   + (": " + "; ".join(f"{r.page} ({', '.join(r.misses())})" for r in missed) if missed else ""))
    else:
        out.append(f"browser: targets not checked: {TARGET_SIZE:,} interviews not among --sizes")
    return "\n".join(out)
