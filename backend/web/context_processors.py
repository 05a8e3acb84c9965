"""What every page's layout needs: the product, the user's agency, the nav and the bell."""
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from notifications.selectors import bell_of

from .middleware import is_page

# The main sections (paths fixed by the URL scheme in WEB.md); "" is the home.
NAV = (
    ("home", _("Home"), "/"),
    ("plans", _("Plans"), "/plans/"),
    ("inspections", _("Inspections"), "/inspections/"),
    ("scores", _("PAR score"), "/scores/"),
    ("documents", _("Documents"), "/documents/"),
)


def _section(path):
    for key, _label, prefix in reversed(NAV):
        if prefix != "/" and path.startswith(prefix):
            return key
    # Tasks belong to plans; findings to inspections.
    if path.startswith("/tasks/"):
        return "plans"
    if path.startswith("/findings/"):
        return "inspections"
    return "home" if path == "/" else ""


def site(request):
    user = getattr(request, "user", None)
    if user is None or not is_page(request.path_info):
        return {}
    context = {}
    if user.is_authenticated:
        section = _section(request.path_info)
        context.update(
            nav=[{"key": key, "label": label, "url": url, "active": key == section}
                 for key, label, url in NAV],
            # Lazy: a fragment that does not draw the bell costs no query.
            bell=SimpleLazyObject(lambda: bell_of(user)),
        )
    return context
