"""`python -m reports`: the command line."""


from ._cli import run

run()
