from django.urls import URLPattern, URLResolver, path

from netral.reports import case_views, views

app_name = "reports"
urlpatterns: list[URLPattern | URLResolver] = [
    path("baru/", views.public_create, name="public_create"),
    path("baru/periksa/", views.check, name="check"),
    path("baru/wilayah/", views.region_options, name="region_options"),
    path("baru/paslon/", views.pair_options, name="pair_options"),
    path("baru/instansi/", views.agency_options, name="agency_options"),
    path("terkirim/", views.submitted, name="submitted"),
    path("lacak/", views.receipt_lookup, name="receipt_lookup"),
    path("lacak/tambah/", views.add_information, name="add_information"),
    path("tanda-terima/pdf/", views.receipt_pdf, name="receipt_pdf"),
    path("tanda-terima/surel/", views.receipt_email, name="receipt_email"),
    path("temuan/baru/", views.finding_create, name="finding_create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/identitas/", views.reveal, name="reveal"),
    path("bukti/<int:pk>/<str:variant>/", views.evidence_file, name="evidence_file"),
    path("gabung/<str:number>/", case_views.join_cases, name="join_cases"),
]
