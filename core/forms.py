"""The POST half of the two versioned entry forms (a figure, a task progress report)."""

from collections.abc import Callable

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect


def add_service_errors(form, error: ValidationError, aliases: dict[str, str] | None = None) -> None:
    """Show a service's errors next to the form fields they concern (`aliases` maps service field names to
    form field names); the rest above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, errors in error.message_dict.items():
        name = (aliases or {}).get(name, name)
        form.add_error(name if name in form.fields else None, errors)


def save_versioned(
    request,
    form,
    save: Callable[..., object],
    conflict: type[Exception],
    done: Callable[[bool], str],
    aliases: dict[str, str] | None = None,
) -> tuple[HttpResponse | None, Exception | None, int]:
    """Validate the form and call `save(data=…, version=…, submit=…)`. Returns a redirect back to the page
    on success; otherwise no response, the conflict raised by a stale version (409) or none, and the status."""
    if not form.is_valid():
        return None, None, 400
    submit = "submit" in request.POST
    try:
        save(data=form.to_input(), version=form.cleaned_data["version"], submit=submit)
    except conflict as e:
        return None, e, 409
    except ValidationError as e:
        add_service_errors(form, e, aliases)
        return None, None, 400
    messages.success(request, done(submit))
    return redirect(request.get_full_path()), None, 200


def upload_within_limit(upload):
    """An uploaded file, refused in Chinese when over UPLOAD_MAX_BYTES — checked before its bytes are read."""
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise forms.ValidationError(
            f"文件过大（{upload.size / 1024 / 1024:.1f} MB），上限为 {limit / 1024 / 1024:.1f} MB。"
        )
    return upload
