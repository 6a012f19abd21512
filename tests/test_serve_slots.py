"""Slot engines (decode.serve_slots) decode what the whole-batch decoder decodes: the same tokens, text, finish and
forward passes for rows that join at different steps, share slots with other rows and reuse a freed slot.
"""

from __future__ import annotations

import pytest

from decode.decoder import GrammarDecoder
from decode.serve_slots import SlotDecoder
from tests.test_decoder import spoken_inputs
from tests.test_speculation import COPYING, PHRASES
from v2t.prompt import prompt_ids


def run_slots(engine: SlotDecoder, prompts: list[list[int]], admit_every: int = 1) -> dict[int, object]:
    """Admit prompts in order as slots free up, one more every `admit_every` step calls; every answer by index."""
    waiting, answers, calls = list(enumerate(prompts)), {}, 0
    while waiting or engine.active():
        if waiting and engine.free() and calls % admit_every == 0:
            i, p = waiting.pop(0)
            engine.admit(engine.free()[0], p, i)
        for i, decoded in engine.step():
            answers[i] = decoded
        calls += 1
        assert calls < 10_000, "slots never finished"
    return answers


@pytest.mark.parametrize("speculate, phrases", [(0, ()), (4, ()), (4, PHRASES)])
def test_slots_answer_what_decode_ids_answers(tok, automaton, tiny_model, speculate, phrases):
    decoder = GrammarDecoder(tiny_model(0), tok, automaton, max_new_tokens=1024, prompt_bucket=64,
                             speculate=speculate, phrase_contracts=phrases)
    texts = [t for t, _ in COPYING] + spoken_inputs(4, 0)
    prompts = [prompt_ids(tok, t) for t in texts]
    want = decoder.decode_ids(prompts)
    engine = SlotDecoder(decoder, 3, 128)  # fewer slots than prompts: freed slots are reused mid-flight
    got = run_slots(engine, prompts, admit_every=2)
    assert sorted(got) == list(range(len(prompts)))
    for i, w in enumerate(want):
        g = got[i]
        assert (g.token_ids, g.text, g.finish, g.forward_passes) == (w.token_ids, w.text, w.finish,
                                                                      w.forward_passes), texts[i]


def test_a_row_cut_at_max_new_tokens_ends_its_slot_like_decode_ids(tok, automaton, tiny_model):
    decoder = GrammarDecoder(tiny_model(11), tok, automaton, max_new_tokens=24, prompt_bucket=64)
    prompts = [prompt_ids(tok, t) for t, _ in COPYING]
    want = decoder.decode_ids(prompts)
    got = run_slots(SlotDecoder(decoder, 2, 64), prompts)
    assert [got[i].finish for i in range(len(prompts))] == [w.finish for w in want]
    assert "max_tokens" in {w.finish for w in want}
    assert [got[i].token_ids for i in range(len(prompts))] == [w.token_ids for w in want]
