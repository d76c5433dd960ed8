"""Trained per-comment heads: substance, passion, toxicity, low effort and reason tags.

The heads share the first `shared_layers` frozen MiniLM layers with the embedding path and own
fine-tuned copies of the layers above them (the shipped heads: layers 1-2 shared, 3-6 tuned), a
pooling step, a small multi-task MLP and linear readers of the pooled features. Their
raw outputs are mapped to calibrated 0..1 scores with parameters fitted at training time
(scoring/training/train.py); MODEL_CARD.md says what each score and its 0.5 mean.

Artifacts (default `scoring/artifacts/`):
- `heads.safetensors`: the weights, fp16;
- `heads.json`: format, version, layer config, the raw outputs and readers, and the calibration of
  each head.

No artifacts means no heads: `load_heads` returns None and the text model runs without them.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from pathlib import Path

import torch
from torch import nn

from scoring.text_model import ATTENTION

WEIGHTS_FILE = "heads.safetensors"
CONFIG_FILE = "heads.json"
# What training writes: /2 added `any_of` to the calibration, /3 the linear readers.
FORMAT = "convoscore-heads/3"
READABLE_FORMATS = ("convoscore-heads/1", "convoscore-heads/2", FORMAT)
MAX_TOKENS = 256  # log-length features are scaled by the encoder's window


def bert_config(layer_config: dict, attention: str):
    """A `BertConfig` for the tuned layers, with the given attention implementation."""
    from transformers import BertConfig

    config = BertConfig(**layer_config)
    config._attn_implementation = attention
    return config


def length_features(mask: torch.Tensor) -> torch.Tensor:
    """(B, T) 0/1 mask -> (B, 2) float32: log token count scaled to 0..1, and 1/sqrt(count)."""
    n = mask.float().sum(1).clamp(min=1.0)
    return torch.stack([torch.log(n) / math.log(MAX_TOKENS), n.rsqrt()], dim=1)


class HeadsModule(nn.Module):
    """Tuned top encoder layers + pooling + multi-task MLP + calibration.

    forward(hidden, ext_mask, mask) -> {name: (B,) calibrated 0..1 tensor}, where `hidden` is the
    (B, T, 384) output of the first `shared_layers` frozen MiniLM layers, `ext_mask` the additive
    (B, 1, 1, T) mask and `mask` the (B, T) 0/1 attention mask.
    """

    def __init__(self, config: dict, attention: str = ATTENTION) -> None:
        super().__init__()
        self.config = config
        self.shared_layers: int = int(config["shared_layers"])
        self.version: str = str(config.get("version", "heads-untrained"))
        self.raw_outputs: list[str] = list(config["raw_outputs"])
        self.readers: list[str] = list(config.get("readers", []))
        self.calibration: dict[str, dict] = dict(config.get("calibration", {}))
        self.names: list[str] = list(config["names"])
        from transformers.models.bert.modeling_bert import BertLayer

        bert = bert_config(config["layer_config"], attention)
        n_tuned = int(config["tuned_layers"])
        self.layers = nn.ModuleList(BertLayer(bert, layer_idx=self.shared_layers + i) for i in range(n_tuned))
        hidden = int(config["layer_config"]["hidden_size"])
        width = int(config["mlp_width"])
        self.pool_query = nn.Linear(hidden, 1)  # attention pooling scores
        self.mlp = nn.Sequential(
            nn.Linear(2 * hidden + 2, width),
            nn.GELU(),
            nn.Dropout(float(config.get("mlp_dropout", 0.1))),
            nn.Linear(width, len(self.raw_outputs)),
        )
        # Linear readers of the pooled features, fitted after the MLP (training/readers.py): their
        # logits follow the MLP's raw outputs, named by `readers`.
        self.reader = nn.Linear(2 * hidden + 2, len(self.readers)) if self.readers else None

    # -- pieces used by training too -------------------------------------------------------------

    def encode(self, hidden: torch.Tensor, ext_mask: torch.Tensor) -> torch.Tensor:
        for layer in self.layers:
            hidden = layer(hidden, attention_mask=ext_mask)
        return hidden

    def features(self, hidden: torch.Tensor, ext_mask: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """(B, 2 * 384 + 2) float32 pooled features: masked mean, attention pooling, length."""
        top = self.encode(hidden, ext_mask)
        m = mask.to(top.dtype).unsqueeze(-1)
        mean = (top * m).sum(1).float() / m.sum(1).float().clamp(min=1.0)
        scores = self.pool_query(top).squeeze(-1).float()
        scores = scores.masked_fill(mask == 0, torch.finfo(torch.float32).min)
        attn = torch.softmax(scores, dim=1).unsqueeze(-1)
        attended = (top.float() * attn).sum(1)
        return torch.cat([mean, attended, length_features(mask).to(mean.device)], dim=1)

    def raw(self, hidden: torch.Tensor, ext_mask: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """(B, len(raw_outputs) + len(readers)) float32 raw outputs (logits, and z-scored arousal)."""
        features = self.features(hidden, ext_mask, mask)
        out = self.mlp(features.to(self.mlp[0].weight.dtype)).float()
        if self.reader is None:
            return out
        return torch.cat([out, self.reader(features.to(self.reader.weight.dtype)).float()], dim=1)

    def add_readers(self, names: list[str], weight: torch.Tensor, bias: torch.Tensor) -> None:
        """Attach fitted linear readers ((len(names), features) weight, (len(names),) bias)."""
        self.readers = list(names)
        self.config = {**self.config, "format": FORMAT, "readers": self.readers}
        self.reader = nn.Linear(weight.shape[1], len(names)).to(weight.device)
        with torch.no_grad():
            self.reader.weight.copy_(weight)
            self.reader.bias.copy_(bias)

    def calibrate(self, raw: torch.Tensor) -> dict[str, torch.Tensor]:
        """Raw outputs -> a 0..1 score per calibrated head.

        A head's score is p = sigmoid(sum_j w_j * raw_j + bias). A head with an `any_of` list
        (toxicity) combines p with further such probabilities as independent ways to qualify:
        1 - (1 - p) * prod_k (1 - p_k), which never falls when any one of them rises.
        """
        index = {name: i for i, name in enumerate(self.raw_outputs + self.readers)}

        def probability(cal: dict) -> torch.Tensor:
            z = torch.full_like(raw[:, 0], float(cal["bias"]))
            for source, w in cal["weights"].items():
                z = z + float(w) * raw[:, index[source]]
            return torch.sigmoid(z)

        out = {}
        for name in self.names:
            cal = self.calibration[name]
            p = probability(cal)
            if cal.get("any_of"):
                miss = 1.0 - p
                for part in cal["any_of"]:
                    miss = miss * (1.0 - probability(part))
                p = 1.0 - miss
            out[name] = p
        return out

    def forward(self, hidden: torch.Tensor, ext_mask: torch.Tensor, mask: torch.Tensor) -> dict[str, torch.Tensor]:
        return self.calibrate(self.raw(hidden, ext_mask, mask))


def heads_digest(weights: Path, calibration: dict) -> str:
    """The digest in the heads' version: of the weights and of the calibration, since either one
    changing changes the scores."""
    h = hashlib.sha256(Path(weights).read_bytes())
    h.update(json.dumps(calibration, sort_keys=True).encode("utf-8"))
    return h.hexdigest()[:10]


# A version written by training (scoring/training/train.py, write_artifacts): date, then heads_digest.
_DIGEST_VERSION = re.compile(r"heads-\d{4}\.\d{2}\.\d{2}-(?P<digest>[0-9a-f]{10})")


def verified_version(stated: str, weights: Path, calibration: dict) -> str:
    """`stated` when the weights and calibration are the ones it names, else `stated-modified-DIGEST`.

    Every score carries the heads' version, so a heads.json edited by hand, or one copied beside
    another run's weights, must not report the version of heads that score differently. A version
    not in training's form (a hand-made test artifact) names no digest and is kept.
    """
    named = _DIGEST_VERSION.fullmatch(stated)
    if named is None:
        return stated
    actual = heads_digest(weights, calibration)
    return stated if actual == named["digest"] else f"{stated}-modified-{actual}"


def load_heads(directory: Path, attention: str = ATTENTION) -> HeadsModule | None:
    """The trained heads from `directory`, or None when its artifact files are absent.

    Their version is checked against the files (`verified_version`)."""
    directory = Path(directory)
    weights, config_path = directory / WEIGHTS_FILE, directory / CONFIG_FILE
    if not (weights.is_file() and config_path.is_file()):
        return None
    from safetensors.torch import load_file

    config = json.loads(config_path.read_text(encoding="utf-8"))
    if config.get("format") not in READABLE_FORMATS:
        raise ValueError(f"{config_path}: unknown heads format {config.get('format')!r}")
    module = HeadsModule(config, attention)
    module.version = verified_version(module.version, weights, module.calibration)
    state = {k: v.float() for k, v in load_file(str(weights)).items()}
    module.load_state_dict(state, strict=True)
    module.eval()
    return module
