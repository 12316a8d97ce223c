from snf import create_app
from snf.config import TestConfig, load_or_create_secret_key


def test_login_page_is_served(client):
    response = client.get("/login")
    assert response.status_code == 200
    assert b'name="password"' in response.data


def test_ping_answers_json(client):
    response = client.get("/api/v1/ping")
    assert response.get_json() == {"status": "ok"}


def test_secret_key_is_generated_once_and_reused(tmp_path):
    first = load_or_create_secret_key(str(tmp_path))
    second = load_or_create_secret_key(str(tmp_path))
    assert first == second and len(first) >= 40
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_app_without_secret_key_reads_it_from_instance(tmp_path, monkeypatch):
    class NoSecret(TestConfig):
        SECRET_KEY = None
        SQLALCHEMY_DATABASE_URI = "sqlite://"

    monkeypatch.setattr(
        "flask.Flask.auto_find_instance_path", lambda self: str(tmp_path)
    )
    app = create_app(NoSecret)
    assert app.config["SECRET_KEY"] == (tmp_path / "secret_key").read_text()


def test_database_url_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "sqlite:////tmp/from-env.db")
    import importlib

    import snf.config

    importlib.reload(snf.config)
    try:
        assert snf.config.Config.SQLALCHEMY_DATABASE_URI == "sqlite:////tmp/from-env.db"
    finally:
        monkeypatch.delenv("DATABASE_URL")
        importlib.reload(snf.config)
