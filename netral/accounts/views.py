"""Sign-in (password, then a code), enrolment, invitation links, one's own account, the staff area."""

from __future__ import annotations

import time
from typing import Any

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from netral.accounts import landing, lockout, services, twofactor
from netral.accounts.choices import Role
from netral.accounts.forms import CodeForm, StaffCsvForm, StaffForm
from netral.accounts.models import Invitation, User
from netral.core import audit
from netral.core.models import ObjectChange
from netral.core.ratelimit import limited

PENDING = "signin_pending"
RECOVERY_ONCE = "recovery_codes_once"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _safe_next(request: HttpRequest, value: str | None) -> str:
    if value and url_has_allowed_host_and_scheme(value, {request.get_host()}, require_https=request.is_secure()):
        return value
    return ""


def _with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}" if next_url else reverse(name)


# --- sign-in ------------------------------------------------------------------------------


class LoginView(auth_views.LoginView):
    """Step 1: the password. An enrolled staff account then gives a code before it is signed in."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        return landing.workspace_url(self.request.user)

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        if twofactor.required_for(user) and twofactor.enrolled(user):
            self.request.session[PENDING] = {
                "user": user.pk,
                "backend": getattr(user, "backend", MODEL_BACKEND),
                "at": time.time(),
                "next": _safe_next(self.request, self.get_redirect_url()),
            }
            return redirect("accounts:verify")
        response = super().form_valid(form)
        if twofactor.required_for(user):  # not enrolled yet: enrol before anything else
            target = self.get_redirect_url() or landing.workspace_url(user)
            return redirect(_with_next("accounts:two_factor_setup", target))
        return response


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Step 2: a code from the app or a recovery code; wrong codes count toward the lockout."""
    pending = request.session.get(PENDING) or {}
    user: User | None
    if request.user.is_authenticated:
        user = request.user
        if not twofactor.required_for(user) or request.user.is_verified():  # type: ignore[attr-defined]
            return redirect(landing.workspace_url(user))
        if not twofactor.enrolled(user):
            return redirect("accounts:two_factor_setup")
        next_url = _safe_next(request, request.GET.get("next") or request.POST.get("next"))
    else:
        fresh = time.time() - float(pending.get("at", 0)) <= settings.SIGNIN_CODE_TIMEOUT_SECONDS
        user = User.objects.filter(pk=pending.get("user"), is_active=True).first() if fresh else None
        if user is None:
            request.session.pop(PENDING, None)
            messages.warning(request, _("Waktu memasukkan kode habis. Masuk lagi dengan kata sandi."))
            return redirect("accounts:login")
        next_url = pending.get("next", "")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        assert user is not None
        if lockout.is_locked(request, user.username):
            return lockout.lockout_response(request)
        check = twofactor.verify(user, form.cleaned_data["code"])
        if check.ok:
            if not request.user.is_authenticated:
                login(request, user, backend=pending.get("backend", MODEL_BACKEND))
                request.session.pop(PENDING, None)
            django_otp.login(request, check.device)
            if check.recovery_left is not None:
                messages.warning(
                    request,
                    _("Anda masuk dengan kode pemulihan; tersisa %(n)s. Buat kode baru di halaman Akun saya.")
                    % {"n": check.recovery_left},
                )
            return redirect(next_url or landing.workspace_url(user))
        if lockout.record_failure(request, user.username):
            return lockout.lockout_response(request)
        form.add_error("code", check.message)
    return render(request, "accounts/verify.html", {"form": form, "next": next_url, "pending_user": user})


@login_required
def workspace(request: HttpRequest) -> HttpResponse:
    return redirect(landing.workspace_url(request.user))


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app (QR and key), confirm with a code, get recovery codes once."""
    user: User = request.user  # type: ignore[assignment]
    next_url = _safe_next(request, request.GET.get("next") or request.POST.get("next"))
    enrolled = twofactor.enrolled(user)
    verified = request.user.is_verified()  # type: ignore[union-attr]
    if enrolled and not verified:
        return redirect(_with_next("accounts:verify", next_url))
    if request.method == "POST" and request.POST.get("action") == "regenerate" and enrolled:
        request.session[RECOVERY_ONCE] = twofactor.regenerate_recovery_codes(user)
        return redirect("accounts:recovery_codes")
    form = CodeForm(request.POST or None)
    form.fields["code"].help_text = _("6 angka yang tampil di aplikasi setelah memindai kode QR.")
    if request.method == "POST" and request.POST.get("action") == "confirm" and form.is_valid():
        check, codes = twofactor.confirm_enrolment(user, form.cleaned_data["code"])
        if check.ok:
            django_otp.login(request, check.device)
            request.session[RECOVERY_ONCE] = codes
            messages.success(request, _("Verifikasi dua langkah aktif."))
            return redirect(_with_next("accounts:recovery_codes", next_url))
        form.add_error("code", check.message)
    context: dict[str, Any] = {"form": form, "next": next_url, "enrolled": enrolled}
    if enrolled:
        context["recovery_left"] = twofactor.recovery_left(user)
    else:
        device = twofactor.pending_device(user)
        context.update(qr=twofactor.qr_svg(device), secret=twofactor.secret_text(device))
    return render(request, "accounts/two_factor.html", context)


@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """The recovery codes, shown once right after they were made."""
    codes = request.session.pop(RECOVERY_ONCE, None)
    if not codes:
        return redirect("accounts:two_factor_setup")
    next_url = _safe_next(request, request.GET.get("next")) or landing.workspace_url(request.user)
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": next_url})


# --- invitation and reset links -----------------------------------------------------------


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Set a password through a one-time link, then (staff) enrol the second factor."""
    found, state = services.link_state(token)
    if state != "open":
        services.refuse_link(token, state)
        return _refused(request, state)
    assert found is not None
    form = SetPasswordForm(found.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.accept_link(token, form.cleaned_data["new_password1"])
        except services.LinkRefused as refused:
            services.refuse_link(token, refused.state)
            return _refused(request, refused.state)
        except ValidationError as exc:
            form.add_error("new_password1", exc)
        else:
            login(request, user, backend=MODEL_BACKEND)
            if twofactor.required_for(user):
                messages.success(request, _("Kata sandi tersimpan. Langkah terakhir: pasang aplikasi autentikator."))
                return redirect(_with_next("accounts:two_factor_setup", landing.workspace_url(user)))
            messages.success(request, _("Kata sandi tersimpan. Selamat datang."))
            return redirect(landing.workspace_url(user))
    return render(
        request,
        "accounts/invitation.html",
        {
            "form": form,
            "invitation": found,
            "account": found.user,
            "is_reset": found.purpose == Invitation.Purpose.RESET,
        },
    )


def _refused(request: HttpRequest, state: str) -> HttpResponse:
    status = 404 if state == "unknown" else 410
    return render(request, "accounts/link_refused.html", {"message": services.refusal_message(state)}, status=status)


def _reset_limited(request: HttpRequest) -> HttpResponse:
    return render(
        request, "accounts/locked.html", {"message": _("Terlalu banyak permintaan. Coba lagi nanti.")}, status=429
    )


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        limiter = limited("password_reset", lambda: 10, response=_reset_limited)
        return limiter(lambda r: super(PasswordResetView, self).post(r, *args, **kwargs))(request)

    @property
    def extra_email_context(self) -> dict[str, Any]:  # type: ignore[override]
        return {"site_url": settings.SITE_URL.rstrip("/")}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        user = form.user
        services.end_sessions(user)
        audit.log_event(
            audit.object_type(user),
            str(user.pk),
            str(user),
            ObjectChange.Action.RESET_PASSWORD,
            {"by": "e-mail"},
            user=user,
        )
        return response


# --- one's own account --------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def my_account(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    current = request.session.session_key
    if request.method == "POST" and request.POST.get("action") == "end_others":
        n = services.end_other_sessions(user, current)
        messages.success(request, _("%(n)s sesi lain telah dikeluarkan.") % {"n": n})
        return redirect("accounts:me")
    sessions = services.live_sessions(user)
    return render(
        request,
        "accounts/me.html",
        {
            "sessions": sessions,
            "current": current,
            "enrolled": twofactor.enrolled(user),
            "required": twofactor.required_for(user),
            "recovery_left": twofactor.recovery_left(user),
        },
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:me")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        user = form.user
        services.end_sessions(user, keep=self.request.session.session_key)
        audit.log_event(
            audit.object_type(user), str(user.pk), str(user), ObjectChange.Action.RESET_PASSWORD, {"by": "self"}
        )
        messages.success(self.request, _("Kata sandi diganti; sesi lain dikeluarkan."))
        return response


# --- the staff area -----------------------------------------------------------------------


def _manager(request: HttpRequest) -> User:
    user = request.user
    if not user.is_authenticated or not user.manages_staff:  # type: ignore[union-attr]
        raise Http404
    return user  # type: ignore[return-value]


def _status(user: User, locked: set[str]) -> str:
    if not user.is_active:
        return "inactive"
    if user.username in locked:
        return "locked"
    if not user.has_usable_password():
        return "pending"
    return "active"


STATUS_LABELS = {
    "active": gettext_lazy("aktif"),
    "pending": gettext_lazy("menunggu aktivasi"),
    "inactive": gettext_lazy("nonaktif"),
    "locked": gettext_lazy("terkunci"),
}


@login_required
def staff_list(request: HttpRequest) -> HttpResponse:
    actor = _manager(request)
    qs = services.visible(actor).select_related("region", "agency").order_by("role", "region__code", "username")
    q = request.GET.get("q", "").strip()[:100]
    if q:
        qs = qs.filter(
            Q(username__icontains=q) | Q(first_name__icontains=q) | Q(last_name__icontains=q) | Q(email__icontains=q)
        )
    role = request.GET.get("role", "")
    if role in dict(Role.choices):
        qs = qs.filter(role=role)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    users = list(page.object_list)
    locked = lockout.locked_usernames([u.username for u in users])
    from django_otp.plugins.otp_totp.models import TOTPDevice

    with_2fa = set(TOTPDevice.objects.filter(user__in=users, confirmed=True).values_list("user_id", flat=True))
    rows = [{"user": u, "status": _status(u, locked), "two_factor": u.pk in with_2fa} for u in users]
    return render(
        request,
        "accounts/staff_list.html",
        {"page": page, "rows": rows, "q": q, "role": role, "roles": Role.choices, "status_labels": STATUS_LABELS},
    )


@login_required
@require_http_methods(["GET", "POST"])
def staff_invite(request: HttpRequest) -> HttpResponse:
    actor = _manager(request)
    form = StaffForm(request.POST or None, actor=actor)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invite(actor, form.checked)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Undangan dikirim ke %(email)s (berlaku %(days)s hari).")
                % {"email": user.email, "days": settings.INVITATION_DAYS},
            )
            return redirect("accounts:staff_detail", pk=user.pk)
    return render(request, "accounts/staff_form.html", {"form": form, "inviting": True})


@login_required
def staff_kecamatan(request: HttpRequest) -> HttpResponse:
    """htmx: the kecamatan options under the chosen regency, within the manager's scope."""
    actor = _manager(request)
    form = StaffForm(request.GET, actor=actor)
    return render(request, "accounts/_kecamatan_options.html", {"field": form["kecamatan"]})


@login_required
@require_http_methods(["GET", "POST"])
def staff_import(request: HttpRequest) -> HttpResponse:
    actor = _manager(request)
    form = StaffCsvForm(request.POST or None, request.FILES or None, actor=actor)
    if request.method == "POST" and form.is_valid() and not form.row_errors:
        try:
            users = services.invite_many(actor, [spec for _n, spec in form.rows])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(n)s undangan dikirim.") % {"n": len(users)})
            return redirect("accounts:staff_list")
    return render(request, "accounts/staff_import.html", {"form": form, "row_errors": form.row_errors})


def _target(actor: User, pk: int) -> User:
    target = services.visible(actor).select_related("region", "agency").filter(pk=pk).first()
    if target is None:
        raise Http404
    return target


@login_required
@require_http_methods(["GET", "POST"])
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _manager(request)
    target = _target(actor, pk)
    editable = services.manageable(actor).filter(pk=target.pk).exists()
    form = StaffForm(request.POST or None, actor=actor, target=target) if editable else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            services.update(actor, target, form.checked)
        except (ValidationError, PermissionError) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Akun diperbarui."))
            return redirect("accounts:staff_detail", pk=target.pk)
    locked = lockout.locked_usernames([target.username])
    return render(
        request,
        "accounts/staff_detail.html",
        {
            "target": target,
            "form": form,
            "editable": editable,
            "status": _status(target, locked),
            "status_labels": STATUS_LABELS,
            "two_factor": twofactor.enrolled(target),
            "sessions": services.live_sessions(target),
            "open_link": Invitation.objects.filter(user=target, used_at__isnull=True, revoked_at__isnull=True).first(),
        },
    )


ACTIONS = {
    "deactivate": (services.deactivate, gettext_lazy("Akun dinonaktifkan; semua sesinya dikeluarkan.")),
    "reactivate": (services.reactivate, gettext_lazy("Akun diaktifkan kembali.")),
    "reset_password": (services.send_reset, gettext_lazy("Tautan untuk mengatur kata sandi dikirim ke e-mail akun.")),
    "reset_2fa": (
        services.reset_two_factor,
        gettext_lazy("Verifikasi dua langkah diatur ulang; akun memasang aplikasi lagi saat masuk."),
    ),
    "unlock": (services.unlock, gettext_lazy("Kunci masuk akun dibuka.")),
}


@login_required
@require_POST
def staff_action(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _manager(request)
    target = _target(actor, pk)
    action = ACTIONS.get(request.POST.get("action", ""))
    if action is None:
        return HttpResponse(_("Tindakan tidak dikenal."), status=400)
    func, message = action
    try:
        func(actor, target)
    except PermissionError as exc:
        raise Http404 from exc
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, str(message))
    return redirect("accounts:staff_detail", pk=target.pk)
