"""Config loading: strict keys and types, errors naming the key and the file, --set overrides."""

import pathlib
import subprocess
import sys

import pytest

from train.config import TrainConfig, load_train_config
from v2t.config import to_dict
from v2t.errors import UserError

CONFIGS = sorted(pathlib.Path("train/configs").glob("*.toml"))


def _write(tmp_path, text):
    p = tmp_path / "x.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_unknown_key_names_key_and_file(tmp_path):
    p = _write(tmp_path, "[optim]\nlrr = 0.1\n")
    with pytest.raises(UserError) as e:
        load_train_config(p)
    assert str(e.value) == f"{p}: unknown key 'optim.lrr'"


def test_unknown_section_and_wrong_type(tmp_path):
    with pytest.raises(UserError, match="unknown key 'optimizer'"):
        load_train_config(_write(tmp_path, "[optimizer]\nlr = 0.1\n"))
    with pytest.raises(UserError, match=r"x.toml: key 'data.batch_size' must be an integer, got a string"):
        load_train_config(_write(tmp_path, "[data]\nbatch_size = '8'\n"))
    with pytest.raises(UserError, match=r"key 'dpo.loss' must be one of 'sigmoid' \| 'ipo'"):
        load_train_config(_write(tmp_path, "[dpo]\nloss = 'hinge'\n"))
    with pytest.raises(UserError, match=r"key 'model.remat' must be a boolean"):
        load_train_config(_write(tmp_path, "[model]\nremat = 1\n"))


def test_values_and_overrides(tmp_path):
    p = _write(tmp_path, "[optim]\nlr = 1\n[data]\nbuckets = [32, 64]\n")
    cfg = load_train_config(p, ["run.name=demo", "optim.total_steps=7", "lora.targets=['q','v']"])
    assert cfg.optim.lr == 1.0 and isinstance(cfg.optim.lr, float)
    assert cfg.data.buckets == (32, 64)
    assert (cfg.run.name, cfg.optim.total_steps, cfg.lora.targets) == ("demo", 7, ("q", "v"))
    assert cfg.dpo == TrainConfig().dpo  # untouched sections keep their defaults
    with pytest.raises(UserError, match="unknown key 'optim.lrr'"):
        load_train_config(p, ["optim.lrr=3"])


@pytest.mark.parametrize("path", CONFIGS, ids=[p.name for p in CONFIGS])
def test_shipped_configs_load(path):
    cfg = load_train_config(path)
    assert to_dict(cfg)["run"]["name"]


def test_cli_reports_one_error_line(tmp_path):
    p = _write(tmp_path, "[optim]\nlrr = 0.1\n")
    proc = subprocess.run([sys.executable, "-m", "train.sft", "--config", str(p)], capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"error: {p}: unknown key 'optim.lrr'"
