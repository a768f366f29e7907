"""Import from the staff pages (managers and admins): upload a file, preview the mapping
and first rows with their problems, run it in the background with live progress, and
download the error report. Members get 404 everywhere here, and nothing changes."""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any, cast

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from accord.imports.access import access_import_run_for_staff
from accord.imports.background import run_in_background
from accord.imports.models import ImportRun, ImportStatus
from accord.imports.preview import preview_file
from accord.imports.report import write_error_report
from accord.imports.services import FORMATS, ImportSetupError, create_run
from accord.imports.specs import all_specs
from accord.imports.uploads import Upload, get_upload, list_uploads, record_run, save_upload
from accord.staff.form_support import user_of

MAX_UPLOAD_BYTES = 100 * 1024 * 1024


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's FileField cleans one)."""

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


class UploadForm(forms.Form):
    file = MultipleFileField(
        label="CSV, JSON Lines or XLSX files (up to 100 MB in all)",
        widget=MultipleFileInput(),
        help_text="For a Salesforce Data Export, add User.csv (owners) and Contact.csv.",
    )


class StartForm(forms.Form):
    format = forms.ChoiceField(choices=[(f, f.capitalize()) for f in FORMATS])
    kind = forms.ChoiceField(choices=[])
    source = forms.CharField(max_length=40, required=False, help_text="default: the format")
    dry_run = forms.BooleanField(required=False, label="Dry run (check only, write nothing)")
    all_or_nothing = forms.BooleanField(required=False, label="All or nothing")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, k.capitalize()) for k in all_specs()]  # type: ignore[attr-defined]


def _too_large() -> HttpResponse:
    return HttpResponse(f"The files are larger than {MAX_UPLOAD_BYTES // 2**20} MB.", status=413)


def _manager_or_404(request: HttpRequest) -> None:
    if not getattr(request.user, "is_manager", False):
        raise Http404("managers only")


def _upload_or_404(token: str) -> Upload:
    upload = get_upload(token)
    if upload is None:
        raise Http404("no such upload")
    return upload


def _file_or_404(upload: Upload, name: str) -> tuple[str, Path]:
    path = upload.path_of(name)
    if path is None:
        raise Http404("no such file in this upload")
    return name, path


def _run_or_404(request: HttpRequest, upload: Upload, run_id: int) -> ImportRun:
    if run_id not in upload.run_ids:
        raise Http404("no such run for this upload")
    return access_import_run_for_staff(user_of(request), run_id)


@require_GET
def imports_home(request: HttpRequest) -> HttpResponse:
    _manager_or_404(request)
    uploads = list_uploads(limit=20)
    run_ids = [run_id for upload in uploads for run_id in upload.run_ids]
    runs = ImportRun.objects.in_bulk(run_ids)
    rows = [(upload, [runs[i] for i in upload.run_ids if i in runs]) for upload in uploads]
    context = {"form": UploadForm(), "rows": rows, "max_mb": MAX_UPLOAD_BYTES // 2**20}
    return render(request, "staff/imports.html", context)


@csrf_exempt
@require_POST
def upload_file(request: HttpRequest) -> HttpResponse:
    """Refuse an oversized body before Django parses it (the CSRF check would read the
    whole upload first), then check CSRF and store the file."""
    _manager_or_404(request)
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_UPLOAD_BYTES + 64 * 1024:
        return _too_large()
    return _store_upload(request)


@csrf_protect
def _store_upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Choose a file to upload.")
        return redirect("staff:imports")
    files = form.cleaned_data["file"]
    size = sum(uploaded.size or 0 for uploaded in files)
    if size > MAX_UPLOAD_BYTES:
        return _too_large()
    upload = save_upload(
        [(uploaded.name or "upload.csv", uploaded.chunks()) for uploaded in files],
        size,
        request.user.pk,
    )
    return redirect("staff:import-preview", token=upload.token)


@require_GET
def preview(request: HttpRequest, token: str) -> HttpResponse:
    _manager_or_404(request)
    upload = _upload_or_404(token)
    file_name, path = _file_or_404(upload, request.GET.get("file") or upload.default_file)
    wanted_format = request.GET.get("format", "")
    wanted_kind = request.GET.get("kind", "")
    result = preview_file(
        path,
        format=wanted_format if wanted_format in FORMATS else "",
        kind=wanted_kind if wanted_kind in all_specs() else "",
    )
    form = StartForm(initial={"format": result.format, "kind": result.kind})
    context = {"upload": upload, "file_name": file_name, "preview": result, "form": form}
    return render(request, "staff/import_preview.html", context)


@require_POST
def start(request: HttpRequest, token: str) -> HttpResponse:
    _manager_or_404(request)
    upload = _upload_or_404(token)
    form = StartForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Pick a format and a kind.")
        return redirect("staff:import-preview", token=token)
    data = form.cleaned_data
    file_name, path = _file_or_404(upload, request.POST.get("file", ""))
    try:
        run = create_run(
            path,
            data["kind"],
            format=data["format"],
            source=data["source"] or None,
            dry_run=data["dry_run"],
            all_or_nothing=data["all_or_nothing"],
            by=request.user,  # type: ignore[arg-type]
            file_name=file_name,
        )
    except ImportSetupError as error:
        messages.error(request, str(error))
        return redirect("staff:import-preview", token=token)
    record_run(upload, run.pk)
    run_in_background(run, path)
    return redirect("staff:import-run", token=token, run_id=run.pk)


def _run_facts(run: ImportRun) -> dict[str, Any]:
    return {
        "id": run.pk,
        "status": run.status,
        "status_label": run.get_status_display(),
        "finished": run.status != ImportStatus.RUNNING,
        "percent": round(run.progress * 100),
        **{n: getattr(run, n) for n in ("read", "created", "updated", "unchanged", "failed")},
        "orphaned": run.orphaned,
        "message": run.message,
    }


@require_GET
def run_status(request: HttpRequest, token: str, run_id: int) -> HttpResponse:
    _manager_or_404(request)
    upload = _upload_or_404(token)
    run = _run_or_404(request, upload, run_id)
    context = {"upload": upload, "run": run, "facts": _run_facts(run)}
    return render(request, "staff/import_run.html", context)


@require_GET
def run_progress(request: HttpRequest, token: str, run_id: int) -> JsonResponse:
    _manager_or_404(request)
    run = _run_or_404(request, _upload_or_404(token), run_id)
    return JsonResponse(_run_facts(run))


@require_GET
def error_report(request: HttpRequest, token: str, run_id: int) -> HttpResponse:
    _manager_or_404(request)
    run = _run_or_404(request, _upload_or_404(token), run_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{run.pk}-errors.csv"'
    # HttpResponse is file-like (write), so the report streams into it row by row.
    write_error_report(run, cast(IO[str], response))
    return response
