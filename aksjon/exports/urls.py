from django.urls import path

from aksjon.exports import views

urlpatterns = [
    path("exports/", views.export_list, name="export_list"),
    # exports/targets.csv?operation=3&status=approved — the filters of the list page, passed through.
    path("exports/<slug:kind>.<str:fmt>", views.export_download, name="export_download"),
]
