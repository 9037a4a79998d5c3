"""`python -m airwarn` runs the command line."""

from airwarn.cli import main

main()
