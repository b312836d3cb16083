# SPDX-License-Identifier: MPL-2.0
"""Desk pages of the procedure catalogue: the publication workflow of the procedure-control
focal officer (Directive 01/CT-UBND, clause 1c) and the late-publication report.

Scope comes from ``catalog.access``: out of scope is 404, in scope but read-only is 403 with
a page that says why. Every change goes through a ``catalog`` service.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.accounts.models import User
from motcua.catalog import access, services_children
from motcua.catalog.models import VersionStatus
from motcua.catalog.selectors_staff import (
    late_publication_report,
    procedure_list_for_staff,
    process_summary,
    version_get_for_staff,
    version_in_force,
    version_list_for_procedure,
)
from motcua.catalog.services import (
    CatalogError,
    completeness_errors,
    procedure_create,
    version_abolish,
    version_create_draft,
    version_publish,
    version_update,
)
from motcua.desk import catalog_forms as cf
from motcua.desk.decorators import desk_view
from motcua.org.access import agency_ids_in_scope

PAGE_SIZE = 50
PARTS: dict[str, tuple[type[cf.ChildFormSet], Callable[..., Any], str]] = {
    "cases": (cf.CaseFormSet, services_children.version_cases_replace, "catalog_cases"),
    "components": (
        cf.ComponentFormSet,
        services_children.version_components_replace,
        "catalog_components",
    ),
    "fees": (cf.FeeFormSet, services_children.version_fees_replace, "catalog_fees"),
    "steps": (cf.StepFormSet, services_children.version_steps_replace, "catalog_steps"),
}


def editor_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A desk view that changes the catalogue: read-only users get a 403 page that says why."""

    @desk_view
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except access.NotAnEditor as exc:
            context = {"message": str(exc), "code": kwargs.get("code")}
            return render(request, "desk/catalog/forbidden.html", context, status=403)

    return wrapper


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _agency_choices(user: User) -> dict[str, Any]:
    """What the main-fields form needs: the agencies the editor may name."""
    return {
        "agencies": access.agencies_for_editor(user),
        "scoped": access.editable_agency_ids(user) is not None,
    }


def _errors_to_form(form: Any, error: CatalogError) -> None:
    for message in error.messages:
        form.add_error(None, message)


def _draft_context(draft: Any, tab: str, **extra: Any) -> dict[str, Any]:
    return {"draft": draft, "procedure": draft.procedure, "tab": tab, **extra}


@desk_view
def catalog_list(request: HttpRequest) -> HttpResponse:
    form = cf.CatalogFilterForm(request.GET or None)
    query, status = form.values()
    procedures = procedure_list_for_staff(
        procedures=access.procedures_for_staff(_user(request)), query=query, status=status
    )
    context = {
        "form": form,
        "page": Paginator(procedures, PAGE_SIZE).get_page(request.GET.get("trang")),
        "can_create": access.editable_agency_ids(_user(request)) != set(),
        "filtered": bool(query or status),
    }
    return render(request, "desk/catalog/list.html", context)


@desk_view
def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    procedure = access.get_procedure_for_staff(_user(request), code)
    number = request.GET.get("phien-ban", "")
    version = version_get_for_staff(
        procedure=procedure, number=int(number) if number.isdigit() else None
    )
    if version is None:
        raise Http404("No such version")
    versions = list(version_list_for_procedure(procedure=procedure))
    context = {
        "procedure": procedure,
        "version": version,
        "versions": versions,
        "draft": next((v for v in versions if v.status == VersionStatus.DRAFT), None),
        "in_force": next((v for v in versions if v.status == VersionStatus.PUBLISHED), None),
        "can_edit": access.can_edit_procedure(_user(request), procedure),
    }
    return render(request, "desk/catalog/detail.html", context)


@editor_view
def procedure_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if access.editable_agency_ids(user) == set():
        raise access.NotAnEditor(_("Chỉ cán bộ đầu mối kiểm soát TTHC được thêm thủ tục."))
    form = cf.ProcedureCreateForm(request.POST or None, **_agency_choices(user))
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        procedure_create(actor=user, code=code, **form.version_fields())
        messages.success(
            request,
            _("Đã tạo bản dự thảo của thủ tục %(code)s. Tiếp theo, khai báo các trường hợp và "
              "thời hạn giải quyết.") % {"code": code},
        )  # fmt: skip
        return redirect("desk:catalog_cases", code=code)
    return render(request, "desk/catalog/version_form.html", {"form": form, "tab": "main"})


@editor_view
def draft_edit(request: HttpRequest, code: str) -> HttpResponse:
    user = _user(request)
    draft = access.get_draft_for_editor(user, code)
    form = cf.VersionForm(request.POST or None, instance=draft, **_agency_choices(user))
    if request.method == "POST" and form.is_valid():
        try:
            version_update(actor=user, version=draft, **form.version_fields())
        except CatalogError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Đã lưu thông tin chung của bản dự thảo."))
            return redirect("desk:catalog_draft", code=code)
    return render(
        request, "desk/catalog/version_form.html", _draft_context(draft, "main", form=form)
    )


@editor_view
def draft_part(request: HttpRequest, code: str, part: str) -> HttpResponse:
    """Cases, components, fees or internal process steps of the draft, as one formset."""
    draft = access.get_draft_for_editor(_user(request), code)
    formset_class, service, url_name = PARTS[part]
    formset = cf.child_formset(formset_class, draft, request.POST or None)
    errors: list[str] = []
    if request.method == "POST" and formset.is_valid():
        try:
            service(actor=_user(request), version=draft, rows=formset.rows())
        except CatalogError as error:
            errors = error.messages
        else:
            messages.success(request, _("Đã lưu các thay đổi của bản dự thảo."))
            return redirect(f"desk:{url_name}", code=code)
    context = _draft_context(draft, part, formset=formset, errors=errors)
    if part == "steps":
        context["process"] = process_summary(draft)
    return render(request, f"desk/catalog/part_{part}.html", context)


@editor_view
def draft_check(request: HttpRequest, code: str) -> HttpResponse:
    draft = access.get_draft_for_editor(_user(request), code)
    context = _draft_context(draft, "check", problems=completeness_errors(draft))
    return render(request, "desk/catalog/check.html", context)


@editor_view
def draft_publish(request: HttpRequest, code: str) -> HttpResponse:
    draft = access.get_draft_for_editor(_user(request), code)
    form = cf.PublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version_publish(actor=_user(request), version=draft, publication=form.publication())
        except CatalogError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Đã công bố phiên bản %(n)s.") % {"n": draft.number})
            return redirect("desk:catalog_detail", code=code)
    context = _draft_context(
        draft,
        "publish",
        form=form,
        in_force=version_in_force(procedure=draft.procedure),
        problems=[] if form.non_field_errors() else completeness_errors(draft),
    )
    return render(request, "desk/catalog/publish.html", context)


@editor_view
@require_POST
def draft_create(request: HttpRequest, code: str) -> HttpResponse:
    """Start a new draft from the newest version (published versions stay read-only)."""
    procedure = access.get_procedure_for_editor(_user(request), code)
    try:
        draft = version_create_draft(actor=_user(request), procedure=procedure)
    except CatalogError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("desk:catalog_detail", code=code)
    messages.success(
        request, _("Bản dự thảo phiên bản %(n)s đã sẵn sàng để sửa.") % {"n": draft.number}
    )
    return redirect("desk:catalog_draft", code=code)


@editor_view
def procedure_abolish(request: HttpRequest, code: str) -> HttpResponse:
    procedure = access.get_procedure_for_editor(_user(request), code)
    in_force = version_in_force(procedure=procedure)
    if in_force is None:
        raise Http404("Nothing in force to abolish")
    form = cf.AbolishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version_abolish(actor=_user(request), version=in_force, **form.abolition())
        except CatalogError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Đã bãi bỏ thủ tục %(code)s.") % {"code": code})
            return redirect("desk:catalog_detail", code=code)
    context = {"form": form, "procedure": procedure, "version": in_force}
    return render(request, "desk/catalog/abolish.html", context)


@desk_view
def late_report(request: HttpRequest) -> HttpResponse:
    """Versions published after their legal effective date, in the user's scope."""
    ascending = request.GET.get("sap-xep") == "tang"
    report = late_publication_report(
        agency_ids=agency_ids_in_scope(_user(request)), ascending=ascending
    )
    return render(request, "desk/catalog/late.html", {"report": report, "ascending": ascending})
