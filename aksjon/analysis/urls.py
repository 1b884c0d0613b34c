from django.urls import path

from aksjon.analysis import views as priority_views
from aksjon.analysis import views_chart, views_networks, views_templates

urlpatterns = [
    # The hub, the priority and target proposals (aksjon/analysis/views.py)
    path("analysis/", priority_views.analysis_hub, name="analysis_hub"),
    path("analysis/run/", priority_views.analysis_run, name="analysis_run"),
    path("analysis/priority/", priority_views.priority_list, name="priority_list"),
    path("operations/<int:pk>/proposals/", priority_views.proposal_list, name="proposal_list"),
    path("operations/<int:pk>/proposals/make/", priority_views.proposals_make, name="proposals_make"),
    path("operations/<int:pk>/proposals/accept/", priority_views.proposals_accept, name="proposals_accept"),
    path("proposals/<int:pk>/reject/", priority_views.proposal_reject, name="proposal_reject"),
    # Networks and rotation (aksjon/analysis/views_networks.py)
    path("networks/", views_networks.network_list, name="network_list"),
    path("networks/<int:pk>/", views_networks.network_detail, name="network_detail"),
    path("personas/", views_networks.persona_list, name="persona_list"),
    path("personas/<int:pk>/", views_networks.persona_detail, name="persona_detail"),
    path("venues/<int:pk>/rotation/", views_networks.venue_rotation, name="venue_rotation"),
    path("phones/<int:pk>/rotation/", views_networks.phone_rotation, name="phone_rotation"),
    # Ad templates (aksjon/analysis/views_templates.py)
    path("analysis/templates/", views_templates.template_list, name="template_list"),
    path("analysis/templates/<slug:key>/", views_templates.template_detail, name="template_detail"),
    # The link chart (aksjon/analysis/views_chart.py)
    path("networks/<int:pk>/chart/", views_chart.network_chart, name="network_chart"),
    path("api/networks/<int:pk>/chart", views_chart.chart_data, name="api_network_chart"),
    path("api/networks/<int:pk>/expand", views_chart.chart_expand, name="api_network_expand"),
]
