"""The DPO train step: chosen and rejected in one concatenated forward, the reference from the same
weights with LoRA switched off (under stop_gradient) or from precomputed log-probs, AdamW on LoRA only.
"""

from __future__ import annotations

from collections.abc import Callable

import jax
import jax.numpy as jnp
import optax
from flax import nnx

from train.config import DpoSection
from train.losses import dpo_losses, sequence_logps
from train.sft_step import reseed, subset_ids, subset_logprobs, target_hidden, target_logprobs

# Summed per pair in the step, divided by the pair count at the end; logged under TRL's names.
TRL_METRICS = ("rewards/chosen", "rewards/rejected", "rewards/margins", "rewards/accuracies",
               "logps/chosen", "logps/rejected")


def completion_logps(model, mb, *, budget_mib: float, average: bool, lora_enabled: bool,
                     prefix: tuple[int, ...] = (), ids_S=None) -> jax.Array:
    """Sequence log-probs [2B] of a concatenated micro-batch (B chosen rows, then B rejected rows); with
    `ids_S` the softmax is over those ids only (data.softmax = "subset"), the same for policy and reference."""
    if ids_S is None:
        logp_NxP = target_logprobs(model, mb["tokens"], mb["target_pos"], mb["target_ids"], budget_mib=budget_mib,
                                   lora_enabled=lora_enabled, prefix=prefix)
    else:
        h_NxPxD = target_hidden(model, mb["tokens"], mb["target_pos"], lora_enabled=lora_enabled, prefix=prefix)
        logp_NxP = subset_logprobs(model, h_NxPxD, mb["target_ids"], ids_S)
    return sequence_logps(logp_NxP, mb["target_w"], average=average)


def _pair_sums(graphdef, dpo: DpoSection, budget_mib: float, prefix: tuple[int, ...]):
    average = dpo.loss == "ipo"  # TRL's IPO uses the mean log-prob per completion token

    def pair_sums(lora, rngs, rest, mb, ids_S=None):
        model = nnx.merge(graphdef, lora, rngs, rest)
        policy_N = completion_logps(model, mb, budget_mib=budget_mib, average=average, lora_enabled=True, prefix=prefix,
                                    ids_S=ids_S)
        if "ref_logps" in mb:
            ref_N = mb["ref_logps"]
        else:
            ref_N = jax.lax.stop_gradient(
                completion_logps(model, mb, budget_mib=budget_mib, average=average, lora_enabled=False, prefix=prefix,
                                 ids_S=ids_S))
        B = policy_N.shape[0] // 2
        losses_B, chosen_B, rejected_B = dpo_losses(policy_N[:B], policy_N[B:], ref_N[:B], ref_N[B:],
                                                    beta=dpo.beta, label_smoothing=dpo.label_smoothing,
                                                    loss_type=dpo.loss)
        if dpo.rpo_alpha:
            n_chosen_B = jnp.maximum(jnp.sum(mb["target_w"][:B], axis=-1), 1.0)
            nll_B = -(policy_N[:B] if average else policy_N[:B] / n_chosen_B)  # ipo's are means already
            losses_B = losses_B + dpo.rpo_alpha * nll_B
        w_B = mb["pair_weights"]
        stats = jnp.stack([chosen_B, rejected_B, chosen_B - rejected_B, (chosen_B > rejected_B).astype(jnp.float32),
                           jax.lax.stop_gradient(policy_N[:B]), jax.lax.stop_gradient(policy_N[B:])])
        return jnp.sum(losses_B * w_B), stats @ w_B

    return pair_sums


def _metrics(loss_sum, stat_sums, n_pairs) -> dict:
    out = {"loss": loss_sum / n_pairs}
    out.update({name: stat_sums[i] / n_pairs for i, name in enumerate(TRL_METRICS)})
    return out


def make_dpo_step(graphdef: nnx.GraphDef, tx: optax.GradientTransformation, dpo: DpoSection, *,
                  budget_mib: float, prefix: tuple[int, ...] = (), subset=None) -> Callable:
    """step(lora, opt_state, rngs, rest, batch, key) -> (lora, opt_state, metrics); batch arrays [A, 2B, ...].
    `subset` as train.sft_step.make_sft_step's (the LoRA-off reference only: precomputed ones use the full
    softmax)."""
    pair_sums = _pair_sums(graphdef, dpo, budget_mib, prefix)

    def step(lora, opt_state, rngs, rest, batch, key):
        n_pairs = jnp.maximum(jnp.sum(batch["pair_weights"]), 1.0)
        ids_S = None if subset is None else subset_ids(key, *subset)

        def micro(carry, xs):
            grads, stats = carry
            mb, i = xs
            (loss, s), g = jax.value_and_grad(pair_sums, has_aux=True)(
                lora, reseed(rngs, jax.random.fold_in(key, i)), rest, mb, ids_S)
            return (jax.tree.map(jnp.add, grads, g), stats + s), loss

        accum = batch["tokens"].shape[0]
        init = (jax.tree.map(jnp.zeros_like, lora), jnp.zeros(len(TRL_METRICS)))
        (grads, stats), losses = jax.lax.scan(micro, init, (batch, jnp.arange(accum)))
        grads = jax.tree.map(lambda g: g / n_pairs, grads)
        updates, opt_state = tx.update(grads, opt_state, lora)
        lora = optax.apply_updates(lora, updates)
        metrics = _metrics(jnp.sum(losses), stats, n_pairs)
        metrics.update(grad_norm=optax.tree.norm(grads), target_tokens=jnp.sum(batch["target_w"]))
        return lora, opt_state, metrics

    return jax.jit(step, donate_argnums=(0, 1))


def make_dpo_eval(graphdef: nnx.GraphDef, dpo: DpoSection, *, budget_mib: float, prefix: tuple[int, ...] = ()) -> Callable:
    """eval(lora, rngs, rest, batch [2B, ...]) -> (loss sum, TRL stat sums, pair count); no update."""
    pair_sums = _pair_sums(graphdef, dpo, budget_mib, prefix)

    def evaluate(lora, rngs, rest, batch):
        loss, stats = pair_sums(lora, rngs, rest, batch)
        return loss, stats, jnp.sum(batch["pair_weights"])

    return jax.jit(evaluate)


def make_reference_logps(graphdef: nnx.GraphDef, dpo: DpoSection, *, budget_mib: float,
                         prefix: tuple[int, ...] = ()) -> Callable:
    """ref(lora, rngs, rest, batch [2B, ...]) -> [2B] log-probs of the base (LoRA off), for `precomputed`."""
    average = dpo.loss == "ipo"

    def reference(lora, rngs, rest, batch):
        model = nnx.merge(graphdef, lora, rngs, rest)
        return completion_logps(model, batch, budget_mib=budget_mib, average=average, lora_enabled=False, prefix=prefix)

    return jax.jit(reference)
