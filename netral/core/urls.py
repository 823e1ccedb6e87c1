from django.urls import path

from netral.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("bahasa/<str:code>/", views.switch_language, name="language"),
]
