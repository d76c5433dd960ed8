"""The README documents every `convoscore serve` flag and its environment variable."""

from __future__ import annotations

import argparse
import pathlib

from service.config import add_serve_arguments

README = (pathlib.Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_every_serve_flag_and_env_var_is_in_the_readme():
    parser = argparse.ArgumentParser()
    add_serve_arguments(parser)
    for action in parser._actions:
        if action.dest == "help":
            continue
        flag = action.option_strings[0]
        env = "CONVOSCORE_" + flag.lstrip("-").replace("-", "_").upper()
        assert f"`{flag}`" in README, flag
        assert f"`{env}`" in README, env
