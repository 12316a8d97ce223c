"""The app gunicorn serves in a run: the SNF app, with a bare Flask app beside it
(a helper).

``/_bare/ping`` answers the same JSON as ``/api/v1/ping`` from a Flask app with
no extensions and no hooks, in the same gunicorn workers: the floor the app's
own per-request overhead is measured against in the same run (``bare-flask``).
Everything else goes to the app, ``snf:create_app()`` or ``SNF_BENCH_APP``.
"""

import os

from flask import Flask
from werkzeug.middleware.dispatcher import DispatcherMiddleware

PREFIX = "/_bare"
PATH = PREFIX + "/ping"
APP_ENV = "SNF_BENCH_APP"
DEFAULT_APP = "snf:create_app()"


def bare_app() -> Flask:
    """A Flask app with one JSON endpoint and nothing else."""
    app = Flask("bare")

    @app.get("/ping")
    def ping():
        return {"status": "ok"}

    return app


def create_app():
    """The app under test, with the bare app mounted at PREFIX."""
    from gunicorn.util import import_app

    app = import_app(os.environ.get(APP_ENV, DEFAULT_APP))
    return DispatcherMiddleware(app, {PREFIX: bare_app()})
