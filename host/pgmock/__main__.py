"""``python -m pgmock`` runs the command line."""

from pgmock.cli import main

main()
