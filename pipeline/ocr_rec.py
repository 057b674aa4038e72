"""Recognising cut-out pieces of text: the recogniser run on each, decoded with each character's place.

The recogniser (PP-OCRv4, shipped with rapidocr) reads a line image 48 pixels tall and emits one
prediction per 8 pixels of width (a time step); CTC decoding keeps the steps that start a character.
Its cost grows with the total width it is fed, so each crop runs alone at its own width: padding to
a batch's widest, or to a fixed size, is wasted work, and on one core batches are slower, not faster
(one crop's tensors stay in the cache). Where each character was read, as a fraction of the crop's
width, lets the caller cut a piece where numbers meet words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

REC_MODEL = "ch_PP-OCRv4_rec_infer.onnx"  # shipped in rapidocr_onnxruntime's models folder
DET_MODEL = "ch_PP-OCRv4_det_infer.onnx"
REC_HEIGHT = 48  # the recogniser's input height: the size it was trained at
STEP = 8  # pixels of input width per time step of the recogniser's output
MIN_WIDTH = 64  # a lone short number (11) needs some blank beside it, or CTC merges its repeats (11 → 1)


class EngineError(RuntimeError):
    """The OCR models could not be run on a page (onnxruntime failed)."""


@dataclass(frozen=True)
class Reading:
    text: str
    score: float  # mean probability of the characters read; 0 when nothing was read
    centres: tuple[float, ...]  # each character's centre as a fraction of the crop's width


@dataclass(frozen=True)
class Crop:
    image: np.ndarray  # grey, uint8, dark text on light ground
    stretch: float = 1.0  # horizontal scale on top of the resize to REC_HEIGHT


class Recogniser:
    """The recognition model of a rapidocr engine, fed directly so batching and decoding are ours."""

    def __init__(self, session, characters: list[str]) -> None:
        self._session = session  # call with an N×3×H×W float array: the model's outputs
        self._characters = characters  # index 0 is CTC's blank

    def read(self, crops: list[Crop]) -> list[Reading]:
        return [self._read(_normalised(c)) for c in crops]

    def _read(self, image: np.ndarray) -> Reading:
        width = max(MIN_WIDTH, image.shape[1])
        batch = np.zeros((1, 3, REC_HEIGHT, width), np.float32)  # 0 is mid grey: what it was trained with
        batch[0, :, :, : image.shape[1]] = image
        try:
            prediction = self._session(batch)[0][0]
        except Exception as exc:  # onnxruntime's own exception types, whatever the model run raised
            raise EngineError(f"text recogniser: {type(exc).__name__}: {exc}") from exc
        return self._decode(prediction, image.shape[1], width / prediction.shape[0])

    def _decode(self, prediction: np.ndarray, image_width: int, step: float) -> Reading:
        best, probability = prediction.argmax(axis=1), prediction.max(axis=1)
        text, scores, centres = [], [], []
        previous = 0
        for t, index in enumerate(best.tolist()):
            if index and index != previous:
                text.append(self._characters[index])
                scores.append(float(probability[t]))
                centres.append(min(1.0, (t + 0.5) * step / image_width))
            previous = index
        return Reading("".join(text), float(np.mean(scores)) if scores else 0.0, tuple(centres))


def recogniser(threads: int) -> Recogniser:
    """rapidocr's recognition model, simplified (`pipeline.ocr_graph`), in a session of our own, with its
    character list (blank first, space last)."""
    from pipeline.ocr_graph import simplified

    session = _session(simplified(_model_bytes(REC_MODEL)), threads)
    name = session.get_inputs()[0].name
    characters = ["blank", *session.get_modelmeta().custom_metadata_map["character"].splitlines(), " "]
    return Recogniser(lambda batch: session.run(None, {name: batch}), characters)


def model_session(model: str, threads: int) -> Callable[[np.ndarray], list[np.ndarray]]:
    """One of rapidocr's models (the detector), simplified as the recogniser is, as a function of its
    input, in a session of our own (see `_session`)."""
    from pipeline.ocr_graph import simplified

    session = _session(simplified(_model_bytes(model)), threads)
    name = session.get_inputs()[0].name
    return lambda batch: session.run(None, {name: batch})


def _model_bytes(model: str) -> bytes:
    import rapidocr_onnxruntime

    return (Path(rapidocr_onnxruntime.__file__).with_name("models") / model).read_bytes()


def _session(model: bytes, threads: int):
    """An onnxruntime session for one of the models rapidocr ships.

    rapidocr's own sessions run without onnxruntime's memory arena, which makes every call allocate
    its tensors afresh (a third slower), and keep denormal floats, which the models' activations produce.
    """
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.add_session_config_entry("session.set_denormal_as_zero", "1")
    if threads > 0:
        options.intra_op_num_threads, options.inter_op_num_threads = threads, 1
    return ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])


def _normalised(crop: Crop) -> np.ndarray:
    """The crop as the recogniser takes it: REC_HEIGHT tall, values in [-1, 1], one grey channel."""
    h, w = crop.image.shape[:2]
    width = max(1, round(REC_HEIGHT * w / h * crop.stretch))
    shrink = h > REC_HEIGHT
    resized = cv2.resize(crop.image, (width, REC_HEIGHT), interpolation=cv2.INTER_AREA if shrink else cv2.INTER_LINEAR)
    return resized.astype(np.float32) / 127.5 - 1.0
