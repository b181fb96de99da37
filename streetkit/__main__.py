"""`python -m streetkit` runs the command line."""
from .cli import main

main()
