from django.urls import path

from netral.personnel import views

app_name = "personnel"
urlpatterns = [
    path("", views.registry_list, name="list"),
    path("asn/<int:pk>/", views.detail, name="detail"),
    path("asn/<int:pk>/status/", views.set_active, name="set_active"),
    path("impor/", views.import_page, name="import"),
    path("impor/<int:pk>/", views.import_status, name="import_status"),
    path("impor/<int:pk>/galat.csv", views.import_errors, name="import_errors"),
    path("impor/<int:pk>/lanjutkan/", views.import_resume, name="import_resume"),
    path("cari/", views.lookup, name="lookup"),
    path("cocokkan/", views.public_match, name="public_match"),
]
