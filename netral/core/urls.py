from django.templatetags.static import static
from django.urls import path
from django.views.generic.base import RedirectView

from netral.core import csp, health, history_views, metrics, views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics.metrics_view, name="metrics"),
    path("bahasa/<str:code>/", views.switch_language, name="language"),
    path("sistem/pekerjaan/", views.system_jobs, name="jobs"),
    path("favicon.ico", RedirectView.as_view(url=static("netral/favicon.svg"), permanent=True), name="favicon"),
    path("riwayat/", history_views.audit_log, name="audit_log"),
    path("riwayat/ekspor.csv", history_views.audit_log_csv, name="audit_log_csv"),
    path("riwayat/<str:label>/<str:pk>/", history_views.object_history, name="object_history"),
    path("csp-laporan/", csp.report, name="csp_report"),
]
