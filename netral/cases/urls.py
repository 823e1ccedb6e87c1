from django.urls import URLPattern, URLResolver, path
from django.views.generic.base import RedirectView

from netral.cases import views

app_name = "cases"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.case_list, name="list"),
    path("antrean/", views.queue, name="queue"),
    path("ekspor.csv", views.export, name="export"),
    path("<str:number>/", views.detail, name="detail"),
    path("<str:number>/status/<slug:target>/", views.transition, name="transition"),
    path("<str:number>/terlapor/konfirmasi/", views.accused_confirm, name="accused_confirm"),
    path("<str:number>/terlapor/tidak-terdaftar/", views.accused_reject, name="accused_reject"),
    path("<str:number>/berkas.pdf", views.case_pdf, name="pdf"),
    # The letter is issued and stored by the letters app now (numbered, verifiable); the old address goes there.
    path(
        "<str:number>/rekomendasi.pdf",
        RedirectView.as_view(url="/surat/perkara/%(number)s/rekomendasi/", permanent=True),
        name="recommendation_pdf",
    ),
]
