"""The raw store: every PDF we hold, named by the sha256 of its bytes, with where it was seen.

`data/raw/<sha256>.pdf` holds the bytes; `data/raw/<sha256>.json` lists every sighting (URL, article,
title, publication date, what the server called it). File names are built from the hash alone, so no
URL, title or Content-Disposition header can place a file anywhere else; downloads land in
`data/raw/.partial/` and are renamed into place only once checked.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from pipeline.model import SourceInfo

_SHA256 = re.compile(r"[0-9a-f]{64}")
_UNSAFE_CHARS = re.compile(r"[\x00-\x1f\x7f]")
_MAX_NAME_CHARS = 200


@dataclass(frozen=True)
class Sighting:
    """One place a file was found."""

    source_uri: str
    article_url: str | None = None
    title: str | None = None
    published_at: str | None = None  # ISO date
    file_name: str | None = None  # as the server or the link named it, sanitised
    found_by: str | None = None  # the crawl source or 'watched-folder'
    seen_at: str | None = None  # ISO timestamp

    def source_info(self) -> SourceInfo:
        published = date.fromisoformat(self.published_at) if self.published_at else None
        return SourceInfo(source_uri=self.source_uri, published_at=published, title=self.title)


class RawStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path(self, sha256: str) -> Path:
        if not _SHA256.fullmatch(sha256):
            raise ValueError(f"not a sha256: {sha256!r}")
        return self.root / f"{sha256}.pdf"

    def has(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    @contextmanager
    def partial(self) -> Iterator[Path]:
        """A scratch file inside the store for one download; gone afterwards unless `keep` moved it."""
        scratch = self.root / ".partial" / f"{uuid.uuid4().hex}.part"
        scratch.parent.mkdir(parents=True, exist_ok=True)
        scratch.touch(exist_ok=False)  # not mkstemp: stored files get the usual permissions, not 0600
        try:
            yield scratch
        finally:
            scratch.unlink(missing_ok=True)

    def keep(self, file: Path, sha256: str, sighting: Sighting) -> Path:
        """Move a checked scratch file into place (if not held already) and note where it was seen."""
        target = self.path(sha256)
        if not target.exists():
            os.replace(file, target)
        self.add_sighting(sha256, sighting)
        return target

    def copy_in(self, file: Path, sha256: str, sighting: Sighting) -> Path:
        """Like `keep` for a file that is not ours to move (a dropped file)."""
        with self.partial() as scratch:
            shutil.copyfile(file, scratch)
            return self.keep(scratch, sha256, sighting)

    def add_sighting(self, sha256: str, sighting: Sighting) -> None:
        sightings = self.sightings(sha256)
        if any(_same_place(s, sighting) for s in sightings):
            return
        sidecar = self.path(sha256).with_suffix(".json")
        document = {"sha256": sha256, "sightings": [asdict(s) for s in [*sightings, sighting]]}
        temporary = sidecar.with_suffix(f".{uuid.uuid4().hex}.tmp")  # writers in two processes never collide
        temporary.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(temporary, sidecar)

    def sightings(self, sha256: str) -> list[Sighting]:
        sidecar = self.path(sha256).with_suffix(".json")
        if not sidecar.exists():
            return []
        return [Sighting(**s) for s in json.loads(sidecar.read_text(encoding="utf-8"))["sightings"]]

    def source_info(self, sha256: str) -> SourceInfo:
        """Where a held file came from: its first sighting (a later re-link does not change its origin)."""
        sightings = self.sightings(sha256)
        return sightings[0].source_info() if sightings else SourceInfo(source_uri=str(self.path(sha256)))


def safe_file_name(name: str | None) -> str | None:
    """A server-proposed file name reduced to a harmless label: no directories, no control characters."""
    if not name:
        return None
    base = re.split(r"[/\\]", name)[-1]
    base = _UNSAFE_CHARS.sub("", base).strip().lstrip(".")
    return base[:_MAX_NAME_CHARS] or None


def _same_place(a: Sighting, b: Sighting) -> bool:
    return (a.source_uri, a.article_url) == (b.source_uri, b.article_url)
