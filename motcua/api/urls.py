# SPDX-License-Identifier: MPL-2.0
"""REST API v1 (docs/api.md): /api/v1/… endpoints, /api/schema/, /api/docs/, /api/redoc/."""

from __future__ import annotations

from django.urls import include, path, re_path

from motcua.api import actions, catalog, docs, documents, dossiers, org, statistics

app_name = "api"
CODE = catalog.CODE_PATTERN

v1 = [
    path("procedures", catalog.ProcedureListApi.as_view(), name="procedure_list"),
    re_path(
        rf"^procedures/(?P<code>{CODE})$",
        catalog.ProcedureDetailApi.as_view(),
        name="procedure_detail",
    ),
    path("agencies", org.AgencyListApi.as_view(), name="agency_list"),
    re_path(rf"^agencies/(?P<code>{CODE})$", org.AgencyDetailApi.as_view(), name="agency_detail"),
    re_path(rf"^status/(?P<code>{CODE})$", dossiers.DossierStatusApi.as_view(), name="status"),
    path("statistics/form06", statistics.Form06Api.as_view(), name="statistics_form06"),
    path("dossiers", dossiers.DossierListCreateApi.as_view(), name="dossier_list"),
    re_path(
        rf"^dossiers/(?P<code>{CODE})$", dossiers.DossierDetailApi.as_view(), name="dossier_detail"
    ),
    re_path(
        rf"^dossiers/(?P<code>{CODE})/files$",
        documents.DossierFileUploadApi.as_view(),
        name="dossier_files",
    ),
    re_path(
        rf"^dossiers/(?P<code>{CODE})/files/(?P<file_id>[0-9]{{1,9}})$",
        documents.DossierFileApi.as_view(),
        name="dossier_file",
    ),
    *(
        re_path(
            rf"^dossiers/(?P<code>{CODE})/actions/{view.spec.slug}$",
            view.as_view(),
            name=f"dossier_action_{action.value}",
        )
        for action, view in actions.VIEWS.items()
    ),
]

urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", docs.SchemaApi.as_view(), name="schema"),
    path("docs/", docs.SwaggerDocsApi.as_view(), name="docs"),
    path("redoc/", docs.RedocDocsApi.as_view(), name="redoc"),
]
