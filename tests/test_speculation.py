"""Prompt-lookup speculation: the decoder's outputs (text and token ids) are those of plain greedy decoding, on
random tiny models and on a tiny model overfit on rows whose strings copy the transcript, at batch 1 and 8;
drafts copy the prompt's continuation and stop where the grammar refuses them; copied strings cost fewer passes.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
import optax
import pytest
from flax import nnx

from bench.forced_decoding import decode_forced
from decode.automaton_jax import advance, allowed_BxV, device_tables, initial_states
from decode.decoder import GrammarDecoder
from decode.speculation import checked_draft, prompt_lookup_BxN
from decode.token_automaton import STRING
from tests.test_decoder import spoken_inputs
from v2t.contract import make_contract, render
from v2t.model import Qwen2
from v2t.model_config import preset
from v2t.prompt import encode_text, prompt_ids, target_ids, training_example

# Transcripts whose query and command copy a span of them (what the issue says most free strings do).
COPYING = [
    ("嗯帮我搜索一下三体评论区精选", make_contract("search", "三体评论区精选", "搜索三体评论区精选")),
    ("那个打开评论区里点赞最多的那条", make_contract("extract", "评论区里点赞最多的那条", "提取评论区里点赞最多的那条")),
    ("帮我查一下明天北京会不会下雨", make_contract("search", "明天北京会不会下雨", "搜索明天北京会不会下雨")),
]


# A refusal and a search whose strings the transcripts above do not hold: drafts copy them from a phrase corpus.
PHRASES = [make_contract("blocked", "代用户转账存在资金风险", "拒绝代为转账的请求"), *(c for _, c in COPYING),
           make_contract("search", "天气", "搜索天气")]


def decoders(model, tok, automaton, speculate=4, max_new_tokens=1024, phrase_contracts=()):
    # test_decoder's bucket and length: its compilations are shared when both files run
    return [GrammarDecoder(model, tok, automaton, max_new_tokens=max_new_tokens, prompt_bucket=64, speculate=s,
                           phrase_contracts=phrase_contracts)
            for s in (0, speculate)]


def assert_same_outputs(off, on):
    for a, b in zip(off, on, strict=True):
        assert (b.token_ids, b.text, b.finish) == (a.token_ids, a.text, a.finish)
        assert b.forward_passes <= a.forward_passes


@pytest.mark.parametrize("seed", [0, 11])
def test_random_models_decode_the_same_with_speculation_on(tok, automaton, tiny_model, seed):
    off, on = decoders(tiny_model(seed), tok, automaton)
    texts = [t for t, _ in COPYING] + spoken_inputs(5, seed)  # 8 rows of different lengths
    prompts = [prompt_ids(tok, t) for t in texts]
    plain, spec = off.decode_ids(prompts), on.decode_ids(prompts)
    assert_same_outputs(plain, spec)
    # drafts were taken (random tiny models often copy; that their drafts are refused where greedy differs is
    # shown along gold and on the overfit model below)
    assert sum(r.forward_passes for r in spec) < sum(r.forward_passes for r in plain)
    for p in prompts[:2]:  # batch 1
        assert_same_outputs(off.decode_ids([p]), on.decode_ids([p]))


@pytest.mark.parametrize("seed", [0, 11])
def test_random_models_decode_the_same_with_a_phrase_corpus(tok, automaton, tiny_model, seed):
    off, on = decoders(tiny_model(seed), tok, automaton, phrase_contracts=PHRASES)
    assert off.phrases == () and len(on.phrases) > 0  # speculation off drafts nothing, from no corpus
    prompts = [prompt_ids(tok, t) for t in [t for t, _ in COPYING] + spoken_inputs(5, seed)]
    assert_same_outputs(off.decode_ids(prompts), on.decode_ids(prompts))
    for p in prompts[:2]:  # batch 1
        assert_same_outputs(off.decode_ids([p]), on.decode_ids([p]))


def test_a_phrase_corpus_drafts_strings_the_transcript_does_not_hold(tok, automaton, tiny_model):
    model = tiny_model(0)
    off, lookup = decoders(model, tok, automaton)
    phrases = decoders(model, tok, automaton, phrase_contracts=PHRASES)[1]
    prompts = [prompt_ids(tok, "帮我给他转两千块钱")]
    gold = [target_ids(tok, PHRASES[0])]
    plain, spec, spec_phrases = (decode_forced(d, prompts, gold)[0] for d in (off, lookup, phrases))
    assert plain.token_ids == spec.token_ids == spec_phrases.token_ids == gold[0]
    # both strings come from the corpus, each first token from its context (the task type and the key)
    assert spec_phrases.forward_passes <= spec.forward_passes - 4
    # a corpus of other contracts drafts the opening its task type's rows have in common, never a wrong token
    other = decoders(model, tok, automaton, phrase_contracts=PHRASES[1:])[1]
    assert decode_forced(other, prompts, gold)[0].token_ids == gold[0]


def test_speculation_stops_at_max_new_tokens_like_greedy(tok, automaton, tiny_model):
    off, on = decoders(tiny_model(11), tok, automaton, speculate=8, max_new_tokens=40)
    prompts = [prompt_ids(tok, t) for t, _ in COPYING]
    a, b = off.decode_ids(prompts), on.decode_ids(prompts)
    assert_same_outputs(a, b)
    assert {r.finish for r in b} == {"max_tokens"} and {len(r.token_ids) for r in b} == {40}


def test_copied_strings_along_gold_take_fewer_passes(tok, automaton, tiny_model):
    off, on = decoders(tiny_model(0), tok, automaton)
    prompts = [prompt_ids(tok, t) for t, _ in COPYING]
    gold = [target_ids(tok, c) for _, c in COPYING]
    plain, spec = decode_forced(off, prompts, gold), decode_forced(on, prompts, gold)
    for p, s, g in zip(plain, spec, gold, strict=True):
        assert p.token_ids == s.token_ids == g
        assert s.forward_passes <= p.forward_passes - 3  # each copied string saves passes
    # a string the transcript does not hold saves nothing
    other = [make_contract("blocked", "代用户转账存在资金风险", "拒绝代为转账的请求")]
    ids = [target_ids(tok, c) for c in other]
    p1, s1 = decode_forced(off, prompts[:1], ids)[0], decode_forced(on, prompts[:1], ids)[0]
    assert p1.token_ids == s1.token_ids == ids[0] and s1.forward_passes == p1.forward_passes


def test_prompt_lookup_drafts_the_continuation_of_the_longest_match():
    source_BxS = jnp.asarray([[5, 6, 7, 8, 6, 9, 10, 11], [5, 6, 7, 8, 6, 9, 10, 11], [1, 2, 3, 4, 0, 0, 0, 0]])
    valid_BxS = jnp.asarray([[True] * 8, [True] * 8, [True] * 4 + [False] * 4])
    suffix_BxL = jnp.asarray([[0, 9, 6], [0, 5, 6], [0, 0, 4]])  # the string's last tokens, oldest first
    tokens_BxN, valid_BxN = prompt_lookup_BxN(source_BxS, valid_BxS, suffix_BxL, jnp.asarray([1, 2, 1]), 3)
    # row 0: only [6] counts (suffix length 1): its first occurrence, then 7 8 6
    # row 1: [5, 6] matches at the start: 7 8 6; row 2: [4] ends the valid source, nothing follows it
    assert np.asarray(tokens_BxN)[:2].tolist() == [[7, 8, 6], [7, 8, 6]]
    assert np.asarray(valid_BxN).tolist() == [[True] * 3, [True] * 3, [False] * 3]


def test_a_draft_stops_where_the_grammar_refuses_it(tok, automaton):
    tables = device_tables(automaton)
    gold = target_ids(tok, make_contract("search", "天气", "搜索天气"))
    start = len(automaton.start_run)
    # walk the gold path to the first string's interior with the jnp automaton
    s = initial_states(tables, automaton.start_node, 1)
    i = start
    while int(tables.node_kind_N[s.node_B][0]) != STRING:
        s, _, run_len = advance(tables, s, jnp.asarray([gold[i]]))
        i += 1 + int(run_len[0])
    words = encode_text(tok, "天气")
    quote = encode_text(tok, '"')
    draft = jnp.asarray([[*words, quote[0], *words]])
    length_B, states = checked_draft(tables, s, draft, jnp.ones(draft.shape, bool), automaton.max_string_chars)
    assert int(length_B[0]) == len(words)  # a quote is not string content: the draft ends before it
    after = jax.tree.map(lambda x: x[len(words)], states)
    assert int(after.chars_B[0]) == 2 and bool(after.nonspace_B[0])
    mask = allowed_BxV(tables, after, automaton.max_string_chars, automaton.max_field_pairs)
    assert bool(mask[0, words[0]])  # the state after the draft is a string's, as greedy's would be


@pytest.fixture(scope="module")
def overfit_model(tok):
    """The tiny preset trained (all weights) on COPYING until it reproduces each target by greedy argmax."""
    model = Qwen2(preset("tiny"), rngs=nnx.Rngs(5))
    examples = [training_example(tok, t, c) for t, c in COPYING]
    T = max(len(ids) for ids, _ in examples)
    tokens_BxT = np.zeros((len(examples), T), np.int32)
    mask_BxT = np.zeros((len(examples), T), bool)
    for b, (ids, mask) in enumerate(examples):
        tokens_BxT[b, : len(ids)], mask_BxT[b, : len(ids)] = ids, mask
    at_B, at_T = np.nonzero(mask_BxT[:, 1:])  # predict token t + 1 at position t, only the targets
    targets = jnp.asarray(tokens_BxT[at_B, at_T + 1])
    graphdef, params = nnx.split(model)
    tx = optax.adam(3e-3)

    def loss_fn(params):
        m = nnx.merge(graphdef, params)
        hidden_BxTxD, _ = m.hidden(jnp.asarray(tokens_BxT), jnp.broadcast_to(jnp.arange(T), tokens_BxT.shape))
        logits_NxV = m.logits(hidden_BxTxD[at_B, at_T][None])[0]
        return optax.softmax_cross_entropy_with_integer_labels(logits_NxV, targets).mean()

    @jax.jit
    def step(params, opt):
        loss, grads = jax.value_and_grad(loss_fn)(params)
        updates, opt = tx.update(grads, opt, params)
        return optax.apply_updates(params, updates), opt, loss

    opt = tx.init(params)
    for _ in range(150):
        params, opt, loss = step(params, opt)
        if float(loss) < 0.01:
            break
    assert float(loss) < 0.05
    return nnx.merge(graphdef, params)


def test_overfit_model_decodes_the_same_with_fewer_passes(tok, automaton, overfit_model):
    off, on = decoders(overfit_model, tok, automaton)
    prompts = [prompt_ids(tok, t) for t, _ in COPYING]
    for batch in ([prompts[0]], prompts, [*prompts, *(prompt_ids(tok, t) for t in spoken_inputs(5, 1))]):
        plain, spec = off.decode_ids(batch), on.decode_ids(batch)
        assert_same_outputs(plain, spec)
        n = min(len(batch), len(COPYING))
        for (_, contract), p, s in zip(COPYING[:n], plain[:n], spec[:n], strict=True):
            assert s.text == render(contract)  # the model learnt its rows: greedy copies the transcript
            assert s.forward_passes <= p.forward_passes - 3


def test_overfit_model_with_its_training_rows_as_phrases_decodes_the_same_in_fewer_passes(tok, automaton,
                                                                                          overfit_model):
    off, lookup = decoders(overfit_model, tok, automaton)
    phrases = decoders(overfit_model, tok, automaton, phrase_contracts=[c for _, c in COPYING])[1]
    prompts = [prompt_ids(tok, t) for t, _ in COPYING]
    plain, spec, spec_phrases = off.decode_ids(prompts), lookup.decode_ids(prompts), phrases.decode_ids(prompts)
    assert_same_outputs(plain, spec_phrases)
    for (_, contract), s, sp in zip(COPYING, spec, spec_phrases, strict=True):
        assert sp.text == render(contract)
        assert sp.forward_passes < s.forward_passes  # each string's first token is drafted from its context
