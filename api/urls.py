from django.contrib.auth.decorators import login_not_required
from django.urls import path
from drf_spectacular.renderers import OpenApiJsonRenderer, OpenApiYamlRenderer
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from api import views
from api.access import CanRead, TokenRateThrottle

app_name = "api"

# The schema and its Swagger UI (assets from drf-spectacular-sidecar, served as our own static files) are read
# by the same callers as the data.
guarded = {
    "authentication_classes": views.ApiView.authentication_classes,
    "permission_classes": [CanRead],
    "throttle_classes": [TokenRateThrottle],
}


urlpatterns = [
    path("plans/", views.PlanList.as_view(), name="plans"),
    path("plans/<slug:code>/", views.PlanDetail.as_view(), name="plan"),
    path("plans/<slug:code>/indicators/", views.IndicatorList.as_view(), name="indicators"),
    path("plans/<slug:code>/standings/", views.StandingList.as_view(), name="standings"),
    path("plans/<slug:code>/figures/", views.FigureList.as_view(), name="figures"),
    path("plans/<slug:code>/tasks/", views.TaskList.as_view(), name="tasks"),
    path(
        "schema/",
        login_not_required(
            SpectacularAPIView.as_view(renderer_classes=[OpenApiJsonRenderer, OpenApiYamlRenderer], **guarded)
        ),
        name="schema",
    ),
    path(
        "docs/",
        login_not_required(
            SpectacularSwaggerSplitView.as_view(
                url_name="api:schema", template_name="api/swagger_ui.html", **guarded
            )
        ),
        name="docs",
    ),
]
