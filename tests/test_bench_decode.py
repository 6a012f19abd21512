"""The constraint the decode bench hands to peers accepts our contracts and refuses what our grammar refuses; the
HF export of our weights gives transformers the same logits; the bench's forced and unmasked runs of the decoder
loop take the steps they claim to. No timings here."""

from __future__ import annotations

import re
from pathlib import Path

import jax.numpy as jnp
import numpy as np
import pytest
import torch
from transformers import Qwen2ForCausalLM

from bench.contract_regex import contract_regex
from bench.decode import mask_overhead
from bench.forced_decoding import decode_forced
from decode.decoder import GrammarDecoder
from v2t.contract import make_contract, render, validate
from v2t.hf_export import export_hf
from v2t.jsonl import read_jsonl
from v2t.prompt import prompt_ids, target_ids
from v2t.rows import gold_contract
from v2t.tokenizer import IM_END_ID

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def contract_re():
    return re.compile(contract_regex())


def test_regex_accepts_every_gold_contract(contract_re):
    paths = [ROOT / "data/lockbox/dev-lockbox-v1.jsonl", *sorted((ROOT / "data/seeds").glob("*.jsonl"))]
    contracts = [gold_contract(row) for p in paths for row in read_jsonl(p)]
    assert len(contracts) > 100
    refused = [render(c) for c in contracts if not contract_re.fullmatch(render(c))]
    assert refused == []


@pytest.mark.parametrize(("contract", "accepted"), [
    (make_contract("search", "长" * 64, "鿰" * 64), True),
    (make_contract("search", "长" * 65, "搜索"), False),  # strings hold at most 64 characters
    (make_contract("search", "   ", "搜索"), False),  # and a non-space one
    (make_contract("form_fill", {f"字段{i}": "值" for i in range(8)}, "填写表单"), True),
    (make_contract("form_fill", {f"字段{i}": "值" for i in range(9)}, "填写表单"), False),  # at most 8 pairs
])
def test_regex_bounds_strings_and_pairs(contract_re, contract, accepted):
    assert bool(contract_re.fullmatch(render(contract))) is accepted


def test_regex_refuses_rule_breaking_contracts(contract_re):
    contract = make_contract("search", "天气", "搜索天气")
    assert not contract_re.fullmatch(render({**contract, "route": "deny"}))  # route is fixed by task type
    assert not contract_re.fullmatch(render(contract).replace('"天气"', '"天\\"气"'))  # no escapes in strings
    assert not contract_re.fullmatch(render(contract) + " ")  # compact, nothing after the object


def test_hf_export_gives_transformers_our_logits(tmp_path, tiny_model):
    model = tiny_model(3)
    hf = Qwen2ForCausalLM.from_pretrained(str(export_hf(model, tmp_path)), dtype=torch.float32).eval()
    ids_1xT = np.array([[151644, 8948, 198, 100, 2000, 151645]])
    ours = np.asarray(model(jnp.asarray(ids_1xT), jnp.arange(ids_1xT.shape[1])[None])[0])
    with torch.no_grad():
        theirs = hf(torch.as_tensor(ids_1xT)).logits.numpy()
    np.testing.assert_allclose(ours, theirs, atol=1e-4)


def test_mask_overhead_times_the_masked_run_and_the_unmasked_loop_along_the_same_tokens(tok, automaton, tiny_model):
    decoder = GrammarDecoder(tiny_model(0), tok, automaton, max_new_tokens=256, prompt_bucket=64)
    batches = [[prompt_ids(tok, t) for t in ("打开百度", "帮我查一下明天北京天气")]]
    masked = decoder.decode_ids(batches[0])
    paths = [[r.token_ids for r in masked]]
    out = mask_overhead(decoder, batches, paths, 2, repeats=1)
    assert out["same_tokens"]  # (a) compares like with like: same steps, same forward passes
    unmasked = decode_forced(decoder, batches[0], paths[0], masked=False)
    assert [(r.token_ids, r.forward_passes) for r in unmasked] == [(r.token_ids, r.forward_passes) for r in masked]
    # Forcing never beats the grammar: a given token the automaton refuses yields to the model's allowed choice.
    gold = target_ids(tok, make_contract("search", "天气", "搜索天气"))
    k = len(automaton.start_run)  # the first token the model chooses: the task type
    refused = [*gold[:k], IM_END_ID, *gold[k + 1:]]  # <|im_end|> is allowed only once the contract is complete
    forced = decode_forced(decoder, batches[0], [gold, refused])
    assert forced[0].token_ids == gold
    assert forced[1].token_ids[:k] == gold[:k] and forced[1].token_ids[k] != IM_END_ID
    assert validate(forced[1].text).semantic_valid
