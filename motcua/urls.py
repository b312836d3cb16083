# SPDX-License-Identifier: MPL-2.0
from django.contrib import admin
from django.urls import include, path

from motcua.api import problems as api_problems
from motcua.core import views as core_views

# Under /api/ errors are RFC 9457 problem details; elsewhere Django's own pages.
handler404 = api_problems.page_not_found
handler500 = api_problems.server_error

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz/", core_views.healthz, name="healthz"),
    path("livez/", core_views.livez, name="livez"),
    path("desk/", include("motcua.desk.urls")),
    path("api/", include("motcua.api.urls")),
    path("", include("motcua.portal.urls")),
]
