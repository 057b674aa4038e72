"""The real and realistic corpus, scored exactly against its gold with the shared scorer."""

from tests.conftest import gold_documents, score


def test_corpus_has_gold_documents():
    assert len(gold_documents()) >= 3


def test_every_corpus_document_matches_its_gold_exactly(corpus_warehouse):
    result = score(corpus_warehouse, gold_documents())
    assert result.returncode == 0, result.stdout
    assert "documents exact: all" in result.stdout
