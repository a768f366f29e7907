"""Flat text pools built from the templates, picked by group id and a random variant."""

from __future__ import annotations

import numpy as np

from accord.demo.texts import CONFUSED, ISSUES, OWNER_FOLLOW_UP, ROUTINE

_subjects: list[str] = []
_bodies: list[str] = []
_starts: list[int] = []
_sizes: list[int] = []


def _add_group(pairs: list[tuple[str, str]]) -> int:
    _starts.append(len(_subjects))
    _sizes.append(len(pairs))
    for subject, body in pairs:
        _subjects.append(subject)
        _bodies.append(body)
    return len(_starts) - 1


ISSUE_GROUP = np.array(
    [_add_group([(s, b) for s in issue[1] for b in issue[2]]) for issue in ISSUES]
)
REPLY_GROUP = np.array([_add_group([(f"Re: {issue[1][0]}", issue[3])]) for issue in ISSUES])
ROUTINE_GROUP = {key: _add_group(list(pairs)) for key, pairs in ROUTINE.items()}
CONFUSED_GROUP = _add_group([CONFUSED])
FOLLOW_UP_GROUP = _add_group([OWNER_FOLLOW_UP])

SUBJECTS = np.asarray(_subjects, dtype=object)
BODIES = np.asarray(_bodies, dtype=object)
STARTS = np.asarray(_starts)
SIZES = np.asarray(_sizes)


def pick_texts(rng: np.random.Generator, group: np.ndarray) -> tuple[list[str], list[str]]:
    """(subjects, bodies) for rows of the given groups, a random variant within each."""
    index = STARTS[group] + (rng.random(len(group)) * SIZES[group]).astype(np.int64)
    return SUBJECTS[index].tolist(), BODIES[index].tolist()
