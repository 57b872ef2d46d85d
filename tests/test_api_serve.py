"""`rasd serve` as a user runs it: a real uvicorn process on a free loopback port, polled
until healthy, then stopped; its token handling and its one-line errors."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from test_api_common import TOKEN, sample_store
from test_store_common import RASD, run


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, nlp: Any) -> Iterator[str]:
    yield from sample_store("duckdb", tmp_path_factory.mktemp("serve"), nlp)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        environ = {k: v for k, v in os.environ.items() if k != "RASD_TOKEN"}
        self.proc = subprocess.Popen(
            [RASD, "serve", "--port", str(self.port), "--no-access-log", *args],
            env={**environ, **(env or {})}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True)

    def wait_healthy(self, timeout: float = 60) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"rasd serve exited: {self.proc.communicate()}")
            try:
                r = httpx.get(f"{self.base}/api/health", timeout=2)
                if r.status_code == 200:
                    return r.json()
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        raise AssertionError("rasd serve did not answer /api/health in time")

    def stop(self) -> tuple[int, str]:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        try:
            _, err = self.proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            _, err = self.proc.communicate()
        return self.proc.returncode, err


def test_help_teaches_with_an_example() -> None:
    out = run("serve", "--help")
    assert out.returncode == 0
    for word in ("Example", "RASD_TOKEN", "--token-file", "127.0.0.1", "--port", "--db"):
        assert word in out.stdout


def test_serve_answers_and_stops(db: str) -> None:
    server = Server("--db", db, env={"RASD_TOKEN": TOKEN})
    try:
        health = server.wait_healthy()
        assert health["status"] == "ok" and health["articles"] == 9 and health["events"] > 50
        page = httpx.get(f"{server.base}/api/events", params={"limit": 5}).json()
        assert len(page["events"]) == 5 and page["total"] > 5
        r = httpx.post(f"{server.base}/api/articles", json={"articles": []},
                       headers={"Authorization": "Bearer wrong"})
        assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized"
        r = httpx.post(f"{server.base}/api/articles", json={"articles": []},
                       headers={"Authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 400  # past the token check: an empty list is refused
        assert httpx.get(f"{server.base}/").status_code == 200
    finally:
        code, err = server.stop()
    assert code == 0, err
    assert f"rasd serve: http://127.0.0.1:{server.port}/" in err
    assert f"{health['events']:,} events, 9 articles" in err


def test_without_a_token_writes_are_refused(db: str, tmp_path: Path) -> None:
    server = Server("--db", db)
    try:
        server.wait_healthy()
        r = httpx.post(f"{server.base}/api/articles", json={"articles": []},
                       headers={"Authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 403
        assert "RASD_TOKEN" in r.json()["error"]["message"]
    finally:
        code, err = server.stop()
    assert code == 0 and "read-only" in err


def test_token_file(db: str, tmp_path: Path) -> None:
    token_file = tmp_path / "token"
    token_file.write_text(TOKEN + "\n", encoding="utf-8")
    server = Server("--db", db, "--token-file", str(token_file))
    try:
        server.wait_healthy()
        r = httpx.post(f"{server.base}/api/articles", json={"articles": []},
                       headers={"Authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 400  # the token was accepted
    finally:
        server.stop()


@pytest.mark.parametrize(("args", "message"), [
    (["--token-file", "{tmp}/missing"], "cannot read the token file"),
    (["--token-file", "{tmp}/empty"], "the token file is empty"),
    (["--db", "{tmp}/no/such/dir/x.duckdb"], "does not exist"),
])
def test_bad_setup_is_one_line_and_exit_1(tmp_path: Path, args: list[str],
                                          message: str) -> None:
    (tmp_path / "empty").write_text("\n", encoding="utf-8")
    out = run("serve", "--port", str(free_port()),
              *[a.format(tmp=tmp_path) for a in args], timeout=60)
    assert out.returncode == 1, out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("rasd: error: ") and message in lines[0]
