"""The dump: the table of contents every writer writes (:mod:`~pgmock.dump.toc`), the
pipeline from a resolved schema to it (:mod:`~pgmock.dump.pipeline`) and atomic output
files (:mod:`~pgmock.dump.output`)."""
