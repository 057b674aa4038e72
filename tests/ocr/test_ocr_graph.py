"""The recogniser's simplified graph computes what rapidocr's own does, with fewer operations.

Both run in onnxruntime side by side on the same inputs: a line of printed text and random noise.
"""

from __future__ import annotations

from collections import Counter

import cv2
import numpy as np
import onnx
import pytest

from pipeline.ocr_graph import simplified
from pipeline.ocr_rec import REC_HEIGHT, REC_MODEL, _model_bytes, _session


@pytest.fixture(scope="module")
def models() -> tuple[bytes, bytes]:
    original = _model_bytes(REC_MODEL)
    return original, simplified(original)


def ops(model: bytes) -> Counter[str]:
    return Counter(node.op_type for node in onnx.load_from_string(model).graph.node)


def printed_line(text: str) -> np.ndarray:
    """Dark text on light paper, REC_HEIGHT tall, as the recogniser takes it: N×3×H×W in [-1, 1]."""
    image = np.full((REC_HEIGHT, 24 * len(text) + 16), 255, np.uint8)
    cv2.putText(image, text, (8, 36), cv2.FONT_HERSHEY_SIMPLEX, 1.1, 0, 2, cv2.LINE_AA)
    line = image.astype(np.float32) / 127.5 - 1.0
    return np.repeat(line[None, None], 3, axis=1)


def test_affine_layers_and_hard_swish_are_gone(models):
    before, after = (ops(m) for m in models)
    assert before["Clip"] > 0 and after["Clip"] == 0  # every hard-swish rewritten
    assert after["HardSigmoid"] == before["HardSigmoid"] + before["Clip"]
    assert after["Conv"] == before["Conv"]
    assert sum(after.values()) < sum(before.values()) - 4 * before["Clip"]  # the scale-and-shift pairs too


def test_same_outputs(models):
    original, folded = (_session(m, threads=1) for m in models)
    name = original.get_inputs()[0].name
    noise = np.random.default_rng(7).uniform(-1, 1, (2, 3, REC_HEIGHT, 200)).astype(np.float32)
    for batch in (printed_line("1,503.52 2024"), noise):
        expected, got = (s.run(None, {name: batch})[0] for s in (original, folded))
        assert np.abs(expected - got).max() < 1e-4
        assert (expected.argmax(axis=-1) == got.argmax(axis=-1)).all()
