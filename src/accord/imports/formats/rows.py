"""The loop every adapter shares: learn the columns from the first row, convert each
row, pass read problems through, count skipped rows, turn cell problems into RowProblems."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from accord.imports.formats.generic import Skip, SkipCounter
from accord.imports.formats.labels import FieldProblem
from accord.imports.problems import RowProblem
from accord.imports.readers import Row

Converter = Callable[[dict[str, str]], dict[str, str] | Skip]


def convert_rows(
    rows: Iterable[Row | RowProblem],
    make_converter: Callable[[list[str]], Converter],
    skipped: SkipCounter | None = None,
) -> Iterator[Row | RowProblem]:
    convert: Converter | None = None
    for item in rows:
        if isinstance(item, RowProblem):
            yield item
            continue
        line, values = item
        if convert is None:
            # Raises FormatProblem for a file that is not the expected export: that is
            # a problem with the whole file, not with a row.
            convert = make_converter(list(values))
        try:
            result = convert(values)
        except FieldProblem as problem:
            yield RowProblem(line, problem.column, str(problem), values)
            continue
        if isinstance(result, Skip):
            if skipped is not None:
                skipped[result.reason] += 1
            continue
        yield line, result
