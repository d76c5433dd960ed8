"""The SDK installs alone: a clean virtual environment, `pip install ./clients/python`, no server code.

Builds a plain venv (no system site-packages), installs the SDK from a copy of clients/python
(so the build leaves nothing in the repository), then, with that venv's python and from a folder
outside the repository: `import convoscore` works, torch / transformers / scoring / service are
not importable, the SDK declares grpcio and protobuf only, and a thread is scored against a real
server (the SDK README's example, and `convoscore-client health`).

pip resolves grpcio and protobuf through this machine's configured index and wheel cache. Takes
10-60 s; set CONVOSCORE_SKIP_VENV_TEST=1 to skip it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import venv
from pathlib import Path

import pytest
from server_harness import running_server
from test_sdk_server import readme_example

REPO = Path(__file__).resolve().parents[1]
SDK = REPO / "clients" / "python"

pytestmark = pytest.mark.skipif(
    os.environ.get("CONVOSCORE_SKIP_VENV_TEST", "") not in ("", "0"),
    reason="CONVOSCORE_SKIP_VENV_TEST is set",
)

CHECK = r"""
import importlib.metadata as md, importlib.util, json, sys
import convoscore, convoscore.cli, grpc, google.protobuf
missing = {name: importlib.util.find_spec(name) is None for name in ("torch", "transformers", "scoring", "service", "numpy")}
requires = sorted(r.split(";")[0].split(">")[0].split("<")[0].split("=")[0].strip() for r in md.requires("convoscore") or [])
print(json.dumps({"file": convoscore.__file__, "prefix": sys.prefix, "missing": missing, "requires": requires,
                  "dists": sorted(d.metadata["Name"].lower().replace("_", "-") for d in md.distributions())}))
"""


@pytest.fixture(scope="module")
def sdk_venv(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("sdk-venv")
    source = root / "src"
    shutil.copytree(SDK, source, ignore=shutil.ignore_patterns("build", "dist", "*.egg-info", "__pycache__"))
    env_dir = root / "venv"
    venv.EnvBuilder(with_pip=True, system_site_packages=False, clear=True).create(env_dir)
    python = env_dir / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    done = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(source)],
        capture_output=True, text=True, timeout=600, cwd=root, env=env,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return env_dir


def _run(env_dir: Path, args: list[str], cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout, cwd=cwd, env=env)


def test_sdk_installs_alone(sdk_venv, tmp_path):
    done = _run(sdk_venv, [str(sdk_venv / "bin" / "python"), "-c", CHECK], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["file"].startswith(str(sdk_venv)), report["file"]  # the installed copy, not the repo
    assert report["prefix"] == str(sdk_venv)
    assert all(report["missing"].values()), report["missing"]  # no torch, transformers, scoring, service
    assert report["requires"] == ["grpcio", "protobuf"]
    assert not {"torch", "transformers", "numpy", "convoscore-server"} & set(report["dists"]), report["dists"]


def test_venv_scores_against_a_real_server(sdk_venv, tmp_path, text_model_fp32):
    with running_server(text_model=text_model_fp32) as srv:
        code = readme_example().replace("127.0.0.1:50051", srv.address)
        done = _run(sdk_venv, [str(sdk_venv / "bin" / "python"), "-c", code], cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith("quality="), done.stdout
        health = _run(sdk_venv, [str(sdk_venv / "bin" / "convoscore-client"), "health", "--target", srv.address], cwd=tmp_path)
        assert (health.returncode, health.stdout.strip()) == (0, "SERVING"), health.stderr
        threads = tmp_path / "t.jsonl"
        threads.write_text(json.dumps({"id": "v1", "post": {"text": "Why is the build slow?"},
                                       "comments": [{"id": "c1", "text": "The cache key includes a timestamp."}]}) + "\n")
        scored = _run(sdk_venv, [str(sdk_venv / "bin" / "convoscore-client"), "score", str(threads), "--target", srv.address],
                      cwd=tmp_path)
        assert scored.returncode == 0, scored.stderr
        assert json.loads(scored.stdout)["id"] == "v1"
