"""The production decode loop with other token choices, for tests and benchmarks only: forced along given ids
(teacher forcing), with or without the grammar mask.

Both run GrammarDecoder's own jit loop (`GrammarDecoder.run`), so what they check and time is what users run.
"""

from __future__ import annotations

import jax.numpy as jnp
import numpy as np

from decode.decoder import Decoded, GrammarDecoder, first_max_B, grammar_argmax_B

FORCED_LOGIT = 1e30  # above any logit: the given token wins wherever it is not masked out


def _prefer_forced(logits_BxV, n_out_B, force_BxM):
    """Each row's given token at its output position gets FORCED_LOGIT (-1 past the end of a path: none)."""
    forced_B = jnp.take_along_axis(force_BxM, n_out_B[:, None], axis=1)[:, 0]
    return jnp.where(jnp.arange(logits_BxV.shape[-1])[None] == forced_B[:, None], FORCED_LOGIT, logits_BxV)


def forced_masked_B(logits_BxV, allowed, n_out_B, force_BxM):
    """Teacher forcing: the given token wherever the automaton allows it, else the model's allowed choice."""
    return grammar_argmax_B(_prefer_forced(logits_BxV, n_out_B, force_BxM), allowed, n_out_B, None)


def forced_unmasked_B(logits_BxV, allowed, n_out_B, force_BxM):
    """The same loop without the grammar mask: `allowed` is never called, so its cost leaves the loop. Only
    sound along a path the grammar accepts (the masked run's own tokens): the automaton still advances on it."""
    del allowed
    return first_max_B(_prefer_forced(logits_BxV, n_out_B, force_BxM))


def decode_forced(decoder: GrammarDecoder, prompts: list[list[int]], force: list[list[int]], *,
                  masked: bool = True) -> list[Decoded]:
    """Decode a batch with each row following its given ids; `masked=False` drops the grammar mask."""
    batch = decoder.batch(prompts)
    M = batch.out_BxM.shape[1]
    force_BxM = np.full((len(prompts), M), -1, np.int32)
    for b, ids in enumerate(force):
        force_BxM[b, : min(M, len(ids))] = ids[:M]
    return decoder.run(batch, forced_masked_B if masked else forced_unmasked_B, force_BxM)
