"""Confidence intervals for the rates the dashboard shows.

Wilson score intervals: well-behaved at 0 and 1 and for small N, unlike the normal approximation.
"""

from __future__ import annotations

import math

Z_95 = 1.959963984540054  # two-sided 95% standard normal quantile


def wilson_interval(rate: float, n: int, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval of a proportion `rate` observed over `n` trials.

    For a mean of per-row scores in [0, 1] (slot F1) it is an approximation that treats the mean as
    a proportion; the dashboard says so where it shows one.
    """
    if n <= 0:
        raise ValueError("n must be positive")
    if not 0.0 <= rate <= 1.0:
        raise ValueError(f"rate {rate} is outside [0, 1]")
    z2 = z * z
    centre = (rate + z2 / (2 * n)) / (1 + z2 / n)
    half = z / (1 + z2 / n) * math.sqrt(rate * (1 - rate) / n + z2 / (4 * n * n))
    # Clamp the rounding noise at the ends: the exact interval is always inside [0, 1].
    return max(0.0, centre - half), min(1.0, centre + half)
