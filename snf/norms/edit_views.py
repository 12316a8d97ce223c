"""Editing the requirements of a draft version (admins)."""

import yaml
from flask import flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms import SelectChoice

from snf.auth.permissions import require
from snf.database import utcnow
from snf.errors import Conflict, DomainError
from snf.extensions import db
from snf.norms import services
from snf.norms.forms import RequirementForm
from snf.norms.observations import HOUSING_TYPE_LABELS
from snf.norms.params import (
    param_info,
    parse_param,
    readable_explain,
    readable_rule,
)
from snf.norms.views import bp

PARAM_PREFIX = "param-"


def _draft_or_redirect(code, version):
    """The draft, or a redirect with a clear message when it is published."""
    found = services.get_version(code, version)
    if not found.is_draft:
        flash(
            _(
                "%(label)s is published and can no longer be changed; "
                "create a new draft version instead.",
                label=found.label,
            ),
            "error",
        )
        return found, redirect(url_for(".version", code=code, version=version))
    return found, None


def _form(version, req=None) -> RequirementForm:
    form = RequirementForm(
        data=_form_data(req) if req and request.method == "GET" else None
    )
    form.section.choices = [
        (s.code, f"{s.code} {s.title_nl}") for s in version.sections
    ]
    lang = str(get_locale())
    form.applies_to.choices = [
        SelectChoice(k, v[lang]) for k, v in HOUSING_TYPE_LABELS.items()
    ]
    return form


def _form_data(req) -> dict:
    return {
        "code": req.code,
        "section": req.section.code,
        "title_nl": req.title_nl,
        "title_en": req.title_en,
        "guidance_nl": req.guidance_nl,
        "guidance_en": req.guidance_en,
        "severity": req.severity,
        "part": req.part,
        "applies_to": list(req.applies_to),
        "effective_from": req.effective_from,
        "rule": yaml.safe_dump(req.rule, allow_unicode=True, sort_keys=False)
        if req.rule
        else "",
    }


def _document_from(form: RequirementForm) -> dict:
    """The requirement document the form describes; YAML errors name the field."""
    try:
        rule = yaml.safe_load(form.rule.data or "") or None
    except yaml.YAMLError as exc:
        raise DomainError(
            _("The rule is not valid YAML."), {"rule": [str(exc).splitlines()[0]]}
        ) from exc
    if isinstance(rule, dict):
        rule = _apply_thresholds(rule)
    return {
        "code": form.code.data.strip(),
        "title": {"nl": form.title_nl.data, "en": form.title_en.data},
        "guidance": {
            "nl": form.guidance_nl.data or "",
            "en": form.guidance_en.data or "",
        },
        "severity": form.severity.data,
        "part": form.part.data,
        "applies_to": form.applies_to.data,
        "effective_from": form.effective_from.data,
        "rule": rule,
    }


def _apply_thresholds(rule: dict) -> dict:
    """The threshold inputs (param-<name>) override the params in the YAML.
    An empty or invalid threshold is an error next to its field."""
    params = dict(rule.get("params") or {})
    errors = {}
    for key, value in request.form.items():
        if not key.startswith(PARAM_PREFIX):
            continue
        name = key[len(PARAM_PREFIX) :]
        if not value.strip():
            errors[key] = [_("Enter a value.")]
            continue
        try:
            params[name] = parse_param(name, value, params.get(name))
        except ValueError as exc:
            errors[key] = [str(exc)]
    if errors:
        raise DomainError(_("Some thresholds are not valid."), errors)
    return {**rule, "params": params} if params else rule


def _attach_errors(form, exc: DomainError) -> dict:
    """Put each error next to its field; return those that have no field."""
    rest = {}
    for path, messages in exc.fields.items():
        if path.startswith(PARAM_PREFIX):
            continue  # shown next to the threshold field (see _thresholds)
        name = path.rsplit(".", 1)[-1].split("[")[0]
        target = "rule" if ".rule" in path or path.startswith("rule") else name
        field = getattr(form, target, None)
        if field is not None and hasattr(field, "errors"):
            field.errors = list(field.errors) + list(messages)
        else:
            rest[path] = messages
    return rest


def _save(form, version, req):
    doc = _document_from(form)
    if req is None:
        return services.add_requirement(
            current_user, version, form.section.data, doc, now=utcnow()
        )
    doc.pop("code")
    return services.update_requirement(
        current_user, version, req.code, doc, now=utcnow()
    )


def _edit(code, version, req_code=None):
    require(current_user, "norm.edit")
    found, refusal = _draft_or_redirect(code, version)
    if refusal:
        return refusal
    req = services.get_requirement(found, req_code) if req_code else None
    form = _form(found, req)
    other_errors, param_errors = {}, {}
    if form.validate_on_submit():
        try:
            saved = _save(form, found, req)
        except DomainError as exc:
            db.session.rollback()
            other_errors = _attach_errors(form, exc)
            param_errors = {
                k: v for k, v in exc.fields.items() if k.startswith(PARAM_PREFIX)
            }
            if isinstance(exc, Conflict) or other_errors or not exc.fields:
                flash(exc.message, "error")
        else:
            db.session.commit()
            flash(_("Requirement %(code)s saved.", code=saved.code), "success")
            return redirect(
                url_for(".version", code=code, version=version) + f"#req-{saved.code}"
            )
    return render_template(
        "norms/requirement_form.html",
        form=form,
        version=found,
        req=req,
        thresholds=_thresholds(req, param_errors),
        readable=_readable(req),
        other_errors=other_errors,
    )


def _thresholds(req, errors: dict) -> list[dict]:
    """Each param of the rule as a labelled field: label, unit, value typed
    (or stored), input type and its errors."""
    params = ((req.rule or {}).get("params") or {}) if req else {}
    fields = []
    for name, value in params.items():
        info = param_info(name, value)
        key = PARAM_PREFIX + name
        fields.append(
            {
                "id": key,
                "label": info.label,
                "unit": info.unit,
                "kind": info.kind,
                "value": request.form.get(key, value),
                "errors": errors.get(key, []),
            }
        )
    return fields


def _readable(req) -> dict | None:
    """The rule in words beside its expression, in the reader's language."""
    if not req or not req.rule:
        return None
    rule, lang = req.rule, str(get_locale())
    params = rule.get("params") or {}
    explain = rule.get("explain") or {}
    return {
        "check": rule.get("check", ""),
        "check_words": readable_rule(rule.get("check", ""), params, lang),
        "when": rule.get("when"),
        "when_words": readable_rule(rule.get("when") or "", params, lang),
        "explain": readable_explain(explain.get(lang) or "", params, lang),
    }


@bp.route("/<code>/<version>/requirements/new", methods=["GET", "POST"])
@login_required
def new_requirement(code, version):
    return _edit(code, version)


@bp.route("/<code>/<version>/requirements/<req>/edit", methods=["GET", "POST"])
@login_required
def edit_requirement(code, version, req):
    return _edit(code, version, req)


@bp.route("/<code>/<version>/requirements/<req>/delete", methods=["POST"])
@login_required
def delete_requirement(code, version, req):
    require(current_user, "norm.edit")
    found, refusal = _draft_or_redirect(code, version)
    if refusal:
        return refusal
    services.remove_requirement(current_user, found, req, now=utcnow())
    db.session.commit()
    flash(_("Requirement %(code)s removed.", code=req), "success")
    return redirect(url_for(".version", code=code, version=version))
