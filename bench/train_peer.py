"""The PyTorch peers of bench.train_step: transformers' Qwen2ForCausalLM on the same `small` config, with
peft's LoRA (or every weight trained), AdamW, and one of two losses.

- `sliced` (the strongest simple peer): the decoder's hidden states gathered at the target positions, then
  the head and the loss on those rows only, as ours does. LoRA DPO's reference is the same model under
  peft's `disable_adapter()` and `no_grad`, sliced the same way; full DPO's is precomputed, as ours.
- `full_logits`: the usual `model(input_ids).logits` over every position, then the masked loss.
"""

from __future__ import annotations

import numpy as np

PEFT_TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]


def torch_step(kind: str, mode: str, loss: str, data: dict[str, np.ndarray], config, lora):
    """A closure running one PyTorch train step on `data` (bench.train_step.synthetic_batch)."""
    import peft
    import torch
    from transformers import Qwen2Config, Qwen2ForCausalLM

    c = config
    hf = Qwen2Config(vocab_size=c.vocab_size, hidden_size=c.hidden_size, intermediate_size=c.intermediate_size,
                     num_hidden_layers=c.num_layers, num_attention_heads=c.num_heads,
                     num_key_value_heads=c.num_kv_heads, head_dim=c.head_dim, tie_word_embeddings=True,
                     rope_theta=c.rope_theta, rms_norm_eps=c.rms_norm_eps)
    torch.manual_seed(0)
    model = Qwen2ForCausalLM(hf)
    if mode == "lora":
        model = peft.get_peft_model(model, peft.LoraConfig(r=lora.rank, lora_alpha=lora.alpha, lora_dropout=0.0,
                                                           target_modules=PEFT_TARGETS))
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=1e-4, weight_decay=0.0)
    tokens = torch.tensor(data["tokens"], dtype=torch.long)
    pos = torch.tensor(data["target_pos"], dtype=torch.long)
    tgt = torch.tensor(data["target_ids"], dtype=torch.long)
    B, P = pos.shape
    labels = torch.full_like(tokens, -100)
    labels.scatter_(1, pos, tgt)
    core = model.get_base_model() if mode == "lora" else model  # Qwen2ForCausalLM under the peft wrapper

    def target_logps():
        """log p of each target [B, P] in float32."""
        if loss == "sliced":
            h = core.model(input_ids=tokens).last_hidden_state  # peft's adapters live inside the layers
            h_BxPxD = torch.gather(h, 1, pos[..., None].expand(B, P, h.shape[-1]))
            logits = core.lm_head(h_BxPxD).float()
            return torch.log_softmax(logits, -1).gather(-1, tgt[..., None])[..., 0]
        logits = model(input_ids=tokens).logits.float()
        logp = torch.log_softmax(logits, -1).gather(-1, labels.clamp(min=0)[..., None])[..., 0]
        return torch.gather(logp, 1, pos)

    def run():
        opt.zero_grad()
        if kind == "sft":
            if loss == "sliced":
                out = -target_logps().mean()
            else:  # the usual full-logits cross-entropy
                logits = model(input_ids=tokens).logits
                out = torch.nn.functional.cross_entropy(logits.float().flatten(0, 1), labels.flatten())
        else:
            if mode == "lora":
                with torch.no_grad(), model.disable_adapter():
                    ref = target_logps().sum(-1)
            else:  # precomputed reference, as ours
                ref = torch.full((B,), -50.0)
            pol = target_logps().sum(-1)
            h = B // 2
            margin = (pol[:h] - ref[:h]) - (pol[h:] - ref[h:])
            out = -torch.nn.functional.logsigmoid(0.1 * margin).mean()
        out.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()

    return run
