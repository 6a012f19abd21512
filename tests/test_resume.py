"""kill -9 in the middle of an SFT run, then --resume: the final adapter equals an uninterrupted run's."""

import json
import os
import signal
import subprocess
import sys
import time

import numpy as np
from safetensors.numpy import load_file

from tests.training_rows import write_rows

STEPS = 8


def _cmd(sft, out, *extra):
    return [sys.executable, "-m", "train.sft", "--config", "train/configs/tiny-cpu-sft.toml",
            "--set", f"data.sft_path='{sft}'", "--set", f"run.out_dir='{out}'", "--set", "data.batch_size=2",
            "--set", f"optim.total_steps={STEPS}", "--set", "run.checkpoint_every=2", "--set", "run.log_every=1",
            *extra]


def test_kill_then_resume_matches_uninterrupted_run(tmp_path):
    sft, _ = write_rows(tmp_path)
    env = dict(os.environ, V2T_NO_PROGRESS="1")
    whole = subprocess.run(_cmd(sft, tmp_path / "a"), capture_output=True, text=True, env=env, timeout=300)
    assert whole.returncode == 0, whole.stderr[-2000:]

    run_dir = tmp_path / "b" / "tiny-sft"
    proc = subprocess.Popen(_cmd(sft, tmp_path / "b"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    deadline = time.time() + 240
    while not (run_dir / "checkpoints" / "2").is_dir() and proc.poll() is None and time.time() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    assert proc.wait() == -signal.SIGKILL  # killed mid-run, not finished
    assert not (run_dir / "adapter").exists()
    steps_before = [json.loads(x)["step"] for x in (run_dir / "metrics.jsonl").read_text().splitlines()]
    assert max(steps_before) < STEPS

    again = subprocess.run(_cmd(sft, tmp_path / "b", "--resume"), capture_output=True, text=True, env=env,
                           timeout=300)
    assert again.returncode == 0, again.stderr[-2000:]
    a = load_file(tmp_path / "a" / "tiny-sft" / "adapter" / "adapter_model.safetensors")
    b = load_file(run_dir / "adapter" / "adapter_model.safetensors")
    assert a.keys() == b.keys()
    assert max(float(np.max(np.abs(a[k] - b[k]))) for k in a) <= 1e-6
    assert max(float(np.max(np.abs(a[k]))) for k in a if "lora_B" in k) > 0  # it did train
    steps = [json.loads(x)["step"] for x in (run_dir / "metrics.jsonl").read_text().splitlines()]
    assert steps == list(range(1, STEPS + 1))  # rows past the checkpoint were dropped, none repeated


def test_fresh_run_refuses_a_dir_with_checkpoints(tmp_path):
    sft, _ = write_rows(tmp_path)
    env = dict(os.environ, V2T_NO_PROGRESS="1")
    (tmp_path / "runs" / "tiny-sft" / "checkpoints" / "2").mkdir(parents=True)
    proc = subprocess.run(_cmd(sft, tmp_path / "runs"), capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 2
    assert proc.stderr.strip().endswith("holds checkpoints of an earlier run; pass --resume or choose another run.name")


def test_missing_data_file_is_one_error_line(tmp_path):
    env = dict(os.environ, V2T_NO_PROGRESS="1")
    proc = subprocess.run(_cmd(tmp_path / "nope.jsonl", tmp_path / "runs"), capture_output=True, text=True,
                          env=env, timeout=300)
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"error: {tmp_path / 'nope.jsonl'}: file not found (run `python -m v2t.build` first)"


def test_full_mode_resume_from_an_earlier_checkpoint_matches_uninterrupted_run(tmp_path):
    """Full mode checkpoints every weight and the Adam state: resuming from step 6 gives the same model."""
    import shutil

    sft, _ = write_rows(tmp_path)
    env = dict(os.environ, V2T_NO_PROGRESS="1")
    full = ("--set", "train.mode='full'", "--set", "optim.lr=3e-3")
    whole = subprocess.run(_cmd(sft, tmp_path / "a", *full), capture_output=True, text=True, env=env, timeout=300)
    assert whole.returncode == 0, whole.stderr[-2000:]
    run_dir = tmp_path / "a" / "tiny-sft"
    first = load_file(run_dir / "model" / "model.safetensors")
    shutil.rmtree(run_dir / "checkpoints" / str(STEPS))  # as if killed after the step-6 checkpoint
    shutil.rmtree(run_dir / "model")
    again = subprocess.run(_cmd(sft, tmp_path / "a", *full, "--resume"), capture_output=True, text=True, env=env,
                           timeout=300)
    assert again.returncode == 0, again.stderr[-2000:]
    second = load_file(run_dir / "model" / "model.safetensors")
    assert first.keys() == second.keys()
    assert max(float(np.max(np.abs(first[k] - second[k]))) for k in first) <= 1e-6
    steps = [json.loads(x)["step"] for x in (run_dir / "metrics.jsonl").read_text().splitlines()]
    assert steps == list(range(1, STEPS + 1))
