"""The detector's input, built by look-up from a grey page, is exactly what rapidocr's own
preprocessing makes of that page in colour: the same text lines are found."""

from __future__ import annotations

import cv2
import numpy as np
from rapidocr_onnxruntime.ch_ppocr_det.utils import DetPreProcess

from pipeline.ocr import _det_input


def test_detector_input_is_rapidocrs() -> None:
    gray = np.random.default_rng(5).integers(0, 256, (203, 331), dtype=np.uint8)
    theirs = DetPreProcess(100_000, "max", [0.5] * 3, [0.5] * 3)(cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR))
    ours = _det_input(cv2.resize(gray, (theirs.shape[3], theirs.shape[2])))
    assert ours.dtype == theirs.dtype and ours.shape == theirs.shape
    assert np.array_equal(ours, theirs)
