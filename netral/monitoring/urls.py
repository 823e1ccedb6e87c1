from django.urls import path

from netral.monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("unggah/", views.upload, name="upload"),
    path("kiriman/", views.batch_list, name="batches"),
    path("kiriman/<int:pk>/", views.batch_detail, name="batch"),
    path("butir/<int:pk>/", views.item_detail, name="item"),
    path("butir/<int:pk>/salinan/", views.copies, name="copies"),
    path("butir/<int:pk>/umpan-balik/", views.item_feedback, name="feedback"),
    path("butir/<int:pk>/temuan/", views.item_finding, name="finding"),
    path("ekspor/umpan-balik.jsonl", views.export_feedback, name="export_feedback"),
]
