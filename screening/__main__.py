"""`python -m screening` is the `screening` command."""

from screening.cli import main

main()
