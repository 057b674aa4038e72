"""Recognising cut-out pieces of text: the recogniser run in batches, decoded with each character's place.

The recogniser (PP-OCRv4, shipped with rapidocr) reads a line image 48 pixels tall and emits one
prediction per 8 pixels of width (a time step); CTC decoding keeps the steps that start a character.
Its cost grows with the total width it is fed, so crops are batched by width (padding within a
batch is wasted work) and not widened to a fixed size. Where each character was read, as a fraction
of the crop's width, lets the caller cut a piece where numbers meet words.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

REC_HEIGHT = 48  # the recogniser's input height: the size it was trained at
STEP = 8  # pixels of input width per time step of the recogniser's output
MIN_WIDTH = 64  # a lone short number (11) needs some blank beside it, or CTC merges its repeats (11 → 1)
BATCH = 8  # crops run together: enough to amortise the call, few enough that widths stay alike


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
        self._session = session  # rapidocr's OrtInferSession: call with an N×3×H×W float array
        self._characters = characters  # index 0 is CTC's blank

    def read(self, crops: list[Crop]) -> list[Reading]:
        images = [_normalised(c) for c in crops]
        readings: list[Reading | None] = [None] * len(images)
        order = sorted(range(len(images)), key=lambda i: images[i].shape[1])
        for start in range(0, len(order), BATCH):
            batch = order[start : start + BATCH]
            for i, reading in zip(batch, self._run([images[i] for i in batch]), strict=True):
                readings[i] = reading
        return [r for r in readings if r is not None]

    def _run(self, images: list[np.ndarray]) -> list[Reading]:
        width = max(MIN_WIDTH, max(im.shape[1] for im in images))
        batch = np.zeros((len(images), 3, REC_HEIGHT, width), np.float32)  # 0 is mid grey: what it was trained with
        for k, im in enumerate(images):
            batch[k, :, :, : im.shape[1]] = im
        try:
            predictions = self._session(batch)[0]
        except Exception as exc:  # rapidocr wraps onnxruntime's own exception types in its own
            raise EngineError(f"text recogniser: {type(exc).__name__}: {exc}") from exc
        steps = predictions.shape[1]
        return [self._decode(p, im.shape[1], width / steps) for p, im in zip(predictions, images, strict=True)]

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


def recogniser(engine) -> Recogniser:
    """The recogniser of a rapidocr engine, with its character list (blank first, space last)."""
    return Recogniser(engine.text_rec.session, engine.text_rec.postprocess_op.character)


def _normalised(crop: Crop) -> np.ndarray:
    """The crop as the recogniser takes it: REC_HEIGHT tall, values in [-1, 1], one grey channel."""
    h, w = crop.image.shape[:2]
    width = max(1, round(REC_HEIGHT * w / h * crop.stretch))
    shrink = h > REC_HEIGHT
    resized = cv2.resize(crop.image, (width, REC_HEIGHT), interpolation=cv2.INTER_AREA if shrink else cv2.INTER_LINEAR)
    return resized.astype(np.float32) / 127.5 - 1.0
