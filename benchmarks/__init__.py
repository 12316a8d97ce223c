"""Benchmarks: the app under gunicorn over loopback, and in-process callables.

Run ``make bench`` (or ``python -m benchmarks --help``); see README.md here.
"""
