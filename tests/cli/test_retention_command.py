"""`accord retention` through its interface: Fader & Hardie's (2007) published sBG
estimates, a subscriptions CSV with cohorts and censoring, and one clear line with exit
status 2 for every input the model cannot use."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

ACCORD = Path(sys.executable).with_name("accord")

# Fader & Hardie (2007), "How to Project Customer Retention", Table 1 and the estimates.
HIGH_END = "1000,869,743,653,593,551,517,491"
REGULAR = "1000,631,468,382,326,289,262,241"


def run_retention(*args: str) -> str:
    out = io.StringIO()
    call_command("retention", *args, stdout=out)
    return out.getvalue()


def accord(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ACCORD), "retention", *args], capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    ("survivors", "alpha", "beta"), [(HIGH_END, 0.668, 3.806), (REGULAR, 0.704, 1.182)]
)
def test_published_estimates_are_reproduced(survivors: str, alpha: float, beta: float) -> None:
    report = json.loads(run_retention("--survivors", survivors, "--json"))

    assert report["alpha"] == pytest.approx(alpha, rel=0.005)
    assert report["beta"] == pytest.approx(beta, rel=0.005)
    assert report["periods_observed"] == 7
    rows = report["survival"]
    assert [row["period"] for row in rows] == list(range(13))
    assert [row["observed"] for row in rows[:8]] == [float(n) for n in survivors.split(",")]
    assert all(row["observed"] is None and row["projected"] for row in rows[8:])
    # Expected survivors track the data within a few percent (the paper's Figure 3).
    for row in rows[1:8]:
        assert row["expected"] == pytest.approx(row["observed"], rel=0.04)
    # Projected retention keeps rising, as sBG's does.
    rates = [row["retention_rate"] for row in rows[1:]]
    assert rates == sorted(rates)


def test_log_likelihood_and_projection_of_the_high_end_segment() -> None:
    report = json.loads(run_retention("--survivors", HIGH_END, "--json", "--periods", "3"))

    assert report["log_likelihood"] == pytest.approx(-1611.16, abs=0.01)
    first = report["survival"][0]
    assert first["renewal_probability"] == pytest.approx(report["beta"] / (0.668 + 3.806), 1e-3)
    assert first["residual_lifetime"] == pytest.approx(5.4145, abs=1e-3)
    assert [round(row["expected"], 1) for row in report["survival"][8:]] == [460.4, 435.8, 414.2]


def test_the_table_names_the_parameters_and_marks_projections() -> None:
    text = run_retention("--survivors", REGULAR, "--periods", "2")

    assert "sBG retention (Fader & Hardie 2007) on one cohort of 1000, 7 periods" in text
    assert "\n  alpha                0.7041\n  beta                 1.1820\n" in text
    assert "log-likelihood     -1680.27" in text
    assert text.count("projected") == 2


def _subscriptions(path: Path, seed: int = 5, size: int = 3000) -> Path:
    """Monthly subscriptions from sBG(0.7, 3.0), started over four years, seen to 2025-01-01:
    ended ones on a renewal date, the rest with a blank end."""
    rng = np.random.default_rng(seed)
    theta = rng.beta(0.7, 3.0, size)
    leaves_in = np.minimum(rng.geometric(theta), 600)
    first = dt.date(2020, 1, 1).toordinal()
    as_of = dt.date(2025, 1, 1)
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["customer", "start", "end"])
        for i in range(size):
            start = dt.date.fromordinal(first + int(rng.integers(0, 4 * 365)))
            month = start.month - 1 + int(leaves_in[i])
            end = dt.date(start.year + month // 12, month % 12 + 1, min(start.day, 28))
            writer.writerow([f"c{i}", start.isoformat(), end.isoformat() if end <= as_of else ""])
    return path


def test_subscriptions_file_fits_cohorts_with_censoring(tmp_path: Path) -> None:
    path = _subscriptions(tmp_path / "subscriptions.csv")

    report = json.loads(
        run_retention("--subscriptions", str(path), "--as-of", "2025-01-01", "--json")
    )

    assert report["subscriptions"] == report["customers"] == 3000
    assert report["left"] + report["active"] == 3000
    assert report["cohorts"] == 48
    assert report["period_months"] == 1
    # The simulated truth is alpha 0.7, beta 3.0; 3000 subscribers pin it down to ~10 %.
    assert report["alpha"] == pytest.approx(0.7, rel=0.15)
    assert report["beta"] == pytest.approx(3.0, rel=0.15)
    observed = [row["observed"] for row in report["survival"] if not row["projected"]]
    assert observed[0] == 3000
    assert all(math.isfinite(value) for value in observed)


def test_subscriptions_censor_at_as_of(tmp_path: Path) -> None:
    """An end after --as-of is still active then; a start after it is not counted."""
    path = tmp_path / "s.csv"
    rows = ["customer,start,end"]
    rows += [f"a{i},2024-01-01,2024-0{2 + i % 3}-01" for i in range(30)]
    rows += [f"b{i},2024-01-01," for i in range(40)]
    rows += ["late,2024-06-01,", "future-end,2024-01-01,2024-09-01"]
    path.write_text("\n".join(rows) + "\n")

    report = json.loads(
        run_retention("--subscriptions", str(path), "--as-of", "2024-05-15", "--json")
    )

    assert (report["subscriptions"], report["left"], report["active"]) == (71, 30, 41)


@pytest.mark.parametrize(
    ("survivors", "message"),
    [
        ("1000", "at least two periods (N0 and N1)"),
        ("1000,869", "a single period of renewals fixes only the first-period retention rate"),
        ("1000,1000,1000", "nobody left"),
        ("1000,500,0", "everyone left by period 2"),
        ("1000,0", "everyone left by period 1"),
        ("1000,869,900", "survivors cannot increase: 900 at period 2 after 869 at period 1"),
        ("0,0,0", "the cohort is empty"),
        ("1000,86.9,10", "'86.9' (N1) is not a whole number"),
        ("1000,-3,1", "'-3' (N1) is not a whole number"),
        ("a thousand", "'a thousand' (N0) is not a whole number"),
        ("1000,,3", "'' (N1) is not a whole number"),
        ("1000,950,850,700,500", "alpha and beta run off to infinity"),
    ],
)
def test_degenerate_or_junk_survivors_exit_2_with_one_line(survivors: str, message: str) -> None:
    with pytest.raises(CommandError) as refused:
        run_retention(f"--survivors={survivors}")

    assert message in str(refused.value)
    assert refused.value.returncode == 2
    assert "nan" not in str(refused.value).lower()


def test_console_script_exits_2_and_prints_no_traceback() -> None:
    done = accord("--survivors", "1000,1000,1000")

    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.strip().splitlines() == [
        "CommandError: cannot fit retention: nobody left: with no churn at all, retention "
        "is 100 % and alpha, beta cannot be estimated"
    ]


def test_console_script_fits_without_a_database() -> None:
    done = subprocess.run(
        [str(ACCORD), "retention", "--survivors", HIGH_END, "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none"},
    )

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["alpha"] == pytest.approx(0.668, rel=0.005)


@pytest.mark.parametrize(
    ("content", "flags", "message"),
    [
        ("customer,begin,end\nc1,2024-01-01,\n", (), "no column 'start'"),
        ("customer,start,end\n", (), "no subscription started by 2025-01-01"),
        ("customer,start,end\nc1,01/02/2024,\n", (), "'01/02/2024' is not a date"),
        ("customer,start,end\nc1,2024-03-01,2024-02-01\n", (), "ends (2024-02-01) before"),
        ("customer,start,end\n,2024-03-01,\n", (), "empty customer id"),
        ("customer,start,end\nc1\n", (), "1 fields, the header has 3"),
        ("customer,start,end\nc1,2024-01-01,\n", ("--as-of", "2025-13-01"), "--as-of"),
        ("customer,start,end\nc1,2024-01-01,\n", ("--period-months", "0"), "--period-months"),
        ("customer,start,end\nc1,2024-01-01,\n", ("--discount-rate", "0"), "--discount-rate"),
        ("customer,start,end\nc1,2024-01-01,\nc2,2024-01-01,\n", (), "nobody left"),
    ],
)
def test_bad_subscription_files_exit_2_naming_the_problem(
    tmp_path: Path, content: str, flags: tuple[str, ...], message: str
) -> None:
    path = tmp_path / "subscriptions.csv"
    path.write_text(content)
    args = ("--subscriptions", str(path), "--as-of", "2025-01-01", *flags)
    if "--as-of" in flags:
        args = ("--subscriptions", str(path), *flags)

    with pytest.raises(CommandError) as refused:
        run_retention(*args)

    assert message in str(refused.value)
    assert refused.value.returncode == 2


def test_missing_file_and_binary_file_are_refused(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="cannot read the file") as missing:
        run_retention("--subscriptions", str(tmp_path / "nope.csv"))
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\xff\xfe\x00junk")
    with pytest.raises(CommandError, match="not UTF-8 text") as junk:
        run_retention("--subscriptions", str(binary))

    assert missing.value.returncode == junk.value.returncode == 2
