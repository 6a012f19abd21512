"""Training data: rejected contracts tokenize like the grammar would where their text agrees, the step order is a function of
(seed, step) covering every row once per epoch, and packing puts targets where the loss mask is."""

import numpy as np

from train.data import Sequence, bucket_for, grouped_step_indices, length_groups, pack, step_indices
from v2t.contract import make_contract, render
from v2t.prompt import training_example


def test_rejected_contracts_tokenize_like_the_grammar_where_their_text_agrees(tok):
    right = make_contract("search", "上海地铁线路图", "搜索上海地铁线路图")
    wrong = make_contract("search", "上海地铁线路图", "搜索上海地铁线路图")
    wrong["slots"] = {"url": "https://www.bilibili.com"}  # a rejection: the wrong slot for its type
    ids, mask = training_example(tok, "嗯 帮我弄一下", wrong)
    target = [i for i, m in zip(ids, mask, strict=True) if m]
    assert tok.decode(target[:-1]) == render(wrong)
    # Up to the slot key the text is the valid contract's, and so are the ids.
    right_ids, right_mask = training_example(tok, "嗯 帮我弄一下", right)
    right_target = [i for i, m in zip(right_ids, right_mask, strict=True) if m]
    prefix = len(tok.encode(render(wrong).split('"url"')[0], add_special_tokens=False)) - 2
    assert target[:prefix] == right_target[:prefix]


def test_step_order_is_seeded_and_covers_each_epoch():
    first = np.concatenate([step_indices(s, 10, 5, seed=3) for s in range(2)])
    assert sorted(first) == list(range(10))  # one epoch = every row once
    assert np.array_equal(step_indices(7, 10, 5, seed=3), step_indices(7, 10, 5, seed=3))
    assert not np.array_equal(step_indices(0, 10, 5, seed=3), step_indices(0, 10, 5, seed=4))


def test_length_grouped_steps_pad_less_and_still_cover_each_epoch():
    buckets = (128, 176, 352)
    lengths = [100] * 37 + [150] * 10 + [300] * 5  # mostly short rows, as the demo's data
    groups = length_groups(lengths, buckets)
    steps = [grouped_step_indices(s, groups, 8, seed=0) for s in range(7)]  # one epoch: ceil(52 / 8) steps
    assert set(np.concatenate(steps)) == set(range(len(lengths)))  # every row seen this epoch
    mixed = [s for s in steps if len(set(groups[s])) > 1]
    assert len(mixed) <= len(buckets)  # only the buckets' leftovers share a step
    padded = [8 * bucket_for(max(lengths[i] for i in s), buckets) for s in steps]
    random = [8 * bucket_for(max(lengths[i] for i in step_indices(s, 52, 8, seed=0)), buckets) for s in range(7)]
    assert sum(padded) < 0.8 * sum(random)
    assert np.array_equal(grouped_step_indices(9, groups, 8, 0), grouped_step_indices(9, groups, 8, 0))  # resume
    assert not np.array_equal(np.concatenate(steps), np.concatenate([grouped_step_indices(s, groups, 8, 0)
                                                                    for s in range(7, 14)]))  # a new order


def test_pack_targets_follow_the_mask():
    s = Sequence("r", np.array([5, 6, 7, 8, 9], np.int32), np.array([0, 0, 0, 1, 1], bool))
    arrays = pack([s], length=6, slots=3)
    assert arrays["tokens"].tolist() == [[5, 6, 7, 8, 0, 0]]
    assert arrays["target_pos"].tolist() == [[2, 3, 0]]  # hidden at 7 predicts 8, at 8 predicts 9
    assert arrays["target_ids"].tolist() == [[8, 9, 0]]
    assert arrays["target_w"].tolist() == [[1, 1, 0]]
    assert bucket_for(4, (8, 6)) == 6
