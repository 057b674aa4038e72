"""The recogniser's and the detector's simplified graphs compute what rapidocr's own do, with fewer operations.

Each pair runs in onnxruntime side by side on the same inputs: a line of printed text and random noise.
"""

from __future__ import annotations

from collections import Counter

import cv2
import numpy as np
import onnx
import pytest

from pipeline.ocr_graph import simplified
from pipeline.ocr_rec import DET_MODEL, REC_HEIGHT, REC_MODEL, _model_bytes, _session

# each model's input: its height, and its width from a line's (the detector's sides are multiples of 32)
SHAPES = {REC_MODEL: (REC_HEIGHT, lambda width: width), DET_MODEL: (64, lambda width: -(-width // 32) * 32)}
# what each model's output decides: the character at each time step; the text pixels (rapidocr's threshold)
DECISIONS = {REC_MODEL: lambda out: out.argmax(axis=-1), DET_MODEL: lambda out: out > 0.3}


@pytest.fixture(scope="module", params=[REC_MODEL, DET_MODEL])
def models(request: pytest.FixtureRequest) -> tuple[str, bytes, bytes]:
    original = _model_bytes(request.param)
    return request.param, original, simplified(original)


def ops(model: bytes) -> Counter[str]:
    return Counter(node.op_type for node in onnx.load_from_string(model).graph.node)


def printed_line(text: str, model: str) -> np.ndarray:
    """Dark text on light paper, as the model takes it: 1×3×H×W in [-1, 1]."""
    height, width = SHAPES[model]
    image = np.full((height, width(24 * len(text) + 16)), 255, np.uint8)
    cv2.putText(image, text, (8, 36), cv2.FONT_HERSHEY_SIMPLEX, 1.1, 0, 2, cv2.LINE_AA)
    line = image.astype(np.float32) / 127.5 - 1.0
    return np.repeat(line[None, None], 3, axis=1)


def test_affine_layers_and_hard_swish_are_gone(models):
    before, after = (ops(m) for m in models[1:])
    assert before["Clip"] > 0 and after["Clip"] == 0  # every hard-swish rewritten
    assert after["HardSigmoid"] == before["HardSigmoid"] + before["Clip"]
    assert after["Conv"] == before["Conv"]
    assert sum(after.values()) < sum(before.values()) - 4 * before["Clip"]  # the scale-and-shift pairs too


def test_same_outputs(models):
    model, *graphs = models
    original, folded = (_session(m, threads=1) for m in graphs)
    name = original.get_inputs()[0].name
    height, width = SHAPES[model]
    noise = np.random.default_rng(7).uniform(-1, 1, (1, 3, height, width(200))).astype(np.float32)
    for batch in (printed_line("1,503.52 2024", model), noise):
        expected, got = (s.run(None, {name: batch})[0] for s in (original, folded))
        assert np.abs(expected - got).max() < 1e-4
        decided = DECISIONS[model]
        assert (decided(expected) == decided(got)).all()
