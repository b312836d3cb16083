# SPDX-License-Identifier: MPL-2.0
"""Public procedure catalogue pages: search and browse, and the procedure page (its online
entry, `submission_views.apply_start`, starts a submission).

Views parse the query string, call catalogue selectors and render; the helpers below only
arrange already-loaded rows for the template (grouping components, choosing which
feedback address to show) and never query.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from motcua.catalog.models import Component, OnlineLevel, ProcedureVersion
from motcua.catalog.public_selectors import (
    agency_choices_public,
    field_counts_public,
    procedure_list_public,
)
from motcua.catalog.selectors import procedure_get_public
from motcua.portal.forms import ProcedureSearchForm

PER_PAGE = 25
LINE_FIELDS = ("subjects", "steps", "requirements", "result")


def procedure_list(request: HttpRequest) -> HttpResponse:
    fields = field_counts_public()
    form = ProcedureSearchForm(request.GET, fields=fields, agencies=agency_choices_public())
    search = form.search_arguments()
    paginator = Paginator(procedure_list_public(**search), PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "page_range": paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
        "fields": fields,
        "query": search["query"],
        "browsing": not search["query"] and not form.has_filters,
    }
    htmx = getattr(request, "htmx", None)  # django_htmx.middleware.HtmxMiddleware
    # A history-restore request wants the whole page back, not the fragment.
    partial = bool(htmx) and not htmx.history_restore_request
    template = "portal/catalog/results_partial.html" if partial else "portal/catalog/list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    version = procedure_get_public(code=code)
    if version is None:
        raise Http404("No published procedure with this code")
    context = {
        "version": version,
        "cases": list(version.cases.all()),
        "component_sections": component_sections(version),
        "fees": list(version.fees.all()),
        "lines": {name: version.lines(name) for name in LINE_FIELDS},
        "legal_basis": legal_basis_items(version.legal_basis),
        "can_apply": accepts_online(version),
        "feedback_address": feedback_address(version),
    }
    return render(request, "portal/catalog/detail.html", context)


def accepts_online(version: ProcedureVersion) -> bool:
    return version.channel_online and version.online_level != OnlineLevel.NONE


@dataclass
class ComponentGroup:
    name: str
    components: list[Component] = field(default_factory=list)


@dataclass
class ComponentSection:
    title: str
    groups: list[ComponentGroup] = field(default_factory=list)


def _grouped(components: list[Component]) -> list[ComponentGroup]:
    """Components by group, in the order the groups first appear. Ungrouped components
    among named groups get a heading of their own, so they do not read as part of the
    group above them."""
    groups: dict[str, ComponentGroup] = {}
    for component in components:
        groups.setdefault(component.group, ComponentGroup(component.group)).components.append(
            component
        )
    if len(groups) > 1 and "" in groups:
        groups[""].name = _("Giấy tờ khác")
    return list(groups.values())


def component_sections(version: ProcedureVersion) -> list[ComponentSection]:
    """Components for every case first, then one section per case that has its own.

    When nothing depends on the case the single section has no title, so the page reads
    as one plain list.
    """
    components = list(version.components.all())
    common = [c for c in components if c.case_id is None]
    sections = []
    if common:
        sections.append(ComponentSection("", _grouped(common)))
    for case in version.cases.all():
        own = [c for c in components if c.case_id == case.id]
        if own:
            title = _("Trường hợp: %(case)s") % {"case": case.name}
            sections.append(ComponentSection(title, _grouped(own)))
    if len(sections) > 1 and common:
        sections[0].title = _("Giấy tờ chung cho mọi trường hợp")
    return sections


def feedback_address(version: ProcedureVersion) -> str:
    """Where to send feedback on this procedure (Directive 01/CT-UBND, clause 1c)."""
    for agency in (version.processing_agency, version.receiving_agency):
        if agency is not None and agency.feedback_address.strip():
            return agency.feedback_address
    if version.level_commune and not version.level_province:
        return _("Ủy ban nhân dân xã, phường nơi nộp hồ sơ.")
    return ""


_TITLE_KEYS = ("name", "title", "doc")
_NUMBER_KEYS = ("code", "number")
_NOTE_KEYS = ("content", "note", "articles")


def _first(item: dict[str, Any], keys: tuple[str, ...]) -> str:
    return next((str(item[k]).strip() for k in keys if item.get(k)), "")


def legal_basis_items(items: Any) -> list[dict[str, str]]:
    """The legal basis list as number/label/note/url rows.

    The catalogue (``catalog.io`` and the demo data) stores a JSON list of
    ``{"code": "123/2015/NĐ-CP", "name": "Nghị định số 123/2015/NĐ-CP …"}``; plain strings
    and ``title``/``number``/``url`` keys are accepted too. The number is shown only when
    the name does not already say it. Only http(s) links are kept, so a stored value cannot
    inject a script URL.
    """
    rows = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict):
            title, number = _first(item, _TITLE_KEYS), _first(item, _NUMBER_KEYS)
            note = _first(item, _NOTE_KEYS)
            url = str(item.get("url") or "")
            label = title or note or number
            rows.append(
                {
                    "number": number if number and number not in label else "",
                    "label": label,
                    "note": note if note != label else "",
                    "url": url if url.startswith(("https://", "http://")) else "",
                }
            )
        elif str(item).strip():
            rows.append({"number": "", "label": str(item).strip(), "note": "", "url": ""})
    return rows
