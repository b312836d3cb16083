# SPDX-License-Identifier: MPL-2.0
from django.urls import path

from motcua.portal import catalog_views, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("co-quan/", views.agency_list, name="agency_list"),
    path("co-quan/<slug:code>/", views.agency_detail, name="agency_detail"),
    path("thu-tuc/", catalog_views.procedure_list, name="procedure_list"),
    path("thu-tuc/<str:code>/", catalog_views.procedure_detail, name="procedure_detail"),
    path(
        "thu-tuc/<str:code>/nop-truc-tuyen/",
        catalog_views.procedure_apply,
        name="procedure_apply",
    ),
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", views.LogoutView.as_view(), name="logout"),
]
