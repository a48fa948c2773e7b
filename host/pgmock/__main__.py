"""``python -m pgmock`` runs the command line."""

from pgmock.entry import main

main()
