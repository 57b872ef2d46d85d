"""The dashboard in a real headless Chromium, against `rasd serve` on a store of the samples.

The page must agree with the API it reads: the markers on the map (cluster counts summed) and
the table's total equal the API's counts for the same filter, before and after a filter
change; a clicked event shows its article with the evidence and trigger highlighted; Arabic
is right to left; article text is never parsed as HTML. Saves a screenshot where
$RASD_SCREENSHOT says (`RASD_SCREENSHOT=docs/dashboard.png` refreshes the docs' picture),
else to a temporary file, so a test run leaves the tree as it was.

Needs Debian's chromium and chromium-driver (`sudo bash scripts/test-services.sh` installs
them); RASD_SKIP_BROWSER=1 skips these tests instead of failing.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest

from rasd.resources import data_path

REPO = Path(__file__).resolve().parents[1]
RASD = str(Path(sys.executable).with_name("rasd"))
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
SCREENSHOT = Path(os.environ.get("RASD_SCREENSHOT")
                  or Path(tempfile.gettempdir()) / f"rasd-dashboard-{os.getpid()}.png")
TOKEN = "dashboard-test-token-0123456789"
DEFAULT = {"factuality": "asserted,uncertain"}
WAIT = 20  # seconds for the page to settle after a load or a filter change


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`rasd serve` over a DuckDB store made by `rasd ingest` of the bundled sample articles."""
    tmp = tmp_path_factory.mktemp("dashboard")
    db = str(tmp / "sample.duckdb")
    done = subprocess.run([RASD, "ingest", str(data_path("samples", "articles.jsonl")),
                           "--db", db, "--no-progress"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    token_file = tmp / "token"
    token_file.write_text(TOKEN + "\n", encoding="utf-8")
    port = _free_port()
    log = open(tmp / "serve.log", "w+", encoding="utf-8")  # noqa: SIM115 - closed below
    proc = subprocess.Popen([RASD, "serve", "--db", db, "--port", str(port),
                             "--token-file", str(token_file)],
                            stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                log.seek(0)
                pytest.fail(f"rasd serve exited with {proc.returncode}:\n{log.read()[-3000:]}")
            try:
                if httpx.get(f"{base}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("rasd serve did not answer /api/health within 60 s")
            time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def api(base: str, path: str, params: dict[str, str] | None = None) -> dict:
    res = httpx.get(f"{base}{path}", params=params or {}, timeout=30)
    assert res.status_code == 200, (path, params, res.text[:500])
    return res.json()


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        why = (f"the dashboard tests need Debian's chromium ({CHROMIUM}) and chromium-driver "
               f"({CHROMEDRIVER}); install them with: sudo bash scripts/test-services.sh")
        if os.environ.get("RASD_SKIP_BROWSER") == "1":
            pytest.skip(why + " (skipped: RASD_SKIP_BROWSER=1)")
        pytest.fail(why + ", or set RASD_SKIP_BROWSER=1 to skip them")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1400,1000",
                "--lang=en-GB", f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # An explicit driver path: selenium-manager never looks for (or downloads) a browser.
    drv = webdriver.Chrome(options=opts, service=Service(CHROMEDRIVER))
    drv.set_window_size(1400, 1000)
    try:
        yield drv
    finally:
        drv.quit()


def open_page(driver, base: str, query: str = "") -> None:
    driver.get(f"{base}/{query}")
    state = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "const wait = () => window.rasd ? window.rasd.ready.then(() => done('ok'),"
        "  (e) => done('failed: ' + e)) : setTimeout(wait, 50);"
        "wait();")
    assert state == "ok", state
    settle(driver)


def settle(driver, query_has: str | None = None) -> None:
    """Wait until the page has finished the refresh for its current filter."""
    from selenium.webdriver.support.ui import WebDriverWait

    def done(d) -> bool:
        r = d.execute_script("return window.rasd && {busy: rasd.busy, q: rasd.lastQuery,"
                             " errors: rasd.errors}")
        assert not (r and r["errors"]), r["errors"]
        return bool(r) and not r["busy"] and (query_has is None or query_has in (r["q"] or ""))
    WebDriverWait(driver, WAIT, poll_frequency=0.1).until(done)


def map_total(driver) -> int:
    """What a reader counts on the map: the number on each cluster plus each single marker."""
    return driver.execute_script("""
        const pane = document.querySelector('#map .leaflet-marker-pane');
        let n = 0;
        for (const c of pane.querySelectorAll('.ev-cluster span')) n += parseInt(c.textContent, 10);
        return n + pane.querySelectorAll('.ev-marker').length;""")


def page_counts(driver) -> dict:
    return driver.execute_script("""return {
        markers: rasd.markerCount(), visible: rasd.visibleMarkerCount(),
        rows: document.querySelectorAll('tr[data-testid=event-row]').length,
        info: document.querySelector('[data-testid=page-info]').textContent,
        total: rasd.tableTotal, timeline: rasd.timelineTotal(), network: rasd.networkSize(),
        stat: document.querySelector('[data-stat=events]').textContent}""")


def assert_page_matches_api(driver, base: str, params: dict[str, str]) -> dict:
    places = api(base, "/api/places", params)
    events = api(base, "/api/events", {**params, "limit": "25"})
    timeline = api(base, "/api/timeline", {**params, "interval": "month"})
    network = api(base, "/api/network", params)
    got = page_counts(driver)
    assert map_total(driver) == places["located"] == len(places["features"])
    assert got["markers"] == got["visible"] == places["located"]
    assert got["total"] == events["total"] == places["total"]
    assert got["rows"] == min(25, events["total"]) == len(events["events"])
    assert got["info"].endswith(f"of {events['total']}"), got["info"]
    assert got["stat"] == str(events["total"])
    assert got["timeline"] == sum(b["total"] for b in timeline["buckets"])
    assert got["network"] == {"nodes": len(network["nodes"]), "edges": len(network["edges"])}
    return {"located": places["located"], "total": events["total"]}


def test_page_loads_without_console_errors(driver, server: str) -> None:
    driver.get_log("browser")  # start from an empty log
    open_page(driver, server)
    logs = [e for e in driver.get_log("browser")
            if e["level"] in ("SEVERE", "WARNING") and "favicon" not in e["message"]]
    assert logs == []
    # Everything came from this server: no CDN, fonts or tiles from elsewhere.
    hosts = driver.execute_script(
        "return performance.getEntriesByType('resource').map(r => new URL(r.name).host)")
    assert hosts and set(hosts) == {server.removeprefix("http://")}
    assert driver.find_element("css selector", "#map .leaflet-overlay-pane path")  # borders


def test_map_table_timeline_and_network_match_the_api(driver, server: str) -> None:
    open_page(driver, server)
    assert driver.execute_script("return rasd.lastQuery") == urlencode(DEFAULT)
    counts = assert_page_matches_api(driver, server, DEFAULT)
    assert counts["located"] > 20 and counts["total"] > 25  # the sample fills every panel


def test_filter_change_updates_table_and_map(driver, server: str) -> None:
    from selenium.webdriver.support.ui import Select

    open_page(driver, server)
    before = assert_page_matches_api(driver, server, DEFAULT)
    Select(driver.find_element("css selector", "[data-testid=filter-type]")).select_by_value(
        "ASSAULT")
    settle(driver, "type=ASSAULT")
    assault = assert_page_matches_api(driver, server, {**DEFAULT, "type": "ASSAULT"})
    assert 0 < assault["total"] < before["total"]
    assert set(driver.execute_script(
        "return [...document.querySelectorAll('tr[data-testid=event-row] .type-chip')]"
        ".map(c => c.textContent)")) == {"ASSAULT"}

    # A second filter narrows both again: the country with the fewest assaults.
    by_country = api(server, "/api/stats", {**DEFAULT, "type": "ASSAULT"})["by_country"]
    country = min(by_country, key=lambda c: (by_country[c], c))
    Select(driver.find_element("css selector", "[data-testid=filter-country]")).select_by_value(
        country)
    settle(driver, f"country={country}")
    both = assert_page_matches_api(driver, server,
                                   {**DEFAULT, "type": "ASSAULT", "country": country})
    assert both["total"] == by_country[country] < assault["total"]


def test_clicking_a_row_shows_the_article_with_evidence_and_trigger(driver, server: str) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    open_page(driver, server, "?type=ASSAULT&factuality=asserted")
    settle(driver, "type=ASSAULT")
    row = driver.find_elements("css selector", "tr[data-testid=event-row]")[0]
    event_id = row.get_attribute("data-event")
    row.click()
    panel = driver.find_element("css selector", "[data-testid=detail]")
    WebDriverWait(driver, WAIT).until(lambda d: panel.get_attribute("data-state") == "ready"
                                      and panel.get_attribute("data-event") == event_id)
    source = api(server, f"/api/events/{event_id}")["sources"][0]
    evidence = panel.find_element("css selector", "mark.evidence")
    trigger = evidence.find_element("css selector", "mark.trigger")  # inside the evidence
    ev_text = driver.execute_script("return arguments[0].textContent", evidence)
    tr_text = driver.execute_script("return arguments[0].textContent", trigger)
    assert ev_text == source["evidence"]["text"]
    assert tr_text == source["trigger"]["text"] and tr_text in ev_text
    article = panel.find_element("css selector", "[data-testid=article-text]")
    assert driver.execute_script("return arguments[0].textContent", article) == source["text"]

    # Arabic is right to left, in an Arabic font; English labels sit beside the Arabic ones.
    style = driver.execute_script(
        "const s = getComputedStyle(arguments[0]); return [s.direction, s.fontFamily]", article)
    assert style[0] == "rtl" and "Noto Naskh Arabic" in style[1]
    headers = [th.text for th in driver.find_elements("css selector", "table.events th")]
    assert "Type / النوع" in headers
    arabic_cell = driver.find_elements("css selector", "tr[data-testid=event-row] [lang=ar]")
    assert arabic_cell and arabic_cell[0].value_of_css_property("direction") == "rtl"

    # A marker on the map opens its event the same way.
    marker = driver.find_elements("css selector", "#map .ev-marker[data-event]")
    if not marker:  # everything is clustered at this zoom: zoom in on the first cluster
        driver.find_element("css selector", "#map .ev-cluster").click()
        WebDriverWait(driver, WAIT).until(
            lambda d: d.find_elements("css selector", "#map .ev-marker[data-event]"))
        marker = driver.find_elements("css selector", "#map .ev-marker[data-event]")
    marker_event = marker[0].get_attribute("data-event")
    driver.execute_script("arguments[0].click()", marker[0])
    WebDriverWait(driver, WAIT).until(lambda d: panel.get_attribute("data-event") == marker_event
                                      and panel.get_attribute("data-state") == "ready")
    assert panel.find_elements("css selector", "mark.evidence mark.trigger")


def test_screenshot_of_the_whole_dashboard(driver, server: str) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    driver.set_window_size(1400, 1000)
    open_page(driver, server)
    # Of the rows in view, the one whose evidence sentence is longest: plain to see.
    events = api(server, "/api/events", {**DEFAULT, "limit": "6"})["events"]
    best = max(events, key=lambda e: (len(e["reports"][0]["evidence"]["text"]), e["id"]))
    driver.find_element("css selector", f"tr[data-event='{best['id']}']").click()
    driver.execute_script("document.querySelector('.table-box').scrollTop = 0")
    panel = driver.find_element("css selector", "[data-testid=detail]")
    WebDriverWait(driver, WAIT).until(lambda d: panel.get_attribute("data-state") == "ready")
    counts = page_counts(driver)
    assert counts["markers"] > 0 and counts["rows"] > 0 and counts["timeline"] > 0
    assert counts["network"]["nodes"] > 0
    time.sleep(0.3)  # let the last layout paint
    SCREENSHOT.parent.mkdir(exist_ok=True)
    png = driver.get_screenshot_as_png()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 50_000
    tmp = SCREENSHOT.with_suffix(".png.tmp")
    tmp.write_bytes(png)
    shutil.move(tmp, SCREENSHOT)


def test_article_markup_is_shown_as_text_never_run(driver, server: str) -> None:
    """An article posted through the API whose text holds HTML: the page shows the tags."""
    html = '<img src=x onerror="window.__xss=1">'
    text = f"{html} قصفت القوات التركية مواقع في مدينة طرابلس أمس وقتل ثلاثة مدنيين. <b>x</b>"
    res = httpx.post(f"{server}/api/articles", headers={"Authorization": f"Bearer {TOKEN}"},
                     json={"articles": [{"id": "markup-1", "text": text,
                                         "published": "2019-08-10",
                                         "source": "<i>outlet</i>"}]}, timeout=120)
    assert res.status_code == 200, res.text[:500]
    posted = res.json()["events"]
    assert posted, json.dumps(res.json(), ensure_ascii=False)[:500]
    day = posted[0]["date"]
    open_page(driver, server, f"?since={day}&until={day}&factuality=all")
    row = driver.find_element("css selector", f"tr[data-event='{posted[0]['id']}']")
    row.click()
    from selenium.webdriver.support.ui import WebDriverWait

    panel = driver.find_element("css selector", "[data-testid=detail]")
    WebDriverWait(driver, WAIT).until(lambda d: panel.get_attribute("data-state") == "ready")
    article = panel.find_element("css selector", "[data-testid=article-text]")
    assert html in driver.execute_script("return arguments[0].textContent", article)
    assert not panel.find_elements("css selector", "img, b, script")
    outlet = panel.find_element("css selector", ".source .meta")
    assert "<i>outlet</i>" in outlet.text
    assert driver.execute_script("return window.__xss") is None
