from __future__ import annotations

import dataclasses
from pathlib import Path

from pipeline.crawl.http import Fetcher, RateLimiter

from .conftest import FAST, Server, send


class Clock:
    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_rate_limiter_spaces_requests_per_host() -> None:
    clock = Clock()
    limiter = RateLimiter(clock, clock.sleep)
    limiter.wait("a.gov.cn", 2.0)
    limiter.wait("b.gov.cn", 2.0)  # another host: no wait
    clock.now += 0.5
    limiter.wait("a.gov.cn", 2.0)
    assert clock.slept == [1.5]


class SpyLimiter(RateLimiter):
    def __init__(self) -> None:
        super().__init__(lambda: 0.0, lambda _: None)
        self.delays: list[tuple[str, float]] = []

    def wait(self, host: str, delay: float) -> None:
        self.delays.append((host.split(":")[0], delay))


def test_robots_crawl_delay_slows_the_crawler_unless_told_otherwise(portal: Server) -> None:
    portal.routes["/robots.txt"] = send(b"User-agent: *\nCrawl-delay: 7\n", content_type="text/plain")
    portal.routes["/page.html"] = send(b"<p>hi</p>")
    for respect, expected in ((True, 7.0), (False, 0.0)):
        spy = SpyLimiter()
        politeness = dataclasses.replace(FAST, respect_crawl_delay=respect)
        fetcher = Fetcher(politeness, lambda url: True, limiter=spy)
        assert fetcher.get_page(portal.url("/page.html")).body == b"<p>hi</p>"
        assert spy.delays == [("127.0.0.1", 0.0), ("127.0.0.1", expected)]  # robots.txt itself, then the page


def test_requests_name_the_project(portal: Server, tmp_path: Path) -> None:
    portal.routes["/robots.txt"] = send(b"", status=404)
    portal.routes["/x.pdf"] = send(b"%PDF-1.4", content_type="application/pdf")
    got = Fetcher(FAST, lambda url: True).download(portal.url("/x.pdf"), tmp_path / "x")
    assert (got.status, got.size, (tmp_path / "x").read_bytes()) == (200, 8, b"%PDF-1.4")
    assert {headers["User-Agent"] for _, _, headers in portal.requests} == {FAST.user_agent}
    assert FAST.user_agent.startswith("DisclosureWarehouseBot/")
