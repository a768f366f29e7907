"""`accord clv` through its interface: the CDNOW estimates of Fader, Hardie & Lee (2005),
predictions on file, and one clear line plus a non-zero exit for every kind of bad input."""

from __future__ import annotations

import csv
import io
import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

ACCORD = Path(sys.executable).with_name("accord")
CDNOW_SAMPLE = Path(__file__).resolve().parents[1] / "data" / "cdnow" / "CDNOW_sample.txt"

# Fader, Hardie & Lee (2005): BG/NBD on weeks 1-39 and Gamma-Gamma on the repeat buyers.
PUBLISHED_BGNBD = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426, "log_likelihood": -9582.4}
PUBLISHED_GAMMA_GAMMA = {"p": 6.25, "q": 3.74, "gamma": 15.44}


@pytest.fixture(scope="module")
def cdnow_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The CDNOW sample (customer, sample id, YYYYMMDD, CDs, dollars) as a plain CSV."""
    path = tmp_path_factory.mktemp("cdnow") / "cdnow.csv"
    with CDNOW_SAMPLE.open() as source, path.open("w", newline="") as target:
        writer = csv.writer(target)
        writer.writerow(["customer", "date", "amount"])
        for line in source:
            customer, _sample, day, _cds, dollars = line.split()
            writer.writerow([customer, f"{day[:4]}-{day[4:6]}-{day[6:]}", dollars])
    return path


def run_clv(*args: str) -> str:
    out = io.StringIO()
    call_command("clv", *args, stdout=out)
    return out.getvalue()


def write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def test_cdnow_estimates_are_reproduced(cdnow_csv: Path) -> None:
    report = json.loads(
        run_clv("--transactions", str(cdnow_csv), "--calibration-end", "1997-09-30", "--json")
    )

    assert report["customers"] == 2357
    assert report["repeat_buyers"] == 946
    assert report["gamma_gamma"]["customers"] == 946
    for name, published in PUBLISHED_BGNBD.items():
        assert report["bgnbd"][name] == pytest.approx(published, rel=0.005), name
    for name, published in PUBLISHED_GAMMA_GAMMA.items():
        assert report["gamma_gamma"][name] == pytest.approx(published, rel=0.005), name


def test_readable_table_names_every_parameter(cdnow_csv: Path) -> None:
    text = run_clv("--transactions", str(cdnow_csv), "--calibration-end", "1997-09-30")

    assert "2357 customers, 946 repeat buyers up to 1997-09-30, times in weeks" in text
    assert "log-likelihood     -9582.43" in text
    for name in ("r", "alpha", "a", "b", "p", "q", "gamma"):
        assert f"\n  {name} " in text


def test_source_format_is_read_with_flags(tmp_path: Path) -> None:
    """Other layouts work through flags: here semicolons, own column names, YYYYMMDD."""
    lines = ["id;day;dollars"] + [
        ";".join(line.split()[i] for i in (0, 2, 4))
        for line in CDNOW_SAMPLE.read_text().splitlines()
    ]
    path = write(tmp_path / "cdnow.txt", "\n".join(lines) + "\n")

    report = json.loads(
        run_clv(
            "--transactions",
            str(path),
            "--calibration-end",
            "1997-09-30",
            "--json",
            "--customer-column",
            "id",
            "--date-column",
            "day",
            "--amount-column",
            "dollars",
            "--date-format",
            "%Y%m%d",
            "--delimiter",
            ";",
        )
    )

    assert report["bgnbd"]["r"] == pytest.approx(0.243, rel=0.005)


def test_predictions_file(cdnow_csv: Path, tmp_path: Path) -> None:
    out = tmp_path / "predictions.csv"
    run_clv(
        "--transactions",
        str(cdnow_csv),
        "--calibration-end",
        "1997-09-30",
        "--predictions",
        str(out),
    )

    with out.open() as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 2357
    assert list(rows[0]) == [
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
    # Customer 00004 bought on 1997-01-01, 01-18 and 08-02: 2 repeats, 30.43 and 38.86 weeks.
    first = rows[0]
    assert first["customer"] == "00004"
    assert (first["frequency"], first["recency"], first["T"]) == (
        "2.000000",
        "30.428571",
        "38.857143",
    )
    assert first["monetary_value"] == "22.345000"  # (29.73 + 14.96) / 2
    numbers = [float(value) for row in rows for key, value in row.items() if key != "customer"]
    assert all(math.isfinite(value) and value >= 0 for value in numbers)
    assert all(0 <= float(row["p_alive"]) <= 1 for row in rows)
    one_time = [row for row in rows if row["frequency"] == "0.000000"]
    assert all(row["p_alive"] == "1.000000" for row in one_time)


def test_rows_after_calibration_end_are_not_fitted(tmp_path: Path) -> None:
    base = (
        "customer,date,amount\na,2024-01-01,10\na,2024-01-08,12\nb,2024-01-02,5\n"
        "c,2024-01-03,7\nc,2024-01-20,9\n"
    )
    later = base + "b,2024-03-01,1000\nd,2024-03-02,3\n"
    args = ("--calibration-end", "2024-02-01", "--json")

    before = json.loads(run_clv("--transactions", str(write(tmp_path / "a.csv", base)), *args))
    after = json.loads(run_clv("--transactions", str(write(tmp_path / "b.csv", later)), *args))

    assert before["customers"] == after["customers"] == 3
    assert before["bgnbd"] == after["bgnbd"]


BAD_FILES = {
    "empty": ("", "bad.csv: the file is empty, expected a header row"),
    "header only": ("customer,date,amount\n", "bad.csv: no transactions after the header"),
    "missing column": (
        "customer,day,amount\na,2024-01-01,3\n",
        "bad.csv, line 1: no column 'date' (the header has customer, day, amount)",
    ),
    "bad date": (
        "customer,date,amount\na,2024-01-01,3\na,2024-13-01,3\n",
        "bad.csv, line 3, column 'date': '2024-13-01' is not a date in the format %Y-%m-%d",
    ),
    "bad amount": (
        "customer,date,amount\na,2024-01-01,3\na,2024-01-02,three\n",
        "bad.csv, line 3, column 'amount': 'three' is not a number",
    ),
    "negative amount": (
        "customer,date,amount\na,2024-01-01,3\nb,2024-01-02,-4.50\n",
        "bad.csv, line 3, column 'amount': negative amount -4.50",
    ),
    "infinite amount": (
        "customer,date,amount\na,2024-01-01,inf\n",
        "bad.csv, line 2, column 'amount': 'inf' is not a finite number",
    ),
    "short row": (
        "customer,date,amount\na,2024-01-01\n",
        "bad.csv, line 2: 2 fields, the header has 3",
    ),
    "one customer": (
        "customer,date,amount\na,2024-01-01,3\na,2024-01-05,3\n",
        "bad.csv: cannot fit CLV: need at least 2 customers to fit CLV, got 1",
    ),
    "no repeat buyers": (
        "customer,date,amount\na,2024-01-01,3\nb,2024-01-05,3\nb,2024-01-05,4\n",
        "bad.csv: cannot fit CLV: no customer bought again after their first purchase day",
    ),
    "everyone on one day": (
        "customer,date,amount\na,2024-02-01,3\nb,2024-02-01,3\na,2024-02-01,4\n",
        "bad.csv: cannot fit CLV: "
        "every customer's first purchase is on the calibration end (T = 0)",
    ),
    "nothing before calibration end": (
        "customer,date,amount\na,2024-03-01,3\n",
        "bad.csv: cannot fit CLV: no transactions on or before the calibration end 2024-02-01",
    ),
    "identical spends": (
        "customer,date,amount\na,2024-01-01,3\na,2024-01-09,5\nb,2024-01-02,3\nb,2024-01-20,5\n",
        "bad.csv: cannot fit CLV: "
        "every repeat buyer has the same mean spend: spend cannot be fitted",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_input_names_file_line_and_column(case: str, tmp_path: Path) -> None:
    text, message = BAD_FILES[case]
    path = write(tmp_path / "bad.csv", text)

    with pytest.raises(CommandError) as error:
        run_clv("--transactions", str(path), "--calibration-end", "2024-02-01")

    assert str(error.value) == str(tmp_path / message)


def test_bad_flags_are_named(tmp_path: Path) -> None:
    path = write(tmp_path / "a.csv", "customer,date,amount\n")
    cases = {
        (
            "--calibration-end",
            "2024-02-30",
        ): "--calibration-end: '2024-02-30' is not a date YYYY-MM-DD",
        (
            "--calibration-end",
            "2024-02-01",
            "--discount-rate",
            "nan",
        ): "--discount-rate: nan must be a finite number above -1",
        (
            "--calibration-end",
            "2024-02-01",
            "--horizon-months",
            "-1",
        ): "--horizon-months: -1 is below 0",
    }
    for args, message in cases.items():
        with pytest.raises(CommandError, match=f"^{message}$"):
            run_clv("--transactions", str(path), *args)


def test_missing_file_through_console_script(tmp_path: Path) -> None:
    """The real `accord` command: one line on stderr, non-zero exit, nothing on stdout."""
    missing = tmp_path / "missing.csv"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("ACCORD_") and key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env["ACCORD_VAR_DIR"] = str(tmp_path / "var")
    result = subprocess.run(
        [
            str(ACCORD),
            "clv",
            "--transactions",
            str(missing),
            "--calibration-end",
            "2024-02-01",
            "--json",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )

    assert result.returncode != 0
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        f"CommandError: {missing}: cannot read the file (No such file or directory)"
    ]
