"""One dynamic partition per document, keyed by the sha256 of its bytes."""

import dagster as dg

documents = dg.DynamicPartitionsDefinition(name="documents")
