"""Maximum-likelihood plumbing shared by the CLV models: input arrays and the optimiser.

Pure NumPy/SciPy; the models live in accord.scoring.clv and accord.scoring.gamma_gamma.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import optimize
from threadpoolctl import threadpool_limits

from accord.scoring.transactions import ClvInputError

Floats = npt.ArrayLike

# Log-parameters stay inside exp(+-15): beyond that a fit has run off to a degenerate
# corner (for example no one ever drops out), and exp() would soon overflow.
LOG_BOUND = 15.0


def as_float_arrays(*values: Floats) -> list[np.ndarray]:
    """Float arrays broadcast to one shape; ClvInputError if any value is NaN or infinite."""
    arrays = np.broadcast_arrays(*[np.asarray(v, dtype=np.float64) for v in values])
    for array in arrays:
        if not np.isfinite(array).all():
            raise ClvInputError("frequency, recency, T and spend must be finite numbers")
    return [np.array(a) for a in arrays]


def minimise(
    objective: Callable[..., tuple[float, np.ndarray]], start: np.ndarray, data: Any, model: str
) -> np.ndarray:
    """Minimise objective(log-parameters, data) -> (value, gradient) within +-LOG_BOUND.

    Returns the log-parameters; ClvInputError when the fit fails or runs to a bound.
    """
    bounds = [(-LOG_BOUND, LOG_BOUND)] * start.size
    # L-BFGS-B's tiny BLAS calls spin every OpenBLAS thread: on a busy 2-core machine one
    # thread made small fits 14x faster, and big fits spend their time outside BLAS.
    with threadpool_limits(limits=1, user_api="blas"):
        result = optimize.minimize(
            objective,
            start,
            args=(data,),
            jac=True,
            method="L-BFGS-B",
            bounds=bounds,
            options={"maxiter": 2000, "ftol": 1e-14, "gtol": 1e-9},
        )
    theta = np.asarray(result.x)
    if not np.isfinite(result.fun) or result.fun >= 1e10:
        raise ClvInputError(f"{model} fit failed: the likelihood is not finite on this data")
    if (np.abs(theta) >= LOG_BOUND - 1e-6).any():
        raise ClvInputError(
            f"{model} fit ran off to a degenerate solution: the data cannot identify the model"
        )
    return theta
