"""PostgreSQL's rules that every stage shares: CHECK expressions evaluated without a
server (:mod:`~pgmock.sql.check`), what a domain allows (:mod:`~pgmock.sql.domains`) and
the names PostgreSQL gives the types it creates (:mod:`~pgmock.sql.typenames`)."""
