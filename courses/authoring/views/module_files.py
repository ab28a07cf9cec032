"""A module as files: download it as a .zip of the shipped layout, and upload such a
.zip to see what it would change and then put it into drafts. Every view loads the
module through get_module_for_trainer_or_404; the work is in assessments.authoring."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments.authoring.forms import ModuleArchiveForm
from assessments.authoring.module_files import (
    ArchiveRefused,
    max_upload_bytes,
    module_files,
    pack,
    parse_module_archive_files,
    read_archive,
)
from assessments.authoring.module_import import (
    Action,
    ImportOutdated,
    ImportPlan,
    apply_module_import,
    import_token,
    plan_module_import,
    read_import_token,
)
from assessments.authoring.selectors import get_module_for_files
from courses.authoring.selectors import module_folder_position
from modules.authoring.permissions import get_module_for_trainer_or_404, trainer_required
from modules.authoring.services import DraftConflict, InvalidContent
from modules.content_files import ContentError
from modules.models import Module
from users.types import AuthenticatedHttpRequest


def _load(request: AuthenticatedHttpRequest, module_id: int) -> Module:
    get_module_for_trainer_or_404(request.user, module_id=module_id)
    module = get_module_for_files(module_id)
    if module is None:
        raise Http404
    return module


def _plan(module: Module, files: dict[str, str]) -> ImportPlan:
    spec, quizzes = parse_module_archive_files(files)
    return plan_module_import(module=module, spec=spec, quiz_specs=quizzes)


@trainer_required
@require_GET
def module_export(request: AuthenticatedHttpRequest, module_id: int) -> HttpResponse:
    module = _load(request, module_id)
    position = module_folder_position(module)
    try:
        files = module_files(module, position=position, quizzes=list(module.quizzes.all()))
    except ContentError as error:
        messages.error(
            request,
            _("The module cannot be written as files: %(problem)s") % {"problem": str(error)},
        )
        return redirect("authoring:overview")
    folder = f"{position:02d}-{module.slug}"
    response = HttpResponse(pack(files), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{folder}.zip"'
    return response


@trainer_required
@require_http_methods(["GET", "POST"])
def module_import(request: AuthenticatedHttpRequest, module_id: int) -> HttpResponse:
    """GET: the upload form. POST: check the upload and show what it would change; the
    confirmation form carries the files (signed), so nothing is stored yet."""
    module = _load(request, module_id)
    form = ModuleArchiveForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size is not None and upload.size > max_upload_bytes():
                raise ArchiveRefused(
                    _("The file is larger than %(size)s KB.") % {"size": max_upload_bytes() // 1024}
                )
            files = read_archive(upload.read(max_upload_bytes() + 1))
            plan = _plan(module, files)
        except ArchiveRefused as refused:
            form.add_error("file", refused.message)
        except ContentError as error:
            form.add_error("file", str(error))
        else:
            return render(
                request,
                "authoring/module_import_preview.html",
                {
                    "module": module,
                    "plan": plan,
                    "token": import_token(
                        module=module, user=request.user, files=files, basis=plan.basis
                    ),
                    "counts": {
                        action: plan.count(action)
                        for action in (Action.ADDED, Action.CHANGED, Action.UNCHANGED)
                    },
                },
            )
    status = 400 if form.errors else 200
    return render(
        request,
        "authoring/module_import.html",
        {"module": module, "form": form},
        status=status,
    )


@trainer_required
@require_POST
def module_import_confirm(request: AuthenticatedHttpRequest, module_id: int) -> HttpResponse:
    module = _load(request, module_id)
    try:
        files, basis = read_import_token(
            module=module, user=request.user, token=request.POST.get("token", "")
        )
        plan = _plan(module, files)
        apply_module_import(plan=plan, expected_basis=basis, user=request.user, now=timezone.now())
    except (ImportOutdated, DraftConflict):
        messages.error(
            request,
            _(
                "The module changed since you checked the file, or the check is too old. "
                "Nothing was imported; upload the file again to see the changes."
            ),
        )
        return redirect("authoring:module_import", module_id=module.pk)
    except (ContentError, InvalidContent) as error:
        messages.error(request, _("Nothing was imported: %(problem)s") % {"problem": str(error)})
        return redirect("authoring:module_import", module_id=module.pk)
    messages.success(
        request,
        _(
            "Imported into drafts: %(added)s lessons added, %(changed)s changed. Learners "
            "see nothing of it until you publish."
        )
        % {"added": plan.count(Action.ADDED), "changed": plan.count(Action.CHANGED)},
    )
    return redirect("authoring:overview")
