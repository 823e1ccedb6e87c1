from django.urls import path

from netral.regions import views

app_name = "regions"
urlpatterns = [
    path("", views.elections, name="elections"),
    path("<slug:code>/", views.calendar, name="calendar"),
    path("<slug:code>/ubah/", views.edit, name="edit"),
]
