# SPDX-License-Identifier: MPL-2.0
from django.urls import path

from motcua.desk import (
    action_views,
    catalog_views,
    dossier_views,
    intake_views,
    outbox_views,
    report_views,
    views,
    workcal_views,
)

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
    # Dossiers: inboxes, the dossier page, its files and forms (dossier_views.py)
    path("ho-so/", dossier_views.inbox, {"inbox": "cua-toi"}, name="dossier_home"),
    path("ho-so/hop/<slug:inbox>/", dossier_views.inbox, name="dossier_inbox"),
    path("ho-so/so-theo-doi/", dossier_views.register, name="dossier_register"),
    path("ho-so/phan-cong/", dossier_views.workload, name="dossier_workload"),
    path("ho-so/<str:code>/", dossier_views.detail, name="dossier_detail"),
    path("ho-so/<str:code>/tep/<int:file_id>/", dossier_views.file_view, name="dossier_file"),
    path("ho-so/<str:code>/mau/<slug:kind>.pdf", dossier_views.form_pdf, name="dossier_form"),
    # Counter intake (intake_views.py) and actions on a dossier (action_views.py): BEGIN
    path("tiep-nhan/", intake_views.intake_start, name="intake_start"),
    path("tiep-nhan/<slug:agency>/<str:procedure>/", intake_views.intake_case, name="intake_case"),
    path(
        "tiep-nhan/<slug:agency>/<str:procedure>/<int:case>/",
        intake_views.intake_form,
        name="intake_form",
    ),
    path(
        "tiep-nhan/<slug:agency>/<str:procedure>/<int:case>/buu-chinh/",
        intake_views.intake_postal,
        name="intake_postal",
    ),
    path(
        "ho-so/<str:code>/thao-tac/<slug:action>/",
        action_views.dossier_action,
        name="dossier_action",
    ),
    # END
    # Statistics and dashboards (Directive 01/CT-UBND, clause 2a): report_views.py
    path("bao-cao/", report_views.form06_page, name="report_form06"),
    path("bao-cao/tong-quan/", report_views.dashboard, name="report_dashboard"),
    path("bao-cao/qua-han/", report_views.overdue_list, name="report_overdue"),
    # Outbox support: failed deliveries and resending (system administrators): outbox_views.py
    path("hang-doi/", outbox_views.outbox_list, name="outbox"),
    path("hang-doi/gui-lai/", outbox_views.outbox_resend, name="outbox_resend"),
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
