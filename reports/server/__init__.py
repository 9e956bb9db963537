"""`reports serve`: Help Scout's report endpoints (v1 and v2) over a local dataset.

Optional: needs the ``serve`` extra (``pip install "helpscout-reports[serve]"``).
"""
