"""Emptying PostgreSQL between the tests that commit (the browser tests, the
servers tests and a few others), in a fraction of the time.

Django empties the database after such a test with one TRUNCATE of every
table. On PostgreSQL a TRUNCATE gives each of the hundred-odd tables, and
every index on it, a new file on disk: some 3 seconds a test on this
machine's disks, whatever the tables hold. After a test the tables hold a few
thousand rows at most, which DELETE removes in milliseconds. Django's foreign
keys are DEFERRABLE INITIALLY DEFERRED and the flush runs in one transaction,
so the order of the DELETEs does not matter; the tables are locked first,
as TRUNCATE locks them. Where Django asks for more than
emptying (restarting the ids, or cascading beyond the tables named), its own
TRUNCATE is used. Only the test process changes: `manage.py flush` and the
product are as they were.
"""

from django.db.backends.postgresql.operations import DatabaseOperations

_truncate = DatabaseOperations.sql_flush


def _delete_all(self, style, tables, *, reset_sequences=False, allow_cascade=False):
    if not tables or reset_sequences or allow_cascade:
        return _truncate(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
    names = [style.SQL_FIELD(self.quote_name(table)) for table in tables]
    # Like TRUNCATE, wait for whatever else still has the tables open (a live
    # server's last request) and keep everyone out until they are empty.
    return [
        "SET CONSTRAINTS ALL DEFERRED;",
        f"{style.SQL_KEYWORD('LOCK TABLE')} {', '.join(names)} IN ACCESS EXCLUSIVE MODE;",
        *(f"{style.SQL_KEYWORD('DELETE FROM')} {name};" for name in names),
    ]


def install():
    DatabaseOperations.sql_flush = _delete_all
