"""The OCR models' graphs made cheaper before onnxruntime loads them: the same function, less work.

PaddlePaddle's export follows every convolution of PP-OCRv4's backbones (the recogniser's and the text
detector's) with a learnable scale and shift by scalars (Mul, Add) and spells hard-swish as four
element-wise ops (Add 3, Clip 0–6, Mul, Div 6); onnxruntime fuses none of them, and on one core those
passes over memory cost a quarter of each model's time. Here a scale and shift right after a
convolution go into its weights and bias; one right before a 1×1 convolution without padding goes into
that convolution too (exact: no padded border to disagree); and hard-swish becomes x·HardSigmoid(x),
which onnxruntime fuses into the convolution before it.
Outputs agree with the original's to float rounding.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import onnx
from onnx import NodeProto, helper, numpy_helper


def simplified(model: bytes) -> bytes:
    """The model with its affine layers folded and its hard-swishes rewritten."""
    proto = onnx.load_from_string(model)
    graph = _Graph(proto.graph)
    for rewrite in (_fold_affine_after_conv, _hard_swish, _fold_affine_before_pointwise):
        rewrite(graph)
        graph.compact()
    return proto.SerializeToString()


@dataclass
class _Graph:
    """An ONNX graph with its constants as arrays and each value's producer and users at hand."""

    proto: onnx.GraphProto
    constants: dict[str, np.ndarray] = field(default_factory=dict)
    dropped: set[int] = field(default_factory=set)  # id() of nodes to remove at the next compact()
    producer: dict[str, NodeProto] = field(default_factory=dict)  # value name → the node writing it
    users: dict[str, list[NodeProto]] = field(default_factory=dict)  # value name → the nodes reading it

    def __post_init__(self) -> None:
        for node in self.proto.node:
            if node.op_type == "Constant" and node.attribute[0].name == "value":
                self.constants[node.output[0]] = numpy_helper.to_array(node.attribute[0].t)
        for init in self.proto.initializer:
            self.constants[init.name] = numpy_helper.to_array(init)
        self.compact()

    def compact(self) -> None:
        """Remove dropped nodes and the constants nothing reads any more; index producers and users."""
        kept = [n for n in self.proto.node if id(n) not in self.dropped]
        read = {name for n in kept for name in n.input} | {o.name for o in self.proto.output}
        kept = [n for n in kept if n.op_type != "Constant" or n.output[0] in read]
        del self.proto.node[:]
        self.proto.node.extend(kept)
        unused = [i for i in self.proto.initializer if i.name not in read]
        for init in unused:
            self.proto.initializer.remove(init)
        self.dropped.clear()
        self.producer = {name: n for n in self.proto.node for name in n.output}
        self.users = {}
        for n in self.proto.node:
            for name in n.input:
                self.users.setdefault(name, []).append(n)

    def only_user(self, value: str, op_type: str) -> NodeProto | None:
        """The one node reading this value, if it is of this type."""
        users = self.users.get(value, [])
        return users[0] if len(users) == 1 and users[0].op_type == op_type else None

    def by_scalar(self, node: NodeProto | None) -> tuple[float, str] | None:
        """(constant, other input) of a binary op whose one operand is a scalar constant."""
        if node is None or len(node.input) != 2:
            return None
        a, b = node.input
        for const, other in ((b, a), (a, b)):
            value = self.constants.get(const)
            if value is not None and value.size == 1 and (const == b or node.op_type != "Div"):
                return float(value.reshape(())), other
        return None

    def set_conv_weights(self, conv: NodeProto, data: str, weight: np.ndarray, bias: np.ndarray) -> None:
        names = (f"{conv.output[0]}/folded_w", f"{conv.output[0]}/folded_b")
        for name, array in zip(names, (weight, bias), strict=True):
            self.constants[name] = array.astype(np.float32)
            self.proto.initializer.append(numpy_helper.from_array(self.constants[name], name))
        del conv.input[:]
        conv.input.extend([data, *names])

    def conv_weights(self, conv: NodeProto) -> tuple[np.ndarray, np.ndarray] | None:
        weight = self.constants.get(conv.input[1])
        if weight is None:
            return None
        bias = self.constants.get(conv.input[2]) if len(conv.input) > 2 else np.zeros(weight.shape[0], np.float32)
        return (weight, bias) if bias is not None else None


def _fold_affine_after_conv(graph: _Graph) -> None:
    """Conv → Mul(s) → Add(b) becomes one Conv with weights s·W and bias s·B + b."""
    for conv in list(graph.proto.node):
        if conv.op_type != "Conv" or (weights := graph.conv_weights(conv)) is None:
            continue
        mul = graph.only_user(conv.output[0], "Mul")
        add = graph.only_user(mul.output[0], "Add") if mul is not None else None
        scale, shift = graph.by_scalar(mul), graph.by_scalar(add)
        if scale is None or shift is None:
            continue
        weight, bias = weights
        graph.set_conv_weights(conv, conv.input[0], weight * scale[0], bias * scale[0] + shift[0])
        conv.output[0] = add.output[0]
        graph.dropped.update((id(mul), id(add)))


def _hard_swish(graph: _Graph) -> None:
    """x · Clip(x + 3, 0, 6) / 6 becomes x · HardSigmoid(x) (α = 1/6, β = 1/2): the same function."""
    for add in list(graph.proto.node):
        plus = graph.by_scalar(add) if add.op_type == "Add" else None
        if plus is None or plus[0] != 3.0:
            continue
        x = plus[1]
        clip = graph.only_user(add.output[0], "Clip")
        mul = graph.only_user(clip.output[0], "Mul") if clip is not None else None
        div = graph.only_user(mul.output[0], "Div") if mul is not None else None
        six = graph.by_scalar(div)
        if six is None or six[0] != 6.0 or set(mul.input) != {x, clip.output[0]} or not _clips_to(graph, clip, 0, 6):
            continue
        gate = f"{div.output[0]}/gate"
        add.CopyFrom(helper.make_node("HardSigmoid", [x], [gate], alpha=1 / 6, beta=0.5))
        clip.CopyFrom(helper.make_node("Mul", [x, gate], [div.output[0]]))
        graph.dropped.update((id(mul), id(div)))


def _clips_to(graph: _Graph, clip: NodeProto, low: float, high: float) -> bool:
    bounds = [graph.constants.get(name) for name in clip.input[1:3]]
    return all(b is not None and b.size == 1 for b in bounds) and [float(b.reshape(())) for b in bounds] == [low, high]


def _fold_affine_before_pointwise(graph: _Graph) -> None:
    """Mul(s) → Add(b) → 1×1 Conv without padding becomes one Conv with weights s·W, bias B + b·ΣW."""
    for conv in list(graph.proto.node):
        if conv.op_type != "Conv" or (weights := graph.conv_weights(conv)) is None:
            continue
        weight, bias = weights
        attributes = {a.name: helper.get_attribute_value(a) for a in conv.attribute}
        if weight.shape[2:] != (1, 1) or any(attributes.get("pads", ())) or attributes.get("group", 1) != 1:
            continue
        add = graph.producer.get(conv.input[0])
        shift = graph.by_scalar(add) if add is not None and add.op_type == "Add" else None
        mul = graph.producer.get(shift[1]) if shift is not None else None
        scale = graph.by_scalar(mul) if mul is not None and mul.op_type == "Mul" else None
        if scale is None or len(graph.users[add.output[0]]) != 1 or len(graph.users[mul.output[0]]) != 1:
            continue
        graph.set_conv_weights(conv, scale[1], weight * scale[0], bias + shift[0] * weight.sum(axis=(1, 2, 3)))
        graph.dropped.update((id(mul), id(add)))
