"""Training and evaluation of the trained per-comment heads (scoring/heads.py).

- `scoring.training.data`: loaders for the labelled data sets and the held-out splits;
- `scoring.training.train.train(data_dir, out_dir, seed=0, device="auto") -> dict`;
- `scoring.training.evaluate.evaluate(data_dir, model=None) -> list[dict]`, `evaluate_heads(data_dir,
  heads_dir=None, backend="auto")` and `format_table(rows)`.

Run: `python -m scoring.training.train [DATA_DIR] [OUT_DIR]` and `python -m scoring.training.evaluate
[DATA_DIR] [--heads-dir DIR] [--backend B]` (or `convoscore train` / `convoscore eval`).
"""
