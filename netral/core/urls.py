from django.urls import path

from netral.core import health, metrics, views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics.metrics_view, name="metrics"),
    path("bahasa/<str:code>/", views.switch_language, name="language"),
    path("sistem/pekerjaan/", views.system_jobs, name="jobs"),
]
