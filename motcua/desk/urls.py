# SPDX-License-Identifier: MPL-2.0
from django.urls import path

from motcua.desk import catalog_views, views, workcal_views

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
    # Procedure catalogue (Directive 01/CT-UBND, clause 1c): catalog_views.py
    path("thu-tuc/", catalog_views.catalog_list, name="catalog_list"),
    path("thu-tuc/them/", catalog_views.procedure_new, name="catalog_new"),
    path("thu-tuc/cong-bo-cham/", catalog_views.late_report, name="catalog_late"),
    path("thu-tuc/<str:code>/", catalog_views.procedure_detail, name="catalog_detail"),
    path(
        "thu-tuc/<str:code>/tao-du-thao/", catalog_views.draft_create, name="catalog_draft_create"
    ),
    path("thu-tuc/<str:code>/bai-bo/", catalog_views.procedure_abolish, name="catalog_abolish"),
    path("thu-tuc/<str:code>/du-thao/", catalog_views.draft_edit, name="catalog_draft"),
    path(
        "thu-tuc/<str:code>/du-thao/truong-hop/",
        catalog_views.draft_part,
        {"part": "cases"},
        name="catalog_cases",
    ),
    path(
        "thu-tuc/<str:code>/du-thao/thanh-phan-ho-so/",
        catalog_views.draft_part,
        {"part": "components"},
        name="catalog_components",
    ),
    path(
        "thu-tuc/<str:code>/du-thao/phi-le-phi/",
        catalog_views.draft_part,
        {"part": "fees"},
        name="catalog_fees",
    ),
    path(
        "thu-tuc/<str:code>/du-thao/quy-trinh-noi-bo/",
        catalog_views.draft_part,
        {"part": "steps"},
        name="catalog_steps",
    ),
    path("thu-tuc/<str:code>/du-thao/kiem-tra/", catalog_views.draft_check, name="catalog_check"),
    path(
        "thu-tuc/<str:code>/du-thao/cong-bo/", catalog_views.draft_publish, name="catalog_publish"
    ),
]
