from django.urls import URLPattern, URLResolver, path, re_path
from django.views.generic import RedirectView

from netral.analytics import views

app_name = "analytics"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.dashboard, name="dashboard"),
    path("rincian/", views.case_list, name="cases"),
    re_path(r"^rincian/perkara\.(?P<fmt>csv|xlsx)$", views.case_export, name="case_export"),
    re_path(r"^angka/(?P<figure>[a-z]+)\.(?P<fmt>csv|xlsx)$", views.figure_export, name="figure_export"),
    path("peta/", views.region_map, name="map"),
    path("wilayah/<str:code>/", views.region, name="region"),
    # The case PDFs are the cases app's now; the old addresses still lead there.
    path("perkara/<str:number>.pdf", RedirectView.as_view(pattern_name="cases:pdf", permanent=True)),
    path(
        "perkara/<str:number>/rekomendasi.pdf",
        RedirectView.as_view(pattern_name="cases:recommendation_pdf", permanent=True),
    ),
    path("publik/", views.public_page, name="public"),
    path("publik/data-terbuka.csv", views.open_data, name="open_data"),
    path("publik/kamus-data/", views.data_dictionary, name="data_dictionary"),
    path("rincian/laporan/", views.report_list, name="reports"),
    re_path(r"^rincian/laporan\.(?P<fmt>csv|xlsx)$", views.report_export, name="report_export"),
    path("rincian/pencegahan/<str:kind>/", views.prevention_rows, name="prevention_rows"),
    re_path(
        r"^rincian/pencegahan/(?P<kind>[a-z]+)\.(?P<fmt>csv|xlsx)$", views.prevention_export, name="prevention_export"
    ),
    path("rincian/asn/", views.person_list, name="persons"),
    re_path(r"^rincian/asn\.(?P<fmt>csv|xlsx)$", views.person_export, name="person_export"),
]
