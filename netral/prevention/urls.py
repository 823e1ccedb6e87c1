from django.urls import URLPattern, URLResolver, path

from netral.prevention import views

app_name = "prevention"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("ikrar/", views.sign, name="sign"),
    path("ikrar/tertanda/<str:token>/", views.signed, name="signed"),
    path("sertifikat/<str:token>/", views.certificate, name="certificate"),
    path("verifikasi/", views.verify, name="verify"),
    path("verifikasi/<str:hash_value>/", views.verify, name="verify_hash"),
    path("kode-penandatanganan/", views.codes, name="codes"),
    path("kode-penandatanganan/<int:pk>/cabut/", views.code_revoke, name="code_revoke"),
    path("cakupan/", views.coverage, name="coverage"),
    path("naskah/baru/", views.text_create, name="text_create"),
    path("surat-edaran/baru/", views.circular_create, name="circular_create"),
    path("surat-edaran/<int:pk>/", views.circular_detail, name="circular_detail"),
    path("kegiatan/baru/", views.activity_create, name="activity_create"),
    path("kegiatan/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("penandatanganan-massal/baru/", views.event_create, name="event_create"),
    path("penandatanganan-massal/<int:pk>/", views.event_detail, name="event_detail"),
    path("tempat-kampanye/keputusan/baru/", views.decree_create, name="decree_create"),
    path("tempat-kampanye/keputusan/<int:pk>/", views.decree_detail, name="decree_detail"),
    path("tempat-kampanye/cek/", views.venue_check, name="venue_check"),
    path("tempat-kampanye/<str:region_code>/", views.venues, name="venues"),
    path("berkas/<int:pk>/", views.file_download, name="file"),
]
