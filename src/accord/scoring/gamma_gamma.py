"""Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV"): fit and predict.

Pure NumPy/SciPy; spends in money units, one value per customer.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import special

from accord.scoring.likelihood import Floats, as_float_arrays, minimise
from accord.scoring.transactions import ClvInputError


@dataclass(frozen=True)
class GammaGammaParams:
    """Gamma-Gamma: spend per purchase ~ Gamma(p, nu), nu ~ Gamma(q, gamma); money units."""

    p: float
    q: float
    gamma: float
    log_likelihood: float
    customers: int


def _gg_objective(theta: np.ndarray, data: tuple[np.ndarray, ...]) -> tuple[float, np.ndarray]:
    p, q, gamma = np.exp(theta)
    x, m, log_x, log_m = data
    px = p * x
    log_gm = np.log(gamma + m * x)
    values = (
        special.gammaln(px + q)
        - special.gammaln(px)
        - special.gammaln(q)
        + q * np.log(gamma)
        + (px - 1) * log_m
        + px * log_x
        - (px + q) * log_gm
    )
    dig = special.digamma(px + q)
    d_p = x * (dig - special.digamma(px) + log_m + log_x - log_gm)
    d_q = dig - special.digamma(q) + np.log(gamma) - log_gm
    d_gamma = q / gamma - (px + q) / (gamma + m * x)
    value = -float(values.mean())
    slope = -np.array([d_p.mean() * p, d_q.mean() * q, d_gamma.mean() * gamma])
    if not np.isfinite(value) or not np.isfinite(slope).all():
        return 1e10, np.zeros(3)
    return value, slope


def fit_gamma_gamma(x: Floats, m: Floats) -> GammaGammaParams:
    """Fit Gamma-Gamma by maximum likelihood on repeat buyers.

    x: repeat purchases; m: mean spend per repeat purchase (money). Rows with x == 0 or
    m == 0 carry no spend information and are skipped. Raises ClvInputError when fewer
    than 2 such customers remain or the spends do not vary.
    """
    x, m = as_float_arrays(x, m)
    if (x < 0).any() or (m < 0).any():
        raise ClvInputError("frequency and spend must not be negative")
    used = (x > 0) & (m > 0)
    if used.sum() < 2:
        raise ClvInputError("need at least 2 repeat buyers with a positive spend to fit spend")
    x, m = x[used], m[used]
    if np.ptp(m) == 0:
        raise ClvInputError("every repeat buyer has the same mean spend: spend cannot be fitted")
    data = (x, m, np.log(x), np.log(m))
    # Start with Gamma(p = 1, ...) spend per purchase whose mean matches the mean spend.
    start = np.log([1.0, 2.0, float(m.mean())])
    theta = minimise(_gg_objective, start, data, "Gamma-Gamma")
    value, _ = _gg_objective(theta, data)
    p, q, gamma = (float(v) for v in np.exp(theta))
    return GammaGammaParams(p, q, gamma, -value * x.size, int(x.size))


def expected_average_spend(params: GammaGammaParams, x: Floats, m: Floats) -> np.ndarray:
    """Expected money per future purchase of each customer given x repeats at mean m.

    A customer with no repeat purchase gets the population mean p * gamma / (q - 1).
    Raises ClvInputError when q <= 1 (spend so dispersed that the mean does not exist).
    """
    x, m = as_float_arrays(x, m)
    if params.q <= 1:
        raise ClvInputError(
            f"Gamma-Gamma q = {params.q:.3f} <= 1: the expected spend per purchase is infinite"
        )
    p, q, gamma = params.p, params.q, params.gamma
    return p * (gamma + m * x) / (p * x + q - 1)
