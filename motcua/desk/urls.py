# SPDX-License-Identifier: MPL-2.0
from django.urls import path

from motcua.desk import views

app_name = "desk"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("dang-nhap/", views.login_view, name="login"),
    path("dang-nhap/xac-thuc/", views.otp_verify_view, name="otp_verify"),
    path("dang-nhap/dang-ky-xac-thuc/", views.otp_enrol_view, name="otp_enrol"),
    path("dang-xuat/", views.logout_view, name="logout"),
    path("co-quan/<slug:code>/", views.agency_detail, name="agency_detail"),
]
