from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path, reverse_lazy
from django.views.generic.base import RedirectView

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("netral.core.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("akun/", include("netral.accounts.urls")),
    path("laporan/", include("netral.reports.urls")),
    path("perkara/", include("netral.cases.urls")),
    path("registri/", include("netral.personnel.urls")),
    path("pencegahan/", include("netral.prevention.urls")),
    path("pemantauan/", include("netral.monitoring.urls")),
    path("statistik/", include("netral.analytics.urls")),
    path("api/", include("netral.api.urls")),
    path("pemilihan/", include("netral.regions.urls")),
    # The admin signs in through the same door (password, code, lockout) as everyone else.
    path("admin/login/", RedirectView.as_view(url=reverse_lazy("accounts:login"), query_string=True)),
    path("percakapan/", include("netral.conversations.urls")),
    path("surat/", include("netral.letters.urls")),
    path("chat/", include("netral.chat.urls")),
    path("admin/", admin.site.urls),
]
handler400 = "netral.core.views.bad_request"

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
