def test_api_routing_404_is_json(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.get_json()["error"]["status"] == 404


def test_api_405_is_json_with_allow_header(client):
    response = client.put("/api/v1/ping")
    assert response.status_code == 405
    assert response.get_json()["error"]["status"] == 405
    assert "GET" in response.headers["Allow"]


def test_html_404_is_a_page(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert b"<h1>404</h1>" in response.data


def test_unreadable_json_is_400_or_422_never_500(client):
    response = client.post(
        "/api/v1/auth/tokens", data="{not json", content_type="application/json"
    )
    assert response.status_code in (400, 422)
    assert response.get_json()["error"]["message"]


def test_wrong_type_names_the_field(client):
    response = client.post("/api/v1/auth/tokens", json={"email": 5, "password": []})
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == {"email", "password"}


def test_security_headers_on_pages_and_api(client):
    for path in ("/login", "/api/v1/ping", "/no-such-page"):
        headers = client.get(path).headers
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert "unsafe-inline" not in headers["Content-Security-Policy"]
        assert "Strict-Transport-Security" not in headers


def test_hsts_when_served_over_https(client):
    response = client.get("/login", base_url="https://localhost")
    assert "max-age" in response.headers["Strict-Transport-Security"]


def test_language_switch_to_english_and_back(client):
    client.get("/language/en")
    assert b"Log in" in client.get("/login").data
    client.get("/language/nl")
    assert b"Inloggen" in client.get("/login").data


def test_api_messages_follow_accept_language(client):
    english = client.get("/api/v1/no-such-thing").get_json()["error"]["message"]
    dutch = client.get(
        "/api/v1/no-such-thing", headers={"Accept-Language": "nl-NL,nl;q=0.9"}
    ).get_json()["error"]["message"]
    assert english == "This page or object does not exist."
    assert dutch == "Deze pagina of dit object bestaat niet."


def test_pages_are_dutch_by_default(app):
    from snf.config import Config

    assert Config.BABEL_DEFAULT_LOCALE == "nl"
    with app.test_request_context("/login"):
        from snf.setup import select_locale

        app.config["BABEL_DEFAULT_LOCALE"] = "nl"
        try:
            assert select_locale() == "nl"
        finally:
            app.config["BABEL_DEFAULT_LOCALE"] = "en"
