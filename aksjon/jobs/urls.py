from django.urls import path

from aksjon.jobs import views

urlpatterns = [
    path("jobs/<int:pk>/", views.job_status, name="job_status"),
    path("jobs/<int:pk>/cancel/", views.job_cancel, name="job_cancel"),
    path("jobs/<int:pk>/retry/", views.job_retry, name="job_retry"),
]
