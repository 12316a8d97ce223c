"""Template translations through snf.i18n give what Flask-Babel gives, in
every language, force_locale included (issue 20: faster, not different)."""

import pytest
from flask import render_template_string
from flask_babel import force_locale, gettext, ngettext

from snf.i18n import STATUS_LABELS, status_badge


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_template_texts_match_flask_babel(app, lang):
    with app.test_request_context("/"), force_locale(lang):
        page = render_template_string(
            "{{ _('Search') }}|{{ ngettext('%(num)d company on %(d)s', "
            "'%(num)d companies on %(d)s', 2, d='x') }}"
        )
        expected_plural = ngettext(
            "%(num)d company on %(d)s", "%(num)d companies on %(d)s", 2, d="x"
        )
        assert page == f"{gettext('Search')}|{expected_plural}"


def test_status_badges_follow_the_language_of_the_moment(app):
    with app.test_request_context("/"):
        with force_locale("en"):
            english = status_badge("struck_off")
        with force_locale("nl"):
            dutch = status_badge("struck_off")
            assert dutch == (
                f'<span class="status status-struck_off">{gettext("struck off")}</span>'
            )
    assert english == '<span class="status status-struck_off">struck off</span>'
    assert dutch != english


def test_every_status_label_is_translated_to_dutch(app):
    with app.test_request_context("/"):
        with force_locale("en"):
            english = {code: str(label) for code, label in STATUS_LABELS.items()}
        with force_locale("nl"):
            dutch = {code: str(label) for code, label in STATUS_LABELS.items()}
    assert all(dutch[code] != english[code] for code in STATUS_LABELS)


def test_an_unknown_status_is_shown_as_its_code_escaped(app):
    with app.test_request_context("/"):
        assert status_badge("<x>") == (
            '<span class="status status-&lt;x&gt;">&lt;x&gt;</span>'
        )
