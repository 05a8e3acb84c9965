"""Log in, log out, switch language."""
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from backend.accounts.services import user_set_language
from backend.demo.selectors import demo_logins

from .forms import LanguageForm, LoginForm


class LoginView(auth_views.LoginView):
    template_name = "web/accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        # Listed only when the demo department is loaded (see backend.demo.selectors).
        return super().get_context_data(demo_logins=demo_logins(), **kwargs)


class LogoutView(auth_views.LogoutView):
    """POST only (Django's own rule): a link cannot log anyone out."""

    next_page = "web:login"


@require_POST
def language_switch(request):
    """Saved in ``User.language`` once logged in; a cookie carries it on the login page."""
    form = LanguageForm(request.POST)
    target = request.POST.get("next") or reverse("web:home")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = reverse("web:home")
    response = HttpResponseRedirect(target)
    if form.is_valid():
        language = form.cleaned_data["language"]
        if request.user.is_authenticated:
            user_set_language(user=request.user, language=language)
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language,
                            max_age=settings.LANGUAGE_COOKIE_AGE, samesite="Lax")
    return response
