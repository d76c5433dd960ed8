"""`convoscore serve` configuration (flags and CONVOSCORE_* variables) and batch selection."""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys

import pytest

from service.cli import build_parser
from service.config import _FLAGS, ServeConfig, add_serve_arguments, env_name
from service.scheduler import select_batch


def parse(argv: list[str], env: dict[str, str] | None = None) -> ServeConfig:
    parser = argparse.ArgumentParser()
    add_serve_arguments(parser, environ=env or {})
    return ServeConfig.from_args(parser.parse_args(argv))


def test_defaults():
    cfg = parse([])
    assert cfg == ServeConfig()
    assert (cfg.host, cfg.port, cfg.metrics_port, cfg.backend) == ("127.0.0.1", 50051, 9464, "auto")
    assert cfg.max_batch_tokens is None and cfg.max_wait_ms is None and cfg.max_queue is None  # auto
    assert cfg.tls_cert is None and cfg.auth_token_file is None


def test_every_flag_has_an_environment_variable_and_the_command_line_wins():
    env = {"CONVOSCORE_PORT": "6000", "CONVOSCORE_MAX_WAIT_MS": "3.5", "CONVOSCORE_MAX_QUEUE": "77",
           "CONVOSCORE_TLS_CERT": "/x.crt", "CONVOSCORE_TLS_KEY": "/x.key", "CONVOSCORE_LOG_LEVEL": "DEBUG",
           "CONVOSCORE_MAX_BATCH_TOKENS": "auto"}
    cfg = parse([], env)
    assert (cfg.port, cfg.max_wait_ms, cfg.max_queue, cfg.tls_cert, cfg.log_level) == (6000, 3.5, 77, "/x.crt", "DEBUG")
    assert cfg.max_batch_tokens is None
    assert parse(["--port", "7000", "--max-queue", "5"], env).port == 7000
    assert parse(["--max-queue", "5"], env).max_queue == 5
    fields = set(ServeConfig.__dataclass_fields__)
    for flag, *_ in _FLAGS:
        assert flag.replace("-", "_") in fields
        assert env_name(flag) == "CONVOSCORE_" + flag.upper().replace("-", "_")


def test_help_lists_every_flag_with_its_variable_and_default():
    text = build_parser()._subparsers._group_actions[0].choices["serve"].format_help()
    flat = " ".join(text.split())
    for flag, *_ in _FLAGS:
        assert f"--{flag}" in text
        assert env_name(flag) in flat.replace("- ", "-").replace(" _", "_"), flag
    assert "default: 127.0.0.1" in flat and "default: 50051" in flat and "default: auto" in flat
    for required in ("host", "port", "metrics-port", "backend", "max-batch-tokens", "max-wait-ms", "max-queue",
                     "grace-seconds", "tls-cert", "tls-key", "tls-client-ca", "auth-token-file", "max-message-bytes",
                     "max-comments-per-request", "max-threads-per-request", "log-level", "port-file"):
        assert f"--{required} " in text or f"--{required}\n" in text, required


def test_batching_defaults_follow_the_backend():
    cpu, gpu = ServeConfig().resolved("bf16"), ServeConfig().resolved("cuda-fp16")
    assert (cpu.max_batch_tokens, cpu.max_wait_ms, cpu.max_queue) == (4096, 5.0, 4096)
    assert (gpu.max_batch_tokens, gpu.max_wait_ms, gpu.max_queue) == (32768, 2.0, 32768)
    assert ServeConfig(max_wait_ms=1.0).resolved("fp32").max_wait_ms == 1.0


def test_inconsistent_settings_are_refused():
    for bad in (ServeConfig(tls_cert="a"), ServeConfig(tls_client_ca="ca"), ServeConfig(log_level="LOUD"),
                ServeConfig(max_queue=0), ServeConfig(max_wait_ms=-1), ServeConfig(max_message_bytes=10)):
        with pytest.raises(ValueError):
            bad.check()


def test_score_and_serve_share_the_default_backend():
    parser = build_parser()
    assert parser.parse_args(["score"]).backend == parser.parse_args(["serve"]).backend == "auto"


def test_busy_port_fails_fast_with_exit_code_2():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        proc = subprocess.run([sys.executable, "-m", "service.cli", "serve", "--port", str(port), "--metrics-port", "-1"],
                              capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert "cannot" in proc.stderr and str(port) in proc.stderr


def test_select_batch_takes_the_oldest_text_with_texts_of_similar_length():
    lengths = [100, 10, 12, 11, 95, 9, 102]
    batch = select_batch(lengths, max_batch_tokens=320, max_batch_size=64)
    assert 0 in batch and sorted(batch) == [0, 4, 6]  # the long ones go together
    short_first = select_batch([10, 100, 11, 12], max_batch_tokens=320, max_batch_size=64)
    assert short_first == [0, 2, 3]
    assert select_batch([5] * 10, max_batch_tokens=10_000, max_batch_size=4) == [0, 1, 2, 3]
    assert select_batch([300], max_batch_tokens=100, max_batch_size=4) == [0]  # too long: alone
    assert select_batch([], 100, 4) == []


def test_select_batch_cuts_a_batch_whose_padding_costs_more_than_a_second_pass():
    lengths = [10, 12, 250, 11, 240]
    assert select_batch(lengths, 8192, 64) == [0, 1, 2, 3, 4]  # no cut without a split cost
    assert select_batch(lengths, 8192, 64, split_cost_tokens=512) == [0, 1, 3]  # the short ones
    assert select_batch([250, 12, 250, 11, 10], 8192, 64, split_cost_tokens=512) == [0, 2]  # the long ones
    assert select_batch(lengths, 8192, 64, split_cost_tokens=5000) == [0, 1, 2, 3, 4]  # not worth it
    assert select_batch([30, 40, 50, 60], 8192, 64, split_cost_tokens=512) == [0, 1, 2, 3]
