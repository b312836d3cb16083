# SPDX-License-Identifier: MPL-2.0
from django.urls import path

from motcua.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("co-quan/", views.agency_list, name="agency_list"),
    path("co-quan/<slug:code>/", views.agency_detail, name="agency_detail"),
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", views.LogoutView.as_view(), name="logout"),
]
