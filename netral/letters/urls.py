from django.urls import URLPattern, URLResolver, path

from netral.letters import views

app_name = "letters"
urlpatterns: list[URLPattern | URLResolver] = [
    path("verifikasi/<str:code>/", views.verify, name="verify"),
    path("perkara/<str:number>/dokumen/", views.document_upload, name="document_upload"),
    path("perkara/<str:number>/<slug:slug>/", views.case_letter, name="case_letter"),
    path("dokumen/<int:pk>/", views.document_file, name="document"),
]
