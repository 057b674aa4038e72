"""The portals we crawl: loading and validating sources.yaml.

Every setting has a default, so a bare listing URL is a complete source (`source_from_url`). The YAML
file names portals and overrides what differs; unknown keys are errors, so a typo never silently
falls back to a default.
"""

from __future__ import annotations

import dataclasses
import re
import types
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union, get_args, get_origin, get_type_hints
from urllib.parse import urlsplit

import yaml

USER_AGENT = "DisclosureWarehouseBot/0.1 (disclosure-warehouse; collects published budget and final-account PDFs)"
KINDS = ("final", "budget")


class SourcesError(ValueError):
    """sources.yaml is malformed; the message names the file and the offending key."""


@dataclass(frozen=True)
class Politeness:
    delay_seconds: float = 2.0  # least time between two requests to one host
    respect_crawl_delay: bool = True  # a robots.txt Crawl-delay longer than delay_seconds wins
    timeout_seconds: float = 30.0  # connect and read timeout of one request
    retries: int = 3  # further attempts after a timeout, a dropped connection, 429 or 5xx
    backoff_seconds: float = 2.0  # wait before the first retry; doubles each time
    max_download_bytes: int = 100 * 1024 * 1024
    max_page_bytes: int = 5 * 1024 * 1024  # list and article pages
    max_download_seconds: float = 300.0  # whole body of one download, however slowly it trickles
    user_agent: str = USER_AGENT


@dataclass(frozen=True)
class Pagination:
    # Anchors whose text is one of these lead to the next list page.
    next_link_text: tuple[str, ...] = ("下一页", "下页", "后一页", "后页", "next", "Next")
    # For portals that build pagination in JavaScript: page n (1, 2, …) of the column, relative to
    # the start URL, e.g. "index_{n}.shtml". Pages are tried until one fails or lists nothing new.
    page_url_template: str | None = None
    max_pages: int = 20


@dataclass(frozen=True)
class Disclosures:
    """Which articles are disclosures: their title (or, when the list truncates it, the article's)."""

    title_include: tuple[str, ...] = ("决算", "预算")  # regexes; one must match
    title_exclude: tuple[str, ...] = ()  # regexes; none may match
    kinds: tuple[str, ...] = KINDS
    min_fiscal_year: int | None = None
    unit_pattern: str | None = None  # regex the unit named in the title must match


@dataclass(frozen=True)
class Source:
    name: str
    start_urls: tuple[str, ...]
    allowed_hosts: tuple[str, ...] = ()  # defaults to the hosts of start_urls
    description: str = ""
    verified: bool = False  # False: written from the portal's conventions, never crawled from here
    enabled: bool = True
    article_url_pattern: str | None = None  # regex list entries must match; default: titled on-site pages
    pagination: Pagination = field(default_factory=Pagination)
    disclosures: Disclosures = field(default_factory=Disclosures)
    politeness: Politeness = field(default_factory=Politeness)

    def allows_host(self, url: str) -> bool:
        return (urlsplit(url).hostname or "").lower() in self.allowed_hosts


def source_from_url(url: str, politeness: Politeness | None = None) -> Source:
    """A source for one listing URL with default settings (the CLI's bare-URL form)."""
    return _finish(Source(name=url, start_urls=(url,), politeness=politeness or Politeness()), "url")


def load_sources(path: Path) -> list[Source]:
    """All sources in a sources.yaml, validated; raises SourcesError naming what is wrong."""
    try:
        document = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise SourcesError(f"{path}: cannot read: {exc}") from exc
    where = str(path)
    _check_keys(document, {"defaults", "sources"}, where)
    defaults = document.get("defaults") or {}
    _check_keys(defaults, {f.name for f in dataclasses.fields(Source)} - {"name", "start_urls"}, f"{where}: defaults")
    entries = document.get("sources") or []
    if not isinstance(entries, list):
        raise SourcesError(f"{where}: sources must be a list")
    sources = []
    for i, entry in enumerate(entries):
        if not isinstance(entry, Mapping):
            raise SourcesError(f"{where}: sources[{i}] must be a mapping")
        label = f"{where}: sources[{i}] ({entry.get('name', 'unnamed')})"
        sources.append(_finish(_build(Source, _merge(defaults, entry), label), label))
    names = [s.name for s in sources]
    if duplicates := sorted({n for n in names if names.count(n) > 1}):
        raise SourcesError(f"{where}: duplicate source names: {', '.join(duplicates)}")
    return sources


def _merge(defaults: Mapping[str, Any], entry: Mapping[str, Any]) -> dict[str, Any]:
    """Entry over defaults, one level deep for the nested sections."""
    merged = dict(defaults)
    for key, value in entry.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value
    return merged


def _finish(source: Source, where: str) -> Source:
    """Checks that span fields, and the allowed_hosts default."""
    if not re.fullmatch(r"\S+", source.name):
        raise SourcesError(f"{where}: name must be one word without spaces")
    if not source.start_urls:
        raise SourcesError(f"{where}: start_urls is empty")
    for url in source.start_urls:
        if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
            raise SourcesError(f"{where}: start URL {url!r} is not an http(s) URL")
    hosts = source.allowed_hosts or tuple(dict.fromkeys(urlsplit(u).hostname or "" for u in source.start_urls))
    source = dataclasses.replace(source, allowed_hosts=tuple(h.lower() for h in hosts))
    if outside := [u for u in source.start_urls if not source.allows_host(u)]:
        raise SourcesError(f"{where}: start URLs outside allowed_hosts: {', '.join(outside)}")
    if not source.politeness.user_agent.isascii():
        raise SourcesError(f"{where}: politeness.user_agent must be ASCII (it is sent as an HTTP header)")
    if unknown := set(source.disclosures.kinds) - set(KINDS):
        raise SourcesError(f"{where}: disclosures.kinds: unknown kind(s) {sorted(unknown)}; use {list(KINDS)}")
    patterns = [
        *source.disclosures.title_include,
        *source.disclosures.title_exclude,
        source.disclosures.unit_pattern,
        source.article_url_pattern,
    ]
    for pattern in filter(None, patterns):
        try:
            re.compile(pattern)
        except re.error as exc:
            raise SourcesError(f"{where}: bad regex {pattern!r}: {exc}") from exc
    if source.pagination.page_url_template and "{n}" not in source.pagination.page_url_template:
        raise SourcesError(f"{where}: pagination.page_url_template must contain {{n}}")
    return source


def _check_keys(value: Any, allowed: set[str], where: str) -> None:
    if not isinstance(value, Mapping):
        raise SourcesError(f"{where} must be a mapping")
    if unknown := sorted(set(value) - allowed):
        raise SourcesError(f"{where}: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}")


def _build(cls: type, values: Any, where: str) -> Any:
    """An instance of dataclass `cls` from a YAML mapping, every value checked against its type hint."""
    _check_keys(values, {f.name for f in dataclasses.fields(cls)}, where)
    hints = get_type_hints(cls)
    missing_value = dataclasses.MISSING
    required = {
        f.name for f in dataclasses.fields(cls) if f.default is missing_value and f.default_factory is missing_value
    }
    if missing := sorted(required - set(values)):
        raise SourcesError(f"{where}: missing key(s) {', '.join(missing)}")
    return cls(**{key: _convert(hints[key], value, f"{where}.{key}") for key, value in values.items()})


def _convert(hint: Any, value: Any, where: str) -> Any:
    origin, args = get_origin(hint), get_args(hint)
    if origin in (Union, types.UnionType):  # `X | None`
        return None if value is None else _convert(next(a for a in args if a is not type(None)), value, where)
    if dataclasses.is_dataclass(hint):
        return _build(hint, value, where)
    if origin is tuple:
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list):
            raise SourcesError(f"{where}: expected a list")
        return tuple(_convert(args[0], item, f"{where}[{i}]") for i, item in enumerate(items))
    if hint is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, hint) or (hint is int and isinstance(value, bool)):
        raise SourcesError(f"{where}: expected {hint.__name__}, got {value!r}")
    return value
