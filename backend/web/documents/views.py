"""``/documents/``: the agency's signed documents (văn bản), newest first, and a form to
record one (the documents service the API uses)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods

from backend.documents.access import may_record_document
from backend.documents.selectors import documents_visible_to
from backend.web.refusals import Refusal, refusal_shown

from .forms import DocumentForm

PAGE_SIZE = 50


@login_required
@require_http_methods(["GET", "POST"])
def documents(request):
    user = request.user
    form = DocumentForm(request.POST or None, request.FILES or None, user=user,
                        default_issuer=user.agency.name if user.agency_id else "")
    refusal = Refusal()
    if request.method == "POST" and form.is_valid():
        with refusal_shown(form=form) as refusal:
            document = form.signed_document(user)
        if not refusal:
            messages.success(request, pgettext("documents", "Document %(number)s is recorded.")
                             % {"number": document.number})
            return redirect("web:documents")
    page = Paginator(documents_visible_to(user).select_related("agency"), PAGE_SIZE).get_page(request.GET.get("page"))
    status = refusal.status if refusal else (400 if form.errors else 200)
    return render(request, "web/documents/list.html", {
        "page": page, "form": form, "may_record": may_record_document(user),
        "show_form": request.method == "POST",
    }, status=status)
