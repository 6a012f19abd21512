"""The PyTorch reference for parity tests: transformers' Qwen2ForCausalLM with random weights, saved as a checkpoint.

Every weight (biases and norm scales too) is random, so a wrong name map or transpose cannot hide behind zeros or ones.
"""

from __future__ import annotations

import numpy as np
import torch
from transformers import Qwen2Config, Qwen2ForCausalLM

from v2t.model_config import ModelConfig

torch.set_num_threads(2)


def hf_config(config: ModelConfig) -> Qwen2Config:
    return Qwen2Config(
        vocab_size=config.vocab_size, hidden_size=config.hidden_size, intermediate_size=config.intermediate_size,
        num_hidden_layers=config.num_layers, num_attention_heads=config.num_heads,
        num_key_value_heads=config.num_kv_heads, head_dim=config.head_dim, rope_theta=config.rope_theta,
        rms_norm_eps=config.rms_norm_eps, tie_word_embeddings=config.tie_embeddings,
        max_position_embeddings=config.max_position_embeddings,
    )


def random_qwen2(config: ModelConfig, seed: int = 0) -> Qwen2ForCausalLM:
    torch.manual_seed(seed)
    model = Qwen2ForCausalLM(hf_config(config)).eval()
    with torch.no_grad():
        for name, param in model.named_parameters():
            if "norm" in name:
                param.uniform_(0.5, 1.5)
            else:
                param.normal_(0.0, 0.05)
    return model


def save_random_qwen2(config: ModelConfig, out_dir, seed: int = 0, **save_kwargs) -> Qwen2ForCausalLM:
    model = random_qwen2(config, seed)
    model.save_pretrained(str(out_dir), **save_kwargs)
    return model


def torch_logits(model, ids_BxT: np.ndarray) -> np.ndarray:
    with torch.no_grad():
        return model(torch.as_tensor(np.asarray(ids_BxT), dtype=torch.long)).logits.float().numpy()
