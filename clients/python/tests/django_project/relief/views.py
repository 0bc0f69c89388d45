"""Views: a donation update (login required) and a page nobody may see."""

from typing import Any

from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from .models import Donation


@csrf_exempt  # type: ignore[untyped-decorator]  # Django ships no type information
def login_view(request: Any) -> HttpResponse:
    """Logs in with ``username`` and ``password`` from the form."""
    user = authenticate(request, username=request.POST.get("username"), password=request.POST.get("password"))
    if user is None:
        return JsonResponse({"ok": False}, status=401)
    login(request, user)
    return JsonResponse({"ok": True})


def logout_view(request: Any) -> HttpResponse:
    """Logs out."""
    logout(request)
    return JsonResponse({"ok": True})


def admin_only(request: Any) -> HttpResponse:
    """Always 403: the denial is what is recorded."""
    raise PermissionDenied


@csrf_exempt  # type: ignore[untyped-decorator]  # Django ships no type information
def update_donation(request: Any, pk: int) -> HttpResponse:
    """Sets a donation's status and quantity from the form."""
    if not request.user.is_authenticated:
        raise PermissionDenied
    donation = Donation.objects.get(pk=pk)
    donation.status = request.POST.get("status", donation.status)
    donation.quantity = int(request.POST.get("quantity", donation.quantity))
    donation.save()
    return JsonResponse({"id": donation.pk})


@csrf_exempt  # type: ignore[untyped-decorator]  # Django ships no type information
def reset_request(request: Any) -> HttpResponse:
    """Stands in for PasswordResetView: a POST answered with a redirect."""
    return HttpResponseRedirect("/reset/done/")


@csrf_exempt  # type: ignore[untyped-decorator]  # Django ships no type information
def reset_confirm(request: Any, username: str) -> HttpResponse:
    """Stands in for PasswordResetConfirmView: sets the new password."""
    user = User.objects.get(username=username)
    user.set_password(request.POST["new_password"])
    user.save()
    return JsonResponse({"ok": True})
