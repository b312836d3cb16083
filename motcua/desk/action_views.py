# SPDX-License-Identifier: MPL-2.0
"""Actions on a dossier: one page per workflow action (`dossier_actions.SPECS`).

A dossier outside the officer's scope is 404 (ADR 0003); an action the officer may not
take now is 403 with a page that says so. The form posts the dossier version the page
showed, and the service refuses it if someone acted in between; a refusal re-renders the
form with the service's Vietnamese messages, and nothing is written.
"""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.desk.action_forms import ActionForm
from motcua.desk.decorators import desk_view
from motcua.desk.dossier_actions import ActionSpec, allowed_specs, spec_for_slug
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import get_dossier_for_officer
from motcua.dossiers.services import DossierError


@desk_view
def dossier_action(request: HttpRequest, code: str, action: str) -> HttpResponse:
    """GET: the action's form; POST: validate, call the service, back to the dossier."""
    user = cast(User, request.user)
    dossier = get_dossier_for_officer(user=user, code=code)
    spec = spec_for_slug(action)
    if spec not in allowed_specs(user=user, dossier=dossier):
        return _forbidden(request, dossier, spec)
    posted = request.method == "POST"
    form = spec.form_class(
        request.POST if posted else None,
        request.FILES if posted else None,
        dossier=dossier,
        user=user,
    )
    if posted and form.is_valid() and _perform(form, spec, user, dossier):
        done = _("Đã thực hiện “%(action)s” đối với hồ sơ %(code)s.")
        messages.success(request, done % {"action": spec.label, "code": dossier.code})
        return redirect(reverse("desk:dossier_detail", args=[dossier.code]))
    context = {"dossier": dossier, "spec": spec, "form": form}
    return render(request, "desk/dossiers/action.html", context, status=400 if form.errors else 200)


def _perform(form: ActionForm, spec: ActionSpec, user: User, dossier: Dossier) -> bool:
    """Call the service; its refusal goes to the form's error summary."""
    try:
        spec.service(
            actor=user,
            dossier_id=dossier.pk,
            seen_version=form.cleaned_data["seen_version"],
            **form.arguments(),
        )
    except DossierError as error:
        for message in error.messages:
            form.add_error(None, message)
        return False
    return True


def _forbidden(request: HttpRequest, dossier: Dossier, spec: ActionSpec) -> HttpResponse:
    """403: the dossier is in scope, the action is not open to this officer now."""
    seen = request.POST.get("seen_version", "") if request.method == "POST" else ""
    context = {
        "dossier": dossier,
        "spec": spec,
        "stale": seen.isdigit() and int(seen) != dossier.version,
    }
    return render(request, "desk/dossiers/action_forbidden.html", context, status=403)
