"""`accord clv`: fit BG/NBD and Gamma-Gamma on any transaction CSV and print the parameters.

Works on a file alone (no database). Every input problem ends in one line naming the
file, line and column, and a non-zero exit.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accord.scoring.clv import (
    DAYS_PER_MONTH,
    WEEKS_PER_MONTH,
    BgNbdParams,
    ClvInputError,
    GammaGammaParams,
    RfmSummary,
    customer_lifetime_value,
    expected_average_spend,
    expected_purchases,
    fit_bgnbd,
    fit_gamma_gamma,
    p_alive,
    summarise_transactions,
)

_PERIODS = {"weeks": ("W", WEEKS_PER_MONTH), "days": ("D", DAYS_PER_MONTH)}
_PREDICTION_COLUMNS = [
    "customer",
    "frequency",
    "recency",
    "T",
    "monetary_value",
    "p_alive",
    "expected_purchases",
    "expected_average_spend",
    "clv",
]


class Command(BaseCommand):
    help = (
        "Fit BG/NBD (repeat purchases, P(alive)) and Gamma-Gamma (spend) on a transaction "
        "CSV up to a calibration end; optionally write per-customer predictions."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--transactions", required=True, help="CSV file with a header row")
        parser.add_argument("--calibration-end", required=True, help="last day used, YYYY-MM-DD")
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument("--customer-column", default="customer")
        parser.add_argument("--date-column", default="date")
        parser.add_argument("--amount-column", default="amount")
        parser.add_argument("--date-format", default="%Y-%m-%d", help="strptime format")
        parser.add_argument("--delimiter", default=",")
        parser.add_argument("--period", choices=sorted(_PERIODS), default="weeks")
        parser.add_argument("--predictions", help="write per-customer predictions to this CSV")
        # Defaults follow the settings the scorer uses, so both report the same CLV.
        parser.add_argument(
            "--horizon-months",
            type=int,
            default=getattr(settings, "ACCORD_CLV_HORIZON_MONTHS", 12),
        )
        parser.add_argument(
            "--discount-rate",
            type=float,
            default=getattr(settings, "ACCORD_CLV_MONTHLY_DISCOUNT", 0.01),
            help="per month, 0.01 = 1 %%",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["transactions"])
        calibration_end = _parse_calibration_end(options["calibration_end"])
        _check_prediction_flags(options)
        ids, days, amounts = read_transactions(
            path,
            columns=(options["customer_column"], options["date_column"], options["amount_column"]),
            date_format=options["date_format"],
            delimiter=options["delimiter"],
        )
        period, periods_per_month = _PERIODS[options["period"]]
        try:
            summary = summarise_transactions(ids, days, amounts, calibration_end, period)
            bgnbd = fit_bgnbd(summary.frequency, summary.recency, summary.T)
            spend = fit_gamma_gamma(summary.frequency, summary.monetary_value)
            if options["predictions"]:
                rows = _predictions(summary, bgnbd, spend, options, periods_per_month)
        except ClvInputError as error:
            raise CommandError(f"{path}: cannot fit CLV: {error}") from None
        if options["predictions"]:
            _write_predictions(Path(options["predictions"]), summary.customer_ids, rows)
        report = _report(path, calibration_end, options, summary, bgnbd, spend)
        if options["json"]:
            self.stdout.write(json.dumps(report))
        else:
            self.stdout.write(_table(report))


def _parse_calibration_end(raw: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise CommandError(f"--calibration-end: {raw!r} is not a date YYYY-MM-DD") from None


def _check_prediction_flags(options: dict[str, Any]) -> None:
    if options["horizon_months"] < 0:
        raise CommandError(f"--horizon-months: {options['horizon_months']} is below 0")
    rate = options["discount_rate"]
    if not math.isfinite(rate) or rate <= -1:
        raise CommandError(f"--discount-rate: {rate} must be a finite number above -1")
    if len(options["delimiter"]) != 1:
        raise CommandError(f"--delimiter: {options['delimiter']!r} must be one character")


def read_transactions(
    path: Path, columns: tuple[str, str, str], date_format: str, delimiter: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Stream the CSV into (customer ids, dates as datetime64[D], amounts)."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            return _read_rows(path, csv.reader(handle, delimiter=delimiter), columns, date_format)
    except OSError as error:
        raise CommandError(f"{path}: cannot read the file ({error.strerror})") from None
    except UnicodeDecodeError:
        raise CommandError(f"{path}: not UTF-8 text") from None
    except csv.Error as error:
        raise CommandError(f"{path}: not a readable CSV ({error})") from None


def _read_rows(
    path: Path, reader: Any, columns: tuple[str, str, str], date_format: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    header = next(reader, None)
    if header is None:
        raise CommandError(f"{path}: the file is empty, expected a header row")
    positions = _column_positions(path, [name.strip() for name in header], columns)
    ids: list[str] = []
    days: list[int] = []
    amounts: list[float] = []
    parsed_days: dict[str, int] = {}  # dates repeat a lot; parse each distinct text once
    for row in reader:
        if not row:
            continue
        where = f"{path}, line {reader.line_num}"
        if len(row) <= max(positions):
            raise CommandError(f"{where}: {len(row)} fields, the header has {len(header)}")
        customer, date_text, amount_text = (row[i].strip() for i in positions)
        if not customer:
            raise CommandError(f"{where}, column {columns[0]!r}: empty customer id")
        day = parsed_days.get(date_text)
        if day is None:
            day = parsed_days[date_text] = _parse_day(where, columns[1], date_text, date_format)
        ids.append(customer)
        days.append(day)
        amounts.append(_parse_amount(where, columns[2], amount_text))
    if not ids:
        raise CommandError(f"{path}: no transactions after the header")
    dates = (np.array(days, dtype=np.int64) - dt.date(1970, 1, 1).toordinal()).astype("M8[D]")
    return np.array(ids), dates, np.array(amounts)


def _column_positions(path: Path, header: list[str], columns: tuple[str, str, str]) -> list[int]:
    missing = [name for name in columns if name not in header]
    if missing:
        raise CommandError(
            f"{path}, line 1: no column {missing[0]!r} (the header has {', '.join(header)})"
        )
    return [header.index(name) for name in columns]


def _parse_day(where: str, column: str, text: str, date_format: str) -> int:
    try:
        return dt.datetime.strptime(text, date_format).date().toordinal()
    except ValueError:
        raise CommandError(
            f"{where}, column {column!r}: {text!r} is not a date in the format {date_format}"
        ) from None


def _parse_amount(where: str, column: str, text: str) -> float:
    try:
        amount = float(text)
    except ValueError:
        raise CommandError(f"{where}, column {column!r}: {text!r} is not a number") from None
    if not math.isfinite(amount):
        raise CommandError(f"{where}, column {column!r}: {text!r} is not a finite number")
    if amount < 0:
        raise CommandError(f"{where}, column {column!r}: negative amount {text}")
    return amount


def _predictions(
    summary: RfmSummary,
    bgnbd: BgNbdParams,
    spend: GammaGammaParams,
    options: dict[str, Any],
    periods_per_month: float,
) -> list[np.ndarray]:
    x, t_x, T, m = summary.frequency, summary.recency, summary.T, summary.monetary_value
    horizon = options["horizon_months"] * periods_per_month
    return [
        x,
        t_x,
        T,
        m,
        p_alive(bgnbd, x, t_x, T),
        expected_purchases(bgnbd, horizon, x, t_x, T),
        expected_average_spend(spend, x, m),
        customer_lifetime_value(
            bgnbd,
            spend,
            x,
            t_x,
            T,
            m,
            horizon_months=options["horizon_months"],
            monthly_discount_rate=options["discount_rate"],
            periods_per_month=periods_per_month,
        ),
    ]


def _write_predictions(path: Path, customers: np.ndarray, columns: list[np.ndarray]) -> None:
    try:
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(_PREDICTION_COLUMNS)
            for customer, *values in zip(customers.tolist(), *columns, strict=True):
                writer.writerow([customer, *(f"{value:.6f}" for value in values)])
    except OSError as error:
        raise CommandError(f"{path}: cannot write predictions ({error.strerror})") from None


def _report(
    path: Path,
    calibration_end: dt.date,
    options: dict[str, Any],
    summary: RfmSummary,
    bgnbd: BgNbdParams,
    spend: GammaGammaParams,
) -> dict[str, Any]:
    return {
        "transactions": str(path),
        "calibration_end": calibration_end.isoformat(),
        "period": options["period"],
        "customers": int(summary.customer_ids.size),
        "repeat_buyers": int((summary.frequency > 0).sum()),
        "bgnbd": {
            "r": bgnbd.r,
            "alpha": bgnbd.alpha,
            "a": bgnbd.a,
            "b": bgnbd.b,
            "log_likelihood": bgnbd.log_likelihood,
        },
        "gamma_gamma": {
            "p": spend.p,
            "q": spend.q,
            "gamma": spend.gamma,
            "log_likelihood": spend.log_likelihood,
            "customers": spend.customers,
        },
        "predictions": options["predictions"],
    }


def _table(report: dict[str, Any]) -> str:
    bg, gg = report["bgnbd"], report["gamma_gamma"]
    lines = [
        f"{report['transactions']}: {report['customers']} customers, "
        f"{report['repeat_buyers']} repeat buyers up to {report['calibration_end']}, "
        f"times in {report['period']}",
        "BG/NBD (repeat purchases, P(alive))",
        *(f"  {name:<15}{bg[name]:>12.4f}" for name in ("r", "alpha", "a", "b")),
        f"  {'log-likelihood':<15}{bg['log_likelihood']:>12.2f}",
        f"Gamma-Gamma (spend per purchase, {gg['customers']} repeat buyers)",
        *(f"  {name:<15}{gg[name]:>12.4f}" for name in ("p", "q", "gamma")),
        f"  {'log-likelihood':<15}{gg['log_likelihood']:>12.2f}",
    ]
    if report["predictions"]:
        lines.append(f"predictions written to {report['predictions']}")
    return "\n".join(lines)
