# SPDX-License-Identifier: MPL-2.0
from django.urls import path

from motcua.integrations.sso.fake import views as fake_sso_views
from motcua.portal import (
    account_views,
    catalog_views,
    lookup_views,
    my_views,
    sso_views,
    stats_views,
    submission_views,
    views,
)

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("co-quan/", views.agency_list, name="agency_list"),
    path("co-quan/<slug:code>/", views.agency_detail, name="agency_detail"),
    path("thu-tuc/", catalog_views.procedure_list, name="procedure_list"),
    path("thu-tuc/<str:code>/", catalog_views.procedure_detail, name="procedure_detail"),
    path(
        "thu-tuc/<str:code>/nop-truc-tuyen/",
        submission_views.apply_start,
        name="procedure_apply",
    ),
    # Online submission in progress (drafts) and "Hồ sơ của tôi" (issue #7).
    path("ho-so-nhap/", submission_views.draft_list, name="draft_list"),
    path("ho-so-nhap/<int:draft_id>/", submission_views.draft_resume, name="draft_resume"),
    path("ho-so-nhap/<int:draft_id>/truong-hop/", submission_views.draft_case, name="draft_case"),
    path(
        "ho-so-nhap/<int:draft_id>/thong-tin/",
        submission_views.draft_details,
        name="draft_details",
    ),
    path("ho-so-nhap/<int:draft_id>/giay-to/", submission_views.draft_files, name="draft_files"),
    path(
        "ho-so-nhap/<int:draft_id>/nhan-ket-qua/",
        submission_views.draft_delivery,
        name="draft_delivery",
    ),
    path("ho-so-nhap/<int:draft_id>/xem-lai/", submission_views.draft_review, name="draft_review"),
    path("ho-so-nhap/<int:draft_id>/xoa/", submission_views.draft_delete, name="draft_delete"),
    path(
        "ho-so-nhap/<int:draft_id>/tep/<int:file_id>/",
        submission_views.draft_file,
        name="draft_file",
    ),
    path(
        "ho-so-nhap/<int:draft_id>/tep/<int:file_id>/xoa/",
        submission_views.draft_file_remove,
        name="draft_file_remove",
    ),
    path("ho-so-cua-toi/", my_views.my_dossiers, name="my_dossiers"),
    path("ho-so-cua-toi/<str:code>/", my_views.my_dossier, name="my_dossier"),
    path(
        "ho-so-cua-toi/<str:code>/da-nop/",
        submission_views.submission_done,
        name="submission_done",
    ),
    path(
        "ho-so-cua-toi/<str:code>/bo-sung/",
        my_views.my_dossier_supplement,
        name="my_dossier_supplement",
    ),
    path(
        "ho-so-cua-toi/<str:code>/rut-ho-so/",
        my_views.my_dossier_withdraw,
        name="my_dossier_withdraw",
    ),
    path(
        "ho-so-cua-toi/<str:code>/tep/<int:file_id>/",
        my_views.my_dossier_file,
        name="my_dossier_file",
    ),
    path(
        "ho-so-cua-toi/<str:code>/mau/<slug:kind>.pdf",
        my_views.my_dossier_form,
        name="my_dossier_form",
    ),
    # Public statistics of dossier handling and their open data.
    path("thong-ke/", stats_views.statistics, name="statistics"),
    path("thong-ke/du-lieu.csv", stats_views.statistics_csv, name="statistics_csv"),
    path("thong-ke/du-lieu.json", stats_views.statistics_json, name="statistics_json"),
    path(
        "thong-ke/du-lieu.schema.json",
        stats_views.statistics_schema,
        name="statistics_schema",
    ),
    path("tra-cuu/", lookup_views.lookup, name="lookup"),
    path("tra-cuu/<str:code>/", lookup_views.status, name="lookup_status"),
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", views.LogoutView.as_view(), name="logout"),
    path("dang-nhap/vneid/", sso_views.vneid_start, name="vneid_start"),
    path("dang-nhap/vneid/callback/", sso_views.vneid_callback, name="vneid_callback"),
    path("sso/fake/", fake_sso_views.authorize, name="sso_fake"),
    path("dang-ky/", account_views.register, name="register"),
    path("dang-ky/xac-nhan/", account_views.register_confirm, name="register_confirm"),
    path("dang-ky/gui-lai-ma/", account_views.register_resend, name="register_resend"),
    path("tai-khoan/", account_views.account, name="account"),
    path("tai-khoan/to-chuc/", account_views.organisation_add, name="organisation_add"),
    path("tai-khoan/lien-he/", account_views.contact_change, name="contact_change"),
    path("tai-khoan/lien-he/xac-nhan/", account_views.contact_confirm, name="contact_confirm"),
    path("tai-khoan/lien-he/gui-lai-ma/", account_views.contact_resend, name="contact_resend"),
]
