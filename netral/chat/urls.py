from django.urls import URLPattern, URLResolver, path

from netral.chat import views

app_name = "chat"
urlpatterns: list[URLPattern | URLResolver] = [
    path("whatsapp/webhook/", views.whatsapp_webhook, name="whatsapp_webhook"),
    path("telegram/webhook/", views.telegram_webhook, name="telegram_webhook"),
]
