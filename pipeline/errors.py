"""Typed errors. Each carries the document (and page where there is one) so a log line says where."""

from __future__ import annotations


class PipelineError(Exception):
    """Base: something about one document. `status` is what the documents row records."""

    status = "failed"

    def __init__(self, message: str, *, document: str = "", page: int | None = None) -> None:
        self.message = message
        self.document = document
        self.page = page
        super().__init__(self.describe())

    def describe(self) -> str:
        where = f" (page {self.page})" if self.page else ""
        return f"{self.message}{where}"


class RejectedDocument(PipelineError):
    """The file is not a disclosure we can read: not a PDF, broken, encrypted, empty, no tables."""

    status = "rejected"


class ExtractionError(PipelineError):
    """A disclosure whose tables we found but could not turn into facts."""

    status = "failed"


class WarehouseBusy(Exception):
    """Another writer held the warehouse for longer than we were willing to wait."""
