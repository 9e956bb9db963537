"""`reports html`: the user report as a page a person reads, self-contained.

Optional: needs the ``html`` extra (``pip install "helpscout-reports[html]"``).
"""
