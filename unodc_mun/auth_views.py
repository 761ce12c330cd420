"""Sign-in with throttling (see ``unodc_mun.throttle``) and a safe ``next``."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm

from unodc_mun import throttle


class ThrottledAuthenticationForm(AuthenticationForm):
    """Refuses to even check the password while this address or account is blocked."""

    throttled_wait = 0
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Your username and password didn't match. Please try again.",
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        address = throttle.client_address(self.request)
        account = throttle.account_ident(username)
        pair = f"{address}|{account}"
        wait = max(
            throttle.wait_seconds(throttle.login_per_address(), address),
            throttle.wait_seconds(throttle.login_per_address_and_account(), pair),
        )
        if wait:
            self.throttled_wait = wait
            raise forms.ValidationError(
                "Too many failed sign-ins from this network. "
                f"Try again in {throttle.describe_wait(wait)}.",
                code="throttled",
            )
        locked = throttle.account_locked_for(username)
        if locked and not throttle.is_known_device(self.request, username):
            self.throttled_wait = locked
            raise forms.ValidationError(
                "This account is locked after too many failed sign-ins from many places. "
                f"It unlocks in {throttle.describe_wait(locked)}; the secretariat can unlock "
                "it now. A browser that signed in to it before can still sign in.",
                code="throttled",
            )
        try:
            return super().clean()
        except forms.ValidationError:
            if username:
                throttle.hit(throttle.login_per_address(), address)
                throttle.hit(throttle.login_per_address_and_account(), pair)
                throttle.hit(throttle.login_per_account(), account)
            raise


class LoginView(auth_views.LoginView):
    form_class = ThrottledAuthenticationForm

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.throttled_wait:
            response.status_code = 429
            response["Retry-After"] = str(form.throttled_wait)
        return response

    def form_valid(self, form):
        response = super().form_valid(form)
        username = form.get_user().get_username()
        throttle.clear(
            throttle.login_per_address_and_account(),
            f"{throttle.client_address(self.request)}|{throttle.account_ident(username)}",
        )
        response.set_cookie(
            throttle.KNOWN_DEVICE_COOKIE,
            throttle.known_device_value(username),
            max_age=throttle.KNOWN_DEVICE_MAX_AGE,
            httponly=True,
            secure=settings.SESSION_COOKIE_SECURE,
            samesite="Lax",
        )
        return response
