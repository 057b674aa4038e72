"""robots.txt: what a host lets us fetch, and how slowly.

The rules follow RFC 9309: a robots.txt that is missing (4xx) allows everything; one the host fails to
serve (5xx, timeout) means the host is struggling or hiding its rules, so we fetch nothing from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.robotparser import RobotFileParser


@dataclass
class Robots:
    parser: RobotFileParser | None  # None: no rules (missing robots.txt)
    unavailable: str | None = None  # why every URL is refused, when the host failed to serve robots.txt

    @classmethod
    def from_response(cls, status: int, text: str) -> Robots:
        if 200 <= status < 300:
            parser = RobotFileParser()
            parser.parse(text.splitlines())
            return cls(parser)
        if 400 <= status < 500:
            return cls(None)
        return cls.refuse_all(f"robots.txt unavailable (HTTP {status}); nothing fetched from this host")

    @classmethod
    def refuse_all(cls, reason: str) -> Robots:
        return cls(None, unavailable=reason)

    def refusal(self, url: str, agent: str) -> str | None:
        """Why `url` may not be fetched, or None when it may."""
        if self.unavailable:
            return self.unavailable
        if self.parser and not self.parser.can_fetch(agent, url):
            return "disallowed by robots.txt"
        return None

    def crawl_delay(self, agent: str) -> float | None:
        delay = self.parser.crawl_delay(agent) if self.parser else None
        return float(delay) if delay is not None else None
