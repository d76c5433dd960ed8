"""The text model's input side: tokenization and loading the packaged encoder."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
import torch

from scoring.emoji_words import emoji_as_words
from scoring.text_model import DEFAULT_MAX_TOKENS, encoder_path, load_encoder, tokenize_texts, vocabulary_characters

TRICKY = [
    "",
    "   ",
    "lol",
    "+1 👍👍",
    "Café naïve résumé – “quoted” — ½",
    "这是一个测试 and some English",
    "tab\tnew\nline\r\ncarriage",
    "e\u0301 combining accent, zero\u200bwidth, \u0000 nul",
    "https://example.com/a?b=c&d=e #tag @user",
    "supercalifragilisticexpialidocious " * 3,
    " ".join(f"word{i}" for i in range(400)),  # past the 256-token window
    "x" * 3000,  # one long unknown word
]


def test_tokenize_gives_the_wrapper_ids_cut_to_head_and_final_sep():
    tokenizer = load_encoder()[0]
    got = tokenize_texts(tokenizer, TRICKY)  # first: a wrapper call would reset the Rust tokenizer's state
    read = [emoji_as_words(t, vocabulary_characters(tokenizer)) for t in TRICKY]  # emoji as their names
    expected = tokenizer(read, add_special_tokens=True, truncation=False)["input_ids"]
    assert len(got) == len(TRICKY)
    for text, seq, enc in zip(TRICKY, expected, got):
        if len(seq) > DEFAULT_MAX_TOKENS:
            assert enc.truncated, text[:40]
            assert enc.input_ids == seq[: DEFAULT_MAX_TOKENS - 1] + [seq[-1]]
        else:
            assert not enc.truncated and enc.input_ids == seq, text[:40]
    assert any(e.truncated for e in got) and not all(e.truncated for e in got)
    assert tokenize_texts(tokenizer, []) == []


def test_an_encoder_stored_in_fp16_loads_as_fp32(tmp_path: Path):
    # transformers 5 keeps a checkpoint's stored dtype by default; the backends expect fp32.
    from safetensors.torch import load_file, save_file

    source = Path(encoder_path())
    for name in ("config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt"):
        shutil.copy(source / name, tmp_path / name)
    weights = load_file(str(source / "model.safetensors"))
    save_file({k: v.half().contiguous() for k, v in weights.items()}, str(tmp_path / "model.safetensors"))

    tokenizer, half_stored = load_encoder(str(tmp_path))
    _, packaged = load_encoder()
    assert {p.dtype for p in half_stored.parameters()} == {torch.float32}
    ids = torch.tensor([tokenize_texts(tokenizer, ["a calm, reasoned reply with a source"])[0].input_ids])
    with torch.inference_mode():
        a = half_stored(input_ids=ids).last_hidden_state.mean(1)[0].numpy()
        b = packaged(input_ids=ids).last_hidden_state.mean(1)[0].numpy()
    assert float(a @ b / np.linalg.norm(a) / np.linalg.norm(b)) > 0.999


def test_inference_attention_computes_what_training_attention_learned():
    # Training runs eager attention, inference the fused kernel; on a padded batch they must agree.
    from scoring.heads import load_heads
    from scoring.text_model import ARTIFACTS_DIR, ATTENTION, additive_mask
    from scoring.training.train import TRAINING_ATTENTION

    assert ATTENTION != TRAINING_ATTENTION  # otherwise this test compares a kernel with itself
    tokenizer, fused = load_encoder()
    _, eager = load_encoder(attention=TRAINING_ATTENTION)
    heads = {name: load_heads(ARTIFACTS_DIR, attention=name) for name in (ATTENTION, TRAINING_ATTENTION)}

    texts = ["ok", "a longer comment that gives a reason and a source for its claim, with some detail"]
    encoded = tokenize_texts(tokenizer, texts)
    width = max(e.n_tokens for e in encoded)
    ids = torch.zeros((len(texts), width), dtype=torch.long)
    mask = torch.zeros_like(ids)
    for row, e in enumerate(encoded):
        ids[row, : e.n_tokens] = torch.tensor(e.input_ids)
        mask[row, : e.n_tokens] = 1
    ext = additive_mask(mask, torch.float32)
    outputs = {}
    with torch.inference_mode():
        for name, encoder in ((ATTENTION, fused), (TRAINING_ATTENTION, eager)):
            hidden = encoder.embeddings(input_ids=ids)
            for layer in encoder.encoder.layer[: heads[name].shared_layers]:
                hidden = layer(hidden, attention_mask=ext)
            outputs[name] = heads[name].raw(hidden, ext, mask).numpy()
    assert np.abs(outputs[ATTENTION] - outputs[TRAINING_ATTENTION]).max() < 1e-4
