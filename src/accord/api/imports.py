"""Imports in the REST API (managers and admins, with an admin-scope token): upload a file
and run it in the background as the staff upload page does, follow its progress, list the
runs, download a run's error report. Everyone else gets 404 and nothing changes.

The upload's size is checked from Content-Length before the body is read (413), and the
caller's role before that (404), so a member's 100 MB body is never stored or parsed.
"""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path
from typing import IO, Any, Literal, cast

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from accord.api.auth import admin_auth, current_staff
from accord.api.errors import ERRORS, ErrorOut
from accord.api.pagination import PageParams, RecordId, page_out, paginate
from accord.core.validation import ValidationProblem
from accord.imports.access import access_import_run_for_staff
from accord.imports.background import run_in_background
from accord.imports.mapping import Mapping, MappingError, load_mapping
from accord.imports.models import ImportRun, ImportStatus
from accord.imports.preview import preview_file
from accord.imports.report import write_error_report
from accord.imports.services import FORMATS, ImportSetupError, create_run
from accord.imports.specs import all_specs
from accord.imports.uploads import record_run, save_upload
from accord.members.models import StaffMember
from accord.members.services import find_api_token

MAX_UPLOAD_BYTES = 100 * 1024 * 1024
# Multipart boundaries and the form fields around the files.
_ENVELOPE_BYTES = 64 * 1024
SORTS = ("started_at", "id")


def _caller_before_body(request: HttpRequest) -> StaffMember | None:
    """Who is calling, from the header or the session alone (reading neither the body
    nor checking CSRF, which would parse the whole upload)."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        found = find_api_token(header[7:].strip())
        return found.staff if found is not None else None
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and getattr(user, "is_working", False):
        return cast(StaffMember, user)
    return None


def _upload_guard(request: HttpRequest) -> None:
    """First auth step of the upload: members get 404, an oversized body 413, both before
    the body is read; then the usual token or session check decides (returns None)."""
    staff = _caller_before_body(request)
    if staff is None:
        return None  # the real checks answer 401
    if not staff.is_manager:
        raise Http404("No such endpoint")
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_UPLOAD_BYTES + _ENVELOPE_BYTES:
        raise HttpError(413, f"the upload is larger than {MAX_UPLOAD_BYTES // 2**20} MB")
    return None


router = Router(tags=["imports"], auth=admin_auth)


def _manager(request: HttpRequest) -> StaffMember:
    staff = current_staff(request)
    if not staff.is_manager:
        # Members learn nothing about imports, not even that the endpoint exists.
        raise Http404("No such endpoint")
    return staff


class ImportRunOut(Schema):
    id: int
    kind: str
    format: str
    source: str
    file_name: str
    status: ImportStatus
    dry_run: bool
    all_or_nothing: bool
    progress: float = Field(..., description="share of the file processed, 0..1")
    checkpoint_line: int = Field(..., description="the last file line committed")
    total_lines: int
    read: int = Field(..., description="created + updated + unchanged + failed")
    created: int
    updated: int
    unchanged: int
    failed: int
    orphaned: int = Field(..., description="relationships imported without an owner")
    message: str = Field(..., description="what stopped the run; rows skipped on purpose")
    started_by_id: int | None
    started_at: datetime
    finished_at: datetime | None
    error_report: str | None = Field(..., description="URL of the error report CSV")


class ColumnOut(Schema):
    column: str
    field: str = Field(..., description="the field it feeds; empty: ignored")


class DetectedOut(Schema):
    format: str
    object: str = Field(..., description="the product's object (contacts, Account...)")
    kinds: list[str]
    encoding: str
    delimiter: str


class ImportStartedOut(ImportRunOut):
    detected: DetectedOut
    columns: list[ColumnOut]
    ignored_columns: list[str] = Field(..., description="columns of the file nobody reads")


class ImportRunPage(Schema):
    items: list[ImportRunOut]
    next_cursor: str | None
    next: str | None


class ImportRunListParams(PageParams):
    status: ImportStatus | None = None
    kind: str = Field("", max_length=20)
    source: str = Field("", max_length=40)
    sort: str = Field("-started_at", description="started_at, id; - for descending")


class ImportOptions(Schema):
    kind: str = Field("", description="customers, contacts, ...; default: the detected one")
    format: Literal["detect", "generic", "hubspot", "salesforce"] = "detect"
    source: str = Field("", max_length=40, description="default: the format's name")
    dry_run: bool = Field(False, description="check every row, write nothing")
    all_or_nothing: bool = Field(False, description="land nothing if any row fails")


def run_out(request: HttpRequest, run: ImportRun) -> dict[str, Any]:
    data = {name: getattr(run, name) for name in ImportRunOut.model_fields if hasattr(run, name)}
    data["error_report"] = (
        request.build_absolute_uri(f"/api/v1/imports/{run.pk}/errors") if run.failed else None
    )
    return data


def _mapping_from(upload: UploadedFile | None) -> Mapping | None:
    if upload is None:
        return None
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mapping.toml"
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        try:
            return load_mapping(path)
        except MappingError as error:
            message = str(error).replace(str(path), upload.name or "mapping")
            raise ValidationProblem("mapping", message) from None


@router.post(
    "/imports",
    auth=[_upload_guard, *admin_auth],
    response={202: ImportStartedOut, 413: ErrorOut, **ERRORS},
    summary="Upload a file and import it in the background",
)
def start_import_view(
    request: HttpRequest,
    options: Form[ImportOptions],
    file: File[UploadedFile],
    extra: list[UploadedFile] | None = File(None),  # noqa: B008 (Ninja's declaration)
    mapping: UploadedFile | None = File(None),  # noqa: B008
) -> Status:
    """multipart/form-data: `file` (CSV, TSV, JSON Lines or XLSX, up to 100 MB with the
    others), `extra` files of the same export the adapter reads beside it (Salesforce's
    User.csv and Contact.csv), an optional `mapping` (TOML, as `accord import --mapping`).
    Answers 202 with the run; follow `GET /imports/{id}` until its status is not running."""
    staff = _manager(request)
    uploaded = [file, *(extra or [])]
    size = sum(item.size or 0 for item in uploaded)
    if size > MAX_UPLOAD_BYTES:
        raise HttpError(413, f"the upload is larger than {MAX_UPLOAD_BYTES // 2**20} MB")
    if options.kind and options.kind not in all_specs():
        raise ValidationProblem("kind", f"unknown kind, use one of {', '.join(all_specs())}")
    import_mapping = _mapping_from(mapping)
    upload = save_upload(
        [(item.name or "upload.csv", item.chunks()) for item in uploaded], size, staff.pk
    )
    name = upload.files[0]
    path = upload.path_of(name)
    assert path is not None
    format_name = "" if options.format == "detect" else options.format
    preview = preview_file(path, format=format_name, kind=options.kind, limit=1)
    if preview.error:
        field = "format" if options.format != "detect" else "file"
        raise ValidationProblem(field if not options.kind else "kind", preview.error)
    if preview.format not in FORMATS:
        raise ValidationProblem("format", f"use one of {', '.join(FORMATS)}")
    try:
        run = create_run(
            path,
            preview.kind,
            format=preview.format,
            source=options.source or None,
            dry_run=options.dry_run,
            all_or_nothing=options.all_or_nothing,
            by=staff,
            file_name=name,
        )
    except ImportSetupError as error:
        field = "source" if "source" in str(error) else "file"
        raise ValidationProblem(field, str(error)) from None
    record_run(upload, run.pk)
    run_in_background(run, path, mapping=import_mapping)
    shape = preview.shape
    body = {
        **run_out(request, run),
        "detected": {
            "format": preview.detected.format,
            "object": preview.detected.source_object,
            "kinds": list(preview.detected.kinds),
            "encoding": shape.encoding,
            "delimiter": shape.delimiter,
        },
        "columns": [{"column": column, "field": feeds} for column, feeds in preview.columns],
        "ignored_columns": [column for column, feeds in preview.columns if not feeds],
    }
    return Status(202, body)


@router.get("/imports", response={200: ImportRunPage, **ERRORS}, summary="List import runs")
def list_imports_view(request: HttpRequest, params: Query[ImportRunListParams]) -> dict:
    _manager(request)
    runs = ImportRun.objects.all()
    if params.status:
        runs = runs.filter(status=params.status)
    if params.kind:
        runs = runs.filter(kind=params.kind)
    if params.source:
        runs = runs.filter(source=params.source)
    rows, cursor = paginate(runs, sort=params.sort, allowed=SORTS, params=params)
    return page_out(request, rows, cursor, lambda run: run_out(request, run))


@router.get(
    "/imports/{run_id}",
    response={200: ImportRunOut, **ERRORS},
    summary="An import run: status, progress, counts",
)
def get_import_view(request: HttpRequest, run_id: RecordId) -> dict:
    return run_out(request, access_import_run_for_staff(_manager(request), run_id))


@router.get(
    "/imports/{run_id}/errors",
    response={200: None, **ERRORS},
    summary="An import run's error report (CSV)",
    openapi_extra={
        "responses": {
            200: {
                "description": "line, column, message, then the row's own columns",
                "content": {"text/csv": {"schema": {"type": "string"}}},
            }
        }
    },
)
def import_errors_view(request: HttpRequest, run_id: RecordId) -> HttpResponse:
    """One line per problem; cells a spreadsheet would run as a formula start with '."""
    run = access_import_run_for_staff(_manager(request), run_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{run.pk}-errors.csv"'
    write_error_report(run, cast(IO[str], response))
    return response
