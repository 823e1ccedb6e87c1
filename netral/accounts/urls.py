from django.contrib.auth import views as auth_views
from django.urls import path

from netral.accounts import views

app_name = "accounts"
urlpatterns = [
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("masuk/kode/", views.verify, name="verify"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("ruang-kerja/", views.workspace, name="workspace"),
    path("2fa/", views.two_factor_setup, name="two_factor_setup"),
    path("2fa/kode-pemulihan/", views.recovery_codes, name="recovery_codes"),
    path("undangan/<str:token>/", views.invitation, name="invitation"),
    path("sandi/lupa/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "sandi/lupa/terkirim/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path("sandi/atur/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path(
        "sandi/selesai/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("sandi/ubah/", views.PasswordChangeView.as_view(), name="password_change"),
    path("saya/", views.my_account, name="me"),
    path("staf/", views.staff_list, name="staff_list"),
    path("staf/undang/", views.staff_invite, name="staff_invite"),
    path("staf/impor/", views.staff_import, name="staff_import"),
    path("staf/kecamatan/", views.staff_kecamatan, name="staff_kecamatan"),
    path("staf/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("staf/<int:pk>/aksi/", views.staff_action, name="staff_action"),
]
