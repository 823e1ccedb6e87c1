from django.urls import URLPattern, URLResolver, path

from netral.conversations import views

app_name = "conversations"
urlpatterns: list[URLPattern | URLResolver] = [
    path("perkara/<str:number>/kirim/", views.ask, name="ask"),
    path("balas/", views.reply, name="reply"),
    path("berhenti/<str:token>/", views.opt_out, name="opt_out"),
]
