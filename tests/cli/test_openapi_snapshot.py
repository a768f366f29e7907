"""`accord openapi`: writes the snapshot, and --check names what changed when it is stale."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ACCORD = Path(sys.executable).with_name("accord")


def run_openapi(*args: str, var_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ACCORD_VAR_DIR": str(var_dir)}
    env.pop("DATABASE_URL", None)  # the command needs no database
    return subprocess.run(
        [str(ACCORD), "openapi", *args], env=env, capture_output=True, text=True, timeout=60
    )


def test_written_snapshot_passes_the_check(tmp_path):
    snapshot = tmp_path / "openapi.json"

    written = run_openapi("--write", str(snapshot), var_dir=tmp_path)
    checked = run_openapi("--check", str(snapshot), var_dir=tmp_path)

    assert written.returncode == 0, written.stderr
    assert json.loads(snapshot.read_text())["openapi"].startswith("3.")
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.strip() == f"{snapshot} matches the API"


def test_stale_snapshot_fails_and_says_what_changed(tmp_path):
    snapshot = tmp_path / "openapi.json"
    assert run_openapi("--write", str(snapshot), var_dir=tmp_path).returncode == 0
    document = json.loads(snapshot.read_text())
    # Pretend the API grew one endpoint and lost one schema since the snapshot.
    document["paths"] = {"/api/v1/ghosts": {"get": {"responses": {}}}, **document["paths"]}
    document.setdefault("components", {}).setdefault("schemas", {})["GhostOut"] = {}
    snapshot.write_text(json.dumps(document, indent=2, sort_keys=True) + "\n")

    result = run_openapi("--check", str(snapshot), var_dir=tmp_path)

    assert result.returncode == 1
    assert "operation removed: GET /api/v1/ghosts" in result.stdout.splitlines()
    assert "schema removed: GhostOut" in result.stdout.splitlines()
    assert any(line.startswith("-") and '"GhostOut"' in line for line in result.stdout.splitlines())
    assert result.stderr.strip().splitlines() == [
        f"CommandError: {snapshot} is out of date with the API; run `make openapi` and commit it"
    ]


def test_missing_snapshot_says_how_to_create_it(tmp_path):
    result = run_openapi("--check", str(tmp_path / "nope.json"), var_dir=tmp_path)

    assert result.returncode == 1
    assert "does not exist; create it with `make openapi`" in result.stderr
