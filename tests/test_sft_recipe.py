"""The CPU recipe's SFT options against the plain path: the shared system prompt gives the plain forward's
loss and update, the subset softmax is the full one when the subset is the whole vocabulary (and a hand
log-softmax over its columns otherwise), and the task-type weights land on the task-type token."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from flax import nnx

from tests.training_rows import write_rows
from train.config import load_train_config
from train.data import sft_step_batch, strip_prefix, target_slots
from train.loop import prepare
from train.optimizer import optimizer
from train.sft import sft_data
from train.sft_step import make_sft_step, subset_ids, subset_logprobs, target_hidden, target_logprobs
from train.token_weights import task_type_position, weight_task_type
from v2t.errors import UserError
from v2t.prompt import system_prefix_ids


@pytest.fixture(scope="module")
def setup(tmp_path_factory, tok):
    tmp = tmp_path_factory.mktemp("recipe")
    sft_path, _ = write_rows(tmp)
    sets = [f"data.sft_path='{sft_path}'", f"run.out_dir='{tmp / 'runs'}'", "train.mode='full'",
            "data.loss_on='choices'"]
    cfg = load_train_config("train/configs/tiny-cpu-sft.toml", sets)
    seqs, _, _ = sft_data(cfg, tok)
    parts, _ = prepare(cfg, resume=False)
    return cfg, parts, seqs, sft_path


def _batch(seqs, buckets):
    return {k: jnp.asarray(v) for k, v in sft_step_batch(seqs, np.arange(4), 1, buckets, target_slots(seqs)).items()}


def _one_step(parts, cfg, batch, **kw):
    tx = optimizer(cfg.optim)
    step = make_sft_step(parts.train_graph, tx, budget_mib=64, **kw)
    params = jax.tree.map(jnp.copy, parts.lora)
    params, _, m = step(params, tx.init(params), parts.rngs, parts.rest, batch, jax.random.key(3))
    return float(m["loss"]), params


def test_shared_prefix_gives_the_plain_forward_loss_and_update(setup, tok):
    cfg, parts, seqs, _ = setup
    prefix = system_prefix_ids(tok)
    short = strip_prefix(seqs, prefix)
    assert all(s.offset == len(prefix) and len(s.ids) == len(t.ids) - len(prefix) for s, t in zip(short, seqs, strict=True))
    plain, shared = _batch(seqs, (256,)), _batch(short, (256 - len(prefix),))
    model = nnx.merge(parts.eval_graph, parts.lora, parts.rngs, parts.rest)
    want = target_logprobs(model, plain["tokens"][0], plain["target_pos"][0], plain["target_ids"][0], budget_mib=64)
    got = target_logprobs(model, shared["tokens"][0], shared["target_pos"][0], shared["target_ids"][0], budget_mib=64,
                          prefix=tuple(prefix))
    real = np.asarray(plain["target_w"][0]) > 0  # padding slots gather position 0, a different token in each
    np.testing.assert_array_equal(real, np.asarray(shared["target_w"][0]) > 0)
    np.testing.assert_allclose(np.asarray(got)[real], np.asarray(want)[real], rtol=1e-5, atol=1e-5)
    loss_plain, params_plain = _one_step(parts, cfg, plain)
    loss_shared, params_shared = _one_step(parts, cfg, shared, prefix=tuple(prefix))
    assert abs(loss_plain - loss_shared) <= 1e-5 * loss_plain
    for a, b in zip(jax.tree.leaves(params_plain), jax.tree.leaves(params_shared), strict=True):
        np.testing.assert_allclose(a, b, atol=1e-5)  # Adam: lr * g / (|g| + eps) is sensitive where g ~ 0


def test_a_row_without_the_system_prompt_is_refused(setup, tok):
    _, _, seqs, _ = setup
    with pytest.raises(UserError, match="does not start with the shared system prompt"):
        strip_prefix(seqs, [1, 2, 3])


def test_subset_softmax_equals_full_on_the_whole_vocab_and_a_hand_softmax_on_a_subset(setup):
    cfg, parts, seqs, _ = setup
    batch = _batch(seqs, cfg.data.buckets)
    V = parts.model.config.vocab_size
    full_loss, full_params = _one_step(parts, cfg, batch)
    everything = (np.arange(V, dtype=np.int32), np.zeros(0, np.int32), 0)
    sub_loss, sub_params = _one_step(parts, cfg, batch, subset=everything)
    assert abs(full_loss - sub_loss) <= 1e-5 * full_loss
    for a, b in zip(jax.tree.leaves(full_params), jax.tree.leaves(sub_params), strict=True):
        np.testing.assert_allclose(a, b, atol=1e-5)  # Adam: lr * g / (|g| + eps) is sensitive where g ~ 0

    model = nnx.merge(parts.eval_graph, parts.lora, parts.rngs, parts.rest)
    mb = {k: v[0] for k, v in batch.items()}
    h = target_hidden(model, mb["tokens"], mb["target_pos"])
    ids = np.unique(np.concatenate([np.asarray(mb["target_ids"]).ravel(), np.arange(0, V, 997)])).astype(np.int32)
    got = subset_logprobs(model, h, mb["target_ids"], jnp.asarray(ids))
    logits = np.asarray(model.logits(h), np.float64)[..., ids]  # the full logits, their subset's columns
    col = np.searchsorted(ids, np.asarray(mb["target_ids"]))
    want = np.take_along_axis(logits, col[..., None], -1)[..., 0] - np.log(np.exp(logits).sum(-1))
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-4)
    assert (np.asarray(got) > np.asarray(target_logprobs(model, mb["tokens"], mb["target_pos"], mb["target_ids"],
                                                         budget_mib=64)) - 1e-4).all()  # fewer ids, more mass each


def test_subset_draw_depends_on_the_step_key_only():
    kept, others = np.array([0, 5, 9], np.int32), np.arange(10, 5000, dtype=np.int32)
    one = np.asarray(subset_ids(jax.random.key(7), kept, others, 64))
    assert list(one[:3]) == [0, 5, 9] and len(set(one[3:])) == 64 and set(one[3:]) <= set(others)
    np.testing.assert_array_equal(one, subset_ids(jax.random.key(7), kept, others, 64))  # resume: same ids
    assert set(one[3:]) != set(np.asarray(subset_ids(jax.random.key(8), kept, others, 64))[3:])
    assert len(subset_ids(jax.random.key(7), kept, others[:10], 64)) == 13  # at most every other id


def test_task_type_weights_scale_the_task_type_token_only(setup, tok):
    cfg, parts, seqs, sft_path = setup
    from v2t.jsonl import read_jsonl

    rows = [r for r in read_jsonl(sft_path) if r["split"] == "train"]
    weighted = weight_task_type(seqs, rows, tok, task_type_weight=2.0, blocked_weight=2.5)
    for s, w, row in zip(seqs, weighted, rows, strict=True):
        at = task_type_position(tok, row)
        task = row["target_contract"]["task_type"]
        assert task.startswith(tok.decode([int(s.ids[at])]))  # the token that picks the task type
        assert w.weights[at] == (5.0 if task == "blocked" else 2.0)
        rest = np.delete(np.arange(len(s.ids)), at)
        np.testing.assert_array_equal(w.weights[rest], s.mask[rest].astype(np.float32))
    batch = _batch(weighted, cfg.data.buckets)
    model = nnx.merge(parts.eval_graph, parts.lora, parts.rngs, parts.rest)
    mb = {k: v[0] for k, v in batch.items()}
    logp = np.asarray(target_logprobs(model, mb["tokens"], mb["target_pos"], mb["target_ids"], budget_mib=64))
    w = np.asarray(mb["target_w"])
    assert sorted(w.max(axis=1)) == [2.0, 2.0, 2.0, 5.0]  # one blocked row of four
    loss, _ = _one_step(parts, cfg, batch)
    np.testing.assert_allclose(loss, -(logp * w).sum() / w.sum(), rtol=1e-5)  # the weighted mean
    # with the prefix cut off, the weight moves with the token
    short = strip_prefix(weighted, system_prefix_ids(tok))
    for s, w in zip(short, weighted, strict=True):
        np.testing.assert_array_equal(s.weights, w.weights[s.offset:])


def test_bad_recipe_values_are_one_line_naming_the_field(tmp_path):
    from train.loop import check_config

    for override in ("data.blocked_weight=0", "data.task_type_weight=-1", "data.subset_negatives=-5"):
        cfg = load_train_config("train/configs/small-cpu-sft.toml", [override])
        with pytest.raises(UserError, match=r"small-cpu-sft.toml: data.subset_negatives must be >= 0"):
            check_config(cfg, "train/configs/small-cpu-sft.toml")
    with pytest.raises(UserError, match=r"key 'data.softmax' must be one of 'full' \| 'subset'"):
        load_train_config("train/configs/small-cpu-sft.toml", ["data.softmax='sampled'"])
