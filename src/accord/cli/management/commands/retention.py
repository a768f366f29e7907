"""`accord retention`: fit the shifted-beta-geometric model (sBG) on renewal data and print
alpha, beta, the log-likelihood and projected survival.

From one cohort's survivor counts (`--survivors 1000,869,743`) or from a CSV of
subscriptions (customer, start, end or blank). Works on input alone (no database). Every
input the model cannot use ends in one line saying why, with exit status 2, never NaN.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
from pathlib import Path
from typing import Any

import numpy as np
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accord.scoring.renewals import completed_periods, period_left
from accord.scoring.retention import (
    RetentionInputError,
    SbgParams,
    fit_sbg,
    fit_survivors,
    renewal_probability,
    residual_lifetime,
    survival,
)

# Exit status of every refusal: bad input, as for a usage error.
INPUT_ERROR = 2


def refuse(message: str) -> CommandError:
    return CommandError(message, returncode=INPUT_ERROR)


class Command(BaseCommand):
    help = (
        "Fit the shifted-beta-geometric retention model (Fader & Hardie 2007) on one "
        "cohort's survivor counts or on a CSV of subscriptions, and project survival."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument(
            "--survivors", help="N0,N1,...,Nk: how many remain at the start of each period"
        )
        source.add_argument(
            "--subscriptions", help="CSV with a header: customer,start,end (end blank if active)"
        )
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument(
            "--periods", type=int, default=5, help="periods to project after the data (5)"
        )
        parser.add_argument(
            "--discount-rate",
            type=float,
            default=0.1,
            help="per period, for the residual lifetime (0.1 = 10 %%, as Fader & Hardie 2010)",
        )
        parser.add_argument(
            "--period-months", type=int, default=1, help="--subscriptions: months per period"
        )
        parser.add_argument(
            "--as-of", help="--subscriptions: censoring day YYYY-MM-DD (default: today, UTC)"
        )
        parser.add_argument("--date-format", default="%Y-%m-%d", help="strptime format")

    def handle(self, *args: Any, **options: Any) -> None:
        _check_options(options)
        try:
            if options["survivors"] is not None:
                report = _survivors_report(_parse_counts(options["survivors"]), options)
            else:
                report = _subscriptions_report(Path(options["subscriptions"]), options)
        except RetentionInputError as error:
            raise refuse(f"cannot fit retention: {error}") from None
        if options["json"]:
            self.stdout.write(json.dumps(report))
        else:
            self.stdout.write(_table(report))


def _check_options(options: dict[str, Any]) -> None:
    if not 0 <= options["periods"] <= 1000:
        raise refuse(f"--periods: {options['periods']} must be between 0 and 1000")
    rate = options["discount_rate"]
    if not math.isfinite(rate) or rate <= 0:
        raise refuse(f"--discount-rate: {rate} must be a finite number above 0")
    if not 1 <= options["period_months"] <= 120:
        raise refuse(f"--period-months: {options['period_months']} must be 1 to 120")


def _parse_counts(raw: str) -> list[int]:
    counts = []
    for position, text in enumerate(raw.split(",")):
        text = text.strip()
        if not (text.isascii() and text.isdigit()):
            raise refuse(f"--survivors: {text!r} (N{position}) is not a whole number of 0 or more")
        counts.append(int(text))
    return counts


def _survivors_report(counts: list[int], options: dict[str, Any]) -> dict[str, Any]:
    params = fit_survivors(counts)
    observed = {t: float(n) for t, n in enumerate(counts)}
    return _report(params, counts[0], observed, len(counts) - 1, options) | {
        "source": "survivors",
        "cohort_size": counts[0],
    }


def _report(
    params: SbgParams,
    size: float,
    observed: dict[int, float],
    last: int,
    options: dict[str, Any],
) -> dict[str, Any]:
    """The fit, and per period t = 0..last + projection: observed and expected survivors,
    retention from t - 1 to t, and a subscriber's outlook after t renewals."""
    periods = np.arange(last + options["periods"] + 1, dtype=np.float64)
    share = survival(params, periods)
    renew = renewal_probability(params, periods)
    derl = residual_lifetime(params, periods, options["discount_rate"])
    rows = []
    for t in range(periods.size):
        rows.append(
            {
                "period": t,
                "observed": observed.get(t),
                "expected": float(size * share[t]),
                "survival": float(share[t]),
                "retention_rate": float(share[t] / share[t - 1]) if t else None,
                "renewal_probability": float(renew[t]),
                "residual_lifetime": float(derl[t]),
                "projected": t > last,
            }
        )
    return {
        "alpha": params.alpha,
        "beta": params.beta,
        "log_likelihood": params.log_likelihood,
        "periods_observed": last,
        "discount_rate": options["discount_rate"],
        "survival": rows,
    }


def _subscriptions_report(path: Path, options: dict[str, Any]) -> dict[str, Any]:
    as_of = _as_of(options["as_of"])
    start, stop, customers = read_subscriptions(path, options["date_format"], as_of)
    months = float(options["period_months"])
    left = ~np.isnan(stop)
    days = np.where(left, stop, as_of.toordinal()) - start
    periods = np.where(left, period_left(days, months), completed_periods(days, months))
    params = fit_sbg(periods, left)
    size = float(periods.size)
    observed, last = _life_table(periods, left)
    cohorts = {dt.date.fromordinal(int(day)).strftime("%Y-%m") for day in np.unique(start)}
    return _report(params, size, {t: size * s for t, s in observed.items()}, last, options) | {
        "source": str(path),
        "subscriptions": int(size),
        "customers": len(set(customers)),
        "left": int(left.sum()),
        "active": int((~left).sum()),
        "cohorts": len(cohorts),
        "period_months": options["period_months"],
        "as_of": as_of.isoformat(),
    }


def _life_table(periods: np.ndarray, left: np.ndarray) -> tuple[dict[int, float], int]:
    """Kaplan-Meier survival by period, cohorts pooled: in period t, those who left in it
    out of those seen through it (left in t or later, or still there after t or more)."""
    share, observed = 1.0, {0: 1.0}
    for t in range(1, int(periods.max()) + 1):
        seen_through = int((periods >= t).sum())
        if seen_through == 0:
            break
        share *= 1.0 - int(((periods == t) & left).sum()) / seen_through
        observed[t] = share
    return observed, max(observed)


def _as_of(raw: str | None) -> dt.date:
    if raw is None:
        return dt.datetime.now(dt.UTC).date()
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise refuse(f"--as-of: {raw!r} is not a date YYYY-MM-DD") from None


def read_subscriptions(
    path: Path, date_format: str, as_of: dt.date
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """(start day ordinals, end day ordinals or NaN while active, customers) from the CSV;
    subscriptions that start after as_of are left out, ends after it count as active."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            return _read_rows(path, csv.reader(handle), date_format, as_of)
    except OSError as error:
        raise refuse(f"{path}: cannot read the file ({error.strerror})") from None
    except UnicodeDecodeError:
        raise refuse(f"{path}: not UTF-8 text") from None
    except csv.Error as error:
        raise refuse(f"{path}: not a readable CSV ({error})") from None


def _read_rows(
    path: Path, reader: Any, date_format: str, as_of: dt.date
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    header = [name.strip() for name in next(reader, None) or []]
    missing = [name for name in ("customer", "start", "end") if name not in header]
    if missing:
        raise refuse(f"{path}, line 1: no column {missing[0]!r} (need customer, start, end)")
    positions = [header.index(name) for name in ("customer", "start", "end")]
    starts: list[int] = []
    stops: list[float] = []
    customers: list[str] = []
    for row in reader:
        if not row:
            continue
        where = f"{path}, line {reader.line_num}"
        if len(row) <= max(positions):
            raise refuse(f"{where}: {len(row)} fields, the header has {len(header)}")
        customer, start_text, end_text = (row[i].strip() for i in positions)
        if not customer:
            raise refuse(f"{where}, column 'customer': empty customer id")
        start = _parse_day(where, "start", start_text, date_format)
        stop = _parse_day(where, "end", end_text, date_format) if end_text else None
        if stop is not None and stop < start:
            raise refuse(f"{where}: ends ({end_text}) before it starts ({start_text})")
        if start > as_of.toordinal():
            continue
        customers.append(customer)
        starts.append(start)
        stops.append(math.nan if stop is None or stop > as_of.toordinal() else float(stop))
    if not starts:
        raise refuse(f"{path}: no subscription started by {as_of.isoformat()}")
    return np.array(starts, dtype=np.float64), np.array(stops), customers


def _parse_day(where: str, column: str, text: str, date_format: str) -> int:
    try:
        return dt.datetime.strptime(text, date_format).date().toordinal()
    except ValueError:
        raise refuse(
            f"{where}, column {column!r}: {text!r} is not a date in the format {date_format}"
        ) from None


def _table(report: dict[str, Any]) -> str:
    if report["source"] == "survivors":
        head = f"one cohort of {report['cohort_size']}, {report['periods_observed']} periods"
    else:
        head = (
            f"{report['source']}: {report['subscriptions']} subscriptions in "
            f"{report['cohorts']} monthly start cohorts, {report['left']} left, "
            f"{report['active']} active on {report['as_of']}, periods of "
            f"{report['period_months']} months"
        )
    lines = [
        f"sBG retention (Fader & Hardie 2007) on {head}",
        f"  {'alpha':<15}{report['alpha']:>12.4f}",
        f"  {'beta':<15}{report['beta']:>12.4f}",
        f"  {'log-likelihood':<15}{report['log_likelihood']:>12.2f}",
        f"period  observed  expected  retention  renews next  residual lifetime "
        f"(discount {report['discount_rate']:.0%})",
    ]
    for row in report["survival"]:
        observed = "projected" if row["projected"] else _number(row["observed"])
        retention = "" if row["retention_rate"] is None else f"{row['retention_rate']:.1%}"
        lines.append(
            f"{row['period']:>6}  {observed:>9} {row['expected']:>9.1f}  {retention:>9}  "
            f"{row['renewal_probability']:>11.1%}  {row['residual_lifetime']:>17.2f}"
        )
    return "\n".join(lines)


def _number(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"
