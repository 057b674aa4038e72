"""Which version of the reader read a document: the code that extracts and normalises, and the
vocabularies it reads by, hashed.

The warehouse records it for every document it loads (`extractions`). Ingesting skips a file held
already only when the same version read it: after a reading fix, the next run reads the documents
loaded before the fix again, and the facts they gain or correct replace the old ones.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).parent
# the package's own modules and vocabularies; its crawler, marts and validation do not read documents
READER_FILES = ("*.py", "vocab/*.csv")


@cache
def reader_version() -> str:
    """The reader's files, by name and content, hashed (16 hex digits)."""
    digest = hashlib.sha256()
    for path in sorted(p for pattern in READER_FILES for p in PACKAGE.glob(pattern)):
        digest.update(path.relative_to(PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
