"""One confidence per value from the signals that support it: what the router thresholds on.

Each signal moves the rules' prior in the direction its evidence points, and is stored beside
the value so a reviewer (and the router's reasons) can see why:
- `prior`: the rules' belief, already roughly a probability (priors are set so that, across
  documents, a method is right about as often as its prior says);
- `margin`: a close runner-up halves the certainty that the right one was picked;
- `agreement`: independent methods finding the same value;
- `valid`: a value that does not normalize (a date that does not parse) is suspect;
- `model_prob`: the model's probability for the chosen option, when it was asked.
"""

from __future__ import annotations


def combine(
    prior: float,
    margin: float,
    agreement: int = 1,
    valid: bool = True,
    model_prob: float | None = None,
    model_agrees: bool | None = None,
) -> float:
    conf = prior * (0.7 + 0.3 * min(1.0, max(0.0, margin) / 0.25))
    conf += 0.04 * min(2, max(0, agreement - 1)) * (1 - conf)
    if not valid:
        conf *= 0.6
    if model_prob is not None:
        if model_agrees:
            conf += 0.1 * model_prob * (1 - conf)
        else:
            conf *= 1 - 0.3 * model_prob  # the model preferred another option
    return round(min(0.99, max(0.0, conf)), 3)


def multi_value(prior: float, methods: int) -> float:
    """A value of a multi-valued field (one party among several): its own prior, a little more
    when several methods found it."""
    conf = prior + 0.04 * min(2, max(0, methods - 1)) * (1 - prior)
    return round(min(0.99, conf), 3)
