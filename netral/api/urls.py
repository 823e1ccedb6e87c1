"""``/api/``: the v1 router, the OpenAPI schema, token management and the webhook log pages."""

from django.urls import URLPattern, URLResolver, include, path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from netral.api import pages
from netral.api.views.cases import CaseViewSet
from netral.api.views.catalogue import (
    RecommendationViewSet,
    SanctionLevelViewSet,
    SanctionTrackViewSet,
    ViolationTypeViewSet,
)
from netral.api.views.fallback import not_found
from netral.api.views.monitoring import MonitoringItemViewSet
from netral.api.views.personnel import ASNViewSet
from netral.api.views.prevention import (
    CircularViewSet,
    PledgeEventViewSet,
    PledgeSignatureViewSet,
    PledgeTextViewSet,
    PreventionActivityViewSet,
    VenueDecreeViewSet,
)
from netral.api.views.public import PublicReportView
from netral.api.views.regions import AgencyViewSet, ElectionViewSet, RegionViewSet, StageViewSet
from netral.api.views.reports import ReportViewSet
from netral.api.views.webhooks import WebhookDeliveryViewSet, WebhookEndpointViewSet

app_name = "api"

router = SimpleRouter()
router.register("regions", RegionViewSet, basename="region")
router.register("elections", ElectionViewSet, basename="election")
router.register("stages", StageViewSet, basename="stage")
router.register("agencies", AgencyViewSet, basename="agency")
router.register("reports", ReportViewSet, basename="report")
router.register("cases", CaseViewSet, basename="case")
router.register("recommendations", RecommendationViewSet, basename="recommendation")
router.register("violation-types", ViolationTypeViewSet, basename="violation-type")
router.register("sanction-tracks", SanctionTrackViewSet, basename="sanction-track")
router.register("sanction-levels", SanctionLevelViewSet, basename="sanction-level")
router.register("prevention/pledge-texts", PledgeTextViewSet, basename="pledge-text")
router.register("prevention/pledge-signatures", PledgeSignatureViewSet, basename="pledge-signature")
router.register("prevention/pledge-events", PledgeEventViewSet, basename="pledge-event")
router.register("prevention/circulars", CircularViewSet, basename="circular")
router.register("prevention/activities", PreventionActivityViewSet, basename="prevention-activity")
router.register("prevention/venue-decrees", VenueDecreeViewSet, basename="venue-decree")
router.register("monitoring/items", MonitoringItemViewSet, basename="monitoring-item")
router.register("asn", ASNViewSet, basename="asn")
router.register("webhooks/endpoints", WebhookEndpointViewSet, basename="webhook-endpoint")
router.register("webhooks/deliveries", WebhookDeliveryViewSet, basename="webhook-delivery")

urlpatterns: list[URLPattern | URLResolver] = [
    path("v1/public/reports/", PublicReportView.as_view(), name="public_report"),
    path("v1/", include(router.urls)),
    re_path(r"^v1/(?P<rest>[\s\S]*)$", not_found),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("token/", pages.tokens, name="tokens"),
    path("webhook/", pages.deliveries, name="webhook_deliveries"),
]
