# SPDX-License-Identifier: MPL-2.0
from django.urls import path

from motcua.desk import views, workcal_views

app_name = "desk"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("dang-nhap/", views.login_view, name="login"),
    path("dang-nhap/xac-thuc/", views.otp_verify_view, name="otp_verify"),
    path("dang-nhap/dang-ky-xac-thuc/", views.otp_enrol_view, name="otp_enrol"),
    path("dang-xuat/", views.logout_view, name="logout"),
    path("co-quan/<slug:code>/", views.agency_detail, name="agency_detail"),
    path("lich-lam-viec/", workcal_views.calendar_current, name="calendar"),
    path("lich-lam-viec/<int:year>/", workcal_views.calendar_year_view, name="calendar_year"),
    path("tinh-han/", workcal_views.deadline_check, name="deadline_check"),
]
