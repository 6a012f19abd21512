"""DPO: one concatenated forward equals separate forwards, the LoRA-off reference never moves while the
policy trains, precomputed reference = LoRA-off, and four pairs reach rewards/accuracies 1.0."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from flax import nnx

from tests.training_rows import write_rows
from train.config import load_train_config
from train.data import dpo_step_batch, target_slots
from train.dpo import dpo_data, dpo_job, precompute_reference
from train.dpo_step import completion_logps
from train.loop import prepare, train


@pytest.fixture(scope="module")
def setup(tmp_path_factory, tok):
    tmp = tmp_path_factory.mktemp("dpo")
    _, dpo_path = write_rows(tmp)
    # 16 steps left one of four pairs on the wrong side on the seed-0 tiny base (rewards/accuracies 0.75);
    # 32 steps reach 1.0 with margin 1.6.
    cfg = load_train_config("train/configs/tiny-cpu-dpo.toml",
                            [f"data.dpo_path='{dpo_path}'", f"run.out_dir='{tmp / 'runs'}'", "optim.total_steps=32"])
    train_pairs, dev_pairs, _ = dpo_data(cfg, tok)
    parts, _ = prepare(cfg, resume=False)
    return cfg, parts, train_pairs, dev_pairs


def _batch(cfg, pairs):
    slots = target_slots([s for p in pairs for s in p])
    arrays = dpo_step_batch(pairs, np.arange(len(pairs)), 1, cfg.data.buckets, slots)
    return {k: jnp.asarray(v[0]) for k, v in arrays.items()}


def test_concatenated_forward_equals_separate_forwards(setup):
    cfg, parts, pairs, _ = setup
    model = nnx.merge(parts.eval_graph, parts.lora, parts.rngs, parts.rest)
    # Give LoRA B non-zero values so the policy differs from the base.
    lora = jax.tree.map(lambda x: x + 0.01, parts.lora)
    model = nnx.merge(parts.eval_graph, lora, parts.rngs, parts.rest)
    both = _batch(cfg, pairs)
    together = completion_logps(model, both, budget_mib=64, average=False, lora_enabled=True)
    B = len(pairs)
    for half, sl in (("chosen", slice(0, B)), ("rejected", slice(B, 2 * B))):
        alone = {k: v[sl] for k, v in both.items() if k != "pair_weights"}
        separate = completion_logps(model, alone, budget_mib=64, average=False, lora_enabled=True)
        np.testing.assert_allclose(together[sl], separate, rtol=1e-5, err_msg=half)


def test_dpo_trains_to_full_accuracy_and_reference_stays_put(setup):
    cfg, parts, train_pairs, dev_pairs = setup
    slots = target_slots([s for p in train_pairs + dev_pairs for s in p])
    ref_before = precompute_reference(cfg, parts, train_pairs, slots)
    job = dpo_job(cfg, parts, train_pairs, dev_pairs, {})
    result = train(cfg, parts, job, resume=False)
    final = result["final_metrics"]
    assert final["rewards/accuracies"] == 1.0
    assert final["rewards/margins"] > 0 and final["loss"] < np.log(2)
    for name in ("rewards/chosen", "rewards/rejected", "logps/chosen", "logps/rejected", "lr", "grad_norm"):
        assert name in final
    # The reference (same weights, LoRA off) did not move; the policy (LoRA on) did.
    trained = parts.__class__(**{**parts.__dict__, "lora": result["lora"]})
    np.testing.assert_array_equal(precompute_reference(cfg, trained, train_pairs, slots), ref_before)
    model = nnx.merge(parts.eval_graph, result["lora"], parts.rngs, parts.rest)
    policy = completion_logps(model, _batch(cfg, train_pairs), budget_mib=64, average=False, lora_enabled=True)
    B = len(train_pairs)
    assert np.all(np.asarray(policy[:B]) - ref_before[:, 0] > np.asarray(policy[B:]) - ref_before[:, 1])


def test_precomputed_reference_equals_lora_off(setup):
    cfg, parts, pairs, _ = setup
    slots = target_slots([s for p in pairs for s in p])
    model = nnx.merge(parts.eval_graph, parts.lora, parts.rngs, parts.rest)
    base = completion_logps(model, _batch(cfg, pairs), budget_mib=64, average=False, lora_enabled=False)
    ref = precompute_reference(cfg, parts, pairs, slots)
    B = len(pairs)
    np.testing.assert_allclose(ref[:, 0], base[:B], rtol=1e-6)
    np.testing.assert_allclose(ref[:, 1], base[B:], rtol=1e-6)


def test_stacked_adapter_on_the_base_equals_dpo_on_the_merged_sft_model(tmp_path):
    from train.model_setup import build_model, lora_config, stacked_adapter
    from v2t.base_model import BASE_RECORD
    from v2t.jsonl import write_json_atomic
    from v2t.lora import lora_layers
    from v2t.peft import export_adapter, import_adapter

    cfg = load_train_config("train/configs/tiny-cpu-dpo.toml")
    sft_cfg = load_train_config("train/configs/tiny-cpu-dpo.toml", ["lora.rank=4", "lora.alpha=4.0",
                                                                    "lora.targets=['q','v','down']"])
    rng = np.random.default_rng(0)

    def randomise(model):
        for _, m in lora_layers(model):
            m.lora_b[...] = rng.normal(0, 0.05, m.lora_b.shape).astype(np.float32)

    sft_setup = build_model(sft_cfg)
    randomise(sft_setup.model)
    export_adapter(sft_setup.model, lora_config(sft_cfg), str(tmp_path / "sft" / "adapter"), "preset:tiny")
    write_json_atomic(tmp_path / "sft" / "adapter" / BASE_RECORD, sft_setup.base)
    setup = build_model(cfg, init_from=str(tmp_path / "sft"))
    policy, sft = setup.model, setup.stack_on
    assert setup.base == sft_setup.base  # the stacked adapter applies to the SFT run's base
    randomise(policy)
    tokens = jnp.array([[151644, 872, 198, 100, 2000, 3000]])
    positions = jnp.arange(6)[None]
    want, _ = policy(tokens, positions)

    stacked, stacked_cfg = stacked_adapter(policy, lora_config(cfg), sft)
    assert stacked_cfg.rank == 4 + cfg.lora.rank
    export_adapter(stacked, stacked_cfg, str(tmp_path / "stacked"), "preset:tiny")
    on_base = import_adapter(build_model(cfg).model, str(tmp_path / "stacked"))
    got, _ = on_base(tokens, positions)
    np.testing.assert_allclose(got, want, rtol=2e-4, atol=2e-4)
    base, _ = build_model(cfg).model(tokens, positions, lora_enabled=False)
    assert float(jnp.max(jnp.abs(base - want))) > 1e-3  # the adapters do change the output


def test_shared_prefix_and_whole_vocab_subset_give_the_plain_dpo_step(setup, tok):
    import optax

    from train.data import strip_prefix
    from train.dpo_step import make_dpo_step
    from v2t.prompt import system_prefix_ids

    cfg, parts, pairs, _ = setup
    prefix = system_prefix_ids(tok)
    short = [tuple(strip_prefix(list(p), prefix)) for p in pairs]
    V = parts.model.config.vocab_size
    tx = optax.sgd(1.0)  # the update is the gradient: compared linearly (Adam's first step is ~lr * sign(g))

    def one_step(batch_pairs, buckets, **kw):
        slots = target_slots([s for p in batch_pairs for s in p])
        arrays = dpo_step_batch(batch_pairs, np.arange(len(batch_pairs)), 1, buckets, slots)
        step = make_dpo_step(parts.train_graph, tx, cfg.dpo, budget_mib=64, **kw)
        lora = jax.tree.map(lambda x: x + 0.01, parts.lora)  # B != 0: the policy differs from the reference
        lora, _, m = step(lora, tx.init(lora), parts.rngs, parts.rest, {k: jnp.asarray(v) for k, v in arrays.items()},
                          jax.random.key(0))
        return m, lora

    plain, plain_lora = one_step(pairs, (256,))
    everything = (np.arange(V, dtype=np.int32), np.zeros(0, np.int32), 0)
    for m, lora in (one_step(short, (256 - len(prefix),), prefix=tuple(prefix)),
                    one_step(pairs, (256,), subset=everything)):
        for name in ("loss", "logps/chosen", "logps/rejected", "rewards/margins"):
            np.testing.assert_allclose(m[name], plain[name], rtol=1e-5, atol=1e-5, err_msg=name)
        for a, b in zip(jax.tree.leaves(lora), jax.tree.leaves(plain_lora), strict=True):
            np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-6)


def test_rpo_alpha_adds_the_chosen_mean_nll_to_each_pair(setup):
    from dataclasses import replace

    from train.dpo_step import make_dpo_eval

    cfg, parts, pairs, _ = setup
    lora = jax.tree.map(lambda x: x + 0.01, parts.lora)  # a policy that differs from the reference
    batch = _batch(cfg, pairs)
    plain = make_dpo_eval(parts.eval_graph, cfg.dpo, budget_mib=64)
    rpo = make_dpo_eval(parts.eval_graph, replace(cfg.dpo, rpo_alpha=0.5), budget_mib=64)
    loss_plain, _, _ = plain(lora, parts.rngs, parts.rest, batch)
    loss_rpo, _, _ = rpo(lora, parts.rngs, parts.rest, batch)
    model = nnx.merge(parts.eval_graph, lora, parts.rngs, parts.rest)
    B = len(pairs)
    chosen = {k: v[:B] for k, v in batch.items() if k != "pair_weights"}
    logp_B = completion_logps(model, chosen, budget_mib=64, average=False, lora_enabled=True)
    mean_nll_B = -np.asarray(logp_B) / np.asarray(chosen["target_w"]).sum(axis=-1)  # by hand, per pair
    np.testing.assert_allclose(float(loss_rpo) - float(loss_plain), 0.5 * mean_nll_B.sum(), rtol=1e-4)
