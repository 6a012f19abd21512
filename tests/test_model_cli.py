"""`python -m v2t.model`: parameter counts from abstract shapes, and logits of a checkpoint as .npy."""

from __future__ import annotations

import json
import subprocess
import sys
import types

import numpy as np
import pytest
from qwen2_reference import save_random_qwen2, torch_logits

from v2t.errors import cli_entry
from v2t.model_cli import main
from v2t.model_config import ModelConfig

CONFIG = ModelConfig(vocab_size=128, hidden_size=32, intermediate_size=64, num_layers=2, num_heads=4,
                     num_kv_heads=2, head_dim=8, tie_embeddings=False)


@pytest.fixture(scope="module")
def checkpoint(tmp_path_factory):
    path = tmp_path_factory.mktemp("ckpt")
    return str(path), save_random_qwen2(CONFIG, path, seed=4)


def test_info_prints_the_7b_parameter_count():
    result = subprocess.run([sys.executable, "-m", "v2t.model", "info", "--preset", "qwen2p5_7b"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "parameters: 7,615,616,512" in result.stdout
    assert "bf16 bytes: 15,231,233,024" in result.stdout


def test_info_of_the_tied_half_billion_preset(capsys):
    main(["info", "--preset", "qwen2p5_0p5b"])
    assert "parameters: 494,032,768" in capsys.readouterr().out


def test_logits_from_ids_match_transformers(checkpoint, tmp_path):
    path, reference = checkpoint
    out = tmp_path / "logits.npy"
    main(["logits", "--checkpoint", path, "--ids", "5,99,17,3,64", "--out", str(out)])
    got = np.load(out)
    expected = torch_logits(reference, np.array([[5, 99, 17, 3, 64]]))[0]
    assert got.shape == (5, CONFIG.vocab_size) and got.dtype == np.float32
    assert np.abs(got - expected).max() <= 1e-4


def test_text_is_tokenized_with_the_checkpoint_tokenizer(checkpoint, tmp_path, monkeypatch):
    path, reference = checkpoint
    seen = []

    class FakeTokenizer:
        def encode(self, text, add_special_tokens=False):
            return [ord(ch) % CONFIG.vocab_size for ch in text]

    def load_tokenizer(checkpoint_dir=None):
        seen.append(checkpoint_dir)
        return FakeTokenizer()

    monkeypatch.setitem(sys.modules, "v2t.tokenizer", types.SimpleNamespace(load_tokenizer=load_tokenizer))
    out = tmp_path / "text.npy"
    main(["logits", "--checkpoint", path, "--text", "打开", "--out", str(out)])
    assert seen == [path]
    expected = torch_logits(reference, np.array([[ord("打") % 128, ord("开") % 128]]))[0]
    assert np.abs(np.load(out) - expected).max() <= 1e-4


@pytest.mark.parametrize("ids, problem", [("1,x,3", "expected comma-separated integers"),
                                          ("1,500", "token ids out of range [0, 128): [500]")])
def test_bad_ids_exit_2_with_one_line_and_no_output(checkpoint, tmp_path, capsys, ids, problem):
    path, _ = checkpoint
    out = tmp_path / "bad.npy"
    code = cli_entry(main)(["logits", "--checkpoint", path, "--ids", ids, "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("error: ") and problem in err and err.count("\n") == 1
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_adapter_changes_the_logits_as_peft_does(checkpoint, tmp_path):
    import peft
    from transformers import Qwen2ForCausalLM

    path, _ = checkpoint
    settings = peft.LoraConfig(r=2, lora_alpha=4, target_modules=["k_proj", "gate_proj"], init_lora_weights=False)
    reference = peft.get_peft_model(Qwen2ForCausalLM.from_pretrained(path), settings).eval()
    reference.save_pretrained(str(tmp_path / "adapter"))
    out = tmp_path / "adapted.npy"
    main(["logits", "--checkpoint", path, "--ids", "7,8,9", "--adapter", str(tmp_path / "adapter"),
          "--out", str(out)])
    assert np.abs(np.load(out) - torch_logits(reference, np.array([[7, 8, 9]]))[0]).max() <= 1e-4


def test_merge_equals_peft_merge_and_unload(checkpoint, tmp_path):
    import peft
    import torch
    from safetensors.numpy import load_file
    from transformers import Qwen2ForCausalLM

    from v2t.base_model import BASE_RECORD, BaseSpec, base_record, build_base, fingerprint
    from v2t.lora import LoraConfig, lora_layers
    from v2t.model import with_lora
    from v2t.peft import export_adapter

    path, _ = checkpoint
    spec = BaseSpec(checkpoint=path)
    lora = LoraConfig(rank=4, alpha=8.0, targets=("q", "v", "o", "up", "down"))
    model = with_lora(build_base(spec), lora, seed=1)
    rng = np.random.default_rng(0)
    for _, layer in lora_layers(model):
        layer.lora_b[...] = rng.normal(0, 0.1, layer.lora_b.shape).astype(np.float32)
    adapter = tmp_path / "adapter"
    export_adapter(model, lora, str(adapter), path)
    (adapter / BASE_RECORD).write_text(json.dumps(base_record(spec, fingerprint(spec))), encoding="utf-8")
    out = tmp_path / "merged"
    assert main(["merge", "--checkpoint", path, "--adapter", str(adapter), "--out", str(out)]) == 0

    reference = peft.PeftModel.from_pretrained(Qwen2ForCausalLM.from_pretrained(path), str(adapter))
    want = {k: v.numpy() for k, v in reference.merge_and_unload().state_dict().items()}
    got = load_file(str(out / "model.safetensors"))
    assert set(got) == set(want)
    for key in got:
        np.testing.assert_allclose(got[key], want[key], atol=1e-6, err_msg=key)
    changed = [k for k in got if "q_proj.weight" in k or "down_proj.weight" in k]
    base = Qwen2ForCausalLM.from_pretrained(path).state_dict()
    assert all(np.abs(got[k] - base[k].numpy()).max() > 1e-3 for k in changed)  # the adapter was folded in
    # and the merged checkpoint runs in transformers as the adapted model does
    ids = np.array([[3, 41, 99, 7, 120]])
    merged = Qwen2ForCausalLM.from_pretrained(str(out), dtype=torch.float32).eval()
    np.testing.assert_allclose(torch_logits(merged, ids), torch_logits(reference, ids), atol=1e-4)


def test_merge_refuses_an_adapter_trained_on_another_base(checkpoint, tmp_path, capsys):
    from v2t.base_model import BASE_RECORD, BaseSpec, base_record, build_base
    from v2t.lora import LoraConfig
    from v2t.model import with_lora
    from v2t.peft import export_adapter

    path, _ = checkpoint
    lora = LoraConfig(rank=2, alpha=4.0, targets=("q",))
    adapter = tmp_path / "adapter"
    export_adapter(with_lora(build_base(BaseSpec(checkpoint=path)), lora), lora, str(adapter), path)
    (adapter / BASE_RECORD).write_text(json.dumps(base_record(BaseSpec(checkpoint="elsewhere"), "cd" * 32)),
                                       encoding="utf-8")
    out = tmp_path / "merged"
    assert cli_entry(main)(["merge", "--checkpoint", path, "--adapter", str(adapter), "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "base mismatch" in err and "cdcdcdcdcdcdcdcd" in err
    assert not out.exists()
