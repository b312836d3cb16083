# SPDX-License-Identifier: MPL-2.0
from django.contrib import admin
from django.urls import include, path

from motcua.core import views as core_views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz/", core_views.healthz, name="healthz"),
    path("desk/", include("motcua.desk.urls")),
    path("", include("motcua.portal.urls")),
]
